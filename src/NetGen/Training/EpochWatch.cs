using System;
using System.Collections.Generic;
using System.Numerics;

namespace NetGen;

/// <summary>
/// What the trainer does at the end of each epoch besides the step itself: early stopping (tracking the best epoch and
/// keeping its parameters) and checkpoints.
/// </summary>
internal sealed class EpochWatch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly EarlyStopping? _stopping;
    private readonly Checkpoint? _checkpoint;
    private readonly T[]? _bestParameters;
    private double _bestStopping;
    private double _bestCheckpoint;
    private int _checkpointEpoch;
    private int _wait;
    private int _stoppingEpoch;

    public EpochWatch(TrainingOptions options, int parameterCount)
    {
        _stopping = options.EarlyStopping;
        _checkpoint = options.Checkpoint;
        if (_stopping is { RestoreBestParameters: true }) _bestParameters = new T[parameterCount];
        _bestStopping = Worst(_stopping?.Monitor);
        _bestCheckpoint = Worst(_checkpoint?.Monitor);
    }

    /// <summary>The epoch with the best monitored value (early stopping's, else the best-only checkpoint's); 0 when nothing is monitored.</summary>
    public int BestEpoch => _stopping is not null ? _stoppingEpoch : _checkpointEpoch;

    /// <summary>The value of <paramref name="monitor"/> for an epoch.</summary>
    public static double Value(Monitor monitor, double loss, double validationLoss, double validationAccuracy) => monitor switch
    {
        Monitor.TrainingLoss => loss,
        Monitor.ValidationLoss => validationLoss,
        _ => validationAccuracy,
    };

    /// <summary>Records the epoch; writes a checkpoint when due; returns true when early stopping says stop.</summary>
    /// <param name="network">The network, holding the epoch's final parameters.</param>
    /// <param name="epoch">The epoch that ended.</param>
    /// <param name="parameters">A copy of the epoch's final parameters.</param>
    /// <param name="loss">The epoch's training loss.</param>
    /// <param name="validationLoss">The epoch's validation loss (NaN without validation data).</param>
    /// <param name="validationAccuracy">The epoch's validation accuracy (NaN without validation data).</param>
    public bool EpochEnded(INetwork<T> network, int epoch, ReadOnlySpan<T> parameters, double loss, double validationLoss, double validationAccuracy)
    {
        bool stop = false;
        if (_stopping is not null)
        {
            double value = Value(_stopping.Monitor, loss, validationLoss, validationAccuracy);
            if (_stopping.Improves(value, _bestStopping))
            {
                _bestStopping = value;
                _stoppingEpoch = epoch;
                _wait = 0;
                if (_bestParameters is not null) parameters.CopyTo(_bestParameters);
            }
            else
            {
                _wait++;
                stop = _wait >= _stopping.Patience;
            }
        }
        if (_checkpoint is not null)
        {
            bool due;
            if (_checkpoint.BestOnly)
            {
                double value = Value(_checkpoint.Monitor, loss, validationLoss, validationAccuracy);
                due = _checkpoint.Monitor.IsMaximized() ? value > _bestCheckpoint : value < _bestCheckpoint;
                if (due)
                {
                    _bestCheckpoint = value;
                    _checkpointEpoch = epoch;
                }
            }
            else
            {
                due = epoch % _checkpoint.EveryEpochs == 0;
            }
            if (due) CheckpointWriter.Save(network, _checkpoint.PathFor(epoch), epoch);
        }
        return stop;
    }

    /// <summary>Puts back the best epoch's parameters when early stopping asks for it.</summary>
    public void TrainingEnded(INetwork<T> network)
    {
        if (_bestParameters is not null && _stoppingEpoch > 0) network.LoadParameters(_bestParameters);
    }

    private static double Worst(Monitor? monitor) => monitor?.IsMaximized() == true ? double.NegativeInfinity : double.PositiveInfinity;
}

/// <summary>The per-epoch figures the trainer collects for <see cref="TrainingHistory"/>.</summary>
internal sealed class HistoryRecorder
{
    private readonly List<double> _losses;
    private readonly List<double> _validationLosses;
    private readonly List<double> _validationAccuracies;
    private readonly List<double> _rates;
    private readonly bool _validated;

    public HistoryRecorder(int capacity, bool validated)
    {
        _losses = new List<double>(capacity);
        _rates = new List<double>(capacity);
        _validated = validated;
        _validationLosses = new List<double>(validated ? capacity : 0);
        _validationAccuracies = new List<double>(validated ? capacity : 0);
    }

    /// <summary>The last epoch's loss, NaN before the first.</summary>
    public double LastLoss => _losses.Count > 0 ? _losses[^1] : double.NaN;

    public void Add(double loss, double validationLoss, double validationAccuracy, double rate)
    {
        _losses.Add(loss);
        _rates.Add(rate);
        if (_validated)
        {
            _validationLosses.Add(validationLoss);
            _validationAccuracies.Add(validationAccuracy);
        }
    }

    public TrainingHistory ToHistory(StopReason reason, TimeSpan elapsed, int bestEpoch) =>
        new(_losses.ToArray(), reason, elapsed, _validationLosses.ToArray(), _validationAccuracies.ToArray(), _rates.ToArray(), bestEpoch);
}
