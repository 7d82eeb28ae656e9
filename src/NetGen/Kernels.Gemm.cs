using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Simd;

namespace NetGen;

/// <summary>The SIMD width a kernel runs at.</summary>
internal enum SimdWidth
{
    /// <summary>No SIMD.</summary>
    Scalar = 1,

    /// <summary>128-bit vectors (SSE, NEON).</summary>
    Bits128 = 128,

    /// <summary>256-bit vectors (AVX2 + FMA).</summary>
    Bits256 = 256,

    /// <summary>512-bit vectors (AVX-512).</summary>
    Bits512 = 512,
}

/// <summary>
/// The widest SIMD width the kernels and the lane code of small networks run at: the widest the CPU runs in hardware
/// (512 with AVX-512, else 256, 128, or none), unless the environment variable <c>NETGEN_SIMD_BITS</c> names one.
/// </summary>
/// <remarks>
/// <c>NETGEN_SIMD_BITS</c> (<c>512</c>, <c>256</c>, <c>128</c> or <c>1</c>), read once per process, makes NetGen run as on a
/// CPU whose widest vectors are that wide, whatever this one has, so that every width's code can be tested on any
/// machine: on a CPU without AVX-512, <c>512</c> runs the 512-bit code with the runtime's software <c>Vector512</c>
/// (slower; the same operations lane by lane). The runtime's own switches (<c>DOTNET_EnableAVX512=0</c>,
/// <c>DOTNET_EnableHWIntrinsic=0</c>) can only take widths away.
/// </remarks>
internal static class SimdWidths
{
    /// <summary>The environment variable that picks <see cref="Widest"/>.</summary>
    public const string Variable = "NETGEN_SIMD_BITS";

    /// <summary>The widest width NetGen runs at in this process.</summary>
    public static readonly SimdWidth Widest = Choose(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The widest width the CPU runs in hardware.</summary>
    public static SimdWidth Hardware =>
        Vector512.IsHardwareAccelerated ? SimdWidth.Bits512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Bits256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Bits128
        : SimdWidth.Scalar;

    /// <summary><paramref name="value"/> of <see cref="Variable"/> as a width; unset or empty, <see cref="Hardware"/>.</summary>
    /// <exception cref="InvalidOperationException">Another value.</exception>
    public static SimdWidth Choose(string? value) => value switch
    {
        null or "" => Hardware,
        "512" => SimdWidth.Bits512,
        "256" => SimdWidth.Bits256,
        "128" => SimdWidth.Bits128,
        "1" => SimdWidth.Scalar,
        _ => throw new InvalidOperationException($"The environment variable {Variable} is \"{value}\": it must be 512, 256, 128 or 1, or unset for the widest vectors the hardware accelerates."),
    };
}

public static partial class Kernels
{
    /// <summary>The width the kernels run at: <see cref="SimdWidths.Widest"/>.</summary>
    internal static readonly SimdWidth BestWidth = SimdWidths.Widest;

    /// <summary>
    /// The width of the batched kernels in this process, in bits (512, 256, 128), or 1 without SIMD: the machine's widest,
    /// unless the environment variable <c>NETGEN_SIMD_BITS</c> names another (for tests).
    /// </summary>
    public static int BatchKernelWidthBits => (int)BestWidth;

    /// <summary>
    /// The fewest rows for which a generated <c>PredictBatch</c> of a network with matrix-kernel layers runs in large tiles
    /// (<see cref="LargeTileRows"/>): where the batch kernels are 512 bits wide, the forward product of a call of at least
    /// this many rows runs in its outer-product form over W^T packed once per call, which repays the packing only over
    /// that many rows; elsewhere no call (<see cref="int.MaxValue"/>).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code
    public static int LargePredictRows => BestWidth == SimdWidth.Bits512 ? GemmBlocks.PackedForwardRows : int.MaxValue;

    /// <summary>The rows of a large tile, but the last, which takes the rest: <see cref="LargeTileRows"/>.</summary>
    private const int LargeTile = 1024;

    /// <summary>The most rows <see cref="LargeTileRows"/> returns: a generated PredictBatch's scratch holds that many rows.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code
    public const int MaxLargeTileRows = LargeTile + GemmBlocks.PackedForwardRows - 1;

