using System;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen;

/// <summary>
/// An update rule over a network's parameters: <see cref="Sgd"/>, <see cref="Adam"/>, <see cref="AdamW"/>,
/// <see cref="RmsProp"/>. Each follows <c>torch.optim</c>'s documented definition, so results can be compared with
/// PyTorch step by step. An optimizer owns its state (moment buffers, step count) and serves one network: it binds to
/// the first network it steps.
/// </summary>
/// <remarks>
/// <para><see cref="Step{T}"/> takes the mean of the gradients the network accumulated (<see cref="INetwork{T}.Gradients"/>
/// divided by <see cref="INetwork{T}.AccumulatedSamples"/>, what PyTorch's <c>.grad</c> holds for a mean loss),
/// clips it when <see cref="MaxGradientValue"/> or <see cref="MaxGradientNorm"/> is set, applies the rule, and clears
/// the network's gradients. Weight decay, where a rule has it, applies to every parameter, biases included, as in a
/// PyTorch parameter group.</para>
/// <para>The state can be saved and restored (<see cref="SaveState"/>, <see cref="LoadState"/>) so that training resumes
/// exactly: the same steps after a restore give the same parameters, bit for bit. Not thread-safe.</para>
/// </remarks>
public abstract class Optimizer
{
    private const string Magic = "NGOPT";
    private const int FormatVersion = 1;

    private double _learningRate;
    private double? _maxGradientNorm;
    private double? _maxGradientValue;
    // The state, typed by the network's number type on first use (float[] or double[] buffers), and its shape: the
    // size of a value (4 or 8 bytes; 0 while there is no state) and the number of parameters.
    private Array[]? _buffers;
    private int _elementSize;
    private int _parameterCount;
    // The mean gradient; allocated by the first step after LoadState, once the network has confirmed the loaded shape.
    private Array? _scratch;
    private WeakReference<object>? _network;

    /// <summary>Creates the optimizer with its initial learning rate.</summary>
    /// <param name="learningRate">The step size, finite and at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    protected Optimizer(double learningRate)
    {
        LearningRate = learningRate;
    }

