using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Simd;

/// <summary>
/// Element-wise math on whole registers (exp, ln, tanh), defined once for every width and both precisions. Float exp and
/// ln are <see cref="FloatMath"/>'s inlined polynomials (the runtime's widen to double and cost twice as much, see there).
/// Double exp and ln are the runtime's own vectorized <c>Vector512.Exp</c>/<c>Vector256.Exp</c>/<c>Log</c> on .NET 9 and
/// later (the maintained implementation); .NET 8 lacks them, so double exp there is <see cref="ExpPolynomial(Vector256{double})"/>
/// and double ln runs lane by lane through <c>Math.Log</c>. tanh is built on exp the same way everywhere.
/// </summary>
/// <remarks>
/// Accuracy, checked by tests against <see cref="System.Math"/> over the whole range: <see cref="ExpPolynomial(Vector256{double})"/>
/// is within 2 ulp (overflow gives +infinity, results below the smallest normal are rounded to the nearest subnormal or 0,
/// NaN stays NaN), <see cref="FloatMath"/>'s exp and ln within 2 ulp; <see cref="Tanh{T}(Vector256{T})"/> is within 4 ulp (float) and 8 ulp
/// (double) of <c>Math.Tanh</c>: below 0.45 (float) or 0.3 (double) it is its odd Taylor polynomial, above that
/// (1 - e) / (1 + e) with e = exp(-2|z|), whose rounding the division by 1 - e amplifies by at most 2.
/// </remarks>
internal static class VectorMath
{
    /// <summary>e^x in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp(x.AsSingle()).As<float, T>();
#if NET9_0_OR_GREATER
        return LanePureExp(x.AsDouble()).As<double, T>();
#else
        return Vector512.Create(ExpPolynomial(x.AsDouble().GetLower()), ExpPolynomial(x.AsDouble().GetUpper())).As<double, T>();
#endif
    }

    /// <summary>e^x in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp(x.AsSingle()).As<float, T>();
#if NET9_0_OR_GREATER
        return LanePureExp(x.AsDouble()).As<double, T>();
#else
        return ExpPolynomial(x.AsDouble()).As<double, T>();
#endif
    }

#if NET9_0_OR_GREATER
    /// <summary>
    /// The |x| up to which the runtime's double <c>Vector512.Exp</c>/<c>Vector256.Exp</c> stay on their fast path. When any
    /// lane is beyond it (or NaN), they take another path for the whole vector, which rounds the other lanes differently:
    /// exp(-2.192288829103246) was 0.1116608832337221 alone and 0.11166088323372209 beside a lane of 1000 or NaN (.NET 10),
    /// so an element's bits depended on its neighbours (its place in a batch, the threads' split of the outputs).
    /// </summary>
    private const double FastExpBound = 708.0;

    /// <summary>
    /// <c>Vector512.Exp</c> with each lane's result independent of the other lanes: the lanes within
    /// <see cref="FastExpBound"/> always from the fast path (the others replaced by 0 there), the rest from the full call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LanePureExp(Vector512<double> x)
    {
        var bound = Vector512.Create(FastExpBound);
        if (Vector512.LessThanOrEqualAll(Vector512.Abs(x), bound)) return Vector512.Exp(x);
        var fast = Vector512.LessThanOrEqual(Vector512.Abs(x), bound);
        return Vector512.ConditionalSelect(fast, Vector512.Exp(x & fast), Vector512.Exp(x));
    }

    /// <summary><see cref="LanePureExp(Vector512{double})"/> at 256 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LanePureExp(Vector256<double> x)
    {
        var bound = Vector256.Create(FastExpBound);
        if (Vector256.LessThanOrEqualAll(Vector256.Abs(x), bound)) return Vector256.Exp(x);
        var fast = Vector256.LessThanOrEqual(Vector256.Abs(x), bound);
        return Vector256.ConditionalSelect(fast, Vector256.Exp(x & fast), Vector256.Exp(x));
    }
#endif

    /// <summary>ln x in every lane (NaN below 0, -infinity at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return FloatMath.Log(x.AsSingle()).As<float, T>();
#if NET9_0_OR_GREATER
        return Vector512.Log(x.AsDouble()).As<double, T>();
#else
        return Vector512.Create(Log(x.GetLower()), Log(x.GetUpper()));
#endif
    }

    /// <summary>ln x in every lane (NaN below 0, -infinity at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return FloatMath.Log(x.AsSingle()).As<float, T>();
#if NET9_0_OR_GREATER
        return Vector256.Log(x.AsDouble()).As<double, T>();
#else
        // .NET 8 has no vector logarithm: double lanes one by one (only the losses' ln runs here, once per output and sample).
        Unsafe.SkipInit(out Vector256<T> result);
        for (int i = 0; i < Vector256<T>.Count; i++) result = result.WithElement(i, T.Log(x.GetElement(i)));
        return result;
