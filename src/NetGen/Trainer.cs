using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Threading;

namespace NetGen;

/// <summary>The training loop: mini-batch gradient descent over a <see cref="Dataset{T}"/>, for any <see cref="INetwork{T}"/>.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="data"/> by gradient descent. Each epoch walks the
    /// samples (in a new random order when <see cref="TrainingOptions.Shuffle"/> is on) in batches of
    /// <see cref="TrainingOptions.BatchSize"/>: a batch of one runs <see cref="INetwork{T}.Forward"/> then
    /// <see cref="INetwork{T}.Backward"/>; a larger batch is gathered into one row-major block for
    /// <see cref="INetwork{T}.TrainBatch"/>; after each batch one <see cref="INetwork{T}.Step"/>.
    /// </summary>
    /// <remarks>
    /// <para>An epoch's loss is the mean of its samples' losses (each taken before that sample's step), summed in <see cref="double"/>.</para>
    /// <para>Deterministic: the same network, data and options give the same parameters, bit for bit. The work is
    /// single-threaded and allocates only a few buffers per call, none per sample.</para>
    /// <para>Gradients accumulated before the call are cleared first. The token is checked before every batch;
    /// cancellation stops training with <see cref="StopReason.Cancelled"/> (no exception), keeping the steps already
    /// made; the interrupted epoch is not counted in the history.</para>
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to train; its parameters are updated in place.</param>
    /// <param name="data">The samples; their input and target sizes must be the network's input and output sizes.</param>
    /// <param name="options">How to train.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    /// <returns>The loss of every epoch and why training stopped.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// An option is invalid (the message names it), the dataset is empty, or its shapes do not match the network (the message states both).
    /// </exception>
    /// <exception cref="TrainingDivergedException">
    /// A loss or a parameter became NaN or infinite. The parameters are restored to their values at the start of
    /// that epoch and the gradients are cleared.
    /// </exception>
    public static TrainingHistory Fit<T>(INetwork<T> network, Dataset<T> data, TrainingOptions options, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.ThrowIfShapesDiffer(network, data);
        Guard.ThrowIfEmpty(data);
        T learningRate = T.CreateChecked(options.LearningRate);
        if (!T.IsFinite(learningRate) || learningRate <= T.Zero)
        {
            throw new ArgumentException(
                $"TrainingOptions.LearningRate is {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, which is not a finite positive value in the network's number type.",
                nameof(TrainingOptions.LearningRate));
        }

        var clock = Stopwatch.StartNew();
        int count = data.Count;
        int epochs = options.Epochs;
        int batchSize = Math.Min(options.BatchSize, count);
        Random? random = options.Shuffle ? new Random(options.Seed) : null;

        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var output = new T[network.OutputSize];
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        var batchInputs = batchSize > 1 ? new T[batchSize * inputSize] : Array.Empty<T>();
        var batchTargets = batchSize > 1 ? new T[batchSize * outputSize] : Array.Empty<T>();
        // Double buffer: `start` holds the parameters at the start of the current epoch, `end` receives them at its end.
        var start = new T[network.ParameterCount];
        var end = new T[network.ParameterCount];
        var losses = new List<double>(Math.Min(epochs, 4096));
        var reason = StopReason.MaxEpochs;

        if (network is IParallelTrainable parallel) parallel.DegreeOfParallelism = options.DegreeOfParallelism;
        network.ZeroGradients();
        network.CopyParametersTo(start);

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            if (random is not null) Dataset<T>.ShuffleInPlace(order, random);

            double sum = 0.0;
            bool cancelled = false;
            for (int first = 0; first < count; first += batchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                int last = Math.Min(first + batchSize, count);
                double loss;
                if (last - first == 1)
                {
                    network.Forward(data.Input(order[first]), output);
                    loss = double.CreateChecked(network.Backward(data.Target(order[first])));
                }
                else
                {
                    // The batched path: the batch's rows gathered into one row-major block, one TrainBatch call.
                    int rows = last - first;
                    for (int k = 0; k < rows; k++)
                    {
                        data.Input(order[first + k]).CopyTo(batchInputs.AsSpan(k * inputSize, inputSize));
                        data.Target(order[first + k]).CopyTo(batchTargets.AsSpan(k * outputSize, outputSize));
                    }
                    loss = network.TrainBatch(batchInputs.AsSpan(0, rows * inputSize), batchTargets.AsSpan(0, rows * outputSize));
                }
                if (!double.IsFinite(loss))
                {
                    string where = last - first == 1 ? $"the loss of sample {order[first]}" : $"the loss of the batch of samples {first + 1}-{last} of the epoch";
                    Diverge(network, start, epoch, loss, $"{where} became {Format(loss)}");
                }
                sum += loss;
                network.Step(learningRate);
            }
            if (cancelled)
            {
                reason = StopReason.Cancelled;
                break;
            }

            double epochLoss = sum / count;
            if (!double.IsFinite(epochLoss))
            {
                Diverge(network, start, epoch, epochLoss, $"the epoch's loss became {Format(epochLoss)}");
            }
            network.CopyParametersTo(end);
            int bad = FirstNonFinite<T>(end);
            if (bad >= 0)
            {
                Diverge(network, start, epoch, epochLoss, $"parameter {bad} became {end[bad].ToString(null, CultureInfo.InvariantCulture)}");
            }
            (start, end) = (end, start);

            double previous = losses.Count > 0 ? losses[^1] : double.NaN;
            losses.Add(epochLoss);
            options.OnEpoch?.Invoke(new EpochReport(epoch, epochs, epochLoss, clock.Elapsed));

            if (options.TargetLoss is double target && epochLoss <= target)
            {
                reason = StopReason.TargetReached;
                break;
            }
            if (options.Tolerance is double tolerance && epoch > 1 && Math.Abs(epochLoss - previous) < tolerance)
            {
                reason = StopReason.Converged;
                break;
            }
        }

        return new TrainingHistory(losses.ToArray(), reason, clock.Elapsed);
    }

    private static void Diverge<T>(INetwork<T> network, T[] start, int epoch, double loss, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        network.LoadParameters(start);
        network.ZeroGradients();
        string restored = epoch == 1
            ? "The parameters were restored to their values before training."
            : $"The parameters were restored to their values at the end of epoch {epoch - 1}.";
        throw new TrainingDivergedException(epoch, loss,
            $"Training diverged in epoch {epoch}: {what}. {restored} Try a smaller learning rate.");
    }

    private static int FirstNonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i])) return i;
        }
        return -1;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