    /// <summary>
    /// The step size the next <see cref="Step{T}"/> uses (PyTorch's <c>lr</c>), finite and at least 0. Schedules and
    /// <see cref="TrainingOptions.OnEpoch"/> may change it between steps; <see cref="Trainer"/>.Fit puts back the value
    /// it started from when a schedule ran, so that the next Fit's schedule starts from the same rate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = CheckNonNegative(value, nameof(LearningRate));
    }

    /// <summary>
    /// When set, the mean gradient is scaled down so that its Euclidean norm over all parameters is at most this,
    /// as <c>torch.nn.utils.clip_grad_norm_(max_norm)</c> does: <c>g *= min(1, max / (||g|| + 1e-6))</c>. Finite and
    /// greater than 0, or null (the default) for no clipping.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and greater than 0.</exception>
    public double? MaxGradientNorm
    {
        get => _maxGradientNorm;
        init => _maxGradientNorm = value is double v ? CheckPositive(v, nameof(MaxGradientNorm)) : null;
    }

    /// <summary>
    /// When set, every component of the mean gradient is clamped to [-value, value], as
    /// <c>torch.nn.utils.clip_grad_value_(clip_value)</c> does; applied before <see cref="MaxGradientNorm"/> when both
    /// are set. Finite and greater than 0, or null (the default) for no clipping.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and greater than 0.</exception>
    public double? MaxGradientValue
    {
        get => _maxGradientValue;
        init => _maxGradientValue = value is double v ? CheckPositive(v, nameof(MaxGradientValue)) : null;
    }

    /// <summary>The number of updates applied so far (PyTorch's per-parameter <c>step</c>); bias corrections use it.</summary>
    public long StepCount { get; private set; }

    /// <summary>The number of state buffers the rule keeps per parameter (0 for plain SGD, 2 for Adam).</summary>
    protected abstract int StateBufferCount { get; }

    /// <summary>
    /// Applies one update to <paramref name="network"/> from the mean of its accumulated gradients, then clears them
    /// (<see cref="INetwork{T}.ZeroGradients"/>). Does nothing when no sample was accumulated.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network this optimizer serves.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The optimizer already serves another network, or holds state of another size or number type (from
    /// <see cref="LoadState"/>); call <see cref="Reset"/> or create one optimizer per network.
    /// </exception>
    public void Step<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        int samples = network.AccumulatedSamples;
        if (samples == 0) return;
        Bind(network);
        Span<T> parameters = network.Parameters;
        var buffers = Buffers<T>(parameters.Length);
        T learningRate = T.CreateChecked(_learningRate);
        StepCount++;
        int threads = network is IParallelTrainable parallel ? parallel.DegreeOfParallelism : 1;
        if (threads > 1 && parameters.Length >= MinParallelParameters && UpdatesByElement && _maxGradientNorm is null)
        {
            // Ranges of the parameters on several threads: each core updates the parameters whose gradients it
            // computed (the layers' kernels split the same way), in its own cache. The same bits as one range.
            OptimizerSplit<T>.ForThisThread().Run(this, parameters, network.Gradients, buffers, (T[])_scratch!, T.CreateChecked(samples), learningRate, threads);
        }
        else if (!TryStepFromSums(parameters, network.Gradients, T.CreateChecked(samples), learningRate))
        {
            ReadOnlySpan<T> sums = network.Gradients;
            var gradient = ((T[])_scratch!).AsSpan(0, parameters.Length);
            T count = T.CreateChecked(samples);
            Mean(sums, count, gradient);
            Clip(gradient);
            Update(parameters, gradient, buffers, StepCount, learningRate);
        }
        network.ZeroGradients();
    }

    /// <summary>Forgets the state (moment buffers, step count) and the network it served; the hyperparameters stay.</summary>
    public void Reset()
    {
        _buffers = null;
        _elementSize = 0;
        _parameterCount = 0;
        _scratch = null;
        _network = null;
        StepCount = 0;
    }

    /// <summary>
    /// Applies the rule to <paramref name="parameters"/> given the mean, clipped gradient. <paramref name="gradient"/>
    /// is scratch the rule may overwrite (for example to add L2 weight decay); <paramref name="state"/> holds
    /// <see cref="StateBufferCount"/> buffers as long as the parameters, zero before the first step.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The network's parameters, updated in place.</param>
    /// <param name="gradient">The mean gradient.</param>
    /// <param name="state">The rule's buffers.</param>
    /// <param name="step">The 1-based number of this update.</param>
    /// <param name="learningRate">The step size, in the network's number type.</param>
    protected abstract void Update<T>(Span<T> parameters, Span<T> gradient, T[][] state, long step, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The fewest parameters whose update is split across threads (128 KB of float), as for the generated Step.</summary>
    private const int MinParallelParameters = 1 << 15;

    /// <summary>
    /// True where the rule updates each parameter from that parameter's own gradient and state alone
    /// (<see cref="UpdateRange"/>), so that ranges of parameters may be updated on different threads with the same bits:
    /// the built-in rules as they are, not a subclass (whose <see cref="Update"/> may look across elements).
    /// </summary>
    private protected virtual bool UpdatesByElement => false;

    /// <summary>
    /// The rule on parameters [<paramref name="first"/>, <paramref name="end"/>) only (<paramref name="parameters"/>,
    /// <paramref name="gradient"/> and <paramref name="state"/> whole), for the rules that update by element.
    /// </summary>
    private protected virtual void UpdateRange<T>(Span<T> parameters, Span<T> gradient, T[][] state, int first, int end, long step, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotSupportedException($"{GetType().Name} does not update by element.");

    /// <summary>
    /// One range of a split step: what <see cref="Step{T}"/> does, on parameters [<paramref name="first"/>,
    /// <paramref name="end"/>) (no clipping by norm, which needs every gradient).
    /// </summary>
    internal void StepRange<T>(Span<T> parameters, ReadOnlySpan<T> sums, T[][] state, T[] scratch, T samples, long step, T learningRate, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (TryStepFromSums(parameters[first..end], sums[first..end], samples, learningRate)) return;
        var gradient = scratch.AsSpan(first, end - first);
        Mean(sums[first..end], samples, gradient);
        ClipByValue(gradient);
        UpdateRange(parameters, scratch.AsSpan(0, parameters.Length), state, first, end, step, learningRate);
    }

    /// <summary>
    /// A rule may update straight from the gradient sums and the sample count, skipping the mean (plain SGD does, to
    /// agree bit for bit with the generated <c>Step(lr)</c>). Returns false to take the general path.
    /// </summary>
    private protected virtual bool TryStepFromSums<T>(Span<T> parameters, ReadOnlySpan<T> sums, T samples, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T> => false;

    /// <summary>
    /// torch.optim's coupled weight decay (an L2 penalty): <c>g = g + weightDecay * p</c>, in the network's number type.
    /// Does nothing when <paramref name="weightDecay"/> is 0.
    /// </summary>
    private protected static void AddL2Penalty<T>(Span<T> gradient, ReadOnlySpan<T> parameters, double weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weightDecay == 0.0) return;
        T decay = T.CreateChecked(weightDecay);
        for (int i = 0; i < gradient.Length; i++) gradient[i] += decay * parameters[i];
    }

    /// <summary>True when no gradient clipping is configured.</summary>
    private protected bool ClipsNothing => _maxGradientNorm is null && _maxGradientValue is null;

    /// <summary>
    /// Writes the state (the rule's name, learning rate, step count and buffers) to <paramref name="stream"/> in a small
    /// binary format, so that <see cref="LoadState"/> on an optimizer of the same kind resumes training exactly.
    /// The hyperparameters other than the learning rate are not written: they belong to the constructed optimizer.
    /// </summary>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void SaveState(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(GetType().Name);
        writer.Write(_learningRate);
        writer.Write(StepCount);
        writer.Write(_elementSize);
        writer.Write(_parameterCount);
        writer.Write(_buffers?.Length ?? 0);
        if (_buffers is null) return;
        foreach (var buffer in _buffers)
        {
            if (buffer is double[] d) foreach (double v in d) writer.Write(v);
            else foreach (float v in (float[])buffer) writer.Write(v);
        }
    }

    /// <summary>
    /// Replaces the state by one written by <see cref="SaveState"/> of an optimizer of the same kind. The next
    /// <see cref="Step{T}"/> continues from it; it must be on a network of the same size and number type. When the
    /// stream does not hold a valid state, the optimizer is left as it was.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the state.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidDataException">
    /// The stream does not hold an optimizer state of this kind, or the state is malformed (a count out of range, a
    /// value NaN or infinite, a negative mean of squares) or ends early (the message says which field and what was expected).
    /// </exception>
    public void LoadState(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        // What is being read, for the message when the stream ends early.
        string field = "the format name";
        try
        {
            if (ReadName(reader, Magic.Length) != Magic) throw new InvalidDataException("The stream does not hold a NetGen optimizer state.");
            field = "the format version";
            int version = reader.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"Optimizer state format version {version} is not supported (expected {FormatVersion}).");
            field = "the optimizer kind";
            string kind = ReadName(reader, MaxKindBytes)
                ?? throw new InvalidDataException($"The optimizer kind in the state is not a name of at most {MaxKindBytes} bytes (expected {GetType().Name}).");
            if (kind != GetType().Name) throw new InvalidDataException($"The stream holds the state of a {kind} optimizer, not of a {GetType().Name}.");
            field = "the learning rate";
            double learningRate = reader.ReadDouble();
            if (!(learningRate >= 0.0) || !double.IsFinite(learningRate))
            {
                throw new InvalidDataException($"The learning rate in the {kind} state is {Format(learningRate)}; it must be finite and at least 0.");
            }
            field = "the step count";
            long steps = reader.ReadInt64();
            if (steps < 0) throw new InvalidDataException($"The step count in the {kind} state is {steps}; it must be at least 0.");
            field = "the element size";
            int elementSize = reader.ReadInt32();
            if (elementSize is not (0 or 4 or 8))
            {
                throw new InvalidDataException($"The element size in the {kind} state is {elementSize}; it must be 4 (float), 8 (double) or 0 (no state yet).");
            }
            field = "the parameter count";
            int length = reader.ReadInt32();
            if (length < 0 || (elementSize == 0 && length != 0))
            {
                throw new InvalidDataException($"The parameter count in the {kind} state is {length}; it must be at least 0, and 0 when the element size is 0.");
            }
            field = "the buffer count";
            int count = reader.ReadInt32();
            int expectedCount = elementSize == 0 ? 0 : StateBufferCount;
            if (count != expectedCount)
            {
                throw new InvalidDataException($"The buffer count in the {kind} state is {count}; expected {expectedCount} ({(elementSize == 0 ? "none before the first step" : $"this optimizer keeps {StateBufferCount}")}).");
            }
            // The counts above are not checked against a network (the next step does that), so the buffers are only
            // allocated as far as the stream can fill them: a seekable stream must hold them whole, and from another
            // stream they grow as the values arrive.
            long dataBytes = (long)count * length * elementSize;
            if (stream.CanSeek && stream.Length - stream.Position < dataBytes)
            {
                throw new InvalidDataException(
                    $"The {kind} state declares {count} buffers of {length} values of {elementSize} bytes ({dataBytes} bytes), but the stream holds only {stream.Length - stream.Position} more bytes.");
            }
            int capacity = stream.CanSeek ? length : Math.Min(length, UnconfirmedValues);
            Array[]? buffers = null;
            if (elementSize != 0)
            {
                buffers = new Array[count];
                for (int b = 0; b < count; b++)
                {
                    field = $"buffer {b + 1} of {count}";
                    buffers[b] = elementSize == 8 ? ReadValues(reader.ReadDouble, length, capacity) : ReadValues(reader.ReadSingle, length, capacity);
                    CheckBufferValues(kind, buffers[b], b, count);
                }
            }
            // Everything was read and checked: only now is the state replaced, so a failed load changes nothing.
            _learningRate = learningRate;
            StepCount = steps;
            _buffers = buffers;
            _elementSize = elementSize;
            _parameterCount = length;
            _scratch = null;
            _network = null;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The optimizer state ends early, in {field}.", e);
        }
    }

    /// <summary>
    /// Throws unless every value of a loaded buffer is finite, and at least 0 in a buffer of squares
    /// (<see cref="IsBufferOfSquares"/>): a NaN there would turn the next step's parameters into NaN, and a negative
    /// mean square into the square root of a negative number.
    /// </summary>
    private void CheckBufferValues(string kind, Array buffer, int index, int count)
    {
        bool squares = IsBufferOfSquares(index);
        for (int i = 0; i < buffer.Length; i++)
        {
            double value = buffer is double[] d ? d[i] : ((float[])buffer)[i];
            if (!double.IsFinite(value) || (squares && value < 0.0))
            {
                throw new InvalidDataException(
                    $"Value {i} of buffer {index + 1} of {count} in the {kind} state is {Format(value)}; it must be finite{(squares ? " and at least 0 (a mean of squares)" : "")}.");
            }
        }
    }

    /// <summary>Whether state buffer <paramref name="index"/> holds means of squared gradients, which are never negative.</summary>
    private protected virtual bool IsBufferOfSquares(int index) => false;

    /// <summary>The longest optimizer kind <see cref="LoadState"/> reads: far longer than a type name.</summary>
    private const int MaxKindBytes = 1024;

    /// <summary>The values a buffer read from a stream that cannot tell its length starts with, before they arrive.</summary>
    private const int UnconfirmedValues = 1 << 12;

    /// <summary>
    /// A string as <see cref="BinaryWriter.Write(string)"/> writes it (a 7-bit encoded byte count, then UTF-8), or null
    /// when the count is malformed or above <paramref name="maxBytes"/>, where <see cref="BinaryReader.ReadString"/>
    /// would throw <see cref="FormatException"/> or <see cref="IOException"/>, or allocate for any count.
    /// </summary>
    private static string? ReadName(BinaryReader reader, int maxBytes)
    {
        int byteCount;
        try
        {
            byteCount = reader.Read7BitEncodedInt();
        }
        catch (FormatException)
        {
            return null;
        }
        if (byteCount < 0 || byteCount > maxBytes) return null;
        byte[] bytes = reader.ReadBytes(byteCount);
        if (bytes.Length < byteCount) throw new EndOfStreamException();
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// <paramref name="length"/> values from <paramref name="read"/>, in an array that starts at
    /// <paramref name="capacity"/> and doubles as the values arrive: a length the stream does not back allocates no
    /// more than a few times what it holds.
    /// </summary>
    private static T[] ReadValues<T>(Func<T> read, int length, int capacity)
    {
        var values = new T[capacity];
        for (int i = 0; i < length; i++)
        {
            if (i == values.Length) Array.Resize(ref values, (int)Math.Min(length, 2L * values.Length));
            values[i] = read();
        }
        return values;
    }

    /// <summary>The optimizer and its hyperparameters, in invariant culture, for example <c>"Adam(learningRate: 0.001, ...)"</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(GetType().Name).Append("(learningRate: ").Append(Format(_learningRate));
        AppendHyperparameters(text);
        if (_maxGradientValue is double v) text.Append(", maxGradientValue: ").Append(Format(v));
        if (_maxGradientNorm is double n) text.Append(", maxGradientNorm: ").Append(Format(n));
        return text.Append(')').ToString();
    }

    /// <summary>Appends <c>", name: value"</c> for each hyperparameter besides the learning rate (for <see cref="ToString"/>).</summary>
    /// <param name="text">The text to append to.</param>
    protected virtual void AppendHyperparameters(StringBuilder text)
    {
    }

    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0.</summary>
    private protected static double CheckNonNegative(double value, string name)
    {
        if (!(value >= 0.0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {Format(value)}; it must be finite and at least 0.");
        }
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and greater than 0.</summary>
    private protected static double CheckPositive(double value, string name)
    {
        if (!(value > 0.0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {Format(value)}; it must be finite and greater than 0.");
        }
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is in [0, 1).</summary>
    private protected static double CheckFraction(double value, string name)
    {
        if (!(value >= 0.0 && value < 1.0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {Format(value)}; it must be at least 0 and less than 1.");
        }
        return value;
    }

    private void Bind(object network)
    {
        if (_network is null)
        {
            _network = new WeakReference<object>(network);
        }
        else if (!_network.TryGetTarget(out var bound) || !ReferenceEquals(bound, network))
        {
            throw new InvalidOperationException(
                $"This {GetType().Name} optimizer holds the state of another network. Use one optimizer per network, or call Reset() first.");
        }
    }

    private T[][] Buffers<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_buffers is null)
        {
            var created = new T[StateBufferCount][];
            for (int b = 0; b < created.Length; b++) created[b] = new T[length];
            _buffers = created;
            _elementSize = Unsafe.SizeOf<T>();
            _parameterCount = length;
            _scratch = new T[length];
            return created;
        }
        if (_elementSize != Unsafe.SizeOf<T>() || _parameterCount != length)
        {
            string type = _elementSize == 8 ? "double" : "float";
            throw new InvalidOperationException(
                $"This {GetType().Name} optimizer holds state for {_parameterCount} {type} parameters, but the network has {length} {typeof(T).Name} parameters. Call Reset() to start afresh.");
        }
        _scratch ??= new T[length];
        var typed = new T[_buffers.Length][];
        for (int b = 0; b < typed.Length; b++) typed[b] = (T[])_buffers[b];
        return typed;
    }

    /// <summary>Clamps by value, then scales by the global norm, as configured.</summary>
    private void Clip<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ClipByValue(gradient);
        if (_maxGradientNorm is double maxNorm)
        {
            double squares = 0.0;
            foreach (T g in gradient)
            {
                double d = double.CreateChecked(g);
                squares += d * d;
            }
            // torch.nn.utils.clip_grad_norm_: clip_coef = max_norm / (total_norm + 1e-6), applied when below 1.
            double coefficient = maxNorm / (Math.Sqrt(squares) + 1e-6);
            if (coefficient < 1.0)
            {
                T scale = T.CreateChecked(coefficient);
                for (int i = 0; i < gradient.Length; i++) gradient[i] *= scale;
            }
        }
    }

    /// <summary>Clamps each element to [-MaxGradientValue, MaxGradientValue], if set.</summary>
    private void ClipByValue<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_maxGradientValue is not double limit) return;
        T high = T.CreateChecked(limit), low = -high;
        for (int i = 0; i < gradient.Length; i++) gradient[i] = T.Clamp(gradient[i], low, high);
    }

    /// <summary><c>mean = sums / count</c>, element by element (vectorized; the same bits as the scalar division).</summary>
    private static void Mean<T>(ReadOnlySpan<T> sums, T count, Span<T> mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && sums.Length >= Vector<T>.Count)
        {
            var divisor = new Vector<T>(count);
            for (; i <= sums.Length - Vector<T>.Count; i += Vector<T>.Count) (new Vector<T>(sums.Slice(i)) / divisor).CopyTo(mean.Slice(i));
        }
        for (; i < sums.Length; i++) mean[i] = sums[i] / count;
    }

    /// <summary>A deep copy of the state, for the trainer to roll back after a divergence.</summary>
    internal (Array[]? Buffers, long Steps, double LearningRate) CaptureState()
    {
        Array[]? copy = null;
        if (_buffers is not null)
        {
            copy = new Array[_buffers.Length];
            for (int b = 0; b < copy.Length; b++) copy[b] = (Array)_buffers[b].Clone();
        }
        return (copy, StepCount, _learningRate);
    }

    /// <summary>Restores a state taken by <see cref="CaptureState"/>.</summary>
    internal void RestoreState((Array[]? Buffers, long Steps, double LearningRate) state)
    {
        _buffers = state.Buffers;
        if (_buffers is null)
        {
            _elementSize = 0;
            _parameterCount = 0;
            _scratch = null;
        }
        StepCount = state.Steps;
        _learningRate = state.LearningRate;
    }
}
