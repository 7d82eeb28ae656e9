// This file is compiled into two assemblies: the runtime library (NetGen) and the source generator
// (NetGen.Generator, netstandard2.0, C# 12, EnforceExtendedAnalyzerRules). No file IO, no current culture,
// nothing netstandard2.0 lacks.
using System.Collections.Generic;
using System.Globalization;

namespace NetGen;

/// <summary>Where something is in a model file: 1-based line and column (in UTF-16 characters), 0-based character offset.</summary>
internal readonly struct ModelFilePosition
{
    public ModelFilePosition(int line, int column, int offset)
    {
        Line = line;
        Column = column;
        Offset = offset;
    }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, counted in UTF-16 characters.</summary>
    public int Column { get; }

    /// <summary>The 0-based character offset from the start of the text.</summary>
    public int Offset { get; }
}

/// <summary>What kind of problem a <see cref="ModelFileError"/> is (the generator maps kinds to diagnostic IDs).</summary>
internal enum ModelFileErrorKind
{
    /// <summary>Not JSON: a syntax error, a truncated file, an empty file.</summary>
    Syntax,

    /// <summary>Arrays or objects nested deeper than <see cref="ModelFileReader.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>Not a NetGen model file: the <c>format</c> field is missing or not <c>"netgen-mlp"</c>.</summary>
    Format,

    /// <summary>A <c>version</c> this reader does not know (newer than it supports, or invalid).</summary>
    Version,

    /// <summary>A field is missing, unknown, of the wrong type or has an invalid value.</summary>
    Schema,

    /// <summary>The file's layer sizes or activations differ from the network's.</summary>
    Architecture,

    /// <summary>A weight matrix or bias vector has the wrong shape.</summary>
    Shape,

    /// <summary>A parameter (<c>W{l}</c> or <c>b{l}</c>) the layers need is absent.</summary>
    MissingParameter,

    /// <summary>A parameter the layers do not have is present.</summary>
    ExtraParameter,

    /// <summary>A parameter value is not a number (a string, null, true, an array...).</summary>
    NotANumber,

    /// <summary>A parameter value is NaN or Infinity.</summary>
    NotFinite,

    /// <summary>A parameter value is too large for the precision it is read into.</summary>
    Overflow,

    /// <summary>A warning rather than an error: the file's loss differs from the network's.</summary>
    LossDiffers,
}

/// <summary>
/// One problem found in a model file: what is wrong (<see cref="Message"/>, which starts with the JSON path), where
/// (<see cref="Path"/>, <see cref="Line"/>, <see cref="Column"/>, <see cref="Offset"/>) and what kind of problem it is.
/// </summary>
internal sealed class ModelFileError
{
    public ModelFileError(ModelFileErrorKind kind, string path, ModelFilePosition position, string problem)
    {
        Kind = kind;
        Path = path;
        Line = position.Line;
        Column = position.Column;
        Offset = position.Offset;
        Problem = problem;
    }

    /// <summary>The kind of problem.</summary>
    public ModelFileErrorKind Kind { get; }

    /// <summary>The JSON path of the value at fault, e.g. <c>$.parameters.W1[1]</c> (<c>$</c> is the whole document).</summary>
    public string Path { get; }

    /// <summary>The 1-based line of the value at fault.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the value at fault.</summary>
    public int Column { get; }

    /// <summary>The 0-based character offset of the value at fault.</summary>
    public int Offset { get; }

    /// <summary>The problem alone, without the path.</summary>
    public string Problem { get; }

    /// <summary>The JSON path and the problem: <c>$.parameters.W1[1]: row 1 of W1 has 3 values; layer 1 has 2 inputs</c>.</summary>
    public string Message => Path + ": " + Problem;

    /// <summary>The message with its source and position: <c>xor.json, line 7, column 20: $.parameters.W1[1]: ...</c>.</summary>
    public string Describe(string source) =>
        source + ", line " + Line.ToString(CultureInfo.InvariantCulture) + ", column " + Column.ToString(CultureInfo.InvariantCulture) + ": " + Message;

    /// <inheritdoc/>
    public override string ToString() => Describe("model file");
}

