using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>
/// A model file read without a generated network (<see cref="ModelFile.Read(string)"/>): what the network is and its
/// parameters, for tools that inspect, convert or run a model file.
/// </summary>
public sealed class SavedModel
{
    private readonly string[] _parameterTexts;

    internal SavedModel(string source, int version, NetworkDescription description, LossFunction? loss, Precision? precision, double[] parameters, string[] parameterTexts, IReadOnlyDictionary<string, string> metadata)
    {
        _parameterTexts = parameterTexts;
        Source = source;
        Version = version;
        Description = description;
        Loss = loss;
        Precision = precision;
        Parameters = parameters;
        Metadata = metadata;
    }

    /// <summary>The file path, or the source name given for a stream.</summary>
    public string Source { get; }

    /// <summary>The file's format version.</summary>
    public int Version { get; }

    /// <summary>
    /// The network the file holds: layer sizes, activations, offsets. Its <see cref="NetworkDescription.Loss"/> is the
    /// file's loss; when the file names none, or one its output layer cannot train with (CrossEntropy without a Softmax
    /// output, another loss after one, BCE without a Sigmoid output), it is <see cref="LossFunction.CrossEntropy"/>
    /// after a Softmax output and <see cref="LossFunction.MSE"/> otherwise (<see cref="Loss"/> keeps the file's); its
    /// <see cref="NetworkDescription.Precision"/> is the file's, or <see cref="NetGen.Precision.Double"/> when it names none.
    /// </summary>
    public NetworkDescription Description { get; }

    /// <summary>The loss as the file names it; null when it names none.</summary>
    public LossFunction? Loss { get; }

    /// <summary>The precision as the file names it; null when it names none.</summary>
    public Precision? Precision { get; }

    /// <summary>
    /// Every parameter in the flat order (per layer: W row-major <c>[out, in]</c>, then b), each the double nearest
    /// the number written in the file. For the exact floats of a Float file, use <see cref="GetParameters{T}"/>.
    /// </summary>
    public double[] Parameters { get; }

    /// <summary>
    /// Every parameter in the flat order, each the <typeparamref name="T"/> nearest the number written in the file
    /// (parsed from the file's text, so rounded once): for a file saved from a float network, <c>GetParameters&lt;float&gt;()</c>
    /// gives exactly the saved floats.
    /// </summary>
    /// <exception cref="ModelFileException">A value overflows <typeparamref name="T"/>.</exception>
    public T[] GetParameters<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[_parameterTexts.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.Parse(_parameterTexts[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!T.IsFinite(values[i]))
            {
                throw new ModelFileException($"{Source}: parameter {ModelFile.ParameterName(Description, i)} = {_parameterTexts[i]} overflows {typeof(T).Name}.", Source);
            }
        }
        return values;
    }

    /// <summary>The file's <c>metadata</c> (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
