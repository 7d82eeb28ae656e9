using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen.Onnx;

/// <summary>A dense network read from an ONNX model (<see cref="OnnxImporter"/>): what NetGen needs to declare, save and run it.</summary>
public sealed class OnnxNetwork
{
    internal OnnxNetwork(string source, NetworkDescription description, double[] parameters, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> warnings)
    {
        Warnings = warnings;
        Source = source;
        Description = description;
        Parameters = parameters;
        Metadata = metadata;
    }

    /// <summary>The file (or source name) read.</summary>
    public string Source { get; }

    /// <summary>
    /// The network: layer sizes, activations, the loss (the model's <c>netgen.loss</c> metadata when present and valid
    /// for the output layer, else CrossEntropy after a Softmax output and MSE otherwise) and the precision (of the
    /// model's weight tensors).
    /// </summary>
    public NetworkDescription Description { get; }

    /// <summary>The parameters in NetGen's flat order (per layer, W row-major [out, in], then b).</summary>
    public double[] Parameters { get; }

    /// <summary>The model's <c>metadata_props</c>, without NetGen's own <c>netgen.loss</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// What the import did not take as written, each naming the file (also sent to <see cref="System.Diagnostics.Trace.TraceWarning(string)"/>):
    /// a <c>netgen.loss</c> the output layer cannot train with (CrossEntropy without a Softmax output, a Softmax output
    /// with another loss, BCE without a Sigmoid output: the pairs the <c>[Mlp]</c> generator rejects) is replaced by
    /// the loss an import without the metadata chooses. Empty when there is nothing to report.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The <c>[Mlp(...)]</c> attribute of a class with this architecture.</summary>
    public string Attribute => Description.ToAttribute();

    /// <summary>Writes the network as a NetGen model file (format netgen-mlp v1), atomically.</summary>
    /// <param name="path">The <c>.json</c> file to write.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteModelFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelFile.Write(path, Description, Parameters, Metadata);
    }
}