    /// <summary>
    /// The rows of a large call's next tile, given the <paramref name="remaining"/> rows (at least
    /// <see cref="LargePredictRows"/>): 1,024, or all of them when fewer than 1,024 + <see cref="LargePredictRows"/> remain,
    /// so that every tile has at least <see cref="LargePredictRows"/> rows and all of a call's rows run in one form.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code
    public static int LargeTileRows(int remaining) => remaining < LargeTile + GemmBlocks.PackedForwardRows ? remaining : LargeTile;

    /// <summary>
    /// A dense layer over a batch, for generated code: <c>outputs = f(inputs W^T + b)</c>, i.e.
    /// <c>outputs[r, j] = f(sum_i inputs[r, i] weights[j, i] + biases[j])</c> for every row r, with the activation f
    /// applied in the kernel's epilogue (softmax row by row).
    /// </summary>
    /// <param name="inputs">rows x inputSize, row-major.</param>
    /// <param name="weights">outputSize x inputSize, row-major (PyTorch's Linear.weight).</param>
    /// <param name="biases">outputSize values.</param>
    /// <param name="outputs">Receives rows x outputSize, row-major.</param>
    /// <param name="rows">The number of samples.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <param name="activation">f.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseForward<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> outputs, int rows, int inputSize, int outputSize, ActivationFunction activation)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        DenseForward(BestWidth, inputs, weights, biases, outputs, rows, inputSize, outputSize, activation);

    internal static void DenseForward<T>(SimdWidth width, ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> outputs, int rows, int inputSize, int outputSize, ActivationFunction activation)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        DenseForward(width, inputs, weights, biases, outputs, rows, inputSize, outputSize, activation, GemmBlocks.OuterForward<T>(width, inputSize, rows));

    /// <summary>
    /// <see cref="DenseForward{T}(SimdWidth, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, ActivationFunction)"/>
    /// in the form given (<see cref="GemmBlocks.OuterForward{T}(SimdWidth, int, int)"/> of the whole call, for a thread's
    /// share of its rows).
    /// </summary>
    internal static void DenseForward<T>(SimdWidth width, ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> outputs, int rows, int inputSize, int outputSize, ActivationFunction activation, bool outerForm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckForward(inputs, weights, biases, outputs, rows, inputSize, outputSize);
        if (rows == 0) return;
        ref T x = ref MemoryMarshal.GetReference(inputs), w = ref MemoryMarshal.GetReference(weights), b = ref MemoryMarshal.GetReference(biases);
        ref T z = ref MemoryMarshal.GetReference(outputs);
        // The outer form broadcasts x one value at a time, so a misaligned row costs it nothing: no copy.
        if (!outerForm && AlignedRows<T>.Pays(width, ref x, rows, inputSize))
        {
            // Misaligned rows at 512 bits: each chunk copied onto a cache line first (same bits, see AlignedRows).
            int chunkRows = AlignedRows<T>.ChunkRows(inputSize);
            Span<T> aligned = AlignedRows<T>.Buffer(Math.Min(rows, chunkRows) * inputSize);
            for (int first = 0; first < rows; first += chunkRows)
            {
                int count = Math.Min(chunkRows, rows - first);
                inputs.Slice(first * inputSize, count * inputSize).CopyTo(aligned);
                ForwardColumns(width, ref MemoryMarshal.GetReference(aligned), ref w, ref b, ref Unsafe.Add(ref z, (nint)first * outputSize),
                    count, inputSize, outputSize, activation, 0, outputSize, outerForm);
            }
        }
        else
        {
            ForwardColumns(width, ref x, ref w, ref b, ref z, rows, inputSize, outputSize, activation, 0, outputSize, outerForm);
        }
        if (activation == ActivationFunction.Softmax) SoftmaxRows(width, outputs, rows, outputSize);
    }

    /// <summary>
    /// A dense layer on one sample, for generated code's per-sample <c>Predict</c> and <c>Forward</c>:
    /// <c>output = f(W input + b)</c>, i.e. <c>output[j] = f(sum_i input[i] weights[j, i] + biases[j])</c> (softmax over
    /// the whole output).
    /// </summary>
    /// <remarks>
    /// The sample form: at 512 bits W is read one row after another, as one stream, and each row's sum is spread over 8
    /// vector accumulators, which makes one sample of a 784 -> 128 layer about 1.5 times as fast as the batched kernel's
    /// matrix-vector pass. The sums are then added in another order than <see cref="DenseForward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, ActivationFunction)"/>'s,
    /// so the last bits can differ from a batch's row; the same input gives the same bits every time. With narrower
    /// vectors, or fewer than 16 vectors of inputs (256 floats, 128 doubles), where that form measured slower, this is
    /// <c>DenseForward</c> with one row, bit for bit.
    /// </remarks>
    /// <param name="input">inputSize values.</param>
    /// <param name="weights">outputSize x inputSize, row-major (PyTorch's Linear.weight).</param>
    /// <param name="biases">outputSize values.</param>
    /// <param name="output">Receives outputSize values.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <param name="activation">f.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseForwardSample<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> output, int inputSize, int outputSize, ActivationFunction activation)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        DenseForwardSample(BestWidth, input, weights, biases, output, inputSize, outputSize, activation);

