using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen.Simd;

/// <summary>
/// The vector-vector kernels (BLAS level 1) of the per-sample path, written once for every SIMD width
/// (<typeparamref name="TOps"/>): <see cref="Kernels.Dot{T}(System.ReadOnlySpan{T}, System.ReadOnlySpan{T})"/> and
/// <see cref="Kernels.AddScaled{T}(System.Span{T}, T, System.ReadOnlySpan{T})"/> dispatch here with the machine's widest width.
/// </summary>
/// <remarks>
/// A dot product with one accumulator is a chain of dependent additions: each waits for the last (4 cycles for an FMA),
/// so the core runs at a quarter or less of its FMA rate. <see cref="Dot"/> keeps <see cref="Accumulators"/> independent
/// chains (the FMA latency times the two FMA ports of current x64 cores), as OpenBLAS's sdot kernels do, and adds them in a
/// fixed tree at the end, so the same inputs give the same bits on a given machine.
/// </remarks>
internal static class Level1<T, TVector, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOps<TVector, T>
{
    /// <summary>Independent accumulator chains in <see cref="Dot"/>.</summary>
    public const int Accumulators = 8;

    /// <summary>sum_i x[i] y[i], with fused multiply-adds in <see cref="Accumulators"/> chains.</summary>
    // Inlined: the kernels' sample form (Gemm.ForwardSample) calls it once per row of W, 128 times for one 784 -> 128
    // sample.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    public static T Dot(ref T x, ref T y, int length)
    {
        int width = TOps.Count, i = 0;
        TVector a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        TVector a4 = TOps.Zero, a5 = TOps.Zero, a6 = TOps.Zero, a7 = TOps.Zero;
        for (; i + Accumulators * width <= length; i += Accumulators * width)
        {
            nuint o = (nuint)i, v = (nuint)width;
            a0 = TOps.MultiplyAdd(TOps.Load(ref x, o), TOps.Load(ref y, o), a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref x, o + v), TOps.Load(ref y, o + v), a1);
            a2 = TOps.MultiplyAdd(TOps.Load(ref x, o + 2 * v), TOps.Load(ref y, o + 2 * v), a2);
            a3 = TOps.MultiplyAdd(TOps.Load(ref x, o + 3 * v), TOps.Load(ref y, o + 3 * v), a3);
            a4 = TOps.MultiplyAdd(TOps.Load(ref x, o + 4 * v), TOps.Load(ref y, o + 4 * v), a4);
            a5 = TOps.MultiplyAdd(TOps.Load(ref x, o + 5 * v), TOps.Load(ref y, o + 5 * v), a5);
            a6 = TOps.MultiplyAdd(TOps.Load(ref x, o + 6 * v), TOps.Load(ref y, o + 6 * v), a6);
            a7 = TOps.MultiplyAdd(TOps.Load(ref x, o + 7 * v), TOps.Load(ref y, o + 7 * v), a7);
        }
        // The whole vectors after the last run of eight go to the first chain. (Round the chains in turn, one test each,
        // the sample form's 784 -> 128 took 2.9 us instead of 2.6 on Zen 5, with one such vector per row.)
        for (; i + width <= length; i += width) a0 = TOps.MultiplyAdd(TOps.Load(ref x, (nuint)i), TOps.Load(ref y, (nuint)i), a0);
        T sum = TOps.Sum(TOps.Add(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)), TOps.Add(TOps.Add(a4, a5), TOps.Add(a6, a7))));
        for (; i < length; i++) sum = ScalarMath.MultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), sum);
        return sum;
    }

    /// <summary>
    /// d[i] = d[i] + scale * s[i], two vectors per iteration. Multiply then add, not fused: every element rounds the same
    /// at every width and in the tail, so an update (SGD's <c>Step</c>) gives the same bits on every machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(ref T d, T scale, ref T s, int length)
    {
        int width = TOps.Count, i = 0;
        TVector factor = TOps.Broadcast(scale);
        for (; i + 2 * width <= length; i += 2 * width)
        {
            nuint o = (nuint)i, v = (nuint)width;
            TVector first = TOps.Add(TOps.Load(ref d, o), TOps.Multiply(factor, TOps.Load(ref s, o)));
            TVector second = TOps.Add(TOps.Load(ref d, o + v), TOps.Multiply(factor, TOps.Load(ref s, o + v)));
            TOps.Store(first, ref d, o);
            TOps.Store(second, ref d, o + v);
        }
        for (; i + width <= length; i += width)
        {
            TOps.Store(TOps.Add(TOps.Load(ref d, (nuint)i), TOps.Multiply(factor, TOps.Load(ref s, (nuint)i))), ref d, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref d, i) += scale * Unsafe.Add(ref s, i);
    }

    /// <summary>
    /// d += scale * s, then s = 0, element by element in one pass: the SGD step, which clears each gradient while it is in
    /// cache instead of in a second pass over memory. The same bits as <see cref="AddScaled"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledAndClear(ref T d, T scale, ref T s, int length)
    {
        int width = TOps.Count, i = 0;
        TVector factor = TOps.Broadcast(scale);
        for (; i + width <= length; i += width)
        {
            nuint o = (nuint)i;
            TOps.Store(TOps.Add(TOps.Load(ref d, o), TOps.Multiply(factor, TOps.Load(ref s, o))), ref d, o);
            TOps.Store(TOps.Zero, ref s, o);
        }
        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) += scale * Unsafe.Add(ref s, i);
            Unsafe.Add(ref s, i) = T.Zero;
        }
    }
}
