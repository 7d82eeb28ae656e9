using System;
using System.Globalization;

namespace NetGen;

/// <summary>
/// The learning rate of each epoch, set by <see cref="Trainer.Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, System.Threading.CancellationToken)"/>
/// before the epoch starts (<see cref="TrainingOptions.Schedule"/>). The factories name the kinds: <see cref="Constant"/>,
/// <see cref="Step"/>, <see cref="Exponential"/>, <see cref="Cosine"/> and <see cref="ReduceOnPlateau"/>; the
/// formulas are PyTorch's <c>torch.optim.lr_scheduler</c> ones, stepped once per epoch.
/// </summary>
/// <remarks>
/// The initial rate is the optimizer's <see cref="Optimizer.LearningRate"/> (or <see cref="TrainingOptions.LearningRate"/>
/// without an optimizer) when training starts. A schedule may be reused: training calls <see cref="Restart"/> first.
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The rate of epoch <paramref name="epoch"/> (1-based), given the rate training started with.</summary>
    /// <param name="epoch">The epoch about to run, from 1.</param>
    /// <param name="initialRate">The learning rate when training started.</param>
    public abstract double RateAt(int epoch, double initialRate);

    /// <summary>
    /// Told, after each epoch, the value the schedule monitors (see <see cref="Monitor"/>); only schedules that react to
    /// it, like <see cref="ReduceOnPlateau"/>, use it.
    /// </summary>
    /// <param name="epoch">The epoch that ended, from 1.</param>
    /// <param name="value">The monitored value of that epoch.</param>
    public virtual void Observe(int epoch, double value)
    {
    }

    /// <summary>The quantity <see cref="Observe"/> is given; null when the schedule does not react to any (the default).</summary>
    public virtual Monitor? Monitor => null;

    /// <summary>Forgets what earlier training runs told the schedule; called when training starts.</summary>
    public virtual void Restart()
    {
    }

    /// <summary>The same rate every epoch.</summary>
    public static LearningRateSchedule Constant() => new ConstantSchedule();

    /// <summary>PyTorch's <c>StepLR</c>: <c>rate = initial * gamma^floor((epoch - 1) / stepSize)</c>.</summary>
    /// <param name="stepSize">Epochs between two drops, at least 1.</param>
    /// <param name="gamma">The factor of each drop, greater than 0. Default 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static LearningRateSchedule Step(int stepSize, double gamma = 0.1) => new StepSchedule(stepSize, gamma);

    /// <summary>PyTorch's <c>ExponentialLR</c>: <c>rate = initial * gamma^(epoch - 1)</c>.</summary>
    /// <param name="gamma">The factor per epoch, greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not finite and greater than 0.</exception>
    public static LearningRateSchedule Exponential(double gamma) => new ExponentialSchedule(gamma);

    /// <summary>
    /// Cosine annealing (PyTorch's <c>CosineAnnealingLR</c> with <c>T_max = epochs - warmupEpochs</c>) after an optional
    /// linear warm-up; the formula is in the remarks.
    /// </summary>
    /// <param name="epochs">The epochs the schedule spans (usually <see cref="TrainingOptions.Epochs"/>), more than <paramref name="warmupEpochs"/>.</param>
    /// <param name="minimumRate">The rate the cosine ends at (<c>eta_min</c>), at least 0. Default 0.</param>
    /// <param name="warmupEpochs">Epochs of linear warm-up before the cosine, at least 0. Default 0.</param>
    /// <remarks>
    /// With <c>w</c> warm-up epochs and <c>k = epoch - 1</c>: for <c>k &lt; w</c>, <c>rate = initial * (k + 1) / (w + 1)</c>
    /// (a linear ramp towards the initial rate); otherwise, with <c>t = k - w</c> and <c>T = epochs - w</c>,
    /// <c>rate = min + (initial - min) * (1 + cos(pi * t / T)) / 2</c>. Epochs past <paramref name="epochs"/> stay at the minimum.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static LearningRateSchedule Cosine(int epochs, double minimumRate = 0.0, int warmupEpochs = 0) =>
        new CosineSchedule(epochs, minimumRate, warmupEpochs);

    /// <summary>
    /// PyTorch's <c>ReduceLROnPlateau</c>: multiplies the rate by <paramref name="factor"/> when the monitored value
    /// has not improved for more than <paramref name="patience"/> epochs. See <see cref="PlateauSchedule"/>.
    /// </summary>
    /// <param name="monitor">What to watch. Default <see cref="NetGen.Monitor.ValidationLoss"/>.</param>
    /// <param name="factor">The factor of each reduction, greater than 0 and less than 1. Default 0.1.</param>
    /// <param name="patience">Epochs without improvement tolerated before a reduction, at least 0. Default 10.</param>
    /// <param name="threshold">The relative improvement that counts, at least 0. Default 1e-4.</param>
    /// <param name="cooldown">Epochs after a reduction during which no bad epoch is counted, at least 0. Default 0.</param>
    /// <param name="minimumRate">The rate is never reduced below this, at least 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static PlateauSchedule ReduceOnPlateau(Monitor monitor = NetGen.Monitor.ValidationLoss, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, int cooldown = 0, double minimumRate = 0.0) =>
        new(monitor, factor, patience, threshold, cooldown, minimumRate);

    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private protected static void CheckPositive(double value, string name)
    {
        if (!(value > 0.0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {Format(value)}; it must be finite and greater than 0.");
        }
    }

    private protected static void CheckAtLeast(int value, int minimum, string name)
    {
        if (value < minimum) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be at least {minimum}.");
    }

    private protected static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0.0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {Format(value)}; it must be finite and at least 0.");
        }
    }

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double RateAt(int epoch, double initialRate) => initialRate;

        public override string ToString() => "Constant";
    }

    private sealed class StepSchedule : LearningRateSchedule
    {
        private readonly int _stepSize;
        private readonly double _gamma;

        public StepSchedule(int stepSize, double gamma)
        {
            CheckAtLeast(stepSize, 1, nameof(stepSize));
            CheckPositive(gamma, nameof(gamma));
            _stepSize = stepSize;
            _gamma = gamma;
        }

        public override double RateAt(int epoch, double initialRate) => initialRate * Math.Pow(_gamma, (epoch - 1) / _stepSize);

        public override string ToString() => $"Step(stepSize: {_stepSize}, gamma: {Format(_gamma)})";
    }

    private sealed class ExponentialSchedule : LearningRateSchedule
    {
        private readonly double _gamma;

        public ExponentialSchedule(double gamma)
        {
            CheckPositive(gamma, nameof(gamma));
            _gamma = gamma;
        }

        public override double RateAt(int epoch, double initialRate) => initialRate * Math.Pow(_gamma, epoch - 1);

        public override string ToString() => $"Exponential(gamma: {Format(_gamma)})";
    }

    private sealed class CosineSchedule : LearningRateSchedule
    {
        private readonly int _epochs;
        private readonly double _minimum;
        private readonly int _warmup;

        public CosineSchedule(int epochs, double minimumRate, int warmupEpochs)
        {
            CheckAtLeast(warmupEpochs, 0, nameof(warmupEpochs));
            CheckAtLeast(epochs, warmupEpochs + 1, nameof(epochs));
            CheckNonNegative(minimumRate, nameof(minimumRate));
            _epochs = epochs;
            _minimum = minimumRate;
            _warmup = warmupEpochs;
        }

        public override double RateAt(int epoch, double initialRate)
        {
            int k = epoch - 1;
            if (k < _warmup) return initialRate * (k + 1) / (_warmup + 1);
            if (epoch > _epochs) return _minimum;
            double t = k - _warmup, span = _epochs - _warmup;
            return _minimum + (initialRate - _minimum) * (1.0 + Math.Cos(Math.PI * t / span)) / 2.0;
        }

        public override string ToString() => $"Cosine(epochs: {_epochs}, minimumRate: {Format(_minimum)}, warmupEpochs: {_warmup})";
    }
}

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c> (relative threshold mode), stepped once per epoch: a value is an improvement
/// when it is below <c>best * (1 - threshold)</c> (for a loss) or above <c>best * (1 + threshold)</c> (for an accuracy).
/// After more than <see cref="Patience"/> epochs without improvement the rate becomes
/// <c>max(rate * factor, minimumRate)</c>, the count restarts, and the next <see cref="Cooldown"/> epochs count no bad
/// epoch. Created by <see cref="LearningRateSchedule.ReduceOnPlateau"/>.
/// </summary>
public sealed class PlateauSchedule : LearningRateSchedule
{
    private double? _rate;
    private double _best;
    private int _badEpochs;
    private int _cooldownLeft;

