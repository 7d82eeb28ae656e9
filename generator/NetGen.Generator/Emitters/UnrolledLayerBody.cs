using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>A layer written out statement by statement, every index a constant: for small layers.</summary>
internal sealed class UnrolledLayerBody : LayerBody
{
    public UnrolledLayerBody(EmitContext context, LayerSpec layer) : base(context, layer) { }

    public override string SummaryText => "unrolled";

    public override void EmitForward(Activation activation, string input)
    {
        string l = EmitContext.Int(Layer.Index);
        for (int j = 0; j < Layer.Outputs; j++)
        {
            var terms = Enumerable.Range(0, Layer.Inputs).Select(i => $"w{l}[{EmitContext.Int((long)j * Layer.Inputs + i)}] * {input}[{i}]").ToList();
            terms.Add($"b{l}[{j}]");
            if (activation.IsSoftmax || activation.IsIdentity) Context.EmitSum($"a{l}[{j}] = ", terms);
            else Context.EmitSum($"a{l}[{j}] = ", terms, activation.Name + "(", ");");
        }
    }

    public override void EmitGradients(string input)
    {
        string l = EmitContext.Int(Layer.Index);
        for (int j = 0; j < Layer.Outputs; j++)
        {
            for (int i = 0; i < Layer.Inputs; i++)
            {
                Context.W.Line($"gw{l}[{EmitContext.Int((long)j * Layer.Inputs + i)}] += d{l}[{j}] * {input}[{i}];");
            }
            Context.W.Line($"gb{l}[{j}] += d{l}[{j}];");
        }
    }

    public override void EmitErrorBelow(Activation activationBelow)
    {
        string l = EmitContext.Int(Layer.Index), below = EmitContext.Int(Layer.Index - 1);
        for (int i = 0; i < Layer.Inputs; i++)
        {
            var terms = Enumerable.Range(0, Layer.Outputs).Select(j => $"w{l}[{EmitContext.Int((long)j * Layer.Inputs + i)}] * d{l}[{j}]").ToList();
            if (activationBelow.IsIdentity) Context.EmitSum($"d{below}[{i}] = ", terms);
            else if (terms.Count == 1) Context.EmitSum($"d{below}[{i}] = ", terms, $"{activationBelow.Name}Derivative(a{below}[{i}]) * ");
            else Context.EmitSum($"d{below}[{i}] = ", terms, $"{activationBelow.Name}Derivative(a{below}[{i}]) * (", ");");
        }
    }
}
