using System;
using System.Numerics;
using System.Text;

namespace NetGen;

/// <summary>
/// Adam, as <c>torch.optim.Adam</c> defines it, with bias correction and epsilon added outside the square root.
/// With <c>g</c> the mean gradient and <c>t</c> the step number:
/// <code>
/// g = g + weightDecay * p                      (L2 penalty, when weightDecay != 0)
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * g^2
/// p = p - (learningRate / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
/// </code>
/// For decoupled weight decay use <see cref="AdamW"/>.
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size (<c>lr</c>), finite and at least 0. Default 0.001.</param>
    /// <param name="beta1">The decay of the first moment, at least 0 and less than 1. Default 0.9.</param>
    /// <param name="beta2">The decay of the second moment, at least 0 and less than 1. Default 0.999.</param>
    /// <param name="epsilon">Added to the denominator, finite and at least 0. Default 1e-8.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient, finite and at least 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names it).</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.0)
        : this(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    private protected Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
        : base(learningRate)
    {
        Beta1 = CheckFraction(beta1, nameof(beta1));
        Beta2 = CheckFraction(beta2, nameof(beta2));
        Epsilon = CheckNonNegative(epsilon, nameof(epsilon));
        WeightDecay = CheckNonNegative(weightDecay, nameof(weightDecay));
        _decoupled = decoupled;
    }

    /// <summary>The decay of the first moment (the mean of the gradients).</summary>
    public double Beta1 { get; }

    /// <summary>The decay of the second moment (the mean of the squared gradients).</summary>
    public double Beta2 { get; }

    /// <summary>The constant added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>The weight decay coefficient: an L2 penalty for <see cref="Adam"/>, decoupled for <see cref="AdamW"/>.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override int StateBufferCount => 2;

    // Buffer 0: the first moment m; buffer 1: the second moment v, a mean of squared gradients.
    private protected override bool IsBufferOfSquares(int index) => index == 1;

    /// <inheritdoc/>
    protected override void Update<T>(Span<T> parameters, Span<T> gradient, T[][] state, long step, T learningRate) =>
        UpdateRange(parameters, gradient, state, 0, parameters.Length, step, learningRate);

    /// <summary>Adam and AdamW as they are; a subclass may override <see cref="Update"/>.</summary>
    private protected override bool UpdatesByElement => GetType() == typeof(Adam) || GetType() == typeof(AdamW);

    private protected override void UpdateRange<T>(Span<T> parameters, Span<T> gradient, T[][] state, int first, int end, long step, T learningRate)
    {
        parameters = parameters[first..end];
        gradient = gradient[first..end];
        if (_decoupled && WeightDecay != 0.0)
        {
            // AdamW: p = p * (1 - lr * weightDecay), before the Adam step.
            T shrink = T.CreateChecked(1.0 - LearningRate * WeightDecay);
            for (int i = 0; i < parameters.Length; i++) parameters[i] *= shrink;
        }
        else
        {
            AddL2Penalty(gradient, parameters, WeightDecay);
        }
        // The scalars are computed in double from the double learning rate, as PyTorch computes them in Python floats.
        double correction1 = 1.0 - Math.Pow(Beta1, step);
        double correction2 = 1.0 - Math.Pow(Beta2, step);
        T stepSize = T.CreateChecked(LearningRate / correction1);
        T root2 = T.CreateChecked(Math.Sqrt(correction2));
        T beta1 = T.CreateChecked(Beta1), keep1 = T.CreateChecked(1.0 - Beta1);
        T beta2 = T.CreateChecked(Beta2), keep2 = T.CreateChecked(1.0 - Beta2);
        T epsilon = T.CreateChecked(Epsilon);
        Span<T> m = state[0].AsSpan(first, end - first), v = state[1].AsSpan(first, end - first);
        int k = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            // The same operations lane by lane as the scalar loop below (no fused multiply-add), so the same bits.
            var vBeta1 = new Vector<T>(beta1);
            var vKeep1 = new Vector<T>(keep1);
            var vBeta2 = new Vector<T>(beta2);
            var vKeep2 = new Vector<T>(keep2);
            var vRoot2 = new Vector<T>(root2);
            var vEpsilon = new Vector<T>(epsilon);
            var vStep = new Vector<T>(stepSize);
            for (; k <= parameters.Length - Vector<T>.Count; k += Vector<T>.Count)
            {
                var g = new Vector<T>(gradient.Slice(k));
                var mi = vBeta1 * new Vector<T>(m.Slice(k)) + vKeep1 * g;
                var vi = vBeta2 * new Vector<T>(v.Slice(k)) + vKeep2 * (g * g);
                var denominator = Vector.SquareRoot(vi) / vRoot2 + vEpsilon;
                var p = new Vector<T>(parameters.Slice(k)) - vStep * (mi / denominator);
                mi.CopyTo(m.Slice(k));
                vi.CopyTo(v.Slice(k));
                p.CopyTo(parameters.Slice(k));
            }
        }
        for (; k < parameters.Length; k++)
        {
            T g = gradient[k];
            m[k] = beta1 * m[k] + keep1 * g;
            v[k] = beta2 * v[k] + keep2 * (g * g);
            T denominator = T.Sqrt(v[k]) / root2 + epsilon;
            parameters[k] -= stepSize * (m[k] / denominator);
        }
    }

    /// <inheritdoc/>
    protected override void AppendHyperparameters(StringBuilder text)
    {
        text.Append(", beta1: ").Append(Format(Beta1)).Append(", beta2: ").Append(Format(Beta2))
            .Append(", epsilon: ").Append(Format(Epsilon)).Append(", weightDecay: ").Append(Format(WeightDecay));
    }
}

/// <summary>
/// Adam with decoupled weight decay, as <c>torch.optim.AdamW</c> defines it: before the <see cref="Adam"/> step
/// (which then adds no L2 term), <c>p = p * (1 - learningRate * weightDecay)</c>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size (<c>lr</c>), finite and at least 0. Default 0.001.</param>
    /// <param name="beta1">The decay of the first moment, at least 0 and less than 1. Default 0.9.</param>
    /// <param name="beta2">The decay of the second moment, at least 0 and less than 1. Default 0.999.</param>
    /// <param name="epsilon">Added to the denominator, finite and at least 0. Default 1e-8.</param>
    /// <param name="weightDecay">The decoupled weight decay coefficient, finite and at least 0. Default 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names it).</exception>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