#endif
    }

    /// <summary>tanh z in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh<T>(Vector512<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return FloatMath.Tanh(z.AsSingle()).As<float, T>();
        var magnitude = Vector512.Abs(z);
        var e = Exp(magnitude * Vector512.Create(T.CreateTruncating(-2.0)));
        var large = (Vector512<T>.One - e) / (Vector512<T>.One + e);
        var small = TanhSeries(z, z * z);
        var result = Vector512.ConditionalSelect(Vector512.LessThan(magnitude, Vector512.Create(TanhSeriesBound<T>())), small, CopySign(large, z));
        return result;
    }

    /// <summary>tanh z in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh<T>(Vector256<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return FloatMath.Tanh(z.AsSingle()).As<float, T>();
        var magnitude = Vector256.Abs(z);
        var e = Exp(magnitude * Vector256.Create(T.CreateTruncating(-2.0)));
        var large = (Vector256<T>.One - e) / (Vector256<T>.One + e);
        var small = TanhSeries(z, z * z);
        return Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(TanhSeriesBound<T>())), small, CopySign(large, z));
    }

    /// <summary>
    /// Below this |z| tanh is its Taylor polynomial (the exp form loses digits to 1 - e there): 0.3 for double, the
    /// generic form's only caller since float lanes take <see cref="FloatMath.Tanh(Vector512{float})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T TanhSeriesBound<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(0.3);

    /// <summary>Float's bound, for <see cref="FloatMath.Tanh(Vector512{float})"/>.</summary>
    internal const float FloatTanhSeriesBound = 0.45f;

    // tanh z = z - z^3/3 + 2z^5/15 - 17z^7/315 + 62z^9/2835 - 1382z^11/155925 + 21844z^13/6081075 - ... (the odd
    // Taylor series, 2^2n (2^2n - 1) B_2n z^(2n-1) / (2n)!). Float stops at z^13 (below 0.45 the first omitted term,
    // 929569 z^15 / 638512875, is below 3e-8 of z); double goes on to z^23 (below 0.3 the first omitted term is below 5e-18 of z).
    internal const double T3 = -1.0 / 3, T5 = 2.0 / 15, T7 = -17.0 / 315, T9 = 62.0 / 2835, T11 = -1382.0 / 155925, T13 = 21844.0 / 6081075;
    private const double T15 = -929569.0 / 638512875, T17 = 6404582.0 / 10854718875, T19 = -443861162.0 / 1856156927625;
    private const double T21 = 18888466084.0 / 194896477400625, T23 = -113927491862.0 / 2900518163668125;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> TanhSeries<T>(Vector512<T> z, Vector512<T> z2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Double's series, to z^23 (float's stops at z^13, in FloatMath.Tanh).
        var p = Vector512.Create(T.CreateTruncating(T23));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T21));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T19));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T17));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T15));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T13));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T11));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T9));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T7));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T5));
        p = p * z2 + Vector512.Create(T.CreateTruncating(T3));
        return z + z * (z2 * p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> TanhSeries<T>(Vector256<T> z, Vector256<T> z2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Double's series, to z^23 (float's stops at z^13, in FloatMath.Tanh).
        var p = Vector256.Create(T.CreateTruncating(T23));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T21));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T19));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T17));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T15));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T13));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T11));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T9));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T7));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T5));
        p = p * z2 + Vector256.Create(T.CreateTruncating(T3));
        return z + z * (z2 * p);
    }

    /// <summary>|magnitude| with the sign of <paramref name="sign"/> (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> CopySign<T>(Vector512<T> magnitude, Vector512<T> sign) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var signBit = Vector512.Create(-T.Zero);
        return (magnitude & ~signBit) | (sign & signBit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> CopySign<T>(Vector256<T> magnitude, Vector256<T> sign) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var signBit = Vector256.Create(-T.Zero);
        return (magnitude & ~signBit) | (sign & signBit);
    }

    /// <summary>
    /// e^x for .NET 8, double lanes: <see cref="FloatMath.Exp(Vector256{float})"/>'s scheme, with the Taylor polynomial to r^13 (the omitted r^14/14! is
    /// below 5e-18 relative) and fdlibm's split of ln2. Within 2 ulp.
    /// </summary>
    internal static Vector256<double> ExpPolynomial(Vector256<double> x)
    {
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(-746.0)), Vector256.Create(710.0));
        var shifter = Vector256.Create(6755399441055744.0); // 1.5 * 2^52
        var shifted = clamped * Vector256.Create(1.4426950408889634) + shifter;
        var n = shifted - shifter;
        var r = clamped - n * Vector256.Create(6.93147180369123816490e-01) - n * Vector256.Create(1.90821492927058770002e-10);
        var p = Vector256.Create(1.0 / 6227020800);
        p = p * r + Vector256.Create(1.0 / 479001600);
        p = p * r + Vector256.Create(1.0 / 39916800);
        p = p * r + Vector256.Create(1.0 / 3628800);
        p = p * r + Vector256.Create(1.0 / 362880);
        p = p * r + Vector256.Create(1.0 / 40320);
        p = p * r + Vector256.Create(1.0 / 5040);
        p = p * r + Vector256.Create(1.0 / 720);
        p = p * r + Vector256.Create(1.0 / 120);
        p = p * r + Vector256.Create(1.0 / 24);
        p = p * r + Vector256.Create(1.0 / 6);
        p = p * r + Vector256.Create(0.5);
        p = p * r + Vector256<double>.One;
        p = p * r + Vector256<double>.One;
        var k = shifted.AsInt64() - shifter.AsInt64();
        var half = Vector256.ShiftRightArithmetic(k, 1);
        var first = Vector256.ShiftLeft(half + Vector256.Create(1023L), 52).AsDouble();
        var second = Vector256.ShiftLeft(k - half + Vector256.Create(1023L), 52).AsDouble();
        var result = p * first * second;
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }
}
