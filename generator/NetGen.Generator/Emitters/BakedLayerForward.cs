using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The forward sums of an unrolled layer whose trained weights are compiled in: every weight and bias is a literal in
/// the statement, <c>a1[0] = Sigmoid(5.712f * x[0] - 5.981f * x[1] + 2.843f)</c>. The terms are added in the same order
/// as the instance's unrolled sums, so the results agree to the last bit.
/// </summary>
internal sealed class BakedLayerForward
{
    /// <summary>Terms per source line, as in the instance's unrolled sums.</summary>
    private const int TermsPerLine = 4;

    private readonly EmitContext _context;
    private readonly LayerSpec _layer;
    private readonly BakedWeights _weights;

    public BakedLayerForward(EmitContext context, LayerSpec layer, BakedWeights weights)
    {
        _context = context;
        _layer = layer;
        _weights = weights;
    }

    public void EmitForward(Activation activation, string input)
    {
        string l = EmitContext.Int(_layer.Index);
        bool applies = !(activation.IsSoftmax || activation.IsIdentity);
        for (int j = 0; j < _layer.Outputs; j++)
        {
            var terms = new List<string>(_layer.Inputs + 1);
            for (int i = 0; i < _layer.Inputs; i++)
            {
                terms.Add(Literal(_layer.WeightOffset + (long)j * _layer.Inputs + i) + " * " + input + "[" + EmitContext.Int(i) + "]");
            }
            terms.Add(Literal(_layer.BiasOffset + j));
            string target = $"a{l}[{j}] = " + (applies ? activation.Name + "(" : "");
            string close = applies ? ");" : ";";
            WriteSum(target, terms, close);
        }
    }

    /// <summary>
    /// Writes <c>target t0 + t1 - t2 ... close</c>: a term whose literal is negative is subtracted (<c>- 5.981f * x[1]</c>),
    /// which is exact (a - b equals a + (-b) in IEEE arithmetic); long sums wrap every <see cref="TermsPerLine"/> terms.
    /// </summary>
    private void WriteSum(string target, List<string> terms, string close)
    {
        var line = new StringBuilder(target);
        for (int k = 0; k < terms.Count; k++)
        {
            string term = terms[k];
            bool negative = term.StartsWith("-", System.StringComparison.Ordinal);
            if (k == 0) line.Append(term);
            else
            {
                if (k % TermsPerLine == 0)
                {
                    _context.W.Line(line.ToString());
                    line.Clear().Append("    ");
                }
                else line.Append(' ');
                line.Append(negative ? "- " : "+ ").Append(negative ? term.Substring(1) : term);
            }
        }
        _context.W.Line(line.Append(close).ToString());
    }

    private string Literal(long flatIndex) => _weights.Literals[checked((int)flatIndex)];
}
