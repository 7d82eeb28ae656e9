using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Model;

/// <summary>
/// An activation function, defined once: its forward expression in <c>z</c> and its derivative written in terms of
/// its own output <c>a</c> (every hidden activation's derivative can be, so Backward needs only the cached activations).
/// </summary>
internal sealed class Activation
{
    private readonly Func<NumberType, string> _forward;
    private readonly Func<NumberType, string>? _derivative;
    private Func<NumberType, string>? _laneForward;
    private Func<NumberType, string>? _laneDerivative;

    private Activation(string name, string formula, string derivativeFormula, Func<NumberType, string> forward, Func<NumberType, string>? derivative, bool usesHeInit, bool outputInUnitInterval)
    {
        Name = name;
        Formula = formula;
        DerivativeFormula = derivativeFormula;
        _forward = forward;
        _derivative = derivative;
        UsesHeInit = usesHeInit;
        OutputInUnitInterval = outputInUnitInterval;
    }

    /// <summary>The canonical name users write (case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The math, for comments in generated code.</summary>
    public string Formula { get; }

    /// <summary>The derivative in terms of the output a, for comments.</summary>
    public string DerivativeFormula { get; }

    /// <summary>WeightInit.Auto picks He for this activation (ReLU family) rather than Xavier.</summary>
    public bool UsesHeInit { get; }

    /// <summary>Every output lies in (0, 1), as BCE requires.</summary>
    public bool OutputInUnitInterval { get; }

    /// <summary>Softmax works on the whole layer and is allowed only on the output, fused with CrossEntropy.</summary>
    public bool IsSoftmax => Name == "Softmax";

    /// <summary>The identity: no helper method, no derivative factor.</summary>
    public bool IsIdentity => Name == "Linear";

    /// <summary>The body of <c>static T Name(T z)</c>.</summary>
    public string ForwardExpression(NumberType t) => _forward(t);

    /// <summary>The body of <c>static T NameDerivative(T a)</c>.</summary>
    public string DerivativeExpression(NumberType t) =>
        _derivative?.Invoke(t) ?? throw new InvalidOperationException(Name + " has no element-wise derivative.");

    /// <summary>
    /// The body of <c>static TLanes Name&lt;TLanes&gt;(TLanes z)</c>: the forward expression on a vector of samples, one per lane
    /// (<c>TLanes</c> an <c>ILanes</c>; numbers mix with vectors, so most read as the scalar expression does).
    /// </summary>
    public string LaneForwardExpression(NumberType t) => (_laneForward ?? _forward)(t);

    /// <summary>The body of <c>static TLanes NameDerivative&lt;TLanes&gt;(TLanes a)</c>, as <see cref="LaneForwardExpression"/>.</summary>
    public string LaneDerivativeExpression(NumberType t) => (_laneDerivative ?? _derivative)?.Invoke(t)
        ?? throw new InvalidOperationException(Name + " has no element-wise derivative.");

    /// <summary>Sets the lane forms of an activation whose scalar form uses a comparison or a Math function.</summary>
    private Activation WithLanes(Func<NumberType, string> forward, Func<NumberType, string>? derivative)
    {
        _laneForward = forward;
        _laneDerivative = derivative;
        return this;
    }

    public static readonly Activation Sigmoid = new Activation(
        "Sigmoid", "sigmoid(z) = 1 / (1 + e^-z)", "sigmoid'(z) = a (1 - a)",
        t => $"{t.Literal(1)} / ({t.Literal(1)} + {t.Math}.Exp(-z))",
        t => $"a * ({t.Literal(1)} - a)",
        usesHeInit: false, outputInUnitInterval: true)
        .WithLanes(t => $"{t.Literal(1)} / ({t.Literal(1)} + TLanes.Exp(-z))", derivative: null);

    public static readonly Activation Tanh = new Activation(
        "Tanh", "tanh(z)", "tanh'(z) = 1 - a^2",
        t => $"{t.Math}.Tanh(z)",
        t => $"{t.Literal(1)} - a * a",
        usesHeInit: false, outputInUnitInterval: false)
        .WithLanes(t => "TLanes.Tanh(z)", derivative: null);

    public static readonly Activation ReLU = new Activation(
        "ReLU", "relu(z) = max(z, 0)", "relu'(z) = a > 0 ? 1 : 0",
        // Written so that NaN propagates (NaN < 0 is false), as it does through every other activation.
        t => $"z < {t.Literal(0)} ? {t.Literal(0)} : z",
        t => $"a > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0)}",
        usesHeInit: true, outputInUnitInterval: false)
        .WithLanes(t => $"TLanes.WhereNegative(z, TLanes.Create({t.Literal(0)}), z)", t => $"TLanes.WherePositive(a, TLanes.Create({t.Literal(1)}), TLanes.Create({t.Literal(0)}))");

    public static readonly Activation LeakyReLU = new Activation(
        "LeakyReLU", "leakyrelu(z) = z > 0 ? z : 0.01 z", "leakyrelu'(z) = a > 0 ? 1 : 0.01",
        t => $"z > {t.Literal(0)} ? z : {t.Literal(0.01)} * z",
        t => $"a > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0.01)}",
        usesHeInit: true, outputInUnitInterval: false)
        .WithLanes(t => $"TLanes.WherePositive(z, z, {t.Literal(0.01)} * z)", t => $"TLanes.WherePositive(a, TLanes.Create({t.Literal(1)}), TLanes.Create({t.Literal(0.01)}))");

    public static readonly Activation Linear = new Activation(
        "Linear", "linear(z) = z", "linear'(z) = 1",
        t => "z",
        t => t.Literal(1),
        usesHeInit: false, outputInUnitInterval: false)
        .WithLanes(t => "z", t => $"TLanes.Create({t.Literal(1)})");

    public static readonly Activation Softmax = new Activation(
        "Softmax", "softmax(z)_k = e^z_k / sum_j e^z_j", "(fused with CrossEntropy)",
        t => throw new InvalidOperationException("Softmax is applied to a whole layer."),
        derivative: null,
        usesHeInit: false, outputInUnitInterval: true);

    /// <summary>Every activation by canonical name.</summary>
    public static readonly IReadOnlyList<Activation> All = new[] { Sigmoid, Tanh, ReLU, LeakyReLU, Linear, Softmax };

    public static Activation? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static Activation Get(string canonicalName) => All.First(a => a.Name == canonicalName);
}
