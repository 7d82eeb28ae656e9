using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Model;

/// <summary>
/// A per-sample loss, defined once: how the static Loss method sums it over outputs (y = output[k], t = target[k]),
/// and dL/dy_k, the output error that Backward multiplies by the activation's derivative.
/// </summary>
internal sealed class Loss
{
    private readonly Func<NumberType, string, string, string[]> _term;
    private readonly Func<NumberType, string, string> _total;
    private readonly Func<NumberType, int, string> _outputError;

    private Loss(string name, string formula, string errorFormula, Func<NumberType, string, string, string[]> term, Func<NumberType, string, string> total, Func<NumberType, int, string> outputError, string? fusedActivation)
    {
        Name = name;
        Formula = formula;
        ErrorFormula = errorFormula;
        _term = term;
        _total = total;
        _outputError = outputError;
        FusedActivation = fusedActivation;
    }

    /// <summary>The canonical name users write (case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The per-sample loss, for comments and docs.</summary>
    public string Formula { get; }

    /// <summary>The right-hand side of dL/dy (or of dL/dz when fused), for comments.</summary>
    public string ErrorFormula { get; }

    /// <summary>
    /// The output activation whose derivative is already folded into <see cref="OutputError"/> (BCE after sigmoid and
    /// CrossEntropy after softmax give dL/dz = (y - t) / n and y - t), or null when the derivative is applied separately.
    /// </summary>
    public string? FusedActivation { get; }

    /// <summary>The statements adding output k's term to <c>sum</c>.</summary>
    public string[] Term(NumberType t) => _term(t, t.Keyword, t.Literal(1));

    /// <summary>
    /// The statements adding output k's term to <c>sum</c>, with y, t and sum of type <paramref name="type"/> (a vector of
    /// samples, one per lane) and <paramref name="one"/> spelling 1 in that type.
    /// </summary>
    public string[] Term(NumberType t, string type, string one) => _term(t, type, one);

    /// <summary>The loss from the sum of the terms, the variable <paramref name="sum"/>.</summary>
    public string Total(NumberType t, string sum = "sum") => _total(t, sum);

    /// <summary>dL/dy_k (or dL/dz_k when fused) from <c>y</c> and <c>t</c>, for a layer of <paramref name="outputs"/> units.</summary>
    public string OutputError(NumberType t, int outputs) => _outputError(t, outputs);

    public static readonly Loss MSE = new(
        "MSE", "MSE = mean over outputs of (y - t)^2", "2 (y - t) / n",
        (t, type, one) => new[] { $"{type} e = y - t;", "sum += e * e;" },
        (t, sum) => $"{sum} / OutputSize",
        (t, n) => $"{t.Literal(2.0 / n)} * (y - t)",
        fusedActivation: null);

    public static readonly Loss SSE = new(
        "SSE", "SSE = 1/2 sum over outputs of (y - t)^2", "y - t",
        (t, type, one) => new[] { $"{type} e = y - t;", "sum += e * e;" },
        (t, sum) => $"{t.Literal(0.5)} * {sum}",
        (t, n) => "y - t",
        fusedActivation: null);

    public static readonly Loss BCE = new(
        "BCE", "BCE = mean over outputs of -(t ln y + (1 - t) ln(1 - y))", "(y - t) / n (sigmoid and BCE, fused)",
        (t, type, one) => new[] { $"sum += t * ClampedLog(y) + ({one} - t) * ClampedLog({one} - y);" },
        (t, sum) => $"-{sum} / OutputSize",
        (t, n) => n == 1 ? "y - t" : $"{t.Literal(1.0 / n)} * (y - t)",
        fusedActivation: "Sigmoid");

    public static readonly Loss CrossEntropy = new(
        "CrossEntropy", "CrossEntropy = -sum over classes of t ln softmax(z)", "y - t (softmax and cross-entropy, fused)",
        (t, type, one) => new[] { "sum += t * ClampedLog(y);" },
        (t, sum) => "-" + sum,
        (t, n) => "y - t",
        fusedActivation: "Softmax");

    /// <summary>Every loss by canonical name.</summary>
    public static readonly IReadOnlyList<Loss> All = new[] { MSE, SSE, BCE, CrossEntropy };

    /// <summary>The losses whose static Loss method needs the clamped logarithm.</summary>
    public bool UsesLog => this == BCE || this == CrossEntropy;

    public static Loss? Find(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static Loss Get(string canonicalName) => All.First(l => l.Name == canonicalName);
}
