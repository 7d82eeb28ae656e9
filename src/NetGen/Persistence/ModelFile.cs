using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Unicode;
using System.Threading;

namespace NetGen;

/// <summary>
/// Saves and loads networks as model files: UTF-8 JSON, format v1 (the README's "Saving and loading models" spells it
/// out), and the flat parameter vector as a NumPy <c>.npy</c> file. Generated networks call these from their
/// <c>Save</c>, <c>Load</c> and <c>LoadFrom</c> members.
/// </summary>
/// <remarks>
/// <para>Saving writes the numbers in their shortest round-trip form, so a save then a load gives bit-identical
/// parameters. Saving to a path is atomic: the file is written to a temporary file beside the target
/// (<c>.name.{process id}-{n}.netgen-tmp</c>, one per save), flushed to disk, then renamed over the target; if anything
/// fails, the previous file is intact and the temporary file is removed (one left by a killed process is deleted by the
/// next save to that target). Saves of one target running at once each complete; the file ends as one of them, whole.</para>
/// <para>Loading checks everything and throws <see cref="ModelFileException"/> naming the file, the line and column,
/// the JSON path and the problem. A Float file loads into a Double network and back without a word; a loss that
/// differs from the network's does not stop the load but is reported as a warning: to the <c>onWarning</c> callback
/// when one is given, otherwise to <see cref="Trace.TraceWarning(string)"/>, and always in
/// <see cref="ModelFileInfo.Warnings"/>.</para>
/// </remarks>
public static class ModelFile
{
    // ---------------------------------------------------------------- save

    /// <summary>Saves <paramref name="network"/>'s architecture and parameters to <paramref name="path"/>, atomically.</summary>
    /// <param name="network">The network; its <see cref="IPredictor{T}.Description"/> gives the architecture.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="metadata">Free-form pairs stored under <c>metadata</c> (dataset, accuracy, date...), in their enumeration order.</param>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (a diverged network); nothing is written.</exception>
    /// <exception cref="ArgumentException">A metadata key or value is null; nothing is written.</exception>
    /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
    public static void Save<T>(IPredictor<T> network, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Action<Stream> write = PrepareSave(network.Description, CopyParameters(network), metadata);
        AtomicFile.Write(path, write);
    }

    /// <summary>Writes <paramref name="network"/>'s architecture and parameters to <paramref name="stream"/> (left open).</summary>
    /// <inheritdoc cref="Save{T}(IPredictor{T}, string, IReadOnlyDictionary{string, string}?)"/>
    public static void Save<T>(IPredictor<T> network, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        PrepareSave(network.Description, CopyParameters(network), metadata)(stream);
    }

    /// <summary>
    /// Writes a model file from a description and parameters in the flat order, without a generated network (converters,
    /// tools). A Float description writes each value as the nearest float, in float's shortest form.
    /// </summary>
    /// <param name="path">The file to create or replace, atomically.</param>
    /// <param name="description">The architecture, loss and precision to write.</param>
    /// <param name="parameters">Exactly <see cref="NetworkDescription.ParameterCount"/> values, per layer W row-major <c>[out, in]</c> then b.</param>
    /// <param name="metadata">Free-form pairs stored under <c>metadata</c>.</param>
    /// <exception cref="ArgumentException">The count is wrong, a value is not finite or overflows float in a Float description, or a metadata key or value is null.</exception>
    /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
    public static void Write(string path, NetworkDescription description, ReadOnlySpan<double> parameters, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(description);
        Action<Stream> write = PrepareWrite(description, parameters, metadata);
        AtomicFile.Write(path, write);
    }

    /// <summary>Writes a model file to <paramref name="stream"/> (left open).</summary>
    /// <inheritdoc cref="Write(string, NetworkDescription, ReadOnlySpan{double}, IReadOnlyDictionary{string, string}?)"/>
    public static void Write(Stream stream, NetworkDescription description, ReadOnlySpan<double> parameters, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        PrepareWrite(description, parameters, metadata)(stream);
    }

    // ---------------------------------------------------------------- load into a network

