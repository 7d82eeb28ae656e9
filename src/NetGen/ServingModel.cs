using System;
using System.Globalization;
using System.Numerics;
using System.Threading;

namespace NetGen;

/// <summary>
/// Serves predictions from a published copy of a network's parameters while the network itself goes on training: any
/// number of threads call <see cref="Predict"/> and <see cref="PredictBatch"/>, the training thread calls
/// <see cref="Publish"/> (for example after every epoch, in <see cref="TrainingOptions.OnEpoch"/>), and every call
/// computes with exactly one published state, never a mix of two.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// <para>
/// Predicting from the training network itself is not safe while it trains: an update can land between the layers
/// of one prediction, which then mixes old and new parameters. A <see cref="ServingModel{T}"/> holds two instances of
/// the network made by the factory given to the constructor: the current one, which readers use, and a spare.
/// <see cref="Publish"/> copies the parameters into the spare and then makes it the current one with one atomic
/// reference swap, so the instance readers use is never written while it is current.
/// </para>
/// <para>
/// A reader that started on an instance just before a publish may still be computing when the next publish rewrites
/// that instance. Each instance carries a sequence number that a writer makes odd while it writes (a sequence lock):
/// a reader checks it before and after computing and computes again on the then-current instance if a write overlapped.
/// After two overlapped attempts (which needs publishes faster than one prediction) it computes under the publishers'
/// lock, so every call finishes. Readers take no lock, write no shared memory and allocate nothing; a publish copies
/// the parameters twice and allocates nothing.
/// </para>
/// <para>
/// Each call reads one state; consecutive calls may read different ones. A batch given to one
/// <see cref="PredictBatch"/> call is computed with one state throughout, so call that for outputs that must agree.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var net = new XorNet(seed: 7);
/// var serving = new ServingModel&lt;float&gt;(net, () =&gt; new XorNet());
/// var options = new TrainingOptions { Epochs = 5000, LearningRate = 0.5 };
/// options.OnEpoch += _ =&gt; serving.Publish(net);   // other threads call serving.Predict meanwhile
/// Trainer.Fit(net, data, options);
/// serving.Publish(net);   // the final parameters (early stopping may have restored an earlier epoch's)
/// </code>
/// </example>
public sealed class ServingModel<T> : IPredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Optimistic attempts before a reader computes under the publishers' lock.</summary>
    private const int OptimisticAttempts = 2;

    private readonly object _publishLock = new();
    private readonly T[] _staging;
    private Copy _current;
    private Copy _spare;
    private long _version;

    /// <summary>
    /// Serves a copy of <paramref name="network"/>'s parameters as they are now. <paramref name="create"/> is called
    /// twice, here, for the two instances the model computes with; it must return a new instance of the same network
    /// each time (for a generated class <c>XorNet</c>: <c>() =&gt; new XorNet()</c>).
    /// </summary>
    /// <param name="network">The network to serve; its parameters are copied, it is not kept.</param>
    /// <param name="create">Makes a new instance of the network; its initial parameters do not matter.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter of <paramref name="network"/> is NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="create"/> returned null, <paramref name="network"/> itself, the same instance twice, or a network
    /// of another architecture (the message names both).
    /// </exception>
    public ServingModel(IPredictor<T> network, Func<IPredictor<T>> create)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(create);
        var first = Create(create, network, null);
        var second = Create(create, network, first);
        _staging = new T[network.ParameterCount];
        network.CopyParametersTo(_staging);
        ThrowIfNotFinite(_staging, nameof(network));
        first.LoadParameters(_staging);
        _current = new Copy(first);
        _spare = new Copy(second);
        _version = 1;
    }

    /// <summary>
    /// The number of parameter states published so far: 1 after the constructor, one more after every
    /// <see cref="Publish"/> or <see cref="LoadParameters"/>.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    /// <inheritdoc />
    public int InputSize => Volatile.Read(ref _current).Network.InputSize;

    /// <inheritdoc />
    public int OutputSize => Volatile.Read(ref _current).Network.OutputSize;

    /// <inheritdoc />
    public int ParameterCount => _staging.Length;

    /// <inheritdoc />
    public ReadOnlySpan<int> LayerSizes => Volatile.Read(ref _current).Network.LayerSizes;

    /// <inheritdoc />
    public NetworkDescription Description => Volatile.Read(ref _current).Network.Description;

    /// <summary>
    /// Publishes a copy of <paramref name="network"/>'s parameters as they are now: the calls that start afterwards
    /// compute with them. Call it from the thread that trains <paramref name="network"/> (between its updates, as
    /// <see cref="TrainingOptions.OnEpoch"/> is); publishes from several threads are serialized.
    /// </summary>
    /// <param name="network">A network of the same architecture as the served one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="network"/> has another architecture, or one of its parameters is NaN or infinite (nothing is
    /// published then; the served state stays the previous one).
    /// </exception>
    public void Publish(IPredictor<T> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        ThrowIfOtherArchitecture(network, nameof(network));
        lock (_publishLock)
        {
            network.CopyParametersTo(_staging);
            PublishStaged(nameof(network));
        }
    }

    /// <summary>Publishes <paramref name="source"/> as the served parameters, in the flat order; see <see cref="Publish"/>.</summary>
    /// <param name="source">Exactly <see cref="ParameterCount"/> finite values.</param>
    /// <exception cref="ArgumentException">The length is not <see cref="ParameterCount"/>, or a value is NaN or infinite (nothing is published then).</exception>
    public void LoadParameters(ReadOnlySpan<T> source)
    {
        if (source.Length != _staging.Length)
        {
            throw new ArgumentException(
                $"'{nameof(source)}' has {source.Length} values but the network has {_staging.Length} parameters.", nameof(source));
        }
        lock (_publishLock)
        {
            source.CopyTo(_staging);
            PublishStaged(nameof(source));
        }
    }

    /// <summary>Computes the outputs for <paramref name="input"/> with one published state. Thread-safe; allocates nothing.</summary>
    /// <param name="input">The network's input size of values.</param>
    /// <param name="output">Receives the network's output size of values.</param>
    /// <exception cref="ArgumentException">A span's length is not the network's input or output size.</exception>
    public void Predict(ReadOnlySpan<T> input, Span<T> output) => Read(Operation.Predict, input, output);

    /// <summary>
    /// Computes the outputs of many rows (row-major) with one published state for the whole batch. Thread-safe;
    /// allocates nothing.
    /// </summary>
    /// <param name="inputs">Rows of the network's input size.</param>
    /// <param name="outputs">Receives rows of the network's output size, one per input row.</param>
    /// <exception cref="ArgumentException">The lengths are not whole rows, the row counts differ, or <paramref name="outputs"/> overlaps <paramref name="inputs"/>.</exception>
    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs) => Read(Operation.PredictBatch, inputs, outputs);

    /// <summary>Copies the served parameters (one published state), in the flat order. Thread-safe.</summary>
    /// <param name="destination">At least <see cref="ParameterCount"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ParameterCount"/>.</exception>
    public void CopyParametersTo(Span<T> destination)
    {
        if (destination.Length < _staging.Length)
        {
            throw new ArgumentException(
                $"'{nameof(destination)}' has {destination.Length} values but the network has {_staging.Length} parameters.", nameof(destination));
        }
        Read(Operation.CopyParameters, default, destination);
    }

    /// <inheritdoc />
    public T Loss(ReadOnlySpan<T> output, ReadOnlySpan<T> target) => Volatile.Read(ref _current).Network.Loss(output, target);

    /// <summary>A one-line description: the served network's layer sizes and parameter count, and <see cref="Version"/>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ServingModel of {string.Join("-", LayerSizes.ToArray())} ({ParameterCount} parameters), version {Version}");

    private enum Operation { Predict, PredictBatch, CopyParameters }

    /// <summary>
    /// One read with the sequence lock: compute on the current instance, and keep the result if no write into that
    /// instance started or finished meanwhile (its sequence number is the same even number before and after).
    /// </summary>
    private void Read(Operation operation, ReadOnlySpan<T> input, Span<T> output)
    {
        for (int attempt = 0; attempt < OptimisticAttempts; attempt++)
        {
            var copy = Volatile.Read(ref _current);
            long before = Volatile.Read(ref copy.Sequence);
            if ((before & 1) != 0) continue; // a publish is rewriting the instance this reader picked up late
            Run(operation, copy.Network, input, output);
            // The reads of the parameters above must complete before the sequence number is read again.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref copy.Sequence) == before) return;
        }
        // Publishes keep overlapping this call: compute with the publishers held off, so the call finishes.
        lock (_publishLock)
        {
            Run(operation, _current.Network, input, output);
        }
    }

    private static void Run(Operation operation, IPredictor<T> network, ReadOnlySpan<T> input, Span<T> output)
    {
        switch (operation)
        {
            case Operation.Predict:
                network.Predict(input, output);
                break;
            case Operation.PredictBatch:
                network.PredictBatch(input, output);
                break;
            default:
                network.CopyParametersTo(output);
                break;
        }
    }

    /// <summary>Writes <see cref="_staging"/> into the spare instance and swaps it in. Called under the publishers' lock.</summary>
    private void PublishStaged(string parameterName)
    {
        ThrowIfNotFinite(_staging, parameterName);
        var target = _spare;
        // Odd while written: a reader that picked this instance up before the previous swap discards what it computed.
        // Interlocked increments are full fences, so no parameter write is seen before the odd number or after the even one.
        Interlocked.Increment(ref target.Sequence);
        try
        {
            target.Network.LoadParameters(_staging);
        }
        finally
        {
            Interlocked.Increment(ref target.Sequence);
        }
        _spare = Interlocked.Exchange(ref _current, target);
        Interlocked.Increment(ref _version);
    }

    private void ThrowIfOtherArchitecture(IPredictor<T> network, string parameterName)
    {
        var served = Volatile.Read(ref _current).Network;
        if (!SameArchitecture(served, network))
        {
            throw new ArgumentException(
                $"'{parameterName}' is {Describe(network)}, but the served network is {Describe(served)}.", parameterName);
        }
    }

    private static IPredictor<T> Create(Func<IPredictor<T>> create, IPredictor<T> network, IPredictor<T>? other)
    {
        var made = create() ?? throw new InvalidOperationException("The factory returned null; it must return a new instance of the network.");
        if (ReferenceEquals(made, network) || ReferenceEquals(made, other))
        {
            throw new InvalidOperationException(
                "The factory returned " + (ReferenceEquals(made, network) ? "the network to serve itself" : "the same instance twice") +
                "; it must return a new instance each time (for example () => new MyNet()), which only the serving model uses.");
        }
        if (!SameArchitecture(network, made))
        {
            throw new InvalidOperationException($"The factory made {Describe(made)}, but the network to serve is {Describe(network)}.");
        }
        return made;
    }

    private static bool SameArchitecture(IPredictor<T> a, IPredictor<T> b) =>
        a.ParameterCount == b.ParameterCount && a.Description.Fingerprint == b.Description.Fingerprint && a.Description.Loss == b.Description.Loss;

    private static string Describe(IPredictor<T> network) =>
        $"{network.GetType().Name} ({string.Join("-", network.LayerSizes.ToArray())}, {network.ParameterCount} parameters, " +
        $"{string.Join("/", network.Description.Activations)}, {network.Description.Loss})";

    private static void ThrowIfNotFinite(T[] values, string parameterName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"Parameter {i} of '{parameterName}' is {values[i].ToString(null, CultureInfo.InvariantCulture)}; only finite parameters are published (the served state is unchanged).", parameterName);
            }
        }
    }

    /// <summary>An instance the model computes with, and its sequence number (odd while a publish writes into it).</summary>
    private sealed class Copy
    {
        public readonly IPredictor<T> Network;
        public long Sequence;

        public Copy(IPredictor<T> network) => Network = network;
    }
}