/// <summary>
/// A model file (format v1) as read and checked by <see cref="ModelFileReader.Read"/>: consistent in itself (every
/// parameter present with the shape the file's own layers give it, every value a finite double), not yet compared
/// with any network (<see cref="ModelFileReader.CheckArchitecture"/> does that).
/// </summary>
internal sealed class ModelFileData
{
    public ModelFileData(
        int version,
        int[] layerSizes,
        string[] activations,
        string? loss,
        string? precision,
        string[] parameterTexts,
        double[] parameterValues,
        ModelFilePosition[] parameterPositions,
        KeyValuePair<string, string>[] metadata,
        ModelFilePosition layersPosition,
        ModelFilePosition[] layerSizePositions,
        ModelFilePosition[] activationPositions,
        ModelFilePosition lossPosition,
        ModelFilePosition precisionPosition)
    {
        Version = version;
        LayerSizes = layerSizes;
        Activations = activations;
        Loss = loss;
        Precision = precision;
        ParameterTexts = parameterTexts;
        ParameterValues = parameterValues;
        ParameterPositions = parameterPositions;
        Metadata = metadata;
        LayersPosition = layersPosition;
        LayerSizePositions = layerSizePositions;
        ActivationPositions = activationPositions;
        LossPosition = lossPosition;
        PrecisionPosition = precisionPosition;
    }

    /// <summary>The format version (1).</summary>
    public int Version { get; }

    /// <summary>The layer sizes, input first.</summary>
    public int[] LayerSizes { get; }

    /// <summary>One canonical activation name (<see cref="NetworkFacts.ActivationNames"/>) per non-input layer.</summary>
    public string[] Activations { get; }

    /// <summary>The canonical loss name (<see cref="NetworkFacts.LossNames"/>), or null when the file has none.</summary>
    public string? Loss { get; }

    /// <summary>The canonical precision name (<see cref="NetworkFacts.PrecisionNames"/>), or null when the file has none.</summary>
    public string? Precision { get; }

    /// <summary>
    /// Every parameter in the flat order (per layer: W row-major, then b), as the number's text in the file, exactly:
    /// parse it with <c>float.Parse</c>/<c>double.Parse</c> (invariant culture) for a correctly rounded value in either
    /// precision, or emit it as a C# literal with an <c>f</c>/<c>d</c> suffix (a JSON number is a valid C# real literal).
    /// </summary>
    public string[] ParameterTexts { get; }

    /// <summary>Every parameter in the flat order as a double (finite).</summary>
    public double[] ParameterValues { get; }

    /// <summary>Where each parameter is in the file, in the flat order.</summary>
    public ModelFilePosition[] ParameterPositions { get; }

    /// <summary>The metadata pairs in file order (numbers and booleans keep their JSON text).</summary>
    public KeyValuePair<string, string>[] Metadata { get; }

    /// <summary>Where the <c>layers</c> array is.</summary>
    public ModelFilePosition LayersPosition { get; }

    /// <summary>Where each layer size is.</summary>
    public ModelFilePosition[] LayerSizePositions { get; }

    /// <summary>Where each activation name is.</summary>
    public ModelFilePosition[] ActivationPositions { get; }

    /// <summary>Where the <c>loss</c> value is (meaningless when <see cref="Loss"/> is null).</summary>
    public ModelFilePosition LossPosition { get; }

    /// <summary>Where the <c>precision</c> value is (meaningless when <see cref="Precision"/> is null).</summary>
    public ModelFilePosition PrecisionPosition { get; }

    /// <summary>The number of parameters.</summary>
    public int ParameterCount => ParameterValues.Length;

    /// <summary>The JSON path of the parameter at <paramref name="flatIndex"/>: <c>$.parameters.W2[0][1]</c> or <c>$.parameters.b1[3]</c>.</summary>
    public string ParameterPath(int flatIndex)
    {
        int offset = 0;
        for (int l = 1; l < LayerSizes.Length; l++)
        {
            int inputs = LayerSizes[l - 1], outputs = LayerSizes[l];
            int weights = inputs * outputs;
            string layer = l.ToString(CultureInfo.InvariantCulture);
            if (flatIndex < offset + weights)
            {
                int i = flatIndex - offset;
                return "$.parameters.W" + layer + "[" + (i / inputs).ToString(CultureInfo.InvariantCulture) + "][" + (i % inputs).ToString(CultureInfo.InvariantCulture) + "]";
            }
            offset += weights;
            if (flatIndex < offset + outputs)
            {
                return "$.parameters.b" + layer + "[" + (flatIndex - offset).ToString(CultureInfo.InvariantCulture) + "]";
            }
            offset += outputs;
        }
        return "$.parameters";
    }
}
