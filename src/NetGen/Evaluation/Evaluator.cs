using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Runs a predictor over a dataset in blocks of rows through <see cref="IPredictor{T}.PredictBatch"/>, with one
/// reusable output buffer: what validation, batch prediction and the classification metrics share.
/// </summary>
internal sealed class Evaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Rows per <see cref="IPredictor{T}.PredictBatch"/> call: large enough to amortize the call, small enough to stay in
    /// cache; and the fewest rows for which 512-bit kernels run the forward product's outer-product form, so that every
    /// block of a dataset of at least that many rows runs in that form (<see cref="BlockAt"/>).
    /// </summary>
    public const int BlockRows = Simd.GemmBlocks.PackedForwardRows;

    /// <summary>The most rows <see cref="BlockAt"/> returns.</summary>
    public const int MaxBlockRows = 2 * BlockRows - 1;

    /// <summary>
    /// The rows of the next block when <paramref name="remaining"/> rows are left: <see cref="BlockRows"/>, or all of them
    /// when fewer than twice that are left, so that no block of a large dataset is smaller than <see cref="BlockRows"/>
    /// (a smaller last block would run in the dot form and give its rows other last bits than a whole-dataset call).
    /// </summary>
    public static int BlockAt(int remaining) => remaining < 2 * BlockRows ? remaining : BlockRows;

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
