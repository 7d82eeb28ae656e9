using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Runs a predictor over a dataset in blocks of rows through <see cref="IPredictor{T}.PredictBatch"/>, with one
/// reusable output buffer: what validation, batch prediction and the classification metrics share.
/// </summary>
internal sealed class Evaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows per <see cref="IPredictor{T}.PredictBatch"/> call: large enough to amortize the call, small enough to stay in cache.</summary>
    public const int BlockRows = 256;

    private readonly IPredictor<T> _network;
    private readonly T[] _outputs;

    public Evaluator(IPredictor<T> network)
    {
        _network = network;
        _outputs = new T[BlockRows * network.OutputSize];
    }

    /// <summary>The mean of the network's per-sample loss and the share of samples whose class is the target's.</summary>
    public (double Loss, double Accuracy) LossAndAccuracy(Dataset<T> data)
    {
        int inputs = _network.InputSize, outputs = _network.OutputSize;
        double loss = 0.0;
        int correct = 0;
        for (int first = 0; first < data.Count; first += BlockRows)
        {
            int rows = Math.Min(BlockRows, data.Count - first);
            var block = _outputs.AsSpan(0, rows * outputs);
            _network.PredictBatch(data.Features.Slice(first * inputs, rows * inputs), block);
            for (int r = 0; r < rows; r++)
            {
                var y = block.Slice(r * outputs, outputs);
                var t = data.Target(first + r);
                loss += double.CreateChecked(_network.Loss(y, t));
                if (Metrics.ClassOf<T>(y) == Metrics.ClassOf(t)) correct++;
            }
        }
        return (loss / data.Count, (double)correct / data.Count);
    }

    /// <summary>Writes each sample's predicted and target class.</summary>
    public void Classes(Dataset<T> data, Span<int> predicted, Span<int> actual)
    {
        int inputs = _network.InputSize, outputs = _network.OutputSize;
        for (int first = 0; first < data.Count; first += BlockRows)
        {
            int rows = Math.Min(BlockRows, data.Count - first);
            var block = _outputs.AsSpan(0, rows * outputs);
            _network.PredictBatch(data.Features.Slice(first * inputs, rows * inputs), block);
            for (int r = 0; r < rows; r++)
            {
                predicted[first + r] = Metrics.ClassOf<T>(block.Slice(r * outputs, outputs));
                actual[first + r] = Metrics.ClassOf(data.Target(first + r));
            }
        }
    }
}
