using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen;

/// <summary>Why <see cref="Trainer.Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, System.Threading.CancellationToken)"/> stopped.</summary>
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

    /// <summary><see cref="TrainingOptions.EarlyStopping"/> saw no improvement for its patience.</summary>
    EarlyStopped = 4,
}

/// <summary>What one training run did: the loss of every epoch, how many ran, why it stopped and how long it took.</summary>
public sealed class TrainingHistory
{
    private readonly double[] _epochLosses;
    private readonly double[] _validationLosses;
    private readonly double[] _validationAccuracies;
    private readonly double[] _learningRates;

    internal TrainingHistory(double[] epochLosses, StopReason stopReason, TimeSpan elapsed,
        double[] validationLosses, double[] validationAccuracies, double[] learningRates, int bestEpoch)
    {
        _epochLosses = epochLosses;
        StopReason = stopReason;
        Elapsed = elapsed;
        _validationLosses = validationLosses;
        _validationAccuracies = validationAccuracies;
        _learningRates = learningRates;
        BestEpoch = bestEpoch;
    }

    /// <summary>The loss of each completed epoch (the mean of its samples' losses), first epoch first.</summary>
    public IReadOnlyList<double> EpochLosses => _epochLosses;

    /// <summary>
    /// The mean loss on the validation data after each completed epoch (Keras' <c>val_loss</c>); empty when training had
    /// no validation data.
    /// </summary>
    public IReadOnlyList<double> ValidationLosses => _validationLosses;

    /// <summary>
    /// The share of validation samples classified right after each completed epoch (Keras' <c>val_accuracy</c>; classes
    /// read as <see cref="Metrics.Accuracy{T}(IPredictor{T}, Dataset{T})"/> reads them); empty without validation data.
    /// </summary>
    public IReadOnlyList<double> ValidationAccuracies => _validationAccuracies;

    /// <summary>The learning rate each completed epoch ran with.</summary>
    public IReadOnlyList<double> LearningRates => _learningRates;

    /// <summary>
    /// The epoch with the best monitored value, 1-based: early stopping's when it is set (its parameters are the ones
    /// restored), else the best-only checkpoint's; 0 when nothing is monitored.
    /// </summary>
    public int BestEpoch { get; }

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
        string validation = _validationLosses.Length == 0
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $", validation loss {_validationLosses[^1]:G6}, accuracy {_validationAccuracies[^1]:F4}");
        string best = BestEpoch > 0 ? string.Create(CultureInfo.InvariantCulture, $", best epoch {BestEpoch}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{epochs} ({StopReason}), {loss}{validation}{best}, {Elapsed.TotalMilliseconds:F0} ms");
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

    /// <summary>The mean loss on the validation data after the epoch; NaN without validation data.</summary>
    public double ValidationLoss { get; init; } = double.NaN;

    /// <summary>The share of validation samples classified right after the epoch; NaN without validation data.</summary>
    public double ValidationAccuracy { get; init; } = double.NaN;

    /// <summary>The learning rate the epoch ran with; NaN when not reported.</summary>
    public double LearningRate { get; init; } = double.NaN;

    /// <summary>For example <c>"epoch 12/100, loss 0.0123, validation loss 0.02, accuracy 0.9810, 35 ms"</c>, in invariant culture.</summary>
    public override string ToString()
    {
        string validation = double.IsNaN(ValidationLoss)
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $", validation loss {ValidationLoss:G6}, accuracy {ValidationAccuracy:F4}");
        return string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}/{Epochs}, loss {Loss:G6}{validation}, {Elapsed.TotalMilliseconds:F0} ms");
    }
}

/// <summary>
/// Thrown by <see cref="Trainer.Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, System.Threading.CancellationToken)"/> when the loss or a parameter becomes NaN or infinite. The network's
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
