using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>Parameters and gradients in a sequential struct of inline arrays, inside the network object.</summary>
internal sealed class InlineParameterStorage : ParameterStorage
{
    public InlineParameterStorage(EmitContext context) : base(context) { }

    public override string SummaryText => "stored inline";

    public override void EmitFields()
    {
        var w = Context.W;
        if (!Context.Trainable)
        {
            w.Line("// Parameters live inline in this object, laid out in the flat parameter order; an inference-only network holds nothing else.");
            w.Line("private ParameterBlock _parameters;");
            return;
        }
        w.Line("// Parameters and gradient sums live inline in this object, laid out in the flat parameter order.");
        w.Line("private ParameterBlock _parameters;");
        w.Line("private ParameterBlock _gradients;");
    }

    public override string View(string store, LayerSpec layer, bool weights) =>
        $"{store}.{(weights ? "W" : "B")}{EmitContext.Int(layer.Index)}";

    public override string FlatView(string store) =>
        $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.As<ParameterBlock, {Context.Keyword}>(ref {store}), ParameterCount)";

    public override void EmitTypes(string generatedCode)
    {
        var w = Context.W;
        w.Line("/// <summary>Every parameter in the flat order: sequential layout keeps the fields contiguous, each layer's W then b.</summary>");
        w.Line(generatedCode);
        w.Line("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Sequential)]");
        using (w.Block("private struct ParameterBlock"))
        {
            foreach (var layer in Context.Net.Layers)
            {
                w.Line($"public Buffer{EmitContext.Int(layer.WeightCount)} W{layer.Index};");
                w.Line($"public Buffer{layer.Outputs} B{layer.Index};");
            }
        }
        w.Line();
    }

    public override IEnumerable<long> BufferLengths() => Context.Net.Layers.Select(l => l.WeightCount);
}
