using System;
using System.Collections.Generic;
using System.IO;
using NetGen.Onnx;

namespace NetGen.Tool;

/// <summary>
/// A network read from a NetGen model file (<c>.json</c>) or an ONNX model (<c>.onnx</c>), with what the reader did not
/// take as written (<see cref="OnnxNetwork.Warnings"/>), each naming the file.
/// </summary>
internal sealed record Model(string Path, string Format, NetworkDescription Description, double[] Parameters, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Reads <paramref name="path"/> by its extension.</summary>
    public static Model Read(string path)
    {
        if (!File.Exists(path)) throw Model.Missing(path);
        switch (Extension(path))
        {
            case ".json":
                var saved = ModelFile.Read(path);
                // A loss the output layer cannot train with is not taken (the [Mlp] line would not compile): ModelFile.Read
                // describes the network with the loss an import would choose, as for an ONNX model's netgen.loss.
                string[] warnings = saved.Loss is { } named && named != saved.Description.Loss
                    ? new[] { $"{path}: the loss {named} does not fit the {NetworkDescription.NameOf(saved.Description.Activations[^1])} output layer; "
                        + $"the loss is {NetworkDescription.NameOf(saved.Description.Loss)}, as without one (the loss only matters for training)" }
                    : Array.Empty<string>();
                // A Float file's numbers rounded once, to float, as Load and a baked class read them (through the nearest double, a
                // number written with more digits than a float needs can round twice, to the other float).
                double[] parameters = saved.Description.Precision == Precision.Float
                    ? Array.ConvertAll(saved.GetParameters<float>(), v => (double)v)
                    : saved.Parameters;
                return new Model(path, $"NetGen model file, netgen-mlp v{saved.Version}", saved.Description, parameters, saved.Metadata, warnings);
            case ".onnx":
                var onnx = OnnxImporter.Read(path);
                return new Model(path, "ONNX model", onnx.Description, onnx.Parameters, onnx.Metadata, onnx.Warnings);
            default:
                throw new ToolException(ExitCodes.Usage, $"{path}: unknown model type '{Extension(path)}'; netgen reads .json (NetGen model file) and .onnx");
        }
    }

    /// <summary>Runs the network on each row, in the model's precision (a Float model computes in float, as its generated class does).</summary>
    public double[][] Predict(IReadOnlyList<double[]> rows)
    {
        var results = new double[rows.Count][];
        if (Description.Precision == Precision.Float)
        {
            var network = new InterpretedNetwork<float>(Description, Parameters);
            var input = new float[network.InputSize];
            var output = new float[network.OutputSize];
            for (int r = 0; r < rows.Count; r++)
            {
                for (int i = 0; i < input.Length; i++) input[i] = (float)rows[r][i];
                network.Predict(input, output);
                results[r] = Array.ConvertAll(output, v => (double)v);
            }
        }
        else
        {
            var network = new InterpretedNetwork<double>(Description, Parameters);
            for (int r = 0; r < rows.Count; r++)
            {
                results[r] = new double[network.OutputSize];
                network.Predict(rows[r], results[r]);
            }
        }
        return results;
    }

    /// <summary>Exit code 2 for a path with no file: "no such file", or, for a folder, that it is one.</summary>
    public static ToolException Missing(string path) =>
        new(ExitCodes.FileError, Directory.Exists(path) ? $"{path}: is a folder, not a file" : $"{path}: no such file");

    /// <summary>The file extension, lower case.</summary>
    public static string Extension(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant();
}
