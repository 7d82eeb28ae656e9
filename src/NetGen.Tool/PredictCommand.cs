using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;

namespace NetGen.Tool;

/// <summary><c>netgen predict model --input 0.5,1.0</c>, or CSV rows on stdin: the network's outputs, one CSV row per input row.</summary>
internal static class PredictCommand
{
    public static Command Create(ToolContext context)
    {
        var model = new Argument<string>("model") { Description = "A NetGen model file (.json) or an ONNX model (.onnx)." };
        var input = new Option<string?>("--input", "-i")
        {
            Description = "One input row, comma-separated (e.g. 0.5,1.0). Without it, rows are read as CSV from stdin (a first line that is not numbers is a header and skipped).",
        };
        var command = new Command("predict", "Run a model on inputs and print its outputs, one comma-separated row per input row, computed in the model's precision.")
        {
            model, input,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            var m = context.ReadModel(parse.GetValue(model)!);
            string? single = parse.GetValue(input);
            var rows = single is not null ? new List<double[]> { ParseRow(single, "--input", m.Description) } : ReadRows(context, m.Description);
            foreach (var outputs in m.Predict(rows))
            {
                context.Output.WriteLine(string.Join(",", outputs.Select(v => Format(v, m.Description.Precision))));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Shortest round-trip text of the value in the model's precision, invariant culture.</summary>
    internal static string Format(double value, Precision precision) =>
        precision == Precision.Float ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    private static List<double[]> ReadRows(ToolContext context, NetworkDescription description)
    {
        var rows = new List<double[]>();
        int lineNumber = 0;
        for (string? line = context.Input.ReadLine(); line is not null; line = context.Input.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            if (rows.Count == 0 && lineNumber == 1 && !char.IsDigit(line.TrimStart().TrimStart('-', '+', '.').FirstOrDefault()))
            {
                continue; // a header line
            }
            rows.Add(ParseRow(line, $"stdin line {lineNumber}", description));
        }
        if (rows.Count == 0) throw new ToolException(ExitCodes.Usage, "no input: give --input 0.5,1.0 or CSV rows on stdin");
        return rows;
    }

    private static double[] ParseRow(string text, string where, NetworkDescription description)
    {
        int inputs = description.InputSize;
        string[] cells = text.Split(',');
        if (cells.Length != inputs)
        {
            throw new ToolException(ExitCodes.InvalidModel, $"{where}: {cells.Length} values, but the model has {inputs} inputs");
        }
        var row = new double[inputs];
        for (int i = 0; i < inputs; i++)
        {
            if (!double.TryParse(cells[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || !double.IsFinite(row[i]))
            {
                throw new ToolException(ExitCodes.InvalidModel, $"{where}, value {i + 1}: '{cells[i].Trim()}' is not a finite number");
            }
            // A Float model computes in float (Model.Predict), where such a value is infinity.
            if (description.Precision == Precision.Float && float.IsInfinity((float)row[i]))
            {
                throw new ToolException(ExitCodes.InvalidModel,
                    $"{where}, value {i + 1}: '{cells[i].Trim()}' is beyond float, the precision of this Float model (at most {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)})");
            }
        }
        return row;
    }
}
