using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Simd;

/// <summary>
/// One SIMD width, as the few operations the GEMM micro-kernels need. The kernels are written once, generic over an
/// implementation of this interface (a struct, so the JIT compiles one specialized copy per width with every call
/// inlined): <see cref="Width512{T}"/>, <see cref="Width256{T}"/>, <see cref="Width128{T}"/> and <see cref="Scalar{T}"/>.
/// Tests call each width directly, so every path is checked on any machine (a width the CPU lacks still runs, in software).
/// </summary>
/// <typeparam name="TVector">The vector type, e.g. <see cref="Vector256{T}"/>.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IVectorOps<TVector, T> where TVector : struct where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref T source, nuint offset);

    static abstract void Store(TVector value, ref T destination, nuint offset);

    static abstract TVector Broadcast(T value);

    /// <summary>a * b + c, fused (one rounding) where the hardware has FMA, else multiply then add.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>Per lane: <paramref name="ifPositive"/> where <paramref name="condition"/> &gt; 0, else <paramref name="otherwise"/>.</summary>
    static abstract TVector SelectWherePositive(TVector condition, TVector ifPositive, TVector otherwise);

    /// <summary>
    /// The sum of the lanes, in a fixed order for the width: a halving tree (lane i + lane i + Count/2, and so on down to
    /// one lane), a few shuffles and adds, where the runtime's <c>Vector512.Sum</c> reduces each 128-bit quarter apart.
    /// </summary>
    static abstract T Sum(TVector value);

    /// <summary>The logistic sigmoid 1 / (1 + e^-z) in every lane, each lane computed alone (no lane affects another).</summary>
    static abstract TVector Sigmoid(TVector z);

    /// <summary>tanh z in every lane, each lane computed alone.</summary>
    static abstract TVector Tanh(TVector z);

    /// <summary>e^x in every lane, each lane computed alone (softmax's element-wise part).</summary>
    static abstract TVector Exp(TVector x);
}

/// <summary>Scalar helpers shared by every width's remainder loops.</summary>
internal static class ScalarMath
{
    /// <summary>
    /// a * b + c with the same rounding as the vector lanes: fused where the CPU has FMA (as the vector paths then are),
    /// so an element gives the same bits whether it falls in a vector or in a remainder loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd<T>(T a, T b, T c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported ? T.FusedMultiplyAdd(a, b, c) : a * b + c;
}

/// <summary>AVX-512: 16 floats or 8 doubles per vector.</summary>
internal readonly struct Width512<T> : IVectorOps<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        // Without AVX-512 (a test forcing this width): two 256-bit halves, so the lanes round as the remainder loops do.
        return Vector512.Create(
            Width256<T>.MultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
            Width256<T>.MultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectWherePositive(Vector512<T> condition, Vector512<T> ifPositive, Vector512<T> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(condition, Vector512<T>.Zero), ifPositive, otherwise);

    /// <summary>The halves added, then <see cref="Width256{T}.Sum"/>: lane i meets lane i + Count/2 first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Width256<T>.Sum(value.GetLower() + value.GetUpper());

    /// <summary>
    /// <see cref="VectorMath"/>'s exp, then one division: float within 3 ulp of the exact sigmoid, double within 4 ulp of
    /// <c>1 / (1 + Math.Exp(-z))</c> (tested); below the normal range, within the smallest normal number, as the scalar form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid(Vector512<T> z) => Vector512<T>.One / (Vector512<T>.One + VectorMath.Exp(-z));

    /// <summary><see cref="VectorMath.Tanh{T}(Vector512{T})"/>: within 4 ulp (float), 8 (double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh(Vector512<T> z) => VectorMath.Tanh(z);

    /// <summary><see cref="VectorMath.Exp{T}(Vector512{T})"/>: within 2 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x) => VectorMath.Exp(x);
}

/// <summary>AVX2 (+ FMA3): 8 floats or 4 doubles per vector.</summary>
internal readonly struct Width256<T> : IVectorOps<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectWherePositive(Vector256<T> condition, Vector256<T> ifPositive, Vector256<T> otherwise) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(condition, Vector256<T>.Zero), ifPositive, otherwise);

    /// <summary>The halves added, then <see cref="Width128{T}.Sum"/> (a tree of depth log2(Count), not the runtime's lane-by-lane sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Width128<T>.Sum(value.GetLower() + value.GetUpper());

    /// <summary>
    /// <see cref="VectorMath"/>'s exp, then one division: float within 3 ulp of the exact sigmoid, double within 4 ulp of
    /// <c>1 / (1 + Math.Exp(-z))</c> (tested); below the normal range, within the smallest normal number, as the scalar form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sigmoid(Vector256<T> z) => Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-z));

    /// <summary><see cref="VectorMath.Tanh{T}(Vector256{T})"/>: within 4 ulp (float), 8 (double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh(Vector256<T> z) => VectorMath.Tanh(z);

    /// <summary><see cref="VectorMath.Exp{T}(Vector256{T})"/>: within 2 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> x) => VectorMath.Exp(x);
}

/// <summary>SSE / NEON: 4 floats or 2 doubles per vector.</summary>
internal readonly struct Width128<T> : IVectorOps<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
#if NET9_0_OR_GREATER
        if (System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
#endif
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectWherePositive(Vector128<T> condition, Vector128<T> ifPositive, Vector128<T> otherwise) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(condition, Vector128<T>.Zero), ifPositive, otherwise);

    /// <summary>(v0 + v2) + (v1 + v3) for four lanes, v0 + v1 for two: the last levels of the halving tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128<T>.Count == 4
        ? (value.GetElement(0) + value.GetElement(2)) + (value.GetElement(1) + value.GetElement(3))
        : value.GetElement(0) + value.GetElement(1);

    /// <summary>Lane by lane through the scalar <see cref="Activations{T}.Apply"/>: <see cref="VectorMath"/> has no 128-bit form.</summary>
    public static Vector128<T> Sigmoid(Vector128<T> z) => EachLane(z, ActivationFunction.Sigmoid);

    /// <summary>Lane by lane through the scalar <see cref="Activations{T}.Apply"/>.</summary>
    public static Vector128<T> Tanh(Vector128<T> z) => EachLane(z, ActivationFunction.Tanh);

    /// <summary>Lane by lane through <c>T.Exp</c>, as the per-sample softmax.</summary>
    public static Vector128<T> Exp(Vector128<T> x)
    {
        for (int i = 0; i < Vector128<T>.Count; i++) x = x.WithElement(i, T.Exp(x.GetElement(i)));
        return x;
    }

    private static Vector128<T> EachLane(Vector128<T> z, ActivationFunction activation)
    {
        for (int i = 0; i < Vector128<T>.Count; i++) z = z.WithElement(i, Activations<T>.Apply(activation, z.GetElement(i)));
        return z;
    }
}

/// <summary>No SIMD: one element per "vector" (the last fallback, e.g. under DOTNET_EnableHWIntrinsic=0).</summary>
internal readonly struct Scalar<T> : IVectorOps<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => ScalarMath.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SelectWherePositive(T condition, T ifPositive, T otherwise) => condition > T.Zero ? ifPositive : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid(T z) => Activations<T>.Apply(ActivationFunction.Sigmoid, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh(T z) => Activations<T>.Apply(ActivationFunction.Tanh, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp(T x) => T.Exp(x);
}
