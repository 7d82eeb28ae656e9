using System;
using System.Numerics;
using System.Text;

namespace NetGen;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, as
/// <c>torch.optim.SGD</c> defines it. With <c>g</c> the mean gradient and <c>t</c> the step number:
/// <code>
/// g = g + weightDecay * p                       (when weightDecay != 0)
/// b = t == 1 ? g : momentum * b + (1 - dampening) * g   (when momentum != 0)
/// g = nesterov ? g + momentum * b : b           (when momentum != 0)
/// p = p - learningRate * g
/// </code>
/// </summary>
/// <remarks>
/// Without momentum, weight decay or clipping the update is exactly the generated <c>Step(learningRate)</c>
/// (<c>p += (-learningRate / n) * sum</c>), bit for bit.
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size (<c>lr</c>), finite and at least 0. Default 0.001.</param>
    /// <param name="momentum">The momentum factor, at least 0 and less than 1. Default 0 (none).</param>
    /// <param name="dampening">The dampening of the momentum, at least 0 and less than 1. Default 0.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient, finite and at least 0. Default 0.</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum greater than 0 and no dampening). Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names it).</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set without momentum or with dampening.</exception>
    public Sgd(double learningRate = 1e-3, double momentum = 0.0, double dampening = 0.0, double weightDecay = 0.0, bool nesterov = false)
        : base(learningRate)
    {
        Momentum = CheckFraction(momentum, nameof(momentum));
        Dampening = CheckFraction(dampening, nameof(dampening));
        WeightDecay = CheckNonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum <= 0.0 || dampening != 0.0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum greater than 0 and zero dampening (as in torch.optim.SGD).", nameof(nesterov));
        }
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor (0: none).</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>The L2 penalty coefficient added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override int StateBufferCount => Momentum != 0.0 ? 1 : 0;

    private protected override bool TryStepFromSums<T>(Span<T> parameters, ReadOnlySpan<T> sums, T samples, T learningRate)
    {
        if (Momentum != 0.0 || WeightDecay != 0.0 || !ClipsNothing) return false;
        // The same expression as the generated Step(lr), so both give the same bits.
        Kernels.AddScaled(parameters, -learningRate / samples, sums);
        return true;
    }

    /// <inheritdoc/>
    protected override void Update<T>(Span<T> parameters, Span<T> gradient, T[][] state, long step, T learningRate) =>
        UpdateRange(parameters, gradient, state, 0, parameters.Length, step, learningRate);

    private protected override bool UpdatesByElement => true;

    private protected override void UpdateRange<T>(Span<T> parameters, Span<T> gradient, T[][] state, int first, int end, long step, T learningRate)
    {
        parameters = parameters[first..end];
        gradient = gradient[first..end];
        AddL2Penalty(gradient, parameters, WeightDecay);
        if (Momentum != 0.0)
        {
            T momentum = T.CreateChecked(Momentum);
            T keep = T.CreateChecked(1.0 - Dampening);
            Span<T> buffer = state[0].AsSpan(first, end - first);
            for (int i = 0; i < gradient.Length; i++)
            {
                buffer[i] = step == 1 ? gradient[i] : momentum * buffer[i] + keep * gradient[i];
                gradient[i] = Nesterov ? gradient[i] + momentum * buffer[i] : buffer[i];
            }
        }
        for (int i = 0; i < parameters.Length; i++) parameters[i] -= learningRate * gradient[i];
    }

    /// <inheritdoc/>
    protected override void AppendHyperparameters(StringBuilder text)
    {
        text.Append(", momentum: ").Append(Format(Momentum)).Append(", dampening: ").Append(Format(Dampening))
            .Append(", weightDecay: ").Append(Format(WeightDecay)).Append(", nesterov: ").Append(Nesterov ? "true" : "false");
    }
}
