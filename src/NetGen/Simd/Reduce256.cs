using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Simd;

/// <summary>
/// The epilogue of the 3 x 4 dot-product block at 256 bits (float, AVX): its 12 accumulators summed into vectors by
/// transposing trees (rows 0 and 1 by <see cref="Sum8"/>, row 2 by <see cref="Sum4"/>), then the bias and the activation
/// on those vectors. Callers check <see cref="Avx.IsSupported"/>.
/// The 256-bit counterpart of <see cref="Reduce512"/>; the tree adds lanes in exactly the order of
/// <see cref="Width256{T}.Sum"/> (lane i + lane i + 4, then i + 2, i + 1), so a sum has the same bits in every block.
/// </summary>
internal static class Reduce256
{
    /// <summary>Lane L of the result is the sum of the lanes of argument (L % 4) * 2 + L / 4.</summary>
    /// <remarks>
    /// Always inlined: a small network's <c>TrainLanes256</c> (through <c>Lanes256.AddSums</c>) is one long method whose
    /// inlining budget ran out before these calls, and the calls, eight vectors each, made 4-8-3 in batches of 32 train
    /// 47% slower (360-363 us per 4,096 rows against 244-249 inlined; Zen 3).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum8(
        Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3,
        Vector256<float> a4, Vector256<float> a5, Vector256<float> a6, Vector256<float> a7)
    {
        // Level 1, lane i + lane i + 4: 128-bit halves of two accumulators side by side.
        var u0 = Halves(a0, a1); var u1 = Halves(a2, a3); var u2 = Halves(a4, a5); var u3 = Halves(a6, a7);
        // Level 2, lane i + lane i + 2, within each 128-bit block.
        const byte low = 0b01_00_01_00, high = 0b11_10_11_10;
        var y0 = Avx.Shuffle(u0, u1, low) + Avx.Shuffle(u0, u1, high);
        var y1 = Avx.Shuffle(u2, u3, low) + Avx.Shuffle(u2, u3, high);
        // Level 3, lane i + lane i + 1.
        const byte even = 0b10_00_10_00, odd = 0b11_01_11_01;
        return Avx.Shuffle(y0, y1, even) + Avx.Shuffle(y0, y1, odd);
    }

    /// <summary>Lane L of the result is the sum of the lanes of argument L (the same tree, for four accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        var u0 = Halves(a0, a1); var u1 = Halves(a2, a3);
        const byte low = 0b01_00_01_00, high = 0b11_10_11_10;
        var y = Avx.Shuffle(u0, u1, low) + Avx.Shuffle(u0, u1, high);
        // Lanes of q: the sums of a0, a2, a0, a2 | a1, a3, a1, a3.
        const byte even = 0b10_00_10_00, odd = 0b11_01_11_01;
        var q = Avx.Shuffle(y, y, even) + Avx.Shuffle(y, y, odd);
        return Sse.UnpackLow(q.GetLower(), q.GetUpper());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(Vector256<float> a, Vector256<float> b) =>
        Avx.Permute2x128(a, b, 0x20) + Avx.Permute2x128(a, b, 0x31);

    /// <summary>
    /// z[c] = f(sums[c] + b[c]) for the 4 outputs of one row at <paramref name="z"/>, f linear or piecewise linear (sigmoid
    /// and tanh come after the blocks, in <see cref="Gemm{T, TVector, TOps}.Forward"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store1x4(Vector128<float> sums, ref float b, ref float z, ActivationFunction activation)
    {
        var v = sums + Vector128.LoadUnsafe(ref b);
        if (activation == ActivationFunction.ReLU)
        {
            // 0 where v < 0, else v: NaN stays NaN, as in the scalar z < 0 ? 0 : z.
            v = Vector128.ConditionalSelect(Vector128.LessThan(v, Vector128<float>.Zero), Vector128<float>.Zero, v);
        }
        else if (activation == ActivationFunction.LeakyReLU)
        {
            v = Vector128.ConditionalSelect(Vector128.GreaterThan(v, Vector128<float>.Zero), v, v * Activations<float>.LeakySlope);
        }
        v.StoreUnsafe(ref z);
    }
}
