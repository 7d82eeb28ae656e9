using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Simd;

namespace NetGen;

public static partial class Kernels
{
    /// <summary>
    /// The fewest multiply-adds a layer kernel splits across threads (about 3 us of work at 100 GFLOP/s): below it, handing
    /// out the parts and waiting for them costs more than it saves.
    /// </summary>
    internal const long MinParallelMultiplyAdds = 1 << 18;

    /// <summary>The fewest parameters <see cref="AddScaledAndClear{T}(Span{T}, T, Span{T}, int)"/> splits across threads (128 KB of float).</summary>
    internal const int MinParallelStepLength = 1 << 15;

    /// <summary>
    /// The gradient-descent step of generated networks: <c>parameters += scale * gradients</c>, then
    /// <c>gradients = 0</c>, in one pass, on up to <paramref name="threads"/> threads (each a contiguous range; the
    /// same bits as <see cref="AddScaled{T}(Span{T}, T, ReadOnlySpan{T})"/> and a clear). Splitting it as the layer kernels
    /// split their work keeps each core updating the parameters whose gradients it computed, still in its cache.
    /// </summary>
    /// <param name="parameters">The parameters; added to.</param>
    /// <param name="scale">The factor, -learning rate / samples.</param>
    /// <param name="gradients">The gradient sums, as long as <paramref name="parameters"/>; cleared.</param>
    /// <param name="threads">The most threads to use, at least 1; fewer than 2^15 parameters run on the calling thread.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void AddScaledAndClear<T>(Span<T> parameters, T scale, Span<T> gradients, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Length != gradients.Length) ThrowLengthMismatch(nameof(gradients), parameters.Length, gradients.Length);
        if (!KernelSplit<T>.Pays(threads, parameters.Length, MinParallelStepLength))
        {
            AddScaledAndClear(BestWidth, ref MemoryMarshal.GetReference(parameters), scale, ref MemoryMarshal.GetReference(gradients), 0, parameters.Length);
            return;
        }
        KernelSplit<T>.ForThisThread().AddScaledAndClear(BestWidth, parameters, scale, gradients, threads);
    }

    /// <summary>Elements [<paramref name="first"/>, <paramref name="end"/>) of <see cref="AddScaledAndClear{T}(Span{T}, T, Span{T}, int)"/>.</summary>
    internal static void AddScaledAndClear<T>(SimdWidth width, ref T parameters, T scale, ref T gradients, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T p = ref Unsafe.Add(ref parameters, first), g = ref Unsafe.Add(ref gradients, first);
        switch (width)
        {
            case SimdWidth.Bits512: Level1<T, Vector512<T>, Width512<T>>.AddScaledAndClear(ref p, scale, ref g, end - first); break;
            case SimdWidth.Bits256: Level1<T, Vector256<T>, Width256<T>>.AddScaledAndClear(ref p, scale, ref g, end - first); break;
            case SimdWidth.Bits128: Level1<T, Vector128<T>, Width128<T>>.AddScaledAndClear(ref p, scale, ref g, end - first); break;
            default: Level1<T, T, Scalar<T>>.AddScaledAndClear(ref p, scale, ref g, end - first); break;
        }
    }

    /// <summary>
    /// <see cref="DenseForward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, ActivationFunction)"/>
    /// on up to <paramref name="threads"/> threads, with the same bits as on one: each thread computes whole outputs.
    /// </summary>
    /// <param name="inputs">rows x inputSize, row-major.</param>
    /// <param name="weights">outputSize x inputSize, row-major.</param>
    /// <param name="biases">outputSize values.</param>
    /// <param name="outputs">Receives rows x outputSize, row-major.</param>
    /// <param name="rows">The number of samples.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <param name="activation">f.</param>
    /// <param name="threads">The most threads to use, at least 1; a small layer runs on the calling thread.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseForward<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, Span<T> outputs, int rows, int inputSize, int outputSize, ActivationFunction activation, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!KernelSplit<T>.Pays(threads, (long)rows * inputSize * outputSize, MinParallelMultiplyAdds))
        {
            DenseForward(BestWidth, inputs, weights, biases, outputs, rows, inputSize, outputSize, activation);
            return;
        }
        CheckForward(inputs, weights, biases, outputs, rows, inputSize, outputSize);
        KernelSplit<T>.ForThisThread().Forward(BestWidth, inputs, weights, biases, outputs, rows, inputSize, outputSize, activation, threads);
    }

    /// <summary>
    /// <see cref="DenseWeightGradients{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, int, int, int)"/> on up to
    /// <paramref name="threads"/> threads, with the same bits as on one: each thread owns whole rows of dW.
    /// </summary>
    /// <param name="deltas">rows x outputSize, row-major: dL/dz per sample.</param>
    /// <param name="inputs">rows x inputSize, row-major: the layer's inputs.</param>
    /// <param name="weightGradients">outputSize x inputSize, row-major; added to.</param>
    /// <param name="biasGradients">outputSize values; added to.</param>
    /// <param name="rows">The number of samples.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <param name="threads">The most threads to use, at least 1; a small layer runs on the calling thread.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseWeightGradients<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradients, Span<T> biasGradients, int rows, int inputSize, int outputSize, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!KernelSplit<T>.Pays(threads, (long)rows * inputSize * outputSize, MinParallelMultiplyAdds))
        {
            DenseWeightGradients(BestWidth, deltas, inputs, weightGradients, biasGradients, rows, inputSize, outputSize);
            return;
        }
        CheckWeightGradients(deltas, inputs, weightGradients, biasGradients, rows, inputSize, outputSize);
        KernelSplit<T>.ForThisThread().WeightGradients(BestWidth, deltas, inputs, weightGradients, biasGradients, rows, inputSize, outputSize, threads);
    }

    /// <summary>
    /// <see cref="DenseInputDeltas{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, ActivationFunction)"/>
    /// on up to <paramref name="threads"/> threads, with the same bits as on one: each thread owns whole rows of the result.
    /// </summary>
    /// <param name="deltas">rows x outputSize, row-major: dL/dz of this layer.</param>
    /// <param name="weights">outputSize x inputSize, row-major.</param>
    /// <param name="inputActivations">rows x inputSize: the activations of the layer below.</param>
    /// <param name="inputDeltas">Receives rows x inputSize: dL/dz of the layer below.</param>
    /// <param name="rows">The number of samples.</param>
    /// <param name="inputSize">The layer's inputs.</param>
    /// <param name="outputSize">The layer's outputs.</param>
    /// <param name="inputActivation">The activation f of the layer below.</param>
    /// <param name="threads">The most threads to use, at least 1; a small layer runs on the calling thread.</param>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs, or the activation is Softmax.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void DenseInputDeltas<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputActivations, Span<T> inputDeltas, int rows, int inputSize, int outputSize, ActivationFunction inputActivation, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!KernelSplit<T>.Pays(threads, (long)rows * inputSize * outputSize, MinParallelMultiplyAdds))
        {
            DenseInputDeltas(BestWidth, deltas, weights, inputActivations, inputDeltas, rows, inputSize, outputSize, inputActivation);
            return;
        }
        CheckInputDeltas(deltas, weights, inputActivations, inputDeltas, rows, inputSize, outputSize, inputActivation);
        KernelSplit<T>.ForThisThread().InputDeltas(BestWidth, deltas, weights, inputActivations, inputDeltas, rows, inputSize, outputSize, inputActivation, threads);
    }
}
