using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Simd;

/// <summary>
/// e^x and ln x on float lanes as polynomials that inline into the caller, at 512 and 256 bits (Cephes' expf and logf
/// schemes, with fused multiply-adds where the core has them).
/// </summary>
/// <remarks>
/// <para>
/// Why not the runtime's <c>Vector512.Exp</c>/<c>Log</c> for float: on .NET 10 they widen to double and are calls.
/// Measured on AVX-512 (Zen 5): 6.3 ns per 16 lanes for exp and 4.0 for ln against 2.9 for <see cref="Exp(Vector512{float})"/>;
/// and in the lane path's loop every call spills the live registers (a 2-2-1 block holds nine gradient sums): with
/// these inlined, 2-2-1 sigmoid/BCE training on 4,096 rows went from 157 to 132 ns per 32 rows at full batch and from
/// 27.6 to 24.7 us per pass in mini-batches of 32. Double lanes keep the runtime's.
/// </para>
/// <para>
/// Accuracy, checked by tests against <see cref="System.Math"/> over float's whole range at both widths (measured at most
/// 1 ulp for both on every 97th positive float and its negation): exp within 2 ulp
/// (overflow gives +infinity, results below the smallest normal are rounded to the nearest subnormal or 0, NaN stays
/// NaN); ln within 2 ulp (subnormal inputs included; 0 gives -infinity, a negative input NaN, +infinity +infinity).
/// </para>
/// </remarks>
internal static class FloatMath
{
    // exp: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite: ln2 split in two so that n ln2 is exact), e^r by its Taylor
    // polynomial to r^7 (the omitted r^8/8! is below 6e-9 relative), times 2^n built in the exponent bits in two halves so
    // that subnormal and overflowing results come out right. Beyond the clamp bounds e^x is 0 or infinity in float.
    private const float ExpLow = -104f, ExpHigh = 89f;
    private const float Log2E = 1.44269504088896341f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;
    private const float Shifter = 12582912f; // 1.5 * 2^23: adding it rounds to an integer kept in the low bits
    private const float E7 = 1f / 5040, E6 = 1f / 720, E5 = 1f / 120, E4 = 1f / 24, E3 = 1f / 6, E2 = 0.5f;

    // ln: x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = f - f^2/2 + f^3 P(f) with f = m - 1 (Cephes' minimax P),
    // plus e ln2 in the same two parts as exp's. Subnormal inputs are first scaled by 2^23 into the normal range.
    // P (degree 8) is evaluated by Estrin's scheme, a tree of fused multiply-adds four deep, not Horner's chain of eight:
    // the lane loops wait on ln's latency (the BCE loss takes two per output). Measured on Zen 3 (256 bits, alternating
    // builds, six runs each): 2-2-1 sigmoid/BCE training in mini-batches of 32, 36.5-37.5 -> 34.5-35.5 us per 4,096
    // samples. The error is unchanged (at most 0.83 ulp, mean 0.26, over every float in [0.5, 2) and 1.4 million others),
    // the last bit of some results not: P's rounding reaches ln m scaled by f^3. (exp's polynomial stays Horner's: there
    // Estrin's order doubled the worst error, 0.94 -> 1.77 ulp over the floats of [-104, 89] above 1e-30 in magnitude.)
    private const float SmallestNormal = 1.17549435e-38f, TwoTo23 = 8388608f, SqrtHalf = 0.707106781186547524f;
    private const float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f, L3 = -1.2420140846e-1f;
    private const float L4 = 1.4249322787e-1f, L5 = -1.6668057665e-1f, L6 = 2.0000714765e-1f, L7 = -2.4999993993e-1f;
    private const float L8 = 3.3333331174e-1f;
    private const int MantissaMask = 0x007FFFFF, HalfExponent = 0x3F000000; // m's bits, and the exponent of [0.5, 1)

