using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Simd;

namespace NetGen;

/// <summary>
/// The vector kernels that generated networks call for layers too large to unroll, and for <c>Step</c>.
/// They run at the machine's widest SIMD width (<c>Vector512</c>, <c>Vector256</c>, <c>Vector128</c>, else scalar) and
/// are exact in the sense that the same inputs always give the same bits on the same machine.
/// </summary>
public static partial class Kernels
{
    /// <summary>The dot product of two spans of equal length.</summary>
    /// <remarks>
    /// Runs at the machine's widest SIMD width (<see cref="BatchKernelWidthBits"/>) with fused multiply-adds in eight
    /// independent accumulator chains; the same inputs give the same bits on a given machine.
    /// </remarks>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length) ThrowLengthMismatch(nameof(y), x.Length, y.Length);
        return Dot(BestWidth, x, y);
    }

    internal static T Dot<T>(SimdWidth width, ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length) ThrowLengthMismatch(nameof(y), x.Length, y.Length);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        return width switch
        {
            SimdWidth.Bits512 => Level1<T, Vector512<T>, Width512<T>>.Dot(ref xr, ref yr, x.Length),
            SimdWidth.Bits256 => Level1<T, Vector256<T>, Width256<T>>.Dot(ref xr, ref yr, x.Length),
            SimdWidth.Bits128 => Level1<T, Vector128<T>, Width128<T>>.Dot(ref xr, ref yr, x.Length),
            _ => Level1<T, T, Scalar<T>>.Dot(ref xr, ref yr, x.Length),
        };
    }

    /// <summary><c>destination += scale * source</c>, element by element (BLAS axpy); multiply then add, so the same bits at every SIMD width.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void AddScaled<T>(Span<T> destination, T scale, ReadOnlySpan<T> source) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddScaled(BestWidth, destination, scale, source);

    internal static void AddScaled<T>(SimdWidth width, Span<T> destination, T scale, ReadOnlySpan<T> source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Length != source.Length) ThrowLengthMismatch(nameof(source), destination.Length, source.Length);
        ref T d = ref MemoryMarshal.GetReference(destination);
        ref T s = ref MemoryMarshal.GetReference(source);
        switch (width)
        {
            case SimdWidth.Bits512: Level1<T, Vector512<T>, Width512<T>>.AddScaled(ref d, scale, ref s, destination.Length); break;
            case SimdWidth.Bits256: Level1<T, Vector256<T>, Width256<T>>.AddScaled(ref d, scale, ref s, destination.Length); break;
            case SimdWidth.Bits128: Level1<T, Vector128<T>, Width128<T>>.AddScaled(ref d, scale, ref s, destination.Length); break;
            default: Level1<T, T, Scalar<T>>.AddScaled(ref d, scale, ref s, destination.Length); break;
        }
    }

    /// <summary>
    /// Replaces <paramref name="values"/> (the logits z) by softmax(z), computed stably: e^(z - max z) normalized to sum 1.
    /// </summary>
    public static void Softmax<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.IsEmpty) return;
        T max = values[0];
        for (int i = 1; i < values.Length; i++) max = T.Max(max, values[i]);
        T sum = T.Zero;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.Exp(values[i] - max);
            sum += values[i];
        }
        for (int i = 0; i < values.Length; i++) values[i] /= sum;
    }

    /// <summary>The index of the largest value (the first, on ties): the predicted class of a classifier's outputs.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.IsEmpty) throw new ArgumentException("ArgMax needs at least one value.", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first NaN or infinite value of <paramref name="values"/>, if any.</summary>
    /// <param name="values">The values to check.</param>
    /// <param name="parameterName">The parameter the values came from.</param>
    public static void ThrowIfNotFinite<T>(ReadOnlySpan<T> values, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException($"'{parameterName}' holds {values[i]} at index {i}; every value must be finite.", parameterName);
            }
        }
    }

    /// <summary>Formats values as <c>[v0, v1, ...]</c> in invariant culture, round-trippable.</summary>
    public static string Format<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var text = new System.Text.StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    /// <summary>
    /// The number of rows of a <c>PredictBatch</c> call (<see cref="RowCount"/>, the spans named <c>inputs</c> and
    /// <c>outputs</c>), after checking that <paramref name="outputs"/> shares no memory with <paramref name="inputs"/>:
    /// outputs are written while later rows' inputs are still to be read, so sharing memory would turn a row's outputs
    /// into another row's inputs, silently.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths are not whole rows, the row counts differ, or the spans overlap.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code and the runtime's networks only
    public static int PredictRowCount<T>(ReadOnlySpan<T> inputs, int inputSize, ReadOnlySpan<T> outputs, int outputSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = RowCount(inputs.Length, inputSize, outputs.Length, outputSize, nameof(inputs), nameof(outputs));
        ThrowIfOverlapping(inputs, outputs);
        return rows;
    }

    /// <summary>The check of <see cref="PredictRowCount{T}"/> alone, for callers that have counted the rows already.</summary>
    /// <exception cref="ArgumentException"><paramref name="outputs"/> shares memory with <paramref name="inputs"/>.</exception>
    internal static void ThrowIfOverlapping<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputs)
    {
        if (inputs.Overlaps(outputs))
        {
            throw new ArgumentException("'outputs' overlaps 'inputs': predictions need an output buffer of their own (rows are computed in blocks, so outputs written in place would overwrite inputs not yet read).", nameof(outputs));
        }
    }

    /// <summary>
    /// The number of rows in a row-major batch: checks that <paramref name="firstLength"/> is whole rows of
    /// <paramref name="firstWidth"/>, <paramref name="secondLength"/> whole rows of <paramref name="secondWidth"/>, and that
    /// the row counts agree; throws an <see cref="ArgumentException"/> naming the span otherwise.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code only
    public static int RowCount(int firstLength, int firstWidth, int secondLength, int secondWidth, string firstName, string secondName)
    {
        if (firstLength % firstWidth != 0)
        {
            throw new ArgumentException($"'{firstName}' has length {firstLength}, which is not a whole number of rows of {firstWidth}.", firstName);
        }
        int rows = firstLength / firstWidth;
        if (secondLength != (long)rows * secondWidth)
        {
            string held = rows == 1 ? "1 row" : $"{rows} rows";
            throw new ArgumentException($"'{firstName}' holds {held}, so '{secondName}' must have length {(long)rows * secondWidth} ({held} of {secondWidth}), but it has length {secondLength}.", secondName);
        }
        return rows;
    }

    /// <summary>Throws the <see cref="ArgumentException"/> generated networks raise for a destination span that is too short.</summary>
    /// <param name="parameterName">The span's parameter name.</param>
    /// <param name="minimum">The length the network needs at least.</param>
    /// <param name="actual">The length it was given.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code only
    public static void ThrowTooShort(string parameterName, int minimum, int actual) =>
        throw new ArgumentException($"Expected a span of at least {minimum} elements, but '{parameterName}' has length {actual}.", parameterName);

    /// <summary>Throws the <see cref="ArgumentException"/> generated networks raise for a span of the wrong length.</summary>
    /// <param name="parameterName">The span's parameter name.</param>
    /// <param name="expected">The length the network needs.</param>
    /// <param name="actual">The length it was given.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    [EditorBrowsable(EditorBrowsableState.Never)] // called by generated code only
    public static void ThrowLengthMismatch(string parameterName, int expected, int actual) =>
        throw new ArgumentException($"Expected a span of length {expected}, but '{parameterName}' has length {actual}.", parameterName);
}
