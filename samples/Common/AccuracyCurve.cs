using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace NetGen.Samples;

/// <summary>
/// A network's accuracy on one dataset after every epoch, for a sample's curves: call <see cref="Record"/> from
/// <see cref="TrainingOptions.OnEpoch"/>. The time spent measuring is kept apart (<see cref="Elapsed"/>) so that a sample
/// can report the training time alone.
/// </summary>
public sealed class AccuracyCurve
{
    private readonly IPredictor<float> _network;
    private readonly Dataset<float> _data;
    private readonly List<double> _values = new();
    private readonly Stopwatch _clock = new();

    /// <summary>A curve of <paramref name="network"/>'s accuracy on <paramref name="data"/>.</summary>
    public AccuracyCurve(IPredictor<float> network, Dataset<float> data)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _data = data ?? throw new ArgumentNullException(nameof(data));
    }

    /// <summary>The accuracy after each recorded epoch, first epoch first.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The last recorded accuracy.</summary>
    /// <exception cref="InvalidOperationException">Nothing is recorded yet.</exception>
    public double Last => _values.Count > 0 ? _values[^1] : throw new InvalidOperationException("No epoch is recorded yet.");

    /// <summary>The time spent measuring, over every <see cref="Record"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The 1-based epoch of the highest accuracy (the first, on a tie), or 0 when nothing is recorded.</summary>
    public int BestEpoch
    {
        get
        {
            int best = 0;
            for (int e = 1; e < _values.Count; e++) if (_values[e] > _values[best]) best = e;
            return _values.Count == 0 ? 0 : best + 1;
        }
    }

    /// <summary>Measures the accuracy now and appends it.</summary>
    public void Record()
    {
        _clock.Start();
        _values.Add(Metrics.Accuracy(_network, _data));
        _clock.Stop();
    }

    /// <summary>The 1-based epoch at which the accuracy first reached <paramref name="target"/>, or 0 if it never did.</summary>
    public int FirstEpochReaching(double target) => _values.FindIndex(a => a >= target) + 1;

    /// <summary><see cref="FirstEpochReaching"/> for printing: the epoch, or "-" if it never did.</summary>
    public string FirstEpochReachingText(double target)
    {
        int epoch = FirstEpochReaching(target);
        return epoch > 0 ? epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
    }
}
