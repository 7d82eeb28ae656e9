using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NetGen.Tool;

/// <summary>
/// <c>netgen verify model.json --onnx model.onnx</c>: runs the NetGen model and the ONNX model (in ONNX Runtime) on the
/// same random inputs and reports the largest difference.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>The default tolerance for Float models.</summary>
    public const double FloatTolerance = 1e-5;

    /// <summary>The default tolerance for Double models.</summary>
    public const double DoubleTolerance = 1e-10;

    public static Command Create(ToolContext context)
    {
        var model = new Argument<string>("model") { Description = "A NetGen model file (.json), or an ONNX model (.onnx) run as NetGen runs it." };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX model to compare with, run by ONNX Runtime.", Required = true };
        var samples = new Option<int>("--samples") { Description = "How many random input rows.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "The seed of the random inputs.", DefaultValueFactory = _ => 0 };
        var range = new Option<double>("--range") { Description = "Inputs are drawn uniformly from [-range, range].", DefaultValueFactory = _ => 1.0 };
        var tolerance = new Option<double?>("--tolerance")
        {
            Description = "The largest accepted |ONNX - NetGen| / max(1, |NetGen|), absolute for outputs in [-1, 1] and relative beyond. "
                + $"Default {FloatTolerance:G} for a Float model (two float computations that sum in different orders, as ONNX Runtime's "
                + $"blocked Gemm and NetGen do, differ by a few float roundings of the largest intermediate sums), {DoubleTolerance:G} for a Double model.",
        };
        var command = new Command("verify", "Run a NetGen model and an ONNX model on the same random inputs and report the largest difference; exit code 4 when it exceeds the tolerance.")
        {
            model, onnx, samples, seed, range, tolerance,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            // The command line first: a bad option is exit 1 whatever the files, never a comparison that cannot mean
            // anything (a NaN tolerance fails every row, a NaN or infinite range gives NaN inputs: exit 4 for no difference).
            int count = parse.GetValue(samples);
            if (count < 1) throw new ToolException(ExitCodes.Usage, $"--samples {count}: give at least 1");
            double r = parse.GetValue(range);
            if (!double.IsFinite(r) || r <= 0) throw new ToolException(ExitCodes.Usage, $"--range {Show(r)}: give a positive finite number (inputs are drawn from [-range, range])");
            double? givenTolerance = parse.GetValue(tolerance);
            if (givenTolerance is double t && (!double.IsFinite(t) || t < 0))
            {
                throw new ToolException(ExitCodes.Usage, $"--tolerance {Show(t)}: give a finite number, 0 or more");
            }
            var m = context.ReadModel(parse.GetValue(model)!);
            if (m.Description.Precision == Precision.Float && r > float.MaxValue)
            {
                throw new ToolException(ExitCodes.Usage, $"--range {Show(r)}: {m.Path} is a Float model, whose inputs are floats, at most {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}");
            }
            string onnxPath = parse.GetValue(onnx)!;
            if (!File.Exists(onnxPath)) throw Model.Missing(onnxPath);

            var random = new Random(parse.GetValue(seed));
            int inputs = m.Description.InputSize, outputs = m.Description.OutputSize;
            var rows = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, inputs).Select(_ => (random.NextDouble() * 2 - 1) * r).ToArray()).ToList();
            if (m.Description.Precision == Precision.Float) rows = rows.Select(row => Array.ConvertAll(row, v => (double)(float)v)).ToList();

            var netgen = m.Predict(rows);
            var ort = RunOnnx(onnxPath, rows, inputs, outputs);

            double max = 0, scaled = 0;
            for (int row = 0; row < count; row++)
            {
                for (int k = 0; k < outputs; k++)
                {
                    // The same infinity on both sides is no difference (infinity - infinity would be NaN, a mismatch).
                    double difference = ort[row][k] == netgen[row][k] ? 0 : Math.Abs(ort[row][k] - netgen[row][k]);
                    max = Math.Max(max, difference);
                    scaled = Math.Max(scaled, difference / Math.Max(1, Math.Abs(netgen[row][k])));
                }
            }
            double limit = givenTolerance ?? (m.Description.Precision == Precision.Float ? FloatTolerance : DoubleTolerance);
            bool ok = scaled <= limit;
            string F(double v) => v.ToString("E3", CultureInfo.InvariantCulture);
            context.Output.WriteLine($"{m.Path} vs {onnxPath} (ONNX Runtime), {count} random inputs in [-{r.ToString(CultureInfo.InvariantCulture)}, {r.ToString(CultureInfo.InvariantCulture)}]:");
            context.Output.WriteLine($"max |ONNX - NetGen| = {F(max)}; relative to max(1, |NetGen|) = {F(scaled)}; tolerance {F(limit)}: {(ok ? "OK" : "MISMATCH")}");
            return ok ? ExitCodes.Success : ExitCodes.Mismatch;
        }));
        return command;
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double[][] RunOnnx(string path, System.Collections.Generic.List<double[]> rows, int inputs, int outputs)
    {
        using var session = new InferenceSession(path);
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            throw new ToolException(ExitCodes.InvalidModel, $"{path}: has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; verify compares models with one of each");
        }
        var (name, metadata) = session.InputMetadata.Single();
        // The input's declared shape: [batch, inputs] or, as PyTorch writes Linear on 3-D input, [batch, 1, inputs].
        int[] shape = metadata.Dimensions.Length == 3 ? new[] { rows.Count, 1, inputs } : new[] { rows.Count, inputs };
        int declared = metadata.Dimensions[^1];
        if (declared > 0 && declared != inputs)
        {
            throw new ToolException(ExitCodes.InvalidModel, $"{path}: takes {declared} inputs; the NetGen model takes {inputs}");
        }
        double[] flat = rows.SelectMany(row => row).ToArray();
        NamedOnnxValue value = metadata.ElementType == typeof(double)
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(flat, shape))
            : metadata.ElementType == typeof(float)
                ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(Array.ConvertAll(flat, v => (float)v), shape))
                : throw new ToolException(ExitCodes.InvalidModel, $"{path}: its input is {metadata.ElementType.Name}; verify compares float and double models");
        using var results = session.Run(new[] { value });
        var result = results.Single();
        double[] values = result.Value is Tensor<double> d ? d.ToArray() : ((Tensor<float>)result.Value).ToArray().Select(v => (double)v).ToArray();
        if (values.Length != rows.Count * outputs)
        {
            throw new ToolException(ExitCodes.InvalidModel, $"{path}: gives {values.Length / rows.Count} outputs per row; the NetGen model gives {outputs}");
        }
        return Enumerable.Range(0, rows.Count).Select(row => values.AsSpan(row * outputs, outputs).ToArray()).ToArray();
    }
}
