using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>Parameters and gradients in two flat heap arrays: for networks too large for inline storage.</summary>
internal sealed class HeapParameterStorage : ParameterStorage
{
    public HeapParameterStorage(EmitContext context) : base(context) { }

    public override string SummaryText => "stored in heap arrays (too large for inline storage)";

    public override void EmitFields()
    {
        var w = Context.W;
        string t = Context.Keyword;
        if (!Context.Trainable)
        {
            w.Line("// Parameters, in the flat parameter order: too large for inline storage (the runtime caps a struct near 1 MiB); an inference-only network holds nothing else.");
            w.Line($"private readonly {t}[] _parameters = new {t}[ParameterCount];");
            return;
        }
        w.Line("// Parameters and gradient sums, in the flat parameter order: too large for inline storage (the runtime caps a struct near 1 MiB).");
        w.Line($"private readonly {t}[] _parameters = new {t}[ParameterCount];");
        w.Line($"private readonly {t}[] _gradients = new {t}[ParameterCount];");
    }

    public override string View(string store, LayerSpec layer, bool weights)
    {
        long offset = weights ? layer.WeightOffset : layer.BiasOffset;
        long length = weights ? layer.WeightCount : layer.Outputs;
        return $"new {EmitContext.Span}<{Context.Keyword}>({store}, {EmitContext.Int(offset)}, {EmitContext.Int(length)})";
    }

    public override string FlatView(string store) => store;

    public override void EmitTypes(string generatedCode) { }

    public override IEnumerable<long> BufferLengths() => Enumerable.Empty<long>();
}
