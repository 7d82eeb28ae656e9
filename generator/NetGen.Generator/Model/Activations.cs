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
    private Func<NumberType, string, string, string>? _laneForward;
    private Func<NumberType, string, string, string>? _laneDerivative;

    private Activation(string name, string formula, string derivativeFormula, Func<NumberType, string> forward, Func<NumberType, string>? derivative, bool usesHeInit)
    {
        Name = name;
        Formula = formula;
        DerivativeFormula = derivativeFormula;
        _forward = forward;
        _derivative = derivative;
        UsesHeInit = usesHeInit;
    }

    /// <summary>The canonical name users write (case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The math, for comments in generated code.</summary>
    public string Formula { get; }

    /// <summary>The derivative in terms of the output a, for comments.</summary>
    public string DerivativeFormula { get; }

    /// <summary>WeightInit.Auto picks He for this activation (ReLU family) rather than Xavier.</summary>
    public bool UsesHeInit { get; }

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
    /// The body of <c>static V Name(V z)</c> on a vector <paramref name="vector"/> (e.g. <c>Vector512&lt;float&gt;</c>) of
    /// samples, one per lane, with <paramref name="lanes"/> the runtime's class of lane functions for that width
    /// (<c>global::NetGen.Lanes512</c>): the same math as <see cref="ForwardExpression"/>.
    /// </summary>
    public string LaneForwardExpression(NumberType t, string vector, string lanes) => _laneForward!(t, vector, lanes);

    /// <summary>The body of <c>static V NameDerivative(V a)</c>, as <see cref="LaneForwardExpression"/>.</summary>
    public string LaneDerivativeExpression(NumberType t, string vector, string lanes) =>
        _laneDerivative?.Invoke(t, vector, lanes) ?? throw new InvalidOperationException(Name + " has no element-wise derivative.");

    /// <summary>Sets the vector forms (see <see cref="LaneForwardExpression"/>).</summary>
    private Activation WithLanes(Func<NumberType, string, string, string> forward, Func<NumberType, string, string, string>? derivative)
    {
        _laneForward = forward;
        _laneDerivative = derivative;
        return this;
    }

    public static readonly Activation Sigmoid = new Activation(
        "Sigmoid", "sigmoid(z) = 1 / (1 + e^-z)", "sigmoid'(z) = a (1 - a)",
        t => $"{t.Literal(1)} / ({t.Literal(1)} + {t.Math}.Exp(-z))",
        t => $"a * ({t.Literal(1)} - a)",
        usesHeInit: false)
        .WithLanes((t, v, lanes) => $"{v}.One / ({v}.One + {lanes}.Exp(-z))", (t, v, lanes) => $"a * ({v}.One - a)");

    public static readonly Activation Tanh = new Activation(
        "Tanh", "tanh(z)", "tanh'(z) = 1 - a^2",
        t => $"{t.Math}.Tanh(z)",
        t => $"{t.Literal(1)} - a * a",
        usesHeInit: false)
        .WithLanes((t, v, lanes) => $"{lanes}.Tanh(z)", (t, v, lanes) => $"{v}.One - a * a");

    public static readonly Activation ReLU = new Activation(
        "ReLU", "relu(z) = max(z, 0)", "relu'(z) = a > 0 ? 1 : 0",
        // Written so that NaN propagates (NaN < 0 is false), as it does through every other activation.
        t => $"z < {t.Literal(0)} ? {t.Literal(0)} : z",
        t => $"a > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0)}",
        usesHeInit: true)
        .WithLanes((t, v, lanes) => $"{lanes}.WhereNegative(z, {v}.Zero, z)", (t, v, lanes) => $"{lanes}.WherePositive(a, {v}.One, {v}.Zero)");

    public static readonly Activation LeakyReLU = new Activation(
        "LeakyReLU", "leakyrelu(z) = z > 0 ? z : 0.01 z", "leakyrelu'(z) = a > 0 ? 1 : 0.01",
        t => $"z > {t.Literal(0)} ? z : {t.Literal(0.01)} * z",
        t => $"a > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0.01)}",
        usesHeInit: true)
        .WithLanes((t, v, lanes) => $"{lanes}.WherePositive(z, z, {t.Literal(0.01)} * z)", (t, v, lanes) => $"{lanes}.WherePositive(a, {v}.One, {t.Literal(0.01)} * {v}.One)");

    public static readonly Activation Linear = new Activation(
        "Linear", "linear(z) = z", "linear'(z) = 1",
        t => "z",
        t => t.Literal(1),
        usesHeInit: false)
        .WithLanes((t, v, lanes) => "z", (t, v, lanes) => $"{v}.One");

    public static readonly Activation Softmax = new Activation(
        "Softmax", "softmax(z)_k = e^z_k / sum_j e^z_j", "(fused with CrossEntropy)",
        t => throw new InvalidOperationException("Softmax is applied to a whole layer."),
        derivative: null,
        usesHeInit: false);

    /// <summary>Every activation by canonical name.</summary>
    public static readonly IReadOnlyList<Activation> All = new[] { Sigmoid, Tanh, ReLU, LeakyReLU, Linear, Softmax };

    public static Activation? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static Activation Get(string canonicalName) => All.First(a => a.Name == canonicalName);
}
