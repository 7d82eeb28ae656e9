using System.Collections.Generic;

namespace NetGen.Onnx;

/// <summary>Names and metadata of an exported ONNX model.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The graph input's name: a tensor of shape [batch, inputs]. Default <c>input</c>.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The graph output's name: a tensor of shape [batch, outputs]. Default <c>output</c>.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>The graph's name. Default <c>netgen</c>.</summary>
    public string GraphName { get; init; } = "netgen";

    /// <summary>
    /// Key-value pairs written as the model's <c>metadata_props</c> (a model file's <c>metadata</c>). NetGen adds
    /// <c>netgen.loss</c> (ONNX has no place for the loss; the import reads it back).
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
