using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// How well a network fits a dataset: accuracy, mean squared error and the network's own loss. Each metric runs
/// <see cref="IPredictor{T}.Predict"/> on every sample with one scratch buffer, sums in <see cref="double"/>, and
/// changes nothing in the network.
/// </summary>
public static partial class Metrics
{
    private const int StackLimit = 256;

    /// <summary>
    /// The share of samples, from 0 to 1, whose predicted class is the target's class. With one output, a value of
    /// at least 0.5 is class 1 and a smaller one class 0 (for predictions and targets alike); with several outputs,
    /// the class is the index of the largest value (the first one on ties).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The classifier.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static double Accuracy<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(network, data);
        int outputs = network.OutputSize;
        Span<T> y = outputs <= StackLimit ? stackalloc T[outputs] : new T[outputs];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            network.Predict(data.Input(i), y);
            if (SameClass<T>(y, data.Target(i))) correct++;
        }
        return (double)correct / data.Count;
    }

    /// <summary>
    /// The share of samples, from 0 to 1, whose predicted class is the target's class, from predictions already made:
    /// sample <c>i</c> is <c>predictions[i * outputSize .. (i + 1) * outputSize]</c>, and likewise for its target.
    /// Classes are read as by <see cref="Accuracy{T}(IPredictor{T}, Dataset{T})"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="predictions">The outputs, flat and row-major.</param>
    /// <param name="targets">The targets, flat and row-major, as long as <paramref name="predictions"/>.</param>
    /// <param name="outputSize">The number of values per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The lengths differ, are not a whole number of samples, or are zero.</exception>
    public static double Accuracy<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int samples = CheckFlat(predictions, targets, outputSize);
        int correct = 0;
        for (int i = 0; i < samples; i++)
        {
            if (SameClass(predictions.Slice(i * outputSize, outputSize), targets.Slice(i * outputSize, outputSize))) correct++;
        }
        return (double)correct / samples;
    }

    /// <summary>
    /// The accuracy within each class: for class <c>k</c>, the share of the samples whose target's class is <c>k</c>
    /// that are predicted as <c>k</c> (0 for a class with no samples). Classes are the index of the largest value, so
    /// the network needs at least two outputs.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The classifier.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <returns>One value from 0 to 1 per output.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty, its shapes do not match the network, or the network has one output.</exception>
    public static double[] AccuracyPerClass<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(network, data);
        int outputs = network.OutputSize;
        if (outputs < 2)
        {
            throw new ArgumentException("Accuracy per class reads classes as the largest output, so the network needs at least two outputs.", nameof(network));
        }
        Span<T> y = outputs <= StackLimit ? stackalloc T[outputs] : new T[outputs];
        var right = new int[outputs];
        var seen = new int[outputs];
        for (int i = 0; i < data.Count; i++)
        {
            network.Predict(data.Input(i), y);
            int expected = Kernels.ArgMax(data.Target(i));
            seen[expected]++;
            if (Kernels.ArgMax<T>(y) == expected) right[expected]++;
        }
        var accuracy = new double[outputs];
        for (int k = 0; k < outputs; k++) accuracy[k] = seen[k] == 0 ? 0.0 : (double)right[k] / seen[k];
        return accuracy;
    }

    /// <summary>The mean, over every sample and every output, of (prediction - target)^2.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static double MeanSquaredError<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(network, data);
        int outputs = network.OutputSize;
        Span<T> y = outputs <= StackLimit ? stackalloc T[outputs] : new T[outputs];
        double sum = 0.0;
        for (int i = 0; i < data.Count; i++)
        {
            network.Predict(data.Input(i), y);
            sum += SumOfSquares(y, data.Target(i));
        }
        return sum / ((double)data.Count * outputs);
    }

    /// <summary>The mean of (prediction - target)^2 over all values of two equally long spans.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="predictions">The outputs.</param>
    /// <param name="targets">The targets, as long as <paramref name="predictions"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double MeanSquaredError<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckFlat(predictions, targets, 1);
        return SumOfSquares(predictions, targets) / predictions.Length;
    }

    /// <summary>The square root of <see cref="MeanSquaredError{T}(IPredictor{T}, Dataset{T})"/>, in the targets' units.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static double RootMeanSquaredError<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.Sqrt(MeanSquaredError(network, data));

    /// <summary>The square root of <see cref="MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="predictions">The outputs.</param>
    /// <param name="targets">The targets, as long as <paramref name="predictions"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double RootMeanSquaredError<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.Sqrt(MeanSquaredError(predictions, targets));

    /// <summary>The mean over samples of the network's own per-sample loss (<see cref="IPredictor{T}.Loss"/>) of its prediction.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty or its shapes do not match the network.</exception>
    public static double MeanLoss<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(network, data);
        int outputs = network.OutputSize;
        Span<T> y = outputs <= StackLimit ? stackalloc T[outputs] : new T[outputs];
        double sum = 0.0;
        for (int i = 0; i < data.Count; i++)
        {
            network.Predict(data.Input(i), y);
            sum += double.CreateChecked(network.Loss(y, data.Target(i)));
        }
        return sum / data.Count;
    }

    private static void Check<T>(IPredictor<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ThrowIfShapesDiffer(network, data);
        Guard.ThrowIfEmpty(data);
    }

    private static int CheckFlat<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int outputSize)
    {
        if (outputSize < 1) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "The output size must be at least 1.");
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException(
                $"'predictions' has {predictions.Length} values but 'targets' has {targets.Length}; they must be equally long.", nameof(targets));
        }
        if (predictions.Length == 0) throw new ArgumentException("There are no predictions.", nameof(predictions));
        if (predictions.Length % outputSize != 0)
        {
            throw new ArgumentException(
                $"'predictions' has {predictions.Length} values, which is not a whole number of samples of {outputSize} outputs.", nameof(predictions));
        }
        return predictions.Length / outputSize;
    }

    private static bool SameClass<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (prediction.Length == 1)
        {
            T half = T.CreateChecked(0.5);
            return (prediction[0] >= half) == (target[0] >= half);
        }
        return Kernels.ArgMax(prediction) == Kernels.ArgMax(target);
    }

    private static double SumOfSquares<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0.0;
        for (int j = 0; j < predictions.Length; j++)
        {
            double d = double.CreateChecked(predictions[j]) - double.CreateChecked(targets[j]);
            sum += d * d;
        }
        return sum;
    }
}