    /// <summary>e^x in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpLow)), Vector512.Create(ExpHigh));
        var shifter = Vector512.Create(Shifter);
        var shifted = Fma(clamped, Vector512.Create(Log2E), shifter);
        var n = shifted - shifter;
        var r = Fma(n, Vector512.Create(-Ln2High), clamped);
        r = Fma(n, Vector512.Create(-Ln2Low), r);
        var p = Fma(Vector512.Create(E7), r, Vector512.Create(E6));
        p = Fma(p, r, Vector512.Create(E5));
        p = Fma(p, r, Vector512.Create(E4));
        p = Fma(p, r, Vector512.Create(E3));
        p = Fma(p, r, Vector512.Create(E2));
        p = Fma(p, r, Vector512<float>.One);
        p = Fma(p, r, Vector512<float>.One);
        var k = shifted.AsInt32() - shifter.AsInt32();
        var half = Vector512.ShiftRightArithmetic(k, 1);
        var first = Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle();
        var second = Vector512.ShiftLeft(k - half + Vector512.Create(127), 23).AsSingle();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), p * first * second, x);
    }

    /// <summary>e^x in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpLow)), Vector256.Create(ExpHigh));
        var shifter = Vector256.Create(Shifter);
        var shifted = Fma(clamped, Vector256.Create(Log2E), shifter);
        var n = shifted - shifter;
        var r = Fma(n, Vector256.Create(-Ln2High), clamped);
        r = Fma(n, Vector256.Create(-Ln2Low), r);
        var p = Fma(Vector256.Create(E7), r, Vector256.Create(E6));
        p = Fma(p, r, Vector256.Create(E5));
        p = Fma(p, r, Vector256.Create(E4));
        p = Fma(p, r, Vector256.Create(E3));
        p = Fma(p, r, Vector256.Create(E2));
        p = Fma(p, r, Vector256<float>.One);
        p = Fma(p, r, Vector256<float>.One);
        var k = shifted.AsInt32() - shifter.AsInt32();
        var half = Vector256.ShiftRightArithmetic(k, 1);
        var first = Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
        var second = Vector256.ShiftLeft(k - half + Vector256.Create(127), 23).AsSingle();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), p * first * second, x);
    }

    /// <summary>ln x in every lane (NaN below 0 and for NaN, -infinity at 0, +infinity at +infinity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        var subnormal = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        var bits = Vector512.ConditionalSelect(subnormal, x * Vector512.Create(TwoTo23), x).AsInt32();
        // e such that x = m' 2^e with m' in [0.5, 1): the biased exponent less 126, less 23 where x was scaled.
        var e = Vector512.ShiftRightArithmetic(bits, 23) - Vector512.Create(126) - (subnormal.AsInt32() & Vector512.Create(23));
        var m = ((bits & Vector512.Create(MantissaMask)) | Vector512.Create(HalfExponent)).AsSingle();
        // m' below sqrt(1/2): use 2m' and e - 1, so that f = m - 1 lies in [sqrt(1/2) - 1, sqrt(2) - 1).
        var low = Vector512.LessThan(m, Vector512.Create(SqrtHalf));
        var exponent = Vector512.ConvertToSingle(e + low.AsInt32());
        var f = m + (m & low) - Vector512<float>.One;
        var f2 = f * f;
        var f4 = f2 * f2;
        var p01 = Fma(Vector512.Create(L0), f, Vector512.Create(L1));
        var p23 = Fma(Vector512.Create(L2), f, Vector512.Create(L3));
        var p45 = Fma(Vector512.Create(L4), f, Vector512.Create(L5));
        var p67 = Fma(Vector512.Create(L6), f, Vector512.Create(L7));
        var p03 = Fma(p01, f2, p23);
        var p47 = Fma(p45, f2, p67);
        var p07 = Fma(p03, f4, p47);
        var p = Fma(p07, f, Vector512.Create(L8));
        var y = Fma(exponent, Vector512.Create(Ln2Low), p * f * f2);
        y = Fma(f2, Vector512.Create(-0.5f), y);
        var result = Fma(exponent, Vector512.Create(Ln2High), f + y);
        // The edges, as Math.Log: 0 -> -infinity, below 0 or NaN -> NaN, +infinity -> +infinity.
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), result);
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)), x, result);
        var invalid = Vector512.LessThan(x, Vector512<float>.Zero) | ~Vector512.Equals(x, x);
        return Vector512.ConditionalSelect(invalid, Vector512.Create(float.NaN), result);
    }

    /// <summary>ln x in every lane (NaN below 0 and for NaN, -infinity at 0, +infinity at +infinity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        var subnormal = Vector256.LessThan(x, Vector256.Create(SmallestNormal));
        var bits = Vector256.ConditionalSelect(subnormal, x * Vector256.Create(TwoTo23), x).AsInt32();
        var e = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(126) - (subnormal.AsInt32() & Vector256.Create(23));
        var m = ((bits & Vector256.Create(MantissaMask)) | Vector256.Create(HalfExponent)).AsSingle();
        var low = Vector256.LessThan(m, Vector256.Create(SqrtHalf));
        var exponent = Vector256.ConvertToSingle(e + low.AsInt32());
        var f = m + (m & low) - Vector256<float>.One;
        var f2 = f * f;
        var f4 = f2 * f2;
        var p01 = Fma(Vector256.Create(L0), f, Vector256.Create(L1));
        var p23 = Fma(Vector256.Create(L2), f, Vector256.Create(L3));
        var p45 = Fma(Vector256.Create(L4), f, Vector256.Create(L5));
        var p67 = Fma(Vector256.Create(L6), f, Vector256.Create(L7));
        var p03 = Fma(p01, f2, p23);
        var p47 = Fma(p45, f2, p67);
        var p07 = Fma(p03, f4, p47);
        var p = Fma(p07, f, Vector256.Create(L8));
        var y = Fma(exponent, Vector256.Create(Ln2Low), p * f * f2);
        y = Fma(f2, Vector256.Create(-0.5f), y);
        var result = Fma(exponent, Vector256.Create(Ln2High), f + y);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)), x, result);
        var invalid = Vector256.LessThan(x, Vector256<float>.Zero) | ~Vector256.Equals(x, x);
        return Vector256.ConditionalSelect(invalid, Vector256.Create(float.NaN), result);
    }

    // tanh: VectorMath.Tanh<T>'s operations for float, written with float literals: the generic form inlines a dozen
    // generic-math helpers (T.CreateTruncating for every constant, the series and the sign copy), and a lane method
    // inlining several tanh ran out of the JIT's inlining budget. Same operations in the same order, hence the same bits.
    // VectorMath's series coefficients rounded to float, as T.CreateTruncating rounds them.
    private const float TanhSeriesBound = VectorMath.FloatTanhSeriesBound;
    private const float S3 = (float)VectorMath.T3, S5 = (float)VectorMath.T5, S7 = (float)VectorMath.T7, S9 = (float)VectorMath.T9;
    private const float S11 = (float)VectorMath.T11, S13 = (float)VectorMath.T13;

    /// <summary>tanh z in every lane (<see cref="VectorMath.Tanh{T}(Vector512{T})"/> for float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> z)
    {
        var magnitude = Vector512.Abs(z);
        var e = Exp(magnitude * Vector512.Create(-2f));
        var large = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        var z2 = z * z;
        var p = Vector512.Create(S13) * z2 + Vector512.Create(S11);
        p = p * z2 + Vector512.Create(S9);
        p = p * z2 + Vector512.Create(S7);
        p = p * z2 + Vector512.Create(S5);
        p = p * z2 + Vector512.Create(S3);
        var small = z + z * (z2 * p);
        var signBit = Vector512.Create(-0f);
        var signed = (large & ~signBit) | (z & signBit);
        return Vector512.ConditionalSelect(Vector512.LessThan(magnitude, Vector512.Create(TanhSeriesBound)), small, signed);
    }

    /// <summary>tanh z in every lane (<see cref="VectorMath.Tanh{T}(Vector256{T})"/> for float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> z)
    {
        var magnitude = Vector256.Abs(z);
        var e = Exp(magnitude * Vector256.Create(-2f));
        var large = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        var z2 = z * z;
        var p = Vector256.Create(S13) * z2 + Vector256.Create(S11);
        p = p * z2 + Vector256.Create(S9);
        p = p * z2 + Vector256.Create(S7);
        p = p * z2 + Vector256.Create(S5);
        p = p * z2 + Vector256.Create(S3);
        var small = z + z * (z2 * p);
        var signBit = Vector256.Create(-0f);
        var signed = (large & ~signBit) | (z & signBit);
        return Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(TanhSeriesBound)), small, signed);
    }

    // The runtime's FMA intrinsic itself on .NET 9 and later, rather than the kernels' MultiplyAdd: a lane method inlines
    // dozens of exps, and every inlined helper costs the JIT locals, past 512 of which it stops inlining (4-8-3's training
    // loop was calling exp, ln and even vector shifts). Same bits: one fused multiply-add per lane either way.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
#if NET9_0_OR_GREATER
        Vector512.FusedMultiplyAdd(a, b, c);
#else
        Width512<float>.MultiplyAdd(a, b, c);
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
#if NET9_0_OR_GREATER
        Vector256.FusedMultiplyAdd(a, b, c);
#else
        Width256<float>.MultiplyAdd(a, b, c);
#endif
}
