using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// The vector kernels that generated networks call for layers too large to unroll, and for <c>Step</c>.
/// They use <see cref="Vector{T}"/> where the hardware has it and are exact in the sense that
/// the same inputs always give the same bits on the same machine.
/// </summary>
public static class Kernels
{
    /// <summary>The dot product of two spans of equal length.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length) ThrowLengthMismatch(nameof(y), x.Length, y.Length);
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            ref T xr = ref MemoryMarshal.GetReference(x);
            ref T yr = ref MemoryMarshal.GetReference(y);
            int last = x.Length - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                acc += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i);
            }
            sum = Vector.Sum(acc);
        }
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary><c>destination += scale * source</c>, element by element (BLAS axpy).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void AddScaled<T>(Span<T> destination, T scale, ReadOnlySpan<T> source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Length != source.Length) ThrowLengthMismatch(nameof(source), destination.Length, source.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<T>.Count)
        {
            var s = new Vector<T>(scale);
            ref T dr = ref MemoryMarshal.GetReference(destination);
            ref T sr = ref MemoryMarshal.GetReference(source);
            int last = destination.Length - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                var d = Vector.LoadUnsafe(ref dr, (nuint)i) + s * Vector.LoadUnsafe(ref sr, (nuint)i);
                d.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < destination.Length; i++) destination[i] += scale * source[i];
    }

    /// <summary>Throws the <see cref="ArgumentException"/> generated networks raise for a span of the wrong length.</summary>
    /// <param name="parameterName">The span's parameter name.</param>
    /// <param name="expected">The length the network needs.</param>
    /// <param name="actual">The length it was given.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowLengthMismatch(string parameterName, int expected, int actual) =>
        throw new ArgumentException($"Expected a span of length {expected}, but '{parameterName}' has length {actual}.", parameterName);
}
