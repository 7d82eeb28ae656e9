using System.CommandLine;
using System.Linq;

namespace NetGen.Tool;

/// <summary><c>netgen inspect model.json|model.onnx</c>: the architecture summary and the matching <c>[Mlp(...)]</c> line.</summary>
internal static class InspectCommand
{
    public static Command Create(ToolContext context)
    {
        var model = new Argument<string>("model") { Description = "A NetGen model file (.json) or an ONNX model (.onnx)." };
        var command = new Command("inspect", "Print a model's architecture, parameter count, metadata and the [Mlp(...)] attribute of a class that matches it.") { model };
        command.SetAction(parse => context.Guard(() =>
        {
            var m = context.ReadModel(parse.GetValue(model)!);
            var d = m.Description;
            var o = context.Output;
            o.WriteLine($"{m.Path}: {m.Format}");
            o.WriteLine(d.ToString());
            if (m.Metadata.Count > 0)
            {
                o.WriteLine("Metadata:");
                foreach (var (key, value) in m.Metadata.OrderBy(p => p.Key, System.StringComparer.Ordinal)) o.WriteLine($"  {key} = {value}");
            }
            o.WriteLine(d.ToAttribute());
            return ExitCodes.Success;
        }));
        return command;
    }
}