    /// <summary>
    /// Loads the parameters in the model file at <paramref name="path"/> into <paramref name="network"/>, after checking
    /// that the file is a model file of a supported version whose layer sizes and activations are the network's and
    /// whose every parameter is present, of the right shape, and a finite number that fits the network's precision.
    /// </summary>
    /// <param name="network">The network to load into; unchanged when the load fails.</param>
    /// <param name="path">The model file.</param>
    /// <param name="onWarning">Receives each warning (a differing loss); when null, warnings go to <see cref="Trace.TraceWarning(string)"/>.</param>
    /// <returns>The file's loss, precision and metadata, and the warnings.</returns>
    /// <exception cref="ModelFileException">The file cannot be loaded into this network; the message says why and where.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelFileInfo Load<T>(IPredictor<T> network, string path, Action<string>? onWarning = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return LoadCore(network, ReadFile(path), path, onWarning);
    }

    /// <summary>Loads the parameters in the model file read from <paramref name="stream"/> into <paramref name="network"/>.</summary>
    /// <param name="network">The network to load into; unchanged when the load fails.</param>
    /// <param name="stream">The model file's bytes, read to the end (left open).</param>
    /// <param name="sourceName">How messages name the stream (a file name, a URL...).</param>
    /// <param name="onWarning">Receives each warning (a differing loss); when null, warnings go to <see cref="Trace.TraceWarning(string)"/>.</param>
    /// <returns>The file's loss, precision and metadata, and the warnings.</returns>
    /// <exception cref="ModelFileException">The file cannot be loaded into this network; the message says why and where.</exception>
    public static ModelFileInfo Load<T>(IPredictor<T> network, Stream stream, string sourceName, Action<string>? onWarning = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return LoadCore(network, ReadToEnd(stream), sourceName, onWarning);
    }

    // ---------------------------------------------------------------- read without a network

    /// <summary>
    /// Reads and checks the model file at <paramref name="path"/> without a generated network: its description,
    /// parameters and metadata (for tools that inspect, convert or run model files).
    /// </summary>
    /// <exception cref="ModelFileException">The file is not a valid model file; the message says why and where.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read (a folder, for instance).</exception>
    public static SavedModel Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadCore(ReadFile(path), path);
    }

    /// <summary>Reads and checks a model file from <paramref name="stream"/> (read to the end, left open).</summary>
    /// <param name="stream">The model file's bytes.</param>
    /// <param name="sourceName">How messages name the stream.</param>
    /// <exception cref="ModelFileException">The file is not a valid model file; the message says why and where.</exception>
    public static SavedModel Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return ReadCore(ReadToEnd(stream), sourceName);
    }

    // ---------------------------------------------------------------- .npy

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters in the flat order as a NumPy <c>.npy</c> file (1-D, <c>&lt;f4</c>
    /// for a float network, <c>&lt;f8</c> for a double one), atomically: what the tutorial's <c>np.save</c> writes.
    /// The file holds no architecture; <see cref="LoadNpy{T}"/> checks only the count.
    /// </summary>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (a diverged network); nothing is written.</exception>
    /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
    public static void SaveNpy<T>(IPredictor<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        T[] parameters = CopyParameters(network);
        // The same refusal as Save's: LoadNpy refuses such a file, so writing one would only move the error to the load.
        ThrowIfNotFinite(network.Description, parameters);
        NpyFile.Write<T>(path, parameters);
    }

    /// <summary>
    /// Loads a flat parameter vector saved as a NumPy <c>.npy</c> file (1-D, float32 or float64, little-endian, C order;
    /// <c>np.save(path, params)</c>) into <paramref name="network"/>.
    /// </summary>
    /// <exception cref="ModelFileException">
    /// The file is not a <c>.npy</c> file NetGen reads (magic, version, header, dtype, order, shape, truncated data), its
    /// length is not the network's parameter count, or a value is not finite or overflows the network's precision.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read (a folder, for instance).</exception>
    public static void LoadNpy<T>(IPredictor<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        T[] values = NpyFile.Read<T>(path);
        string name = network.GetType().Name;
        NetworkDescription description = network.Description;
        if (values.Length != network.ParameterCount)
        {
            throw new ModelFileException(
                $"{path}: the file holds {values.Length} values; {name} has {network.ParameterCount} parameters ({LayerList(description)}).", path);
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ModelFileException($"{path}: element {i} ({ParameterName(description, i)}) is {values[i]}; parameters must be finite numbers.", path);
            }
        }
        network.LoadParameters(values);
    }

    // ---------------------------------------------------------------- shared

    /// <summary>The name of the parameter at <paramref name="index"/> in the flat order: <c>W1[0][1]</c>, <c>b2[3]</c>.</summary>
    internal static string ParameterName(NetworkDescription description, long index)
    {
        foreach (LayerDescription layer in description.Layers)
        {
            if (index < layer.BiasOffset)
            {
                long i = index - layer.WeightOffset;
                return $"{layer.WeightName}[{i / layer.Inputs}][{i % layer.Inputs}]";
            }
            if (index < layer.BiasOffset + layer.Outputs) return $"{layer.BiasName}[{index - layer.BiasOffset}]";
        }
        return $"parameter {index}";
    }

    private static string LayerList(NetworkDescription description) =>
        "[" + string.Join(", ", description.LayerSizes.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";

    private static T[] CopyParameters<T>(IPredictor<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = new T[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static void ThrowIfNotFinite<T>(NetworkDescription description, T[] parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!T.IsFinite(parameters[i]))
            {
                throw new InvalidOperationException(
                    $"Cannot save: parameter {ParameterName(description, i)} is {parameters[i]} (the network has diverged?); model files hold finite numbers only.");
            }
        }
    }

    /// <summary>Throws before anything is written when a metadata key or value is null: the file holds names to strings.</summary>
    private static void ThrowIfNullMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (KeyValuePair<string, string> pair in metadata)
        {
            if (pair.Key is null) throw new ArgumentException("A metadata key is null; metadata maps names to strings.", nameof(metadata));
            if (pair.Value is null) throw new ArgumentException($"The metadata value of \"{pair.Key}\" is null; metadata maps names to strings (use \"\" for none).", nameof(metadata));
        }
    }

    /// <summary>Checks a network's parameters against its description, before anything is written; the writer uses the description's precision.</summary>
    private static Action<Stream> PrepareSave<T>(NetworkDescription description, T[] parameters, IReadOnlyDictionary<string, string>? metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (description.ParameterCount != parameters.Length)
        {
            throw new InvalidOperationException($"The network's description has {description.ParameterCount} parameters but the network has {parameters.Length}.");
        }
        ThrowIfNotFinite(description, parameters);
        ThrowIfNullMetadata(metadata);
        if (description.Precision == Precision.Float && typeof(T) != typeof(float))
        {
            float[] floats = parameters.Select(float.CreateTruncating).ToArray();
            for (int i = 0; i < floats.Length; i++)
            {
                // A finite double beyond float would be written as "Infinity", a file no load accepts.
                if (float.IsInfinity(floats[i]))
                {
                    throw new InvalidOperationException(
                        $"Cannot save: parameter {ParameterName(description, i)} is {parameters[i]}, beyond the description's Float precision (the largest float is {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}).");
                }
            }
            return stream => ModelFileWriter.Write(stream, description, floats, metadata);
        }
        if (description.Precision == Precision.Double && typeof(T) != typeof(double))
        {
            double[] doubles = parameters.Select(double.CreateTruncating).ToArray();
            return stream => ModelFileWriter.Write(stream, description, doubles, metadata);
        }
        return stream => ModelFileWriter.Write(stream, description, parameters, metadata);
    }

    /// <summary>Checks parameters given as doubles and converts them to the description's precision before anything is written.</summary>
    private static Action<Stream> PrepareWrite(NetworkDescription description, ReadOnlySpan<double> parameters, IReadOnlyDictionary<string, string>? metadata)
    {
        if (parameters.Length != description.ParameterCount)
        {
            throw new ArgumentException($"Expected {description.ParameterCount} parameters for {LayerList(description)}, got {parameters.Length}.", nameof(parameters));
        }
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!double.IsFinite(parameters[i]))
            {
                throw new ArgumentException($"Parameter {ParameterName(description, i)} is {parameters[i]}; model files hold finite numbers only.", nameof(parameters));
            }
            if (description.Precision == Precision.Float && ModelFileReader.OverflowsFloat(parameters[i]))
            {
                throw new ArgumentException(
                    $"Parameter {ParameterName(description, i)} is {parameters[i]}, too large for the description's Float precision.", nameof(parameters));
            }
        }
        ThrowIfNullMetadata(metadata);
        if (description.Precision == Precision.Float)
        {
            var floats = new float[parameters.Length];
            for (int i = 0; i < floats.Length; i++) floats[i] = (float)parameters[i];
            return stream => ModelFileWriter.Write(stream, description, floats, metadata);
        }
        double[] doubles = parameters.ToArray();
        return stream => ModelFileWriter.Write(stream, description, doubles, metadata);
    }

    private static ModelFileInfo LoadCore<T>(IPredictor<T> network, byte[] bytes, string source, Action<string>? onWarning)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelFileData data = Parse(bytes, source);
        NetworkDescription description = network.Description;
        string name = network.GetType().Name;
        string[] activations = description.Activations.Select(NetworkDescription.NameOf).ToArray();
        ModelFileError? error = ModelFileReader.CheckArchitecture(data, description.LayerSizes, activations, name);
        if (error is null && typeof(T) == typeof(float)) error = ModelFileReader.CheckFitsFloat(data, name);
        if (error is not null) throw ModelFileException.From(error, source);

        // Parsing each number's text in T's precision rounds it once, correctly: a float saved as text reads back as
        // the same float, bit for bit (going through the double would round twice).
        var values = new T[data.ParameterCount];
        for (int i = 0; i < values.Length; i++) values[i] = T.Parse(data.ParameterTexts[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        network.LoadParameters(values);

        var warnings = new List<string>();
        ModelFileError? loss = ModelFileReader.CompareLoss(data, NetworkDescription.NameOf(description.Loss), name);
        if (loss is not null) warnings.Add(loss.Describe(source));
        foreach (string warning in warnings)
        {
            if (onWarning is not null) onWarning(warning);
            else Trace.TraceWarning(warning);
        }
        return new ModelFileInfo(source, data.Version, ParseLoss(data), ParsePrecision(data), Metadata(data), warnings);
    }

    private static SavedModel ReadCore(byte[] bytes, string source)
    {
        ModelFileData data = Parse(bytes, source);
        LossFunction? loss = ParseLoss(data);
        Precision? precision = ParsePrecision(data);
        if (precision == Precision.Float)
        {
            ModelFileError? overflow = ModelFileReader.CheckFitsFloat(data, "the file");
            if (overflow is not null) throw ModelFileException.From(overflow, source);
        }
        var activations = new ActivationFunction[data.Activations.Length];
        for (int i = 0; i < activations.Length; i++) NetworkDescription.TryParseActivation(data.Activations[i], out activations[i]);
        var description = new NetworkDescription(data.LayerSizes, activations, TrainingLoss(loss, activations[^1]), precision ?? Precision.Double);
        return new SavedModel(source, data.Version, description, loss, precision, data.ParameterValues, data.ParameterTexts, Metadata(data));
    }

    /// <summary>
    /// The description's loss: the file's, unless it names none or one its output layer cannot train with (the pairs
    /// [Mlp] rejects, NG0007-NG0009); then, as the ONNX importer chooses, CrossEntropy after a Softmax output, else MSE.
    /// A description the generator rejects would give tools an [Mlp] line that does not compile.
    /// </summary>
    private static LossFunction TrainingLoss(LossFunction? named, ActivationFunction output)
    {
        if (named is { } loss && NetworkFacts.LossConflict(NetworkDescription.NameOf(loss), NetworkDescription.NameOf(output)) is null) return loss;
        return output == ActivationFunction.Softmax ? LossFunction.CrossEntropy : LossFunction.MSE;
    }

    private static LossFunction? ParseLoss(ModelFileData data) =>
        data.Loss is not null && NetworkDescription.TryParseLoss(data.Loss, out LossFunction loss) ? loss : null;

    private static Precision? ParsePrecision(ModelFileData data) =>
        data.Precision is null ? null : (Precision)NetworkFacts.IndexOf(NetworkFacts.PrecisionNames, data.Precision);

    private static IReadOnlyDictionary<string, string> Metadata(ModelFileData data)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in data.Metadata) metadata.Add(pair.Key, pair.Value);
        return metadata;
    }

    /// <summary>Decodes strict UTF-8 and runs the shared reader; every problem becomes a <see cref="ModelFileException"/>.</summary>
    private static ModelFileData Parse(byte[] bytes, string source)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            OperationStatus status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                string text = new(chars, 0, written);
                int line = 1 + text.Count(c => c == '\n');
                int column = written - (text.LastIndexOf('\n') + 1) + 1;
                throw new ModelFileException(
                    $"{source}, line {line}, column {column}: not UTF-8 text (invalid byte 0x{bytes[read]:X2} at byte offset {read}); a model file is UTF-8 JSON.",
                    source, line, column);
            }
            ModelFileData? data = ModelFileReader.Read(new string(chars, 0, written), CancellationToken.None, out ModelFileError? error);
            if (data is null) throw ModelFileException.From(error!, source);
            return data;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// The bytes of the file at <paramref name="path"/>. A folder is an <see cref="IOException"/> that says so: the
    /// runtime's own error for it is an UnauthorizedAccessException, "Access to the path is denied", even for root.
    /// </summary>
    internal static byte[] ReadFile(string path)
    {
        if (Directory.Exists(path)) throw new IOException($"Cannot read '{path}': it is a folder, not a file.");
        return File.ReadAllBytes(path);
    }

    private static byte[] ReadToEnd(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
