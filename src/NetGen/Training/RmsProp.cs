using System;
using System.Numerics;
using System.Text;

namespace NetGen;

/// <summary>
/// RMSprop, as <c>torch.optim.RMSprop</c> defines it. With <c>g</c> the mean gradient:
/// <code>
/// g = g + weightDecay * p                       (when weightDecay != 0)
/// v = alpha * v + (1 - alpha) * g^2
/// a = alpha * a + (1 - alpha) * g;  d = sqrt(v - a^2) + epsilon     (centered)
///                                   d = sqrt(v) + epsilon           (otherwise)
/// b = momentum * b + g / d;  p = p - learningRate * b               (when momentum != 0)
/// p = p - learningRate * g / d                                      (otherwise)
/// </code>
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size (<c>lr</c>), finite and at least 0. Default 0.01.</param>
    /// <param name="alpha">The smoothing constant of the squared-gradient average, at least 0 and less than 1. Default 0.99.</param>
    /// <param name="epsilon">Added to the denominator, finite and at least 0. Default 1e-8.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient, finite and at least 0. Default 0.</param>
    /// <param name="momentum">The momentum factor, at least 0 and less than 1. Default 0.</param>
    /// <param name="centered">Normalize by the estimated variance of the gradient instead of its second moment. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names it).</exception>
    public RmsProp(double learningRate = 1e-2, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0.0, double momentum = 0.0, bool centered = false)
        : base(learningRate)
    {
        Alpha = CheckFraction(alpha, nameof(alpha));
        Epsilon = CheckNonNegative(epsilon, nameof(epsilon));
        WeightDecay = CheckNonNegative(weightDecay, nameof(weightDecay));
        Momentum = CheckFraction(momentum, nameof(momentum));
        Centered = centered;
    }

    /// <summary>The smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>The constant added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The L2 penalty coefficient added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum factor (0: none).</summary>
    public double Momentum { get; }

    /// <summary>Whether the gradient is normalized by its estimated variance.</summary>
    public bool Centered { get; }

    // Buffer 0: the squared-gradient average; then the momentum buffer and the gradient average when used.
    private int MomentumBuffer => 1;
    private int AverageBuffer => Momentum != 0.0 ? 2 : 1;

    /// <inheritdoc/>
    protected override int StateBufferCount => 1 + (Momentum != 0.0 ? 1 : 0) + (Centered ? 1 : 0);

    private protected override bool IsBufferOfSquares(int index) => index == 0;

    /// <inheritdoc/>
    protected override void Update<T>(Span<T> parameters, Span<T> gradient, T[][] state, long step, T learningRate) =>
        UpdateRange(parameters, gradient, state, 0, parameters.Length, step, learningRate);

    private protected override bool UpdatesByElement => true;

    private protected override void UpdateRange<T>(Span<T> parameters, Span<T> gradient, T[][] state, int first, int end, long step, T learningRate)
    {
        parameters = parameters[first..end];
        gradient = gradient[first..end];
        AddL2Penalty(gradient, parameters, WeightDecay);
        T alpha = T.CreateChecked(Alpha), keep = T.CreateChecked(1.0 - Alpha);
        T epsilon = T.CreateChecked(Epsilon), momentum = T.CreateChecked(Momentum);
        int count = end - first;
        Span<T> square = state[0].AsSpan(first, count);
        Span<T> buffer = Momentum != 0.0 ? state[MomentumBuffer].AsSpan(first, count) : default;
        Span<T> average = Centered ? state[AverageBuffer].AsSpan(first, count) : default;
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            square[i] = alpha * square[i] + keep * (g * g);
            T denominator;
            if (Centered)
            {
                average[i] = alpha * average[i] + keep * g;
                denominator = T.Sqrt(square[i] - average[i] * average[i]) + epsilon;
            }
            else
            {
                denominator = T.Sqrt(square[i]) + epsilon;
            }
            if (Momentum != 0.0)
            {
                buffer[i] = momentum * buffer[i] + g / denominator;
                parameters[i] -= learningRate * buffer[i];
            }
            else
            {
                parameters[i] -= learningRate * (g / denominator);
            }
        }
    }

    /// <inheritdoc/>
    protected override void AppendHyperparameters(StringBuilder text)
    {
        text.Append(", alpha: ").Append(Format(Alpha)).Append(", epsilon: ").Append(Format(Epsilon))
            .Append(", weightDecay: ").Append(Format(WeightDecay)).Append(", momentum: ").Append(Format(Momentum))
            .Append(", centered: ").Append(Centered ? "true" : "false");
    }
}
