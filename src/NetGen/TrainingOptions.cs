using System;
using System.Globalization;

namespace NetGen;

/// <summary>
/// How <see cref="Trainer.Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, System.Threading.CancellationToken)"/> trains:
/// epochs, optimizer and learning rate (with an optional schedule), batch size, shuffling, validation, early stopping,
/// checkpoints and when to stop.
/// The values are checked when training starts; an invalid one throws an <see cref="ArgumentException"/> naming it.
/// </summary>
public sealed class TrainingOptions
{
    /// <summary>The most passes over the data, at least 1. Default 100.</summary>
    public int Epochs { get; set; } = 100;

    /// <summary>
    /// The step size of plain gradient descent (the generated <c>Step(lr)</c>) when no <see cref="Optimizer"/> is set,
    /// finite and greater than 0. Default 0.1. Setting it in <see cref="OnEpoch"/> changes the rate from the next epoch
    /// on (with an optimizer, it sets <see cref="NetGen.Optimizer.LearningRate"/>); with a <see cref="Schedule"/> that is an error.
    /// </summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>
    /// The update rule, for example <c>new Adam(learningRate: 1e-3)</c>; it keeps its state (moments, step count) across
    /// calls and serves one network. Default null: plain gradient descent at <see cref="LearningRate"/>, the network's own
    /// <see cref="INetwork{T}.Step"/>.
    /// </summary>
    public Optimizer? Optimizer { get; set; }

    /// <summary>
    /// The learning rate of each epoch, from the initial rate (the optimizer's, or <see cref="LearningRate"/>), for
    /// example <c>LearningRateSchedule.Cosine(epochs: 20, warmupEpochs: 2)</c>. Default null: the rate stays as set.
    /// </summary>
    public LearningRateSchedule? Schedule { get; set; }

    /// <summary>
    /// The share of the dataset held out for validation, from 0 (the default: none) to less than 1: the last
    /// <c>round(fraction * Count)</c> samples, in the dataset's order and before any shuffling (Keras'
    /// <c>validation_split</c>), so shuffle the dataset first when its order is not random.
    /// </summary>
    public double ValidationFraction { get; set; }

    /// <summary>Stops when a monitored quantity stops improving and puts back the best parameters. Default null: never.</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Writes the best (or every N epochs') model to a file during training. Default null: no checkpoints.</summary>
    public Checkpoint? Checkpoint { get; set; }

    /// <summary>
    /// The number of samples whose mean gradient makes one step, at least 1. Default 1: one step per sample
    /// (stochastic gradient descent). A value of at least the dataset's size is full-batch gradient descent (one
    /// step per epoch); values between are mini-batches, and an epoch's last, smaller batch is kept.
    /// </summary>
    public int BatchSize { get; set; } = 1;

    /// <summary>
    /// Whether to visit the samples in a new random order every epoch. Default true. The orders come from one
    /// <see cref="Random"/> created from <see cref="Seed"/> when training starts, so a run is reproducible.
    /// </summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>The seed of the sample order when <see cref="Shuffle"/> is on. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// When set (finite and greater than 0), training stops with <see cref="StopReason.Converged"/> as soon as an
    /// epoch's loss differs from the previous epoch's by less than this. Default null: never.
    /// </summary>
    public double? Tolerance { get; set; }

    /// <summary>
    /// When set (finite), training stops with <see cref="StopReason.TargetReached"/> as soon as an epoch's loss is
    /// at most this. Default null: never.
    /// </summary>
    public double? TargetLoss { get; set; }

    /// <summary>
    /// The most threads one batch's training uses, at least 1 (for networks that implement
    /// <see cref="IParallelTrainable"/>, as every generated one does). Default <see cref="Environment.ProcessorCount"/>:
    /// every core, since the result does not depend on it: any value gives the same bits. A large network's layers split
    /// their work so that each thread computes whole elements of each result; a small network's batch splits into chunks
    /// fixed by its size alone, whose gradients add in a fixed order. Work too small to pay for a thread (a layer under
    /// 2^18 multiply-adds per batch; a small network's batch under 64 rows) runs on one thread. Set 1 when the caller
    /// already trains several networks in parallel.
    /// </summary>
    public int DegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Called after every epoch, on the training thread, with that epoch's loss. Default null.</summary>
    public Action<EpochReport>? OnEpoch { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option, if any.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1) Throw(nameof(Epochs), Epochs.ToString(CultureInfo.InvariantCulture), "at least 1");
        if (!(LearningRate > 0.0) || !double.IsFinite(LearningRate))
        {
            Throw(nameof(LearningRate), LearningRate.ToString(CultureInfo.InvariantCulture), "finite and greater than 0");
        }
        if (!(ValidationFraction >= 0.0 && ValidationFraction < 1.0))
        {
            Throw(nameof(ValidationFraction), ValidationFraction.ToString(CultureInfo.InvariantCulture), "at least 0 and less than 1");
        }
        if (BatchSize < 1) Throw(nameof(BatchSize), BatchSize.ToString(CultureInfo.InvariantCulture), "at least 1");
        if (DegreeOfParallelism < 1) Throw(nameof(DegreeOfParallelism), DegreeOfParallelism.ToString(CultureInfo.InvariantCulture), "at least 1");
        if (Tolerance is double tolerance && (!(tolerance > 0.0) || !double.IsFinite(tolerance)))
        {
            Throw(nameof(Tolerance), tolerance.ToString(CultureInfo.InvariantCulture), "finite and greater than 0, or null");
        }
        if (TargetLoss is double target && !double.IsFinite(target))
        {
            Throw(nameof(TargetLoss), target.ToString(CultureInfo.InvariantCulture), "finite, or null");
        }
    }

    private static void Throw(string option, string value, string requirement) =>
        throw new ArgumentException($"TrainingOptions.{option} is {value}; it must be {requirement}.", option);

    /// <summary>The options in one line, in invariant culture.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Epochs = {Epochs}, LearningRate = {LearningRate}, BatchSize = {BatchSize}, DegreeOfParallelism = {DegreeOfParallelism}, Shuffle = {Shuffle}, Seed = {Seed}, Tolerance = {(Tolerance is double t ? t.ToString(CultureInfo.InvariantCulture) : "null")}, TargetLoss = {(TargetLoss is double l ? l.ToString(CultureInfo.InvariantCulture) : "null")}" +
        $"{(Optimizer is null ? "" : $", Optimizer = {Optimizer}")}{(Schedule is null ? "" : $", Schedule = {Schedule}")}" +
        $"{(ValidationFraction == 0 ? "" : $", ValidationFraction = {ValidationFraction}")}{(EarlyStopping is null ? "" : $", {EarlyStopping}")}{(Checkpoint is null ? "" : $", {Checkpoint}")}");
}
