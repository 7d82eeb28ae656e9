using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using NetGen.Onnx;

namespace NetGen.Tool;

/// <summary><c>netgen convert from to</c>: between NetGen model files (.json), ONNX models (.onnx) and .npy parameter arrays.</summary>
internal static class ConvertCommand
{
    public static Command Create(ToolContext context)
    {
        var from = new Argument<string>("from") { Description = "The model to read: .json, .onnx, or .npy (with --like)." };
        var to = new Argument<string>("to") { Description = "The file to write: .json (NetGen model file), .onnx, or .npy (the parameters in the flat order)." };
        var like = new Option<string?>("--like")
        {
            Description = "For a .npy source: a .json or .onnx model whose architecture, loss and metadata the parameters belong to.",
        };
        var command = new Command("convert", "Convert a model between a NetGen model file (.json), ONNX (.onnx) and a .npy array of its parameters (flat order: per layer, W row-major [out, in], then b).")
        {
            from, to, like,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            string source = parse.GetValue(from)!, target = parse.GetValue(to)!;
            string kind = Model.Extension(target);
            if (kind is not (".json" or ".onnx" or ".npy"))
            {
                throw new ToolException(ExitCodes.Usage, $"{target}: unknown target type '{kind}'; netgen writes .json, .onnx and .npy");
            }
            var model = Model.Extension(source) == ".npy" ? FromNpy(context, source, parse.GetValue(like)) : context.ReadModel(source);
            try
            {
                Write(model, target, kind);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Every error names its file first; the system's reason alone may name no file, or a full path the user never typed.
                throw new ToolException(ExitCodes.FileError, $"{target}: {e.Message}");
            }
            var d = model.Description;
            context.Output.WriteLine($"Wrote {target}: {string.Join(" -> ", d.LayerSizes)}, {d.ParameterCount} parameters, {d.Precision}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(Model model, string target, string kind)
    {
        switch (kind)
        {
            case ".json":
                ModelFile.Write(target, model.Description, model.Parameters, model.Metadata);
                break;
            case ".onnx":
                OnnxExporter.Save(model.Description, model.Parameters, target, new OnnxExportOptions { Metadata = model.Metadata });
                break;
            default:
                if (model.Description.Precision == Precision.Double) NpyFile.Write<double>(target, model.Parameters);
                else NpyFile.Write<float>(target, Array.ConvertAll(model.Parameters, v => (float)v));
                break;
        }
    }

    private static Model FromNpy(ToolContext context, string path, string? like)
    {
        if (like is null)
        {
            throw new ToolException(ExitCodes.Usage, $"{path}: a .npy file holds only numbers; name the architecture with --like model.json (or model.onnx)");
        }
        if (!File.Exists(path)) throw Model.Missing(path);
        var template = context.ReadModel(like);
        double[] parameters = NpyFile.Read<double>(path);
        if (parameters.Length != template.Description.ParameterCount)
        {
            // The architecture in one line (Description.ToString() is the multi-line summary table).
            throw new ToolException(ExitCodes.InvalidModel,
                $"{path}: holds {parameters.Length} numbers; {like} ({string.Join(" -> ", template.Description.LayerSizes)}) has {template.Description.ParameterCount} parameters");
        }
        // Checked here, not left to the writers, so that the error names the .npy file and the value.
        var precision = template.Description.Precision;
        for (int i = 0; i < parameters.Length; i++)
        {
            double v = parameters[i];
            if (!double.IsFinite(v) || (precision == Precision.Float && !float.IsFinite((float)v)))
            {
                throw new ToolException(ExitCodes.InvalidModel,
                    $"{path}: value {i} is {v.ToString("R", CultureInfo.InvariantCulture)}; the parameters of a {precision} model are finite {(precision == Precision.Float ? "floats" : "doubles")}");
            }
        }
        return template with { Path = path, Parameters = parameters };
    }
}
