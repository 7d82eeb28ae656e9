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
    /// <see cref="INetwork{T}.TrainBatch"/>; after each batch one update: <see cref="Optimizer.Step{T}"/> of
    /// <see cref="TrainingOptions.Optimizer"/>, or, without one, <see cref="INetwork{T}.Step"/> with the learning rate.
    /// </summary>
    /// <remarks>
    /// <para>An epoch's loss is the mean of its samples' losses (each taken before that sample's step), summed in <see cref="double"/>.</para>
    /// <para>Before each epoch the learning rate comes from <see cref="TrainingOptions.Schedule"/> when set (applied to
    /// the optimizer's <see cref="Optimizer.LearningRate"/>, which is put back to its starting value when Fit returns or
    /// throws, so a schedule starts from the same rate each time; the optimizer's own state, such as Adam's moments, carries
    /// over to the next Fit unless <see cref="Optimizer.Reset"/> is called); without a
    /// schedule, a new <see cref="TrainingOptions.LearningRate"/> (or <see cref="Optimizer.LearningRate"/>) set in
    /// <see cref="TrainingOptions.OnEpoch"/> applies from the next epoch. After each epoch the validation data, when
    /// there is some (<see cref="TrainingOptions.ValidationFraction"/>, or the overload that takes it), gives a
    /// validation loss and accuracy; then early stopping, checkpoints and the schedule see the epoch, then
    /// <see cref="TrainingOptions.OnEpoch"/> is called.</para>
    /// <para>Deterministic: the same network, data and options give the same parameters, bit for bit, whatever
    /// <see cref="TrainingOptions.DegreeOfParallelism"/> is (a batch of more than one sample may use that many threads;
    /// one sample at a time runs on the calling thread). The loop allocates only a few buffers per epoch, none per sample.</para>
    /// <para>Gradients accumulated before the call are cleared first. The token is checked before every batch;
    /// cancellation stops training with <see cref="StopReason.Cancelled"/> (no exception), keeping the steps already
    /// made; the interrupted epoch is not counted in the history.</para>
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to train; its parameters are updated in place.</param>
    /// <param name="data">The samples; their input and target sizes must be the network's input and output sizes.</param>
    /// <param name="options">How to train.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    /// <returns>The loss of every epoch (and validation figures and rates) and why training stopped.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// An option is invalid (the message names it), the dataset is empty, or its shapes do not match the network (the message states both).
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="TrainingOptions.OnEpoch"/> changed <see cref="TrainingOptions.LearningRate"/> while a schedule sets
    /// the rate, or the optimizer already serves another network.
    /// </exception>
    /// <exception cref="TrainingDivergedException">
    /// A loss or a parameter became NaN or infinite, or, with a Sigmoid, Tanh or Softmax output, a parameter grew beyond
    /// ±1e15 (the outputs saturate and the loss stops carrying gradient). The parameters (and the optimizer's state) are
    /// restored to their values at the start of that epoch and the gradients are cleared. Also thrown, with
    /// <see cref="TrainingDivergedException.Epoch"/> 0, when a parameter is NaN or infinite before training (set by hand).
    /// </exception>
    public static TrainingHistory Fit<T>(INetwork<T> network, Dataset<T> data, TrainingOptions options, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Fit(network, data, validation: null, options, cancellationToken);

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="data"/> as
    /// <see cref="Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, CancellationToken)"/> does, measuring the loss and
    /// accuracy on <paramref name="validation"/> after every epoch (Keras' <c>validation_data</c>).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to train; its parameters are updated in place.</param>
    /// <param name="data">The training samples.</param>
    /// <param name="validation">
    /// Samples never trained on, measured after every epoch; null for none (then <see cref="TrainingOptions.ValidationFraction"/>
    /// may hold some of <paramref name="data"/> out).
    /// </param>
    /// <param name="options">How to train.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    /// <returns>The loss of every epoch, the validation figures and rates, and why training stopped.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="validation"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An option is invalid (the message names it), a dataset is empty or does not match the network, both a
    /// validation dataset and a validation fraction are given, or something monitors validation figures without validation data.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="TrainingOptions.OnEpoch"/> changed <see cref="TrainingOptions.LearningRate"/> while a schedule sets
    /// the rate, or the optimizer already serves another network.
    /// </exception>
    /// <exception cref="TrainingDivergedException">
    /// As <see cref="Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, CancellationToken)"/>.
    /// </exception>
    public static TrainingHistory Fit<T>(INetwork<T> network, Dataset<T> data, Dataset<T>? validation, TrainingOptions options, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.ThrowIfShapesDiffer(network, data);
        Guard.ThrowIfEmpty(data);
        (data, validation) = HoldOut(network, data, validation, options);
        ThrowIfMonitorsNeedValidation(options, validation is not null);

        var optimizer = options.Optimizer;
        var schedule = options.Schedule;
        double initialRate = optimizer?.LearningRate ?? options.LearningRate;
        double rate = initialRate;
        double optionsRate = options.LearningRate;
        T learningRate = RateOf<T>(rate, optimizer is null ? nameof(TrainingOptions.LearningRate) : $"The learning rate of TrainingOptions.Optimizer ({optimizer})");
        schedule?.Restart();

        var clock = Stopwatch.StartNew();
        int count = data.Count;
        int epochs = options.Epochs;
        int batchSize = Math.Min(options.BatchSize, count);
        Random? random = options.Shuffle ? new Random(options.Seed) : null;

        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var output = new T[network.OutputSize];
        var gather = batchSize > 1 ? new BatchGather<T>(data, order, batchSize) : null;
        // Double buffer: `start` holds the parameters at the start of the current epoch, `end` receives them at its end.
        var start = new T[network.ParameterCount];
        var end = new T[network.ParameterCount];
        var record = new HistoryRecorder(Math.Min(epochs, 4096), validation is not null);
        var evaluator = validation is not null ? new Evaluator<T>(network) : null;
        var watch = new EpochWatch<T>(options, network.ParameterCount);
        var reason = StopReason.MaxEpochs;

        if (network is IParallelTrainable parallel) parallel.DegreeOfParallelism = options.DegreeOfParallelism;
        network.ZeroGradients();
        network.CopyParametersTo(start);
        var outputActivation = network.Description.Activations[^1];
        bool saturates = outputActivation is ActivationFunction.Sigmoid or ActivationFunction.Tanh or ActivationFunction.Softmax;
        // Parameters set by hand (through Parameters or a layer's W/B) may be NaN or infinite: say so before training,
        // rather than fail later while restoring them.
        if (FirstNonFinite<T>(start) is int handSet and >= 0)
        {
            throw new TrainingDivergedException(0, double.NaN,
                $"Parameter {handSet} of the network is {start[handSet].ToString(null, CultureInfo.InvariantCulture)} before training; every parameter must be finite " +
                "(call InitializeParameters, or LoadParameters with finite values).");
        }

        // A schedule writes each epoch's rate into the optimizer; its own rate is put back at the end, however Fit ends,
        // so that the schedule starts from it each time the same options are used.
        try
        {
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                if (random is not null) Dataset<T>.ShuffleInPlace(order, random);
                if (schedule is not null)
                {
                    rate = schedule.RateAt(epoch, initialRate);
                    learningRate = RateOf<T>(rate, $"The rate of {schedule} for epoch {epoch}");
                    if (optimizer is not null) optimizer.LearningRate = rate;
                }
                else if (optimizer is not null)
                {
                    rate = optimizer.LearningRate;
                }
                var optimizerState = optimizer?.CaptureState();

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
                        gather!.Gather(first, last - first, options.DegreeOfParallelism);
                        loss = network.TrainBatch(gather.Inputs, gather.Targets);
                    }
                    if (!double.IsFinite(loss))
                    {
                        string where = last - first == 1 ? $"the loss of sample {order[first]}" : $"the loss of the batch of samples {first + 1}-{last} of the epoch";
                        Diverge(network, start, optimizer, optimizerState, epoch, loss, $"{where} became {Format(loss)}");
                    }
                    sum += loss;
                    if (optimizer is not null) optimizer.Step(network);
                    else network.Step(learningRate);
                }
                if (cancelled)
                {
                    reason = StopReason.Cancelled;
                    break;
                }

                double epochLoss = sum / count;
                if (!double.IsFinite(epochLoss))
                {
                    Diverge(network, start, optimizer, optimizerState, epoch, epochLoss, $"the epoch's loss became {Format(epochLoss)}");
                }
                network.CopyParametersTo(end);
                int bad = FirstNonFinite<T>(end);
                if (bad >= 0)
                {
                    Diverge(network, start, optimizer, optimizerState, epoch, epochLoss, $"parameter {bad} became {end[bad].ToString(null, CultureInfo.InvariantCulture)}");
                }
                // Parameters this large saturate a sigmoid, tanh or softmax output: the clamped loss stops carrying any
                // gradient (a learning rate of 1e30 gets there in one step), so training has diverged though the loss is finite.
                int huge = saturates ? FirstBeyond<T>(end, MaxUsefulParameter) : -1;
                if (huge >= 0)
                {
                    Diverge(network, start, optimizer, optimizerState, epoch, epochLoss,
                        $"parameter {huge} reached {end[huge].ToString(null, CultureInfo.InvariantCulture)}, beyond ±1e15, where the outputs saturate and the loss stops improving");
                }
                (start, end) = (end, start);

                var (validationLoss, validationAccuracy) = evaluator is not null ? evaluator.LossAndAccuracy(validation!) : (double.NaN, double.NaN);
                double previous = record.LastLoss;
                record.Add(epochLoss, validationLoss, validationAccuracy, rate);
                bool stopEarly = watch.EpochEnded(network, epoch, start, epochLoss, validationLoss, validationAccuracy);
                if (schedule?.Monitor is EpochMetric watched)
                {
                    schedule.Observe(epoch, EpochWatch<T>.Value(watched, epochLoss, validationLoss, validationAccuracy));
                }
                options.OnEpoch?.Invoke(new EpochReport(epoch, epochs, epochLoss, clock.Elapsed)
                {
                    ValidationLoss = validationLoss,
                    ValidationAccuracy = validationAccuracy,
                    LearningRate = rate,
                });
                if (options.LearningRate != optionsRate)
                {
                    // OnEpoch changed the rate: it applies from the next epoch, unless a schedule owns the rate.
                    if (schedule is not null)
                    {
                        throw new InvalidOperationException(
                            $"TrainingOptions.OnEpoch changed LearningRate to {Format(options.LearningRate)} in epoch {epoch}, but TrainingOptions.Schedule ({schedule}) sets the rate of every epoch. Change the schedule, or train without one.");
                    }
                    optionsRate = options.LearningRate;
                    if (!(optionsRate > 0.0))
                    {
                        // Validate's rule; RateOf lets a schedule's rate of 0 through.
                        throw new ArgumentException(
                            $"TrainingOptions.OnEpoch changed TrainingOptions.LearningRate to {Format(optionsRate)} in epoch {epoch}; it must be finite and greater than 0.",
                            nameof(TrainingOptions.LearningRate));
                    }
                    learningRate = RateOf<T>(optionsRate, nameof(TrainingOptions.LearningRate));
                    rate = optionsRate;
                    if (optimizer is not null) optimizer.LearningRate = optionsRate;
                }

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
                if (stopEarly)
                {
                    reason = StopReason.EarlyStopped;
                    break;
                }
            }

            watch.TrainingEnded(network);
            return record.ToHistory(reason, clock.Elapsed, watch.BestEpoch);
        }
        finally
        {
            if (schedule is not null && optimizer is not null) optimizer.LearningRate = initialRate;
        }
    }

    /// <summary>Splits the validation fraction off the end of the data (Keras' <c>validation_split</c>), or checks the validation set.</summary>
    private static (Dataset<T> Train, Dataset<T>? Validation) HoldOut<T>(INetwork<T> network, Dataset<T> data, Dataset<T>? validation, TrainingOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (validation is not null)
        {
            if (options.ValidationFraction > 0.0)
            {
                throw new ArgumentException(
                    "Both a validation dataset and TrainingOptions.ValidationFraction are given; use one of them.", nameof(validation));
            }
            if (validation.InputSize != network.InputSize || validation.TargetSize != network.OutputSize)
            {
                throw new ArgumentException(
                    $"The validation samples have {validation.InputSize} inputs and {validation.TargetSize} targets, but the network takes {network.InputSize} inputs and gives {network.OutputSize} outputs.",
                    nameof(validation));
            }
            if (validation.Count == 0) throw new ArgumentException("The validation dataset has no samples.", nameof(validation));
            return (data, validation);
        }
        if (options.ValidationFraction == 0.0) return (data, null);
        int held = (int)Math.Round(options.ValidationFraction * data.Count, MidpointRounding.AwayFromZero);
        if (held < 1 || held >= data.Count)
        {
            throw new ArgumentException(
                $"TrainingOptions.ValidationFraction {Format(options.ValidationFraction)} of {data.Count} samples holds out {held}; both the training and the validation part need at least one sample.",
                nameof(TrainingOptions.ValidationFraction));
        }
        return (data.Slice(0, data.Count - held), data.Slice(data.Count - held, held));
    }

    private static void ThrowIfMonitorsNeedValidation(TrainingOptions options, bool hasValidation)
    {
        if (hasValidation) return;
        void Check(string what, EpochMetric monitor)
        {
            if (monitor.NeedsValidation())
            {
                throw new ArgumentException(
                    $"{what} monitors {monitor}, but there is no validation data: set TrainingOptions.ValidationFraction, pass a validation dataset to Trainer.Fit, or monitor {nameof(EpochMetric.TrainingLoss)}.",
                    nameof(options));
            }
        }
        if (options.EarlyStopping is { } stopping) Check("TrainingOptions.EarlyStopping", stopping.Monitor);
        if (options.Checkpoint is { BestOnly: true } checkpoint) Check("TrainingOptions.Checkpoint", checkpoint.Monitor);
        if (options.Schedule?.Monitor is EpochMetric watched) Check($"TrainingOptions.Schedule ({options.Schedule})", watched);
    }

    /// <summary>The rate in the network's number type; throws unless it is finite and positive there.</summary>
    private static T RateOf<T>(double rate, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T value = T.CreateChecked(rate);
        if (!T.IsFinite(value) || value < T.Zero || (value == T.Zero && rate != 0.0))
        {
            throw new ArgumentException(
                $"{(what == nameof(TrainingOptions.LearningRate) ? "TrainingOptions.LearningRate" : what)} is {Format(rate)}, which is not a finite positive value in the network's number type.",
                nameof(TrainingOptions.LearningRate));
        }
        return value;
    }

    private static void Diverge<T>(INetwork<T> network, T[] start, Optimizer? optimizer, (Array[]?, long, double)? optimizerState, int epoch, double loss, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        network.LoadParameters(start);
        network.ZeroGradients();
        if (optimizer is not null && optimizerState is { } state) optimizer.RestoreState(state);
        string restored = epoch == 1
            ? "The parameters were restored to their values before training."
            : $"The parameters were restored to their values at the end of epoch {epoch - 1}.";
        throw new TrainingDivergedException(epoch, loss,
            $"Training diverged in epoch {epoch}: {what}. {restored} Try a smaller learning rate.");
    }

    /// <summary>A parameter beyond this magnitude means divergence: useful weights are many orders of magnitude smaller.</summary>
    private const double MaxUsefulParameter = 1e15;

    private static int FirstBeyond<T>(ReadOnlySpan<T> values, double limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T bound = T.CreateChecked(limit);
        for (int i = 0; i < values.Length; i++)
        {
            if (T.Abs(values[i]) > bound) return i;
        }
        return -1;
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
