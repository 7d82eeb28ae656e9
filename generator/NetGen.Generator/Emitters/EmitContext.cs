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
        Loss = Model.Loss.Get(network.Loss);
    }

    /// <summary>The network's loss.</summary>
    public Loss Loss { get; }

    /// <summary>The last layer.</summary>
    public LayerSpec OutputLayer => Net.Layers[Net.Layers.Count - 1];

    public static Activation ActivationOf(LayerSpec layer) => Activation.Get(layer.Activation);

    /// <summary>How comments name an activation: <c>sigmoid</c>.</summary>
    public static string ActivationName(Activation activation) => activation.Name.ToLowerInvariant();

    /// <summary>The comment above the output error: what d = dL/dz of the output layer is.</summary>
    public string OutputErrorComment()
    {
        string L = Int(OutputLayer.Index);
        var activation = ActivationOf(OutputLayer);
        return Loss.FusedActivation == activation.Name
            ? $"// Output error: d{L} = dL/dz{L} = {Loss.ErrorFormula}"
            : $"// Output error: d{L} = dL/dy * f'(z{L}), dL/dy = {Loss.ErrorFormula}, {activation.DerivativeFormula}";
    }

    /// <summary>dL/dz of one output from its activation <c>y</c> and target <c>t</c>: the loss's error times f'(y) unless fused.</summary>
    public string OutputError()
    {
        var activation = ActivationOf(OutputLayer);
        string error = Loss.OutputError(T, OutputLayer.Outputs);
        return Loss.FusedActivation == activation.Name || activation.IsIdentity
            ? error
            : $"({error}) * {activation.Name}Derivative(y)";
    }

    public NetworkSpec Net { get; }

    /// <summary>False for an inference-only network: no gradient sums, cached activations, errors or training members.</summary>
    public bool Trainable => !Net.InferenceOnly;

    public SourceWriter W { get; }

    public NumberType T { get; }

    /// <summary><c>float</c> or <c>double</c>.</summary>
    public string Keyword => T.Keyword;

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The parameter that the static forward members take, the network's parameters in the flat order: the instance's own,
    /// or the baked <c>Trained.Parameters</c>, so that both run the same batched code.
    /// </summary>
    public const string Parameters = "parameters";

    /// <summary>One layer's weights or biases within <see cref="Parameters"/>.</summary>
    public static string ParameterSlice(LayerSpec layer, bool weights) => weights
        ? $"{Parameters}.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)})"
        : $"{Parameters}.Slice({Int(layer.BiasOffset)}, {Int(layer.Outputs)})";

    /// <summary>Writes <c>type d0, d1, ...;</c>, one statement per <see cref="TermsPerLine"/> declarators, so long lists stay readable.</summary>
    public void EmitDeclarations(string type, IReadOnlyList<string> declarators)
    {
        for (int start = 0; start < declarators.Count; start += TermsPerLine)
        {
            W.Line(type + " " + string.Join(", ", declarators.Skip(start).Take(TermsPerLine)) + ";");
        }
    }

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
