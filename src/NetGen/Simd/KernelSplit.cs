using System;
using System.Numerics;
using System.Threading;

namespace NetGen.Simd;

/// <summary>
/// One batched kernel split across the process's <see cref="WorkerTeam"/>, with the same bits on any number of
/// threads: each part computes whole elements of the result, in the same register blocks as the unsplit kernel.
/// </summary>
/// <remarks>
/// <para>
/// Design: intra-operator parallelism, as OpenBLAS and ONNX Runtime's MLAS thread a GEMM by giving each thread its own
/// tile of C, rather than data parallelism over chunks of the batch. Splitting the batch gave each thread the whole of dW
/// to fill (a buffer per chunk, then a reduction): for 784-128-10 that is 400 KB written and read again per chunk, and two
/// threads ran slower than one. Here no buffer and no reduction exist, and a split changes no element's arithmetic:
/// </para>
/// <list type="bullet">
/// <item>forward, Z = f(X W^T + b): by outputs, in blocks of 8 (the kernel's 4-output blocks and its 8-output
/// matrix-vector passes both start at multiples of 8), so each core reads only its own rows of W. A softmax layer,
/// which needs whole rows, or one with few outputs splits by rows instead, in blocks of the register block's rows (4, or
/// 3 with 16 vector registers: <see cref="GemmBlocks"/>);</item>
/// <item>weight gradients, dW += D^T X: by units (rows of dW), in blocks of the outer-product block's rows (4, or 6
/// with 16 registers), so each core adds to the same rows of dW that it read of W in the forward pass: those stay in
/// its own L2 from batch to batch (blocks of 4 at 6 rows would have run every unit in the 2 x 4 remainder block);</item>
/// <item>input deltas, dX = (D W) f'(A): by rows, in blocks of the outer-product block's rows;</item>
/// <item>the SGD step (element-wise): by ranges of whole cache lines, so that each core updates about the parameters
/// whose gradients it computed, in its own cache (done on one core, the step took 4 times as long as on one thread).</item>
/// </list>
/// <para>
/// The work is cut into chunks of whole blocks (the step's: 4,096 elements), and each thread starts on an equal run of
/// consecutive chunks; a thread done with its own takes the others' remaining chunks from their far end (work stealing,
/// as in OpenMP's guided and TBB's schedules), so that a core slowed by other work does not hold the job up. Which thread
/// computes a chunk changes none of its bits. One instance per calling thread holds the job while the team runs it (the
/// spans are pinned for that time).
/// </para>
/// </remarks>
internal sealed unsafe class KernelSplit<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static KernelSplit<T>? t_current;

    private enum Kind { ForwardByOutputs, ForwardByRows, WeightGradients, InputDeltas, AddScaledAndClear }

    /// <summary>The longs of one part's cursor: a cache line, so that the parts' cursors never share one.</summary>
    private const int CursorStride = 8;

    /// <summary>The elements of the SGD step one take hands out: 16 KB of float, a fraction of a microsecond of work.</summary>
    private const int StepChunk = 4096;

    private readonly Action<int> _runPart;
    private Kind _kind;
    private SimdWidth _width;
    private T* _p0, _p1, _p2, _p3; // the kernel's operands, in the order of its parameters
    private int _rows, _inputSize, _outputSize, _units, _chunk, _parts;
    private T _scale;
    private ActivationFunction _activation;
    private bool _outerForm;
    // Per part, its chunks not yet taken: the next from the front (low 32 bits) and the end (high 32 bits), in chunks.
    private long[] _cursors = new long[CursorStride];

    private KernelSplit() => _runPart = RunPart;

    /// <summary>The instance of the calling thread.</summary>
    public static KernelSplit<T> ForThisThread() => t_current ??= new KernelSplit<T>();

    /// <summary>True when <paramref name="work"/> (multiply-adds or elements) is worth splitting across <paramref name="threads"/> threads.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public static bool Pays(int threads, long work, long minimum)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be at least 1.");
        return threads > 1 && work >= minimum;
    }

    public void Forward(SimdWidth width, ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> outputs, int rows, int inputSize, int outputSize, ActivationFunction activation, int threads)
    {
        bool byOutputs = activation != ActivationFunction.Softmax && outputSize >= 16;
        // The whole call's form, for every part (a part's own row count must not change it). In the outer form each part
        // packs W^T for its share, so the parts are a 4-vector panel of outputs, or rows enough to repay the packing.
        _outerForm = GemmBlocks.OuterForward<T>(width, inputSize, rows);
        int block = byOutputs
            ? (_outerForm ? Math.Max(8, 4 * GemmBlocks.Lanes<T>(width)) : 8)
            : (_outerForm ? GemmBlocks.PackedForwardRows : GemmBlocks.ForwardRows(width));
        fixed (T* x = inputs, w = weights, b = biases, z = outputs)
        {
            Run(byOutputs ? Kind.ForwardByOutputs : Kind.ForwardByRows, width, x, w, b, z, rows, inputSize, outputSize, activation,
                units: byOutputs ? outputSize : rows, block, threads);
        }
    }

    public void WeightGradients(SimdWidth width, ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradients, Span<T> biasGradients, int rows, int inputSize, int outputSize, int threads)
    {
        fixed (T* d = deltas, x = inputs, gw = weightGradients, gb = biasGradients)
        {
            Run(Kind.WeightGradients, width, d, x, gw, gb, rows, inputSize, outputSize, ActivationFunction.Linear, units: outputSize, block: GemmBlocks.OuterRows(width), threads);
        }
    }

    public void InputDeltas(SimdWidth width, ReadOnlySpan<T> deltas, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputActivations, Span<T> inputDeltas, int rows, int inputSize, int outputSize, ActivationFunction inputActivation, int threads)
    {
        fixed (T* d = deltas, w = weights, a = inputActivations, dx = inputDeltas)
        {
            Run(Kind.InputDeltas, width, d, w, a, dx, rows, inputSize, outputSize, inputActivation, units: rows, block: GemmBlocks.OuterRows(width), threads);
        }
    }

    /// <summary>The SGD step, by ranges of whole cache lines: each core updates about the parameters whose gradients it computed.</summary>
    public void AddScaledAndClear(SimdWidth width, Span<T> parameters, T scale, Span<T> gradients, int threads)
    {
        _scale = scale;
        fixed (T* p = parameters, g = gradients)
        {
            Run(Kind.AddScaledAndClear, width, p, g, null, null, 0, 0, 0, ActivationFunction.Linear, units: parameters.Length, block: 64 / sizeof(T), threads);
        }
    }

    private void Run(Kind kind, SimdWidth width, T* p0, T* p1, T* p2, T* p3, int rows, int inputSize, int outputSize, ActivationFunction activation, int units, int block, int threads)
    {
        // Chunks are whole blocks (the step's are larger: its blocks are single cache lines); each part starts with an
        // equal run of consecutive chunks.
        int chunk = kind == Kind.AddScaledAndClear ? StepChunk : block;
        int chunks = (units + chunk - 1) / chunk;
        int parts = Math.Min(threads, chunks);
        if (_cursors.Length < parts * CursorStride) _cursors = new long[parts * CursorStride];
        for (int part = 0; part < parts; part++)
        {
            long first = (long)chunks * part / parts, end = (long)chunks * (part + 1) / parts;
            Volatile.Write(ref _cursors[part * CursorStride], Pack((int)first, (int)end));
        }
        (_kind, _width, _rows, _inputSize, _outputSize, _activation, _units, _chunk, _parts) = (kind, width, rows, inputSize, outputSize, activation, units, chunk, parts);
        _p0 = p0;
        _p1 = p1;
        _p2 = p2;
        _p3 = p3;
        try
        {
            WorkerTeam.Shared.Run(parts, _runPart);
        }
        finally
        {
            _p0 = _p1 = _p2 = _p3 = null;
        }
    }

    /// <summary>
    /// Part <paramref name="part"/>'s thread: its own chunks from the front, then the other parts' from their backs.
    /// </summary>
    /// <remarks>
    /// Why take from the others at all: the two cores of a virtual machine (or any core sharing its time with other work)
    /// can run at different speeds for minutes, and with fixed halves the job lasts as long as the slower half (measured
    /// here: the worker's half of the SGD step 17 us while the caller's took 8.5). Why start from a fixed run of chunks:
    /// each core then computes the same rows of W, dW and the step from batch to batch, which stay in its L2; it takes
    /// from the others only what they have not reached. Which thread computes a chunk changes no bit of it.
    /// </remarks>
    private void RunPart(int part)
    {
        while (TakeFront(part, out int chunk)) Compute(chunk);
        for (int other = 1; other < _parts; other++)
        {
            int victim = (part + other) % _parts;
            while (TakeBack(victim, out int chunk)) Compute(chunk);
        }
    }

    private static long Pack(int next, int end) => (uint)next | (long)end << 32;

    private bool TakeFront(int part, out int chunk)
    {
        ref long cursor = ref _cursors[part * CursorStride];
        while (true)
        {
            long seen = Volatile.Read(ref cursor);
            int next = (int)seen, end = (int)(seen >> 32);
            chunk = next;
            if (next >= end) return false;
            if (Interlocked.CompareExchange(ref cursor, Pack(next + 1, end), seen) == seen) return true;
        }
    }

    private bool TakeBack(int part, out int chunk)
    {
        ref long cursor = ref _cursors[part * CursorStride];
        while (true)
        {
            long seen = Volatile.Read(ref cursor);
            int next = (int)seen, end = (int)(seen >> 32);
            chunk = end - 1;
            if (next >= end) return false;
            if (Interlocked.CompareExchange(ref cursor, Pack(next, end - 1), seen) == seen) return true;
        }
    }

    private void Compute(int chunk)
    {
        int first = chunk * _chunk, count = Math.Min(_chunk, _units - first);
        int rows = _rows, inputSize = _inputSize, outputSize = _outputSize;
        switch (_kind)
        {
            case Kind.ForwardByOutputs:
                Kernels.ForwardColumns(_width, ref *_p0, ref *_p1, ref *_p2, ref *_p3, rows, inputSize, outputSize, _activation, first, first + count, _outerForm);
                break;
            case Kind.ForwardByRows:
                Kernels.DenseForward(_width, new ReadOnlySpan<T>(_p0 + (long)first * inputSize, count * inputSize), new ReadOnlySpan<T>(_p1, outputSize * inputSize),
                    new ReadOnlySpan<T>(_p2, outputSize), new Span<T>(_p3 + (long)first * outputSize, count * outputSize), count, inputSize, outputSize, _activation, _outerForm);
                break;
            case Kind.WeightGradients:
                Kernels.WeightGradientUnits(_width, ref *_p0, ref *_p1, ref *_p2, ref *_p3, rows, inputSize, outputSize, first, first + count);
                break;
            case Kind.InputDeltas:
                Kernels.DenseInputDeltas(_width, new ReadOnlySpan<T>(_p0 + (long)first * outputSize, count * outputSize), new ReadOnlySpan<T>(_p1, outputSize * inputSize),
                    new ReadOnlySpan<T>(_p2 + (long)first * inputSize, count * inputSize), new Span<T>(_p3 + (long)first * inputSize, count * inputSize), count, inputSize, outputSize, _activation);
                break;
            case Kind.AddScaledAndClear:
                Kernels.AddScaledAndClear(_width, ref *_p0, _scale, ref *_p1, first, first + count);
                break;
        }
    }
}
