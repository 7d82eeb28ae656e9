using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Simd;

/// <summary>
/// The epilogue of the 4 x 4 dot-product block at 512 bits (float): its 16 accumulators summed into one vector by a
/// transposing tree, then the bias and the activation on that vector. Callers check <see cref="Avx512F.IsSupported"/>.
/// </summary>
/// <remarks>
/// Summing 16 accumulators one by one costs about 10 instructions each; the transposed tree (as in the reduction step of
/// FBGEMM's and oneDNN's dot-product kernels) costs 30 shuffles and 15 adds for all 16, and leaves the sums in one vector,
/// so the bias and the activation take one instruction each. The tree adds lanes in exactly the order of
/// <see cref="Width512{T}.Sum"/> (lane i + lane i + 8, then i + 4, i + 2, i + 1), so a sum comes out bit for bit the same
/// here as in the other blocks: a row's results never depend on the block it falls in.
/// </remarks>
internal static class Reduce512
{
    /// <summary>Lane L of the result is the sum of the lanes of argument (L % 4) * 4 + L / 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector512<float> Sum16(
        Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7,
        Vector512<float> a8, Vector512<float> a9, Vector512<float> a10, Vector512<float> a11,
        Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        // Level 1, lane i + lane i + 8: 256-bit halves of two accumulators side by side.
        var u0 = Halves(a0, a1); var u1 = Halves(a2, a3); var u2 = Halves(a4, a5); var u3 = Halves(a6, a7);
        var u4 = Halves(a8, a9); var u5 = Halves(a10, a11); var u6 = Halves(a12, a13); var u7 = Halves(a14, a15);
        // Level 2, lane i + lane i + 4: 128-bit quarters, four accumulators per vector.
        var w0 = Quarters(u0, u1); var w1 = Quarters(u2, u3); var w2 = Quarters(u4, u5); var w3 = Quarters(u6, u7);
        // Level 3, lane i + lane i + 2, within each 128-bit block.
        const byte low = 0b01_00_01_00, high = 0b11_10_11_10;
        var y0 = Avx512F.Shuffle(w0, w1, low) + Avx512F.Shuffle(w0, w1, high);
        var y1 = Avx512F.Shuffle(w2, w3, low) + Avx512F.Shuffle(w2, w3, high);
        // Level 4, lane i + lane i + 1.
        const byte even = 0b10_00_10_00, odd = 0b11_01_11_01;
        return Avx512F.Shuffle(y0, y1, even) + Avx512F.Shuffle(y0, y1, odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0b01_00_01_00) + Avx512F.Shuffle4x128(a, b, 0b11_10_11_10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quarters(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0b10_00_10_00) + Avx512F.Shuffle4x128(a, b, 0b11_01_11_01);

    /// <summary>
    /// z[r, c] = f(sums[4r + c] + b[c]) for the 4 x 4 block at <paramref name="z"/> (rows <paramref name="stride"/> apart):
    /// f linear or piecewise linear, on the vector (sigmoid and tanh come after the blocks, in <see cref="Gemm{T, TVector, TOps}.Forward"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Store4x4(Vector512<float> sums, ref float b, ref float z, int stride, ActivationFunction activation)
    {
        var bias = Vector128.LoadUnsafe(ref b);
        var b256 = Vector256.Create(bias, bias);
        var v = sums + Vector512.Create(b256, b256);
        if (activation == ActivationFunction.ReLU)
        {
            // 0 where v < 0, else v: NaN stays NaN, as in the scalar z < 0 ? 0 : z.
            v = Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<float>.Zero), Vector512<float>.Zero, v);
        }
        else if (activation == ActivationFunction.LeakyReLU)
        {
            v = Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, v * Activations<float>.LeakySlope);
        }
        ref float z1 = ref Unsafe.Add(ref z, stride);
        ref float z2 = ref Unsafe.Add(ref z1, stride);
        ref float z3 = ref Unsafe.Add(ref z2, stride);
        v.GetLower().GetLower().StoreUnsafe(ref z);
        v.GetLower().GetUpper().StoreUnsafe(ref z1);
        v.GetUpper().GetLower().StoreUnsafe(ref z2);
        v.GetUpper().GetUpper().StoreUnsafe(ref z3);
    }
}
