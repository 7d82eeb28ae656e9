using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Where a network keeps its parameters and gradient sums, and how generated code reaches them: one subclass per
/// emitted storage shape. The emitter asks it for fields, per-layer views, flat views and its own types.
/// </summary>
internal abstract class ParameterStorage
{
    protected ParameterStorage(EmitContext context) => Context = context;

    protected EmitContext Context { get; }

    /// <summary>The storage shape for <paramref name="context"/>'s network.</summary>
    public static ParameterStorage For(EmitContext context) =>
        context.Net.InlineStorage ? new InlineParameterStorage(context) : new HeapParameterStorage(context);

    /// <summary>How the storage is described in the summary comment above the class.</summary>
    public abstract string SummaryText { get; }

    /// <summary>Writes the <c>_parameters</c> and <c>_gradients</c> fields (with their comment).</summary>
    public abstract void EmitFields();

    /// <summary>A span over one layer's weights or biases in a store (<c>_parameters</c> or <c>_gradients</c>).</summary>
    public abstract string View(string store, LayerSpec layer, bool weights);

    /// <summary>A span over every value of a store, in the flat parameter order.</summary>
    public abstract string FlatView(string store);

    /// <summary>Writes the types the storage itself needs (none for heap arrays).</summary>
    public abstract void EmitTypes(string generatedCode);

    /// <summary>The lengths of the inline buffers the storage needs, beside those of the activations.</summary>
    public abstract IEnumerable<long> BufferLengths();
}
