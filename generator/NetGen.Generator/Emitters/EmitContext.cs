using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// What every emitter of one network shares: the writer, the network, its number type, and the spellings and
/// small writing helpers that all generated shapes use.
/// </summary>
internal sealed class EmitContext
{
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string Span = "global::System.Span";
    public const string Kernels = "global::NetGen.Kernels";

    /// <summary>Terms of an unrolled sum per source line, so long layers stay readable.</summary>
    private const int TermsPerLine = 4;

    public EmitContext(NetworkSpec network, SourceWriter writer)
    {
        Net = network;
        W = writer;
        T = NumberType.For(network.UsesDouble);
    }

    public NetworkSpec Net { get; }

    /// <summary>False for an inference-only network: no gradient sums, cached activations, errors or training members.</summary>
    public bool Trainable => !Net.InferenceOnly;

    public SourceWriter W { get; }

    public NumberType T { get; }

    /// <summary><c>float</c> or <c>double</c>.</summary>
    public string Keyword => T.Keyword;

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <c>target open t0 + t1 + ... close</c>, wrapping every <see cref="TermsPerLine"/> terms.</summary>
    public void EmitSum(string target, IReadOnlyList<string> terms, string open = "", string close = ";")
    {
        if (terms.Count <= TermsPerLine + 1)
        {
            W.Line(target + open + string.Join(" + ", terms) + close);
            return;
        }
        for (int start = 0; start < terms.Count; start += TermsPerLine)
        {
            string chunk = string.Join(" + ", terms.Skip(start).Take(TermsPerLine));
            bool last = start + TermsPerLine >= terms.Count;
            string prefix = start == 0 ? target + open : "    + ";
            W.Line(prefix + chunk + (last ? close : ""));
        }
    }
}
