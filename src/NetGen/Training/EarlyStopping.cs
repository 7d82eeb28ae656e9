using System;
using System.Globalization;

namespace NetGen;

/// <summary>
/// Stops training when a monitored quantity stops improving, as Keras' <c>EarlyStopping</c> callback does, and by
/// default puts back the parameters of the best epoch (<see cref="TrainingOptions.EarlyStopping"/>).
/// </summary>
/// <remarks>
/// An epoch improves on the best so far when its value is below <c>best - MinDelta</c> (a loss) or above
/// <c>best + MinDelta</c> (an accuracy). Training stops with <see cref="StopReason.EarlyStopped"/> after
/// <see cref="Patience"/> epochs in a row without improvement. When training ends for any reason but an exception, and
/// <see cref="RestoreBestParameters"/> is on, the network gets the parameters it had at the end of the best epoch
/// (<see cref="TrainingHistory.BestEpoch"/>).
/// </remarks>
public sealed class EarlyStopping
{
    private readonly int _patience = 5;
    private readonly double _minDelta;

    private readonly EpochMetric _monitor = EpochMetric.ValidationLoss;

    /// <summary>What to watch. Default <see cref="EpochMetric.ValidationLoss"/> (which needs validation data).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="EpochMetric"/>'s.</exception>
    public EpochMetric Monitor
    {
        get => _monitor;
        init => _monitor = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Monitor), value, $"EarlyStopping.Monitor is {(int)value}, not an EpochMetric.");
    }

    /// <summary>Epochs in a row without improvement before training stops, at least 1. Default 5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Patience
    {
        get => _patience;
        init => _patience = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Patience), value, $"EarlyStopping.Patience is {value}; it must be at least 1.");
    }

    /// <summary>The smallest change that counts as an improvement, finite and at least 0. Default 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double MinDelta
    {
        get => _minDelta;
        init => _minDelta = value >= 0.0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, $"EarlyStopping.MinDelta is {value.ToString(CultureInfo.InvariantCulture)}; it must be finite and at least 0.");
    }

    /// <summary>Whether the parameters of the best epoch are put back when training ends. Default true.</summary>
    public bool RestoreBestParameters { get; init; } = true;

    /// <summary>True when <paramref name="value"/> improves on <paramref name="best"/> by more than <see cref="MinDelta"/>.</summary>
    internal bool Improves(double value, double best) =>
        Monitor.IsMaximized() ? value > best + _minDelta : value < best - _minDelta;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"EarlyStopping(Monitor = {Monitor}, Patience = {Patience}, MinDelta = {MinDelta}, RestoreBestParameters = {RestoreBestParameters})");
}

/// <summary>
/// Writes the network to a model file during training, as Keras' <c>ModelCheckpoint</c> does
/// (<see cref="TrainingOptions.Checkpoint"/>): after every epoch that improves the monitored quantity
/// (<see cref="BestOnly"/>, the default), or every <see cref="EveryEpochs"/> epochs. Each write is atomic: a temporary
/// file in the same folder, flushed, then renamed over the target, so a crash never leaves a half-written model.
/// </summary>
public sealed class Checkpoint
{
    private readonly int _everyEpochs = 1;

    /// <summary>Creates the checkpoint settings.</summary>
    /// <param name="path">
    /// The model file to write. <c>{epoch}</c> in it is replaced by the epoch number (for example
    /// <c>"model-{epoch}.json"</c> keeps one file per checkpoint); without it each checkpoint replaces the last.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    public Checkpoint(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The checkpoint path is empty.", nameof(path));
        Path = path;
    }

    /// <summary>The model file to write; <c>{epoch}</c> is replaced by the epoch number.</summary>
    public string Path { get; }

    /// <summary>
    /// True (the default): write only after an epoch whose <see cref="Monitor"/> value is the best so far. False: write
    /// every <see cref="EveryEpochs"/> epochs.
    /// </summary>
    public bool BestOnly { get; init; } = true;

    private readonly EpochMetric _monitor = EpochMetric.ValidationLoss;

    /// <summary>What <see cref="BestOnly"/> compares. Default <see cref="EpochMetric.ValidationLoss"/> (which needs validation data).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="EpochMetric"/>'s.</exception>
    public EpochMetric Monitor
    {
        get => _monitor;
        init => _monitor = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Monitor), value, $"Checkpoint.Monitor is {(int)value}, not an EpochMetric.");
    }

    /// <summary>With <see cref="BestOnly"/> off, the epochs between two writes, at least 1. Default 1 (every epoch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int EveryEpochs
    {
        get => _everyEpochs;
        init => _everyEpochs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(EveryEpochs), value, $"Checkpoint.EveryEpochs is {value}; it must be at least 1.");
    }

    /// <summary>The path of the checkpoint of <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    public string PathFor(int epoch) => Path.Replace("{epoch}", epoch.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Checkpoint(\"{Path}\", BestOnly = {BestOnly}, Monitor = {Monitor}, EveryEpochs = {EveryEpochs})");
}
