using System;
using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>The usual regression figures of predictions against targets, over every output of every sample.</summary>
/// <param name="MeanSquaredError">The mean of (prediction - target)^2.</param>
/// <param name="RootMeanSquaredError">Its square root, in the targets' units.</param>
/// <param name="MeanAbsoluteError">The mean of |prediction - target|.</param>
/// <param name="RSquared">
/// The coefficient of determination 1 - SS_res / SS_tot, per output and then averaged over outputs (scikit-learn's
/// <c>r2_score</c> with <c>multioutput="uniform_average"</c>); an output whose targets are all equal scores 1 when
/// predicted exactly and 0 otherwise.
/// </param>
public readonly record struct RegressionReport(double MeanSquaredError, double RootMeanSquaredError, double MeanAbsoluteError, double RSquared)
{
    /// <summary>For example <c>"MSE 0.0123, RMSE 0.111, MAE 0.0876, R^2 0.9712"</c>, in invariant culture.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"MSE {MeanSquaredError:G4}, RMSE {RootMeanSquaredError:G4}, MAE {MeanAbsoluteError:G4}, R^2 {RSquared:F4}");
}

public static partial class Metrics
{
    /// <summary>MSE, RMSE, MAE and R^2 of the network's predictions on <paramref name="data"/>, in one pass of batch predictions.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static RegressionReport Regression<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(network, data);
        var accumulator = new RegressionAccumulator<T>(network.OutputSize, data.Targets);
        int inputs = network.InputSize, outputs = network.OutputSize;
        var block = new T[Evaluator<T>.MaxBlockRows * outputs];
        for (int first = 0, rows; first < data.Count; first += rows)
        {
            rows = Evaluator<T>.BlockAt(data.Count - first);
            var predictions = block.AsSpan(0, rows * outputs);
            network.PredictBatch(data.Features.Slice(first * inputs, rows * inputs), predictions);
            accumulator.Add(predictions, data.Targets.Slice(first * outputs, rows * outputs));
        }
        return accumulator.Report();
    }

    /// <summary>MSE, RMSE, MAE and R^2 of predictions already made: flat, row-major, <paramref name="outputSize"/> values per sample.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="predictions">The outputs.</param>
    /// <param name="targets">The targets, as long as <paramref name="predictions"/>.</param>
    /// <param name="outputSize">The number of values per sample, at least 1 (R^2 is computed per output).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The lengths differ, are not a whole number of samples, or are zero.</exception>
    public static RegressionReport Regression<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckFlat(predictions, targets, outputSize);
        var accumulator = new RegressionAccumulator<T>(outputSize, targets);
        accumulator.Add(predictions, targets);
        return accumulator.Report();
    }

    /// <summary>The mean over every sample and output of |prediction - target|.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static double MeanAbsoluteError<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Regression(network, data).MeanAbsoluteError;

    /// <summary>The mean of |prediction - target| over all values of two equally long spans.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="predictions">The outputs.</param>
    /// <param name="targets">The targets, as long as <paramref name="predictions"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double MeanAbsoluteError<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T> =>
        Regression(predictions, targets, 1).MeanAbsoluteError;

    /// <summary>The coefficient of determination R^2 of the network on <paramref name="data"/> (see <see cref="RegressionReport.RSquared"/>).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static double RSquared<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Regression(network, data).RSquared;

    /// <summary>The coefficient of determination R^2 of predictions already made (see <see cref="RegressionReport.RSquared"/>).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="predictions">The outputs, flat and row-major.</param>
    /// <param name="targets">The targets, as long as <paramref name="predictions"/>.</param>
    /// <param name="outputSize">The number of values per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The lengths differ, are not a whole number of samples, or are zero.</exception>
    public static double RSquared<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int outputSize) where T : unmanaged, IFloatingPointIeee754<T> =>
        Regression(predictions, targets, outputSize).RSquared;

    /// <summary>Sums for the regression figures; the target means come first, from all targets, for a stable SS_tot.</summary>
    private sealed class RegressionAccumulator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _outputs;
        private readonly double[] _means;
        private readonly double[] _residual;
        private readonly double[] _total;
        private double _absolute;
        private long _values;

        public RegressionAccumulator(int outputs, ReadOnlySpan<T> allTargets)
        {
            _outputs = outputs;
            _means = new double[outputs];
            _residual = new double[outputs];
            _total = new double[outputs];
            for (int i = 0; i < allTargets.Length; i++) _means[i % outputs] += double.CreateChecked(allTargets[i]);
            long samples = allTargets.Length / outputs;
            for (int j = 0; j < outputs; j++)
            {
                // Equal targets have their shared value as mean, exactly: their sum divided by their count may differ
                // in the last bit (three 0.1s give 0.10000000000000002), which would leave SS_tot a tiny positive number
                // instead of 0 and R^2 near -1e31 instead of the 0 or 1 of a constant output.
                T first = allTargets[j];
                bool constant = true;
                for (int i = j + outputs; i < allTargets.Length && constant; i += outputs) constant = allTargets[i] == first;
                _means[j] = constant ? double.CreateChecked(first) : _means[j] / samples;
            }
        }

        public void Add(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
        {
            for (int i = 0; i < predictions.Length; i++)
            {
                int j = i % _outputs;
                double t = double.CreateChecked(targets[i]);
                double d = double.CreateChecked(predictions[i]) - t;
                _residual[j] += d * d;
                _absolute += Math.Abs(d);
                double c = t - _means[j];
                _total[j] += c * c;
            }
            _values += predictions.Length;
        }

        public RegressionReport Report()
        {
            double squares = 0, r2 = 0;
            for (int j = 0; j < _outputs; j++)
            {
                squares += _residual[j];
                // scikit-learn's force_finite: constant targets score 1 when matched exactly, else 0.
                r2 += _total[j] == 0.0 ? (_residual[j] == 0.0 ? 1.0 : 0.0) : 1.0 - _residual[j] / _total[j];
            }
            double mse = squares / _values;
            return new RegressionReport(mse, Math.Sqrt(mse), _absolute / _values, r2 / _outputs);
        }
    }
}