    internal PlateauSchedule(Monitor monitor, double factor, int patience, double threshold, int cooldown, double minimumRate)
    {
        if (!Enum.IsDefined(monitor)) throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Undefined monitor.");
        if (!(factor > 0.0 && factor < 1.0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor is {Format(factor)}; it must be greater than 0 and less than 1.");
        CheckAtLeast(patience, 0, nameof(patience));
        CheckNonNegative(threshold, nameof(threshold));
        CheckAtLeast(cooldown, 0, nameof(cooldown));
        CheckNonNegative(minimumRate, nameof(minimumRate));
        Watched = monitor;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinimumRate = minimumRate;
        Restart();
    }

    /// <summary>The quantity watched.</summary>
    public Monitor Watched { get; }

    /// <inheritdoc/>
    public override Monitor? Monitor => Watched;

    /// <summary>The factor of each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The relative improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Epochs after a reduction during which no bad epoch is counted.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest rate.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc/>
    public override void Restart()
    {
        _rate = null;
        _best = Watched.IsMaximized() ? double.NegativeInfinity : double.PositiveInfinity;
        _badEpochs = 0;
        _cooldownLeft = 0;
    }

    /// <inheritdoc/>
    public override double RateAt(int epoch, double initialRate) => _rate ??= initialRate;

    /// <inheritdoc/>
    public override void Observe(int epoch, double value)
    {
        bool better = Watched.IsMaximized() ? value > _best * (1.0 + Threshold) : value < _best * (1.0 - Threshold);
        if (better)
        {
            _best = value;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }
        if (_badEpochs > Patience && _rate is double rate)
        {
            double reduced = Math.Max(rate * Factor, MinimumRate);
            // PyTorch skips reductions smaller than eps = 1e-8.
            if (rate - reduced > 1e-8) _rate = reduced;
            _cooldownLeft = Cooldown;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"ReduceOnPlateau(monitor: {Watched}, factor: {Format(Factor)}, patience: {Patience}, threshold: {Format(Threshold)}, cooldown: {Cooldown}, minimumRate: {Format(MinimumRate)})";
}