    internal static void DenseForwardSample<T>(SimdWidth width, ReadOnlySpan<T> input, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> output, int inputSize, int outputSize, ActivationFunction activation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(1, inputSize, outputSize);
        CheckLength(input.Length, inputSize, nameof(input));
        CheckLength(weights.Length, (long)outputSize * inputSize, nameof(weights));
        CheckLength(biases.Length, outputSize, nameof(biases));
        CheckLength(output.Length, outputSize, nameof(output));
        if (!GemmBlocks.SampleForm<T>(width, inputSize))
        {
            DenseForward(width, input, weights, biases, output, 1, inputSize, outputSize, activation);
            return;
        }
        ref T x = ref MemoryMarshal.GetReference(input), w = ref MemoryMarshal.GetReference(weights), b = ref MemoryMarshal.GetReference(biases);
        if (AlignedRows<T>.PaysForSample(ref x, inputSize))
        {
            // A misaligned input: copied onto a cache line first (same bits, see AlignedRows).
            Span<T> aligned = AlignedRows<T>.Buffer(inputSize);
            input.Slice(0, inputSize).CopyTo(aligned);
            x = ref MemoryMarshal.GetReference(aligned);
        }
        Gemm<T, Vector512<T>, Width512<T>>.ForwardSample(ref x, ref w, ref b, ref MemoryMarshal.GetReference(output), inputSize, outputSize, activation);
        if (activation == ActivationFunction.Softmax) SoftmaxRows(width, output, 1, outputSize);
    }

    private static void CheckForward<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> outputs, int rows, int inputSize, int outputSize)
    {
        CheckShape(rows, inputSize, outputSize);
        CheckLength(inputs.Length, (long)rows * inputSize, nameof(inputs));
        CheckLength(weights.Length, (long)outputSize * inputSize, nameof(weights));
        CheckLength(biases.Length, outputSize, nameof(biases));
        CheckLength(outputs.Length, (long)rows * outputSize, nameof(outputs));
    }

