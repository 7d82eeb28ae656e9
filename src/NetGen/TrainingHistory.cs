using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen;

/// <summary>Why <see cref="Trainer.Fit{T}"/> stopped.</summary>
public enum StopReason
{
    /// <summary>It ran every epoch of <see cref="TrainingOptions.Epochs"/>.</summary>
    MaxEpochs = 0,

    /// <summary>The loss changed by less than <see cref="TrainingOptions.Tolerance"/> from one epoch to the next.</summary>
    Converged = 1,

    /// <summary>An epoch's loss was at most <see cref="TrainingOptions.TargetLoss"/>.</summary>
    TargetReached = 2,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled = 3,
}

/// <summary>What one training run did: the loss of every epoch, how many ran, why it stopped and how long it took.</summary>
public sealed class TrainingHistory
{
    private readonly double[] _epochLosses;

    internal TrainingHistory(double[] epochLosses, StopReason stopReason, TimeSpan elapsed)
    {
        _epochLosses = epochLosses;
        StopReason = stopReason;
        Elapsed = elapsed;
    }

    /// <summary>The loss of each completed epoch (the mean of its samples' losses), first epoch first.</summary>
    public IReadOnlyList<double> EpochLosses => _epochLosses;

    /// <summary>The number of completed epochs. An epoch interrupted by cancellation is not counted.</summary>
    public int EpochsRun => _epochLosses.Length;

    /// <summary>Why training stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>The wall-clock time the run took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The loss of the last completed epoch, or <see cref="double.NaN"/> when no epoch completed.</summary>
    public double FinalLoss => _epochLosses.Length == 0 ? double.NaN : _epochLosses[^1];

    /// <summary>A one-line summary, in invariant culture, for example <c>"5000 epochs (MaxEpochs), loss 0.693147 -> 0.00121, 412 ms"</c>.</summary>
    public override string ToString()
    {
        string epochs = EpochsRun == 1 ? "1 epoch" : string.Create(CultureInfo.InvariantCulture, $"{EpochsRun} epochs");
        string loss = EpochsRun == 0
            ? "no loss"
            : string.Create(CultureInfo.InvariantCulture, $"loss {_epochLosses[0]:G6} -> {FinalLoss:G6}");
        return string.Create(CultureInfo.InvariantCulture, $"{epochs} ({StopReason}), {loss}, {Elapsed.TotalMilliseconds:F0} ms");
    }
}

/// <summary>What <see cref="TrainingOptions.OnEpoch"/> is told after each epoch.</summary>
public readonly record struct EpochReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="epoch">The epoch that just ended, 1-based.</param>
    /// <param name="epochs">The most epochs the run will do.</param>
    /// <param name="loss">The epoch's loss.</param>
    /// <param name="elapsed">The time since training started.</param>
    public EpochReport(int epoch, int epochs, double loss, TimeSpan elapsed)
    {
        Epoch = epoch;
        Epochs = epochs;
        Loss = loss;
        Elapsed = elapsed;
    }

    /// <summary>The epoch that just ended, 1-based.</summary>
    public int Epoch { get; }

    /// <summary>The most epochs the run will do (<see cref="TrainingOptions.Epochs"/>).</summary>
    public int Epochs { get; }

    /// <summary>The epoch's loss: the mean of its samples' losses.</summary>
    public double Loss { get; }

    /// <summary>The time since training started.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>For example <c>"epoch 12/100, loss 0.0123, 35 ms"</c>, in invariant culture.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}/{Epochs}, loss {Loss:G6}, {Elapsed.TotalMilliseconds:F0} ms");
}

/// <summary>
/// Thrown by <see cref="Trainer.Fit{T}"/> when the loss or a parameter becomes NaN or infinite. The network's
/// parameters are restored to their values at the start of the failing epoch and its gradients are cleared.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public TrainingDivergedException()
        : this("Training diverged: the loss became NaN or infinite.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
        Loss = double.NaN;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Loss = double.NaN;
    }

    /// <summary>Creates the exception for a divergence in <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The 1-based epoch in which training diverged.</param>
    /// <param name="loss">The loss that was not finite (or the epoch's loss when a parameter was not).</param>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(int epoch, double loss, string message)
        : base(message)
    {
        Epoch = epoch;
        Loss = loss;
    }

    /// <summary>The 1-based epoch in which training diverged (0 when unknown).</summary>
    public int Epoch { get; }

    /// <summary>The loss that was NaN or infinite; the epoch's (finite) loss when it was a parameter that was not finite.</summary>
    public double Loss { get; }
}
