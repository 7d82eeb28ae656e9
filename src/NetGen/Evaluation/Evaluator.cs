using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Runs a predictor over a dataset in blocks of rows through <see cref="IPredictor{T}.PredictBatch"/>, with one
/// reusable output buffer: what validation, batch prediction and the classification metrics share.
/// </summary>
internal sealed class Evaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most rows <see cref="BlockAt"/> returns.</summary>
    public const int MaxBlockRows = Kernels.MaxLargeTileRows;

    /// <summary>
    /// The rows of the next <see cref="IPredictor{T}.PredictBatch"/> call when <paramref name="remaining"/> rows are left:
    /// a generated PredictBatch's large tiles (<see cref="Kernels.LargeTileRows"/>: 1,024, or all of them when fewer than
    /// 1,280 are left). Large enough to repay the packing of W^T in the forward product's outer-product form, and no block
    /// of a dataset of 256 rows or more is smaller than 256, so all its rows run in that one form, as in one call.
    /// </summary>
    public static int BlockAt(int remaining) => Kernels.LargeTileRows(remaining);

    private readonly IPredictor<T> _network;
    private readonly T[] _outputs;

    public Evaluator(IPredictor<T> network)
    {
        _network = network;
        _outputs = new T[MaxBlockRows * network.OutputSize];
    }

    /// <summary>The mean of the network's per-sample loss and the share of samples whose class is the target's.</summary>
    public (double Loss, double Accuracy) LossAndAccuracy(Dataset<T> data)
    {
        int inputs = _network.InputSize, outputs = _network.OutputSize;
        double loss = 0.0;
        int correct = 0;
        for (int first = 0, rows; first < data.Count; first += rows)
        {
            rows = BlockAt(data.Count - first);
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
        for (int first = 0, rows; first < data.Count; first += rows)
        {
            rows = BlockAt(data.Count - first);
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