    /// <summary>The outputs [<paramref name="first"/>, <paramref name="end"/>) of every row; Softmax rows are left unnormalized.</summary>
    internal static void ForwardColumns<T>(SimdWidth width, ref T x, ref T w, ref T b, ref T z, int rows, int inputSize, int outputSize, ActivationFunction activation, int first, int end, bool outerForm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case SimdWidth.Bits512: Gemm<T, Vector512<T>, Width512<T>>.Forward(ref x, ref w, ref b, ref z, rows, inputSize, outputSize, activation, first, end, outerForm); break;
            case SimdWidth.Bits256: Gemm<T, Vector256<T>, Width256<T>>.Forward(ref x, ref w, ref b, ref z, rows, inputSize, outputSize, activation, first, end, outerForm); break;
            case SimdWidth.Bits128: Gemm<T, Vector128<T>, Width128<T>>.Forward(ref x, ref w, ref b, ref z, rows, inputSize, outputSize, activation, first, end, outerForm); break;
            default: Gemm<T, T, Scalar<T>>.Forward(ref x, ref w, ref b, ref z, rows, inputSize, outputSize, activation, first, end, outerForm); break;
        }
    }

    /// <summary>Each of the <paramref name="rows"/> rows of <paramref name="outputs"/> replaced by its softmax.</summary>
    internal static void SoftmaxRows<T>(SimdWidth width, Span<T> outputs, int rows, int outputSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLength(outputs.Length, (long)rows * outputSize, nameof(outputs));
        ref T z = ref MemoryMarshal.GetReference(outputs);
        switch (width)
        {
            case SimdWidth.Bits512: Gemm<T, Vector512<T>, Width512<T>>.SoftmaxRows(ref z, rows, outputSize); break;
            case SimdWidth.Bits256: Gemm<T, Vector256<T>, Width256<T>>.SoftmaxRows(ref z, rows, outputSize); break;
            case SimdWidth.Bits128: Gemm<T, Vector128<T>, Width128<T>>.SoftmaxRows(ref z, rows, outputSize); break;
            default: Gemm<T, T, Scalar<T>>.SoftmaxRows(ref z, rows, outputSize); break;
        }
    }

    /// <summary>
    /// A dense layer's parameter gradients over a batch, for generated code: <c>weightGradients += deltas^T inputs</c>
    /// (<c>dW[j, i] += sum_r deltas[r, j] inputs[r, i]</c>) and <c>biasGradients += the column sums of deltas</c>.
    /// </summary>
    /// <param name="deltas">rows x outputSize, row-major: dL/dz per sample.</param>
    /// <param name="inputs">rows x inputSize, row-major: the layer's inputs.</param>
    /// <param name="weightGradients">outputSize x inputSize, row-major; added to.</param>
    /// <param name="biasGradients">outputSize values; added to.</param>
    /// <param name="rows">The number of samples.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseWeightGradients<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradients, Span<T> biasGradients, int rows, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        DenseWeightGradients(BestWidth, deltas, inputs, weightGradients, biasGradients, rows, inputSize, outputSize);

    internal static void DenseWeightGradients<T>(SimdWidth width, ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradients, Span<T> biasGradients, int rows, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckWeightGradients(deltas, inputs, weightGradients, biasGradients, rows, inputSize, outputSize);
        if (rows == 0) return;
        WeightGradientUnits(width, ref MemoryMarshal.GetReference(deltas), ref MemoryMarshal.GetReference(inputs), ref MemoryMarshal.GetReference(weightGradients),
            ref MemoryMarshal.GetReference(biasGradients), rows, inputSize, outputSize, 0, outputSize);
    }

    private static void CheckWeightGradients<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradients, Span<T> biasGradients, int rows, int inputSize, int outputSize)
    {
        CheckShape(rows, inputSize, outputSize);
        CheckLength(deltas.Length, (long)rows * outputSize, nameof(deltas));
        CheckLength(inputs.Length, (long)rows * inputSize, nameof(inputs));
        CheckLength(weightGradients.Length, (long)outputSize * inputSize, nameof(weightGradients));
        CheckLength(biasGradients.Length, outputSize, nameof(biasGradients));
    }

    /// <summary>
    /// The gradients of units [<paramref name="first"/>, <paramref name="end"/>): their rows of dW and their bias sums.
    /// A range starting at a multiple of 4 computes its elements in the same blocks as the whole, hence the same bits.
    /// </summary>
    internal static void WeightGradientUnits<T>(SimdWidth width, ref T d, ref T x, ref T gw, ref T gb, int rows, int inputSize, int outputSize, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T unitDeltas = ref Unsafe.Add(ref d, first);
        ref T unitWeights = ref Unsafe.Add(ref gw, (nint)first * inputSize);
        ref T unitBiases = ref Unsafe.Add(ref gb, first);
        int units = end - first;
        switch (width)
        {
            case SimdWidth.Bits512:
                Gemm<T, Vector512<T>, Width512<T>>.OuterProduct(ref unitDeltas, outputSize, 1, ref x, ref unitWeights, units, rows, inputSize, accumulate: true);
                Gemm<T, Vector512<T>, Width512<T>>.AddColumnSums(ref unitDeltas, ref unitBiases, rows, units, outputSize);
                break;
            case SimdWidth.Bits256:
                Gemm<T, Vector256<T>, Width256<T>>.OuterProduct(ref unitDeltas, outputSize, 1, ref x, ref unitWeights, units, rows, inputSize, accumulate: true);
                Gemm<T, Vector256<T>, Width256<T>>.AddColumnSums(ref unitDeltas, ref unitBiases, rows, units, outputSize);
                break;
            case SimdWidth.Bits128:
                Gemm<T, Vector128<T>, Width128<T>>.OuterProduct(ref unitDeltas, outputSize, 1, ref x, ref unitWeights, units, rows, inputSize, accumulate: true);
                Gemm<T, Vector128<T>, Width128<T>>.AddColumnSums(ref unitDeltas, ref unitBiases, rows, units, outputSize);
                break;
            default:
                Gemm<T, T, Scalar<T>>.OuterProduct(ref unitDeltas, outputSize, 1, ref x, ref unitWeights, units, rows, inputSize, accumulate: true);
                Gemm<T, T, Scalar<T>>.AddColumnSums(ref unitDeltas, ref unitBiases, rows, units, outputSize);
                break;
        }
    }

    /// <summary>
    /// Back-propagates a dense layer's error to its inputs over a batch, for generated code:
    /// <c>inputDeltas = (deltas W) * f'(inputActivations)</c>, i.e.
    /// <c>inputDeltas[r, i] = (sum_j deltas[r, j] weights[j, i]) f'(a[r, i])</c> with f' written from the activation a
    /// of the layer below (the derivative in the epilogue).
    /// </summary>
    /// <param name="deltas">rows x outputSize, row-major: dL/dz of this layer.</param>
    /// <param name="weights">outputSize x inputSize, row-major.</param>
    /// <param name="inputActivations">rows x inputSize: the activations of the layer below (its outputs, this layer's inputs).</param>
    /// <param name="inputDeltas">Receives rows x inputSize: dL/dz of the layer below.</param>
    /// <param name="rows">The number of samples.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <param name="inputActivation">The activation f of the layer below.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs, or the activation is Softmax.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseInputDeltas<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputActivations, Span<T> inputDeltas, int rows, int inputSize, int outputSize, ActivationFunction inputActivation)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        DenseInputDeltas(BestWidth, deltas, weights, inputActivations, inputDeltas, rows, inputSize, outputSize, inputActivation);

    internal static void DenseInputDeltas<T>(SimdWidth width, ReadOnlySpan<T> deltas, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputActivations, Span<T> inputDeltas, int rows, int inputSize, int outputSize, ActivationFunction inputActivation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckInputDeltas(deltas, weights, inputActivations, inputDeltas, rows, inputSize, outputSize, inputActivation);
        if (rows == 0) return;
        ref T d = ref MemoryMarshal.GetReference(deltas), w = ref MemoryMarshal.GetReference(weights);
        ref T a = ref MemoryMarshal.GetReference(inputActivations), dx = ref MemoryMarshal.GetReference(inputDeltas);
        int count = rows * inputSize;
        switch (width)
        {
            case SimdWidth.Bits512:
                Gemm<T, Vector512<T>, Width512<T>>.OuterProduct(ref d, 1, outputSize, ref w, ref dx, rows, outputSize, inputSize, accumulate: false);
                Gemm<T, Vector512<T>, Width512<T>>.MultiplyByDerivative(ref dx, ref a, count, inputActivation);
                break;
            case SimdWidth.Bits256:
                Gemm<T, Vector256<T>, Width256<T>>.OuterProduct(ref d, 1, outputSize, ref w, ref dx, rows, outputSize, inputSize, accumulate: false);
                Gemm<T, Vector256<T>, Width256<T>>.MultiplyByDerivative(ref dx, ref a, count, inputActivation);
                break;
            case SimdWidth.Bits128:
                Gemm<T, Vector128<T>, Width128<T>>.OuterProduct(ref d, 1, outputSize, ref w, ref dx, rows, outputSize, inputSize, accumulate: false);
                Gemm<T, Vector128<T>, Width128<T>>.MultiplyByDerivative(ref dx, ref a, count, inputActivation);
                break;
            default:
                Gemm<T, T, Scalar<T>>.OuterProduct(ref d, 1, outputSize, ref w, ref dx, rows, outputSize, inputSize, accumulate: false);
                Gemm<T, T, Scalar<T>>.MultiplyByDerivative(ref dx, ref a, count, inputActivation);
                break;
        }
    }

    private static void CheckInputDeltas<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputActivations, Span<T> inputDeltas, int rows, int inputSize, int outputSize, ActivationFunction inputActivation)
    {
        CheckShape(rows, inputSize, outputSize);
        if (inputActivation == ActivationFunction.Softmax)
        {
            throw new ArgumentException("Softmax has no element-wise derivative; it is allowed only on the output layer.", nameof(inputActivation));
        }
        CheckLength(deltas.Length, (long)rows * outputSize, nameof(deltas));
        CheckLength(weights.Length, (long)outputSize * inputSize, nameof(weights));
        CheckLength(inputActivations.Length, (long)rows * inputSize, nameof(inputActivations));
        CheckLength(inputDeltas.Length, (long)rows * inputSize, nameof(inputDeltas));
    }

    private static void CheckShape(int rows, int inputSize, int outputSize)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "The row count must not be negative.");
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "A layer needs at least one input.");
        if (outputSize < 1) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "A layer needs at least one output.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLength(int actual, long needed, string parameterName)
    {
        if (actual < needed) ThrowTooShort(parameterName, needed > int.MaxValue ? int.MaxValue : (int)needed, actual);
    }
}
