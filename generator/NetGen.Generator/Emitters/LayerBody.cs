using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The arithmetic of one dense layer (forward sums, gradient sums, the error passed down): one subclass per emitted
/// shape. The emitter writes the comments and span declarations around it; the body writes the statements.
/// </summary>
internal abstract class LayerBody
{
    protected LayerBody(EmitContext context, LayerSpec layer)
    {
        Context = context;
        Layer = layer;
    }

    protected EmitContext Context { get; }

    protected LayerSpec Layer { get; }

    /// <summary>The body shape for <paramref name="layer"/>.</summary>
    public static LayerBody For(EmitContext context, LayerSpec layer) =>
        layer.Unrolled ? new UnrolledLayerBody(context, layer) : new LoopedLayerBody(context, layer);

    /// <summary>How the body is described in the summary comment above the class.</summary>
    public abstract string SummaryText { get; }

    /// <summary>
    /// Writes <c>a[j] = f(W[j] x + b[j])</c> for every unit from the spans w{l}, b{l}, <paramref name="input"/> into
    /// a{l} (for softmax and linear layers, without f: softmax is applied to the whole layer afterwards).
    /// </summary>
    public abstract void EmitForward(Activation activation, string input);

    /// <summary>Writes <c>gw{l} += d{l} input^T</c> and <c>gb{l} += d{l}</c>.</summary>
    public abstract void EmitGradients(string input);

    /// <summary>Writes the error of the layer below, <c>d(l-1) = (W{l}^T d{l}) * f'(a(l-1))</c>, with f that layer's activation.</summary>
    public abstract void EmitErrorBelow(Activation activationBelow);
}
