using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Predictions for many samples at once, through <see cref="IPredictor{T}.PredictBatch"/> in blocks, into buffers the
/// caller owns: nothing is allocated per row.
/// </summary>
public static class Prediction
{
    /// <summary>
    /// The outputs for every sample of <paramref name="data"/>: sample <c>i</c>'s outputs go to
    /// <c>outputs[i * OutputSize .. (i + 1) * OutputSize]</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples; their input size must be the network's (targets are ignored).</param>
    /// <param name="outputs">At least <c>data.Count * network.OutputSize</c> values; the rest is left as it is.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The input sizes differ, or <paramref name="outputs"/> is too short.</exception>
    public static void Predict<T>(IPredictor<T> network, Dataset<T> data, Span<T> outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != network.InputSize)
        {
            throw new ArgumentException($"The dataset's samples have {data.InputSize} inputs, but the network takes {network.InputSize}.", nameof(data));
        }
        Predict(network, data.Features, outputs);
    }

    /// <summary>
    /// The outputs for rows of inputs: <paramref name="inputs"/> holds rows of <c>InputSize</c> values (row-major); row
    /// <c>i</c>'s outputs go to <c>outputs[i * OutputSize .. (i + 1) * OutputSize]</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">Whole rows of inputs.</param>
    /// <param name="outputs">At least one row of outputs per row of inputs; the rest is left as it is.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">The inputs are not whole rows, <paramref name="outputs"/> is too short, or it overlaps <paramref name="inputs"/>.</exception>
    public static void Predict<T>(IPredictor<T> network, ReadOnlySpan<T> inputs, Span<T> outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        int rows = Rows(network, inputs);
        long neededLong = (long)rows * network.OutputSize;
        if (neededLong > int.MaxValue)
        {
            throw new ArgumentException($"{rows} rows of {network.OutputSize} outputs are more values than a span holds; predict fewer rows per call.", nameof(inputs));
        }
        int needed = (int)neededLong;
        if (outputs.Length < needed)
        {
            throw new ArgumentException($"{rows} rows need {needed} outputs ({rows} x {network.OutputSize}), but 'outputs' has length {outputs.Length}.", nameof(outputs));
        }
        // Checked for the whole call, not per block: one block's outputs could land on a later block's inputs.
        Kernels.ThrowIfOverlapping<T>(inputs, outputs[..needed]);
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        for (int first = 0, count; first < rows; first += count)
        {
            count = Evaluator<T>.BlockAt(rows - first);
            network.PredictBatch(inputs.Slice(first * inputSize, count * inputSize), outputs.Slice(first * outputSize, count * outputSize));
        }
    }

    /// <summary>
    /// The predicted class of every sample of <paramref name="data"/>, read as <see cref="Metrics.ClassOf{T}"/> reads it
    /// (the largest output, or a 0.5 threshold for one output).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The classifier.</param>
    /// <param name="data">The samples; their input size must be the network's.</param>
    /// <param name="classes">At least <c>data.Count</c> values.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The input sizes differ, or <paramref name="classes"/> is too short.</exception>
    public static void Classify<T>(IPredictor<T> network, Dataset<T> data, Span<int> classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != network.InputSize)
        {
            throw new ArgumentException($"The dataset's samples have {data.InputSize} inputs, but the network takes {network.InputSize}.", nameof(data));
        }
        if (classes.Length < data.Count)
        {
            throw new ArgumentException($"The dataset has {data.Count} samples, but 'classes' has length {classes.Length}.", nameof(classes));
        }
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        var block = new T[Evaluator<T>.MaxBlockRows * outputSize];
        for (int first = 0, count; first < data.Count; first += count)
        {
            count = Evaluator<T>.BlockAt(data.Count - first);
            network.PredictBatch(data.Features.Slice(first * inputSize, count * inputSize), block.AsSpan(0, count * outputSize));
            for (int r = 0; r < count; r++) classes[first + r] = Metrics.ClassOf<T>(block.AsSpan(r * outputSize, outputSize));
        }
    }

    private static int Rows<T>(IPredictor<T> network, ReadOnlySpan<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inputs.Length % network.InputSize != 0)
        {
            throw new ArgumentException($"'inputs' has length {inputs.Length}, which is not a whole number of rows of {network.InputSize}.", nameof(inputs));
        }
        return inputs.Length / network.InputSize;
    }
}
