using System;
using System.Numerics;

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
/// <item>forward, Z = f(X W^T + b): by outputs, in blocks of 8 (the kernel's 4 x 4 blocks and its 8-output
/// matrix-vector passes both start at multiples of 8), so each core reads only its own rows of W. A softmax layer,
/// which needs whole rows, or one with few outputs splits by rows instead, in blocks of 4 (the register block's rows);</item>
/// <item>weight gradients, dW += D^T X: by units (rows of dW), in blocks of 4, so each core adds to the same rows of dW
/// that it read of W in the forward pass: those stay in its own L2 from batch to batch;</item>
/// <item>input deltas, dX = (D W) f'(A): by rows, in blocks of 4;</item>
/// <item>the SGD step (element-wise): by ranges of whole cache lines, so that each core updates about the parameters
/// whose gradients it computed, in its own cache (done on one core, the step took 4 times as long as on one thread).</item>
/// </list>
/// <para>
/// The parts are equal multiples of the block, the last one shorter; a part that would be empty is not handed out.
/// One instance per calling thread holds the job while the team runs it (the spans are pinned for that time).
/// </para>
/// </remarks>
internal sealed unsafe class KernelSplit<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static KernelSplit<T>? t_current;

    private enum Kind { ForwardByOutputs, ForwardByRows, WeightGradients, InputDeltas, AddScaledAndClear }

    private readonly Action<int> _runPart;
    private Kind _kind;
    private SimdWidth _width;
    private T* _p0, _p1, _p2, _p3; // the kernel's operands, in the order of its parameters
    private int _rows, _inputSize, _outputSize, _perPart, _units;
    private T _scale;
    private ActivationFunction _activation;

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
        fixed (T* x = inputs, w = weights, b = biases, z = outputs)
        {
            Run(byOutputs ? Kind.ForwardByOutputs : Kind.ForwardByRows, width, x, w, b, z, rows, inputSize, outputSize, activation,
                units: byOutputs ? outputSize : rows, block: byOutputs ? 8 : 4, threads);
        }
    }

    public void WeightGradients(SimdWidth width, ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradients, Span<T> biasGradients, int rows, int inputSize, int outputSize, int threads)
    {
        fixed (T* d = deltas, x = inputs, gw = weightGradients, gb = biasGradients)
        {
            Run(Kind.WeightGradients, width, d, x, gw, gb, rows, inputSize, outputSize, ActivationFunction.Linear, units: outputSize, block: 4, threads);
        }
    }

    public void InputDeltas(SimdWidth width, ReadOnlySpan<T> deltas, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputActivations, Span<T> inputDeltas, int rows, int inputSize, int outputSize, ActivationFunction inputActivation, int threads)
    {
        fixed (T* d = deltas, w = weights, a = inputActivations, dx = inputDeltas)
        {
            Run(Kind.InputDeltas, width, d, w, a, dx, rows, inputSize, outputSize, inputActivation, units: rows, block: 4, threads);
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
        int blocks = (units + block - 1) / block;
        int parts = Math.Min(threads, blocks);
        _perPart = (blocks + parts - 1) / parts * block;
        parts = (units + _perPart - 1) / _perPart;
        (_kind, _width, _rows, _inputSize, _outputSize, _activation, _units) = (kind, width, rows, inputSize, outputSize, activation, units);
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

    private void RunPart(int part)
    {
        int first = part * _perPart, count = Math.Min(_perPart, _units - first);
        int rows = _rows, inputSize = _inputSize, outputSize = _outputSize;
        switch (_kind)
        {
            case Kind.ForwardByOutputs:
                Kernels.ForwardColumns(_width, ref *_p0, ref *_p1, ref *_p2, ref *_p3, rows, inputSize, outputSize, _activation, first, first + count);
                break;
            case Kind.ForwardByRows:
                Kernels.DenseForward(_width, new ReadOnlySpan<T>(_p0 + (long)first * inputSize, count * inputSize), new ReadOnlySpan<T>(_p1, outputSize * inputSize),
                    new ReadOnlySpan<T>(_p2, outputSize), new Span<T>(_p3 + (long)first * outputSize, count * outputSize), count, inputSize, outputSize, _activation);
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
