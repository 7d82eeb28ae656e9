using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>A layer as loops over its units, each a vectorized kernel call: for layers above the unroll threshold.</summary>
internal sealed class LoopedLayerBody : LayerBody
{
    public LoopedLayerBody(EmitContext context, LayerSpec layer) : base(context, layer) { }

    public override string SummaryText => "loops";

    public override void EmitForward(Activation activation, string input)
    {
        // One matrix-vector product in the kernels' sample form (W read as one stream, row after row), instead of one
        // dot product per output. Softmax is applied to the whole layer afterwards.
        string l = EmitContext.Int(Layer.Index);
        string function = "global::NetGen.ActivationFunction." + (activation.IsSoftmax ? "Linear" : Layer.Activation);
        Context.W.Line($"{EmitContext.Kernels}.DenseForwardSample<{Context.Keyword}>({input}, w{l}, b{l}, a{l}, {Layer.Inputs}, {Layer.Outputs}, {function});");
    }

    public override void EmitGradients(string input)
    {
        string l = EmitContext.Int(Layer.Index);
        using (Context.W.Block($"for (int j = 0; j < {Layer.Outputs}; j++)"))
        {
            Context.W.Line($"{EmitContext.Kernels}.AddScaled(gw{l}.Slice(j * {Layer.Inputs}, {Layer.Inputs}), d{l}[j], {input});");
            Context.W.Line($"gb{l}[j] += d{l}[j];");
        }
    }

    public override void EmitErrorBelow(Activation activationBelow)
    {
        string l = EmitContext.Int(Layer.Index), below = EmitContext.Int(Layer.Index - 1);
        using (Context.W.Block($"for (int j = 0; j < {Layer.Outputs}; j++)"))
        {
            Context.W.Line($"{EmitContext.Kernels}.AddScaled(d{below}, d{l}[j], w{l}.Slice(j * {Layer.Inputs}, {Layer.Inputs}));");
        }
        if (!activationBelow.IsIdentity)
        {
            using (Context.W.Block($"for (int i = 0; i < {Layer.Inputs}; i++)"))
            {
                Context.W.Line($"d{below}[i] *= {activationBelow.Name}Derivative(a{below}[i]);");
            }
        }
    }
}
