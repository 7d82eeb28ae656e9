using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Parameters and gradients in two flat heap arrays whose first elements lie on a 64-byte boundary: for networks with a
/// layer that runs on the runtime's kernels (or too large for inline storage). The kernels load whole vectors along W's
/// rows; at the GC's usual 8-byte alignment every other 256-bit load straddles two cache lines (the runtime's
/// <c>AlignedArray</c> gives the measurement).
/// </summary>
internal sealed class HeapParameterStorage : ParameterStorage
{
    public HeapParameterStorage(EmitContext context) : base(context) { }

    public override string SummaryText => "stored in heap arrays aligned for the kernels";

    public override void EmitFields()
    {
        var w = Context.W;
        string t = Context.Keyword;
        if (!Context.Trainable)
        {
            w.Line("// Parameters, in the flat parameter order, on a cache line (the kernels load whole vectors along W's rows); an inference-only network holds nothing else.");
            w.Line($"private readonly {Aligned}<{t}> _parameters = new(ParameterCount);");
            return;
        }
        w.Line("// Parameters and gradient sums, in the flat parameter order, each on a cache line (the kernels load whole vectors along W's rows).");
        w.Line($"private readonly {Aligned}<{t}> _parameters = new(ParameterCount);");
        w.Line($"private readonly {Aligned}<{t}> _gradients = new(ParameterCount);");
    }

    public override string View(string store, LayerSpec layer, bool weights)
    {
        long offset = weights ? layer.WeightOffset : layer.BiasOffset;
        long length = weights ? layer.WeightCount : layer.Outputs;
        return $"{store}.Span.Slice({EmitContext.Int(offset)}, {EmitContext.Int(length)})";
    }

    public override string FlatView(string store) => $"{store}.Span";

    /// <summary>The runtime's array on a 64-byte boundary.</summary>
    private const string Aligned = "global::NetGen.Simd.AlignedArray";

    public override void EmitTypes(string generatedCode) { }

    public override IEnumerable<long> BufferLengths() => Enumerable.Empty<long>();
}
