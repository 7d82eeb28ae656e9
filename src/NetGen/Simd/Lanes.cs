using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Simd;

namespace NetGen;

/// <summary>
/// Samples in the lanes of a vector, one sample per lane: what generated code of a small network computes with in its
/// <c>PredictBatch</c> and <c>TrainBatch</c>. The generated lane body is written once, generic over this interface, and
/// reads like the unrolled per-sample statements (<c>Sigmoid(w1[0] * x0 + w1[1] * x1 + b1[0])</c> on whole vectors);
/// the JIT compiles one copy per width: <see cref="Lanes512{T}"/> (16 floats, 8 doubles), <see cref="Lanes256{T}"/>
/// (8 floats, 4 doubles) and <see cref="Lanes1{T}"/> (one sample: the remainder rows and machines without SIMD).
/// Used by generated code; not meant to be called by user code.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILanes<TSelf, T> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>,
    IDivisionOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Samples per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane plus a number.</summary>
    static abstract TSelf operator +(TSelf left, T right);

    /// <summary>A number plus every lane.</summary>
    static abstract TSelf operator +(T left, TSelf right);

    /// <summary>Every lane minus a number.</summary>
    static abstract TSelf operator -(TSelf left, T right);

    /// <summary>A number minus every lane.</summary>
    static abstract TSelf operator -(T left, TSelf right);

    /// <summary>Every lane times a number.</summary>
    static abstract TSelf operator *(TSelf left, T right);

    /// <summary>A number times every lane.</summary>
    static abstract TSelf operator *(T left, TSelf right);

    /// <summary>Every lane divided by a number.</summary>
    static abstract TSelf operator /(TSelf left, T right);

    /// <summary>A number divided by every lane.</summary>
    static abstract TSelf operator /(T left, TSelf right);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TSelf Create(T value);

    /// <summary>
    /// One column of a block of <see cref="Count"/> row-major rows (a transpose): lane k is
    /// <c>rows[k * width + column]</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is shorter than <see cref="Count"/> rows of <paramref name="width"/>.</exception>
    static abstract TSelf Load(ReadOnlySpan<T> rows, int width, int column);

    /// <summary>Writes lane k to <c>rows[k * width + column]</c>, for every lane (the inverse of <see cref="Load"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is shorter than <see cref="Count"/> rows of <paramref name="width"/>.</exception>
    static abstract void Store(TSelf value, Span<T> rows, int width, int column);

    /// <summary>e^x in every lane.</summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>ln x in every lane.</summary>
    static abstract TSelf Log(TSelf x);

    /// <summary>tanh z in every lane.</summary>
    static abstract TSelf Tanh(TSelf z);

    /// <summary>The larger of the two in every lane.</summary>
    static abstract TSelf Max(TSelf x, TSelf y);

    /// <summary>Per lane: <paramref name="ifPositive"/> where <paramref name="condition"/> &gt; 0, else <paramref name="otherwise"/> (also for NaN).</summary>
    static abstract TSelf WherePositive(TSelf condition, TSelf ifPositive, TSelf otherwise);

    /// <summary>Per lane: <paramref name="ifNegative"/> where <paramref name="condition"/> &lt; 0, else <paramref name="otherwise"/> (also for NaN).</summary>
    static abstract TSelf WhereNegative(TSelf condition, TSelf ifNegative, TSelf otherwise);

    /// <summary>The sum of the lanes, in a fixed order for the width.</summary>
    static abstract T Sum(TSelf value);

    /// <summary>The sum of the lanes, each widened to <see cref="double"/> first, in a fixed order for the width.</summary>
    static abstract double SumToDouble(TSelf value);
}

/// <summary>The transposes between row-major rows and per-column vectors, for <see cref="ILanes{TSelf, T}.Load"/> and <see cref="ILanes{TSelf, T}.Store"/>.</summary>
internal static class LaneTranspose
{
    /// <summary>Checks that <paramref name="length"/> holds <paramref name="count"/> rows of <paramref name="width"/> and that the column is inside a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int length, int count, int width, int column)
    {
        if ((uint)column >= (uint)width || length < count * width) Throw(length, count, width, column);
    }

    private static void Throw(int length, int count, int width, int column) =>
        throw new ArgumentException($"A block of {count} rows of {width} values, column {column}, does not fit in {length} values.", "rows");

    /// <summary>Lane k of the result is <c>Unsafe.Add(ref first, k * width)</c>, for <typeparamref name="TVector"/>'s lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Gather<TVector, T>(ref T first, int width, int count) where TVector : unmanaged where T : unmanaged
    {
        Unsafe.SkipInit(out TVector result);
        ref T lanes = ref Unsafe.As<TVector, T>(ref result);
        for (int k = 0; k < count; k++) Unsafe.Add(ref lanes, k) = Unsafe.Add(ref first, k * width);
        return result;
    }

    /// <summary>Writes lane k of <paramref name="value"/> to <c>Unsafe.Add(ref first, k * width)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scatter<TVector, T>(TVector value, ref T first, int width, int count) where TVector : unmanaged where T : unmanaged
    {
        ref T lanes = ref Unsafe.As<TVector, T>(ref value);
        for (int k = 0; k < count; k++) Unsafe.Add(ref first, k * width) = Unsafe.Add(ref lanes, k);
    }
}

/// <summary>AVX-512 lanes: 16 floats or 8 doubles, one sample each. Used by generated code.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes512<T> : ILanes<Lanes512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value;

    private Lanes512(Vector512<T> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector512<T>.Count;

    /// <inheritdoc/>
    public static Lanes512<T> operator +(Lanes512<T> left, Lanes512<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator -(Lanes512<T> left, Lanes512<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator *(Lanes512<T> left, Lanes512<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator /(Lanes512<T> left, Lanes512<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator -(Lanes512<T> value) => new(-value._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator +(Lanes512<T> left, T right) => new(left._value + Vector512.Create(right));

    /// <inheritdoc/>
    public static Lanes512<T> operator +(T left, Lanes512<T> right) => new(Vector512.Create(left) + right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator -(Lanes512<T> left, T right) => new(left._value - Vector512.Create(right));

    /// <inheritdoc/>
    public static Lanes512<T> operator -(T left, Lanes512<T> right) => new(Vector512.Create(left) - right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator *(Lanes512<T> left, T right) => new(left._value * Vector512.Create(right));

    /// <inheritdoc/>
    public static Lanes512<T> operator *(T left, Lanes512<T> right) => new(Vector512.Create(left) * right._value);

    /// <inheritdoc/>
    public static Lanes512<T> operator /(Lanes512<T> left, T right) => new(left._value / Vector512.Create(right));

    /// <inheritdoc/>
    public static Lanes512<T> operator /(T left, Lanes512<T> right) => new(Vector512.Create(left) / right._value);

    /// <inheritdoc/>
    public static Lanes512<T> Create(T value) => new(Vector512.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Load(ReadOnlySpan<T> rows, int width, int column)
    {
        LaneTranspose.Check(rows.Length, Count, width, column);
        return new(LaneTranspose.Gather<Vector512<T>, T>(ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), column), width, Count));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512<T> value, Span<T> rows, int width, int column)
    {
        LaneTranspose.Check(rows.Length, Count, width, column);
        LaneTranspose.Scatter(value._value, ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), column), width, Count);
    }

    /// <inheritdoc/>
    public static Lanes512<T> Exp(Lanes512<T> x) => new(VectorMath.Exp(x._value));

    /// <inheritdoc/>
    public static Lanes512<T> Log(Lanes512<T> x) => new(VectorMath.Log(x._value));

    /// <inheritdoc/>
    public static Lanes512<T> Tanh(Lanes512<T> z) => new(VectorMath.Tanh(z._value));

    /// <inheritdoc/>
    public static Lanes512<T> Max(Lanes512<T> x, Lanes512<T> y) => new(Vector512.Max(x._value, y._value));

    /// <inheritdoc/>
    public static Lanes512<T> WherePositive(Lanes512<T> condition, Lanes512<T> ifPositive, Lanes512<T> otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(condition._value, Vector512<T>.Zero), ifPositive._value, otherwise._value));

    /// <inheritdoc/>
    public static Lanes512<T> WhereNegative(Lanes512<T> condition, Lanes512<T> ifNegative, Lanes512<T> otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(condition._value, Vector512<T>.Zero), ifNegative._value, otherwise._value));

    /// <inheritdoc/>
    public static T Sum(Lanes512<T> value) => Vector512.Sum(value._value);

    /// <inheritdoc/>
    public static double SumToDouble(Lanes512<T> value)
    {
        if (typeof(T) == typeof(double)) return Vector512.Sum(value._value.AsDouble());
        var (lower, upper) = Vector512.Widen(value._value.AsSingle());
        return Vector512.Sum(lower + upper);
    }
}

/// <summary>AVX2 lanes: 8 floats or 4 doubles, one sample each. Used by generated code.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes256<T> : ILanes<Lanes256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _value;

    private Lanes256(Vector256<T> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector256<T>.Count;

    /// <inheritdoc/>
    public static Lanes256<T> operator +(Lanes256<T> left, Lanes256<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator -(Lanes256<T> left, Lanes256<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator *(Lanes256<T> left, Lanes256<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator /(Lanes256<T> left, Lanes256<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator -(Lanes256<T> value) => new(-value._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator +(Lanes256<T> left, T right) => new(left._value + Vector256.Create(right));

    /// <inheritdoc/>
    public static Lanes256<T> operator +(T left, Lanes256<T> right) => new(Vector256.Create(left) + right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator -(Lanes256<T> left, T right) => new(left._value - Vector256.Create(right));

    /// <inheritdoc/>
    public static Lanes256<T> operator -(T left, Lanes256<T> right) => new(Vector256.Create(left) - right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator *(Lanes256<T> left, T right) => new(left._value * Vector256.Create(right));

    /// <inheritdoc/>
    public static Lanes256<T> operator *(T left, Lanes256<T> right) => new(Vector256.Create(left) * right._value);

    /// <inheritdoc/>
    public static Lanes256<T> operator /(Lanes256<T> left, T right) => new(left._value / Vector256.Create(right));

    /// <inheritdoc/>
    public static Lanes256<T> operator /(T left, Lanes256<T> right) => new(Vector256.Create(left) / right._value);

    /// <inheritdoc/>
    public static Lanes256<T> Create(T value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Load(ReadOnlySpan<T> rows, int width, int column)
    {
        LaneTranspose.Check(rows.Length, Count, width, column);
        return new(LaneTranspose.Gather<Vector256<T>, T>(ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), column), width, Count));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256<T> value, Span<T> rows, int width, int column)
    {
        LaneTranspose.Check(rows.Length, Count, width, column);
        LaneTranspose.Scatter(value._value, ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), column), width, Count);
    }

    /// <inheritdoc/>
    public static Lanes256<T> Exp(Lanes256<T> x) => new(VectorMath.Exp(x._value));

    /// <inheritdoc/>
    public static Lanes256<T> Log(Lanes256<T> x) => new(VectorMath.Log(x._value));

    /// <inheritdoc/>
    public static Lanes256<T> Tanh(Lanes256<T> z) => new(VectorMath.Tanh(z._value));

    /// <inheritdoc/>
    public static Lanes256<T> Max(Lanes256<T> x, Lanes256<T> y) => new(Vector256.Max(x._value, y._value));

    /// <inheritdoc/>
    public static Lanes256<T> WherePositive(Lanes256<T> condition, Lanes256<T> ifPositive, Lanes256<T> otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(condition._value, Vector256<T>.Zero), ifPositive._value, otherwise._value));

    /// <inheritdoc/>
    public static Lanes256<T> WhereNegative(Lanes256<T> condition, Lanes256<T> ifNegative, Lanes256<T> otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(condition._value, Vector256<T>.Zero), ifNegative._value, otherwise._value));

    /// <inheritdoc/>
    public static T Sum(Lanes256<T> value) => Vector256.Sum(value._value);

    /// <inheritdoc/>
    public static double SumToDouble(Lanes256<T> value)
    {
        if (typeof(T) == typeof(double)) return Vector256.Sum(value._value.AsDouble());
        var (lower, upper) = Vector256.Widen(value._value.AsSingle());
        return Vector256.Sum(lower + upper);
    }
}

/// <summary>
/// One sample: the remainder rows after the last whole vector, and every row on a machine without SIMD. Its math is the
/// scalar <c>T.Exp</c>, <c>T.Log</c>, <c>T.Tanh</c> of the per-sample path, so there it computes what Predict computes.
/// Used by generated code.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes1<T> : ILanes<Lanes1<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _value;

    private Lanes1(T value) => _value = value;

    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static Lanes1<T> operator +(Lanes1<T> left, Lanes1<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator -(Lanes1<T> left, Lanes1<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator *(Lanes1<T> left, Lanes1<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator /(Lanes1<T> left, Lanes1<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator -(Lanes1<T> value) => new(-value._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator +(Lanes1<T> left, T right) => new(left._value + right);

    /// <inheritdoc/>
    public static Lanes1<T> operator +(T left, Lanes1<T> right) => new(left + right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator -(Lanes1<T> left, T right) => new(left._value - right);

    /// <inheritdoc/>
    public static Lanes1<T> operator -(T left, Lanes1<T> right) => new(left - right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator *(Lanes1<T> left, T right) => new(left._value * right);

    /// <inheritdoc/>
    public static Lanes1<T> operator *(T left, Lanes1<T> right) => new(left * right._value);

    /// <inheritdoc/>
    public static Lanes1<T> operator /(Lanes1<T> left, T right) => new(left._value / right);

    /// <inheritdoc/>
    public static Lanes1<T> operator /(T left, Lanes1<T> right) => new(left / right._value);

    /// <inheritdoc/>
    public static Lanes1<T> Create(T value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> Load(ReadOnlySpan<T> rows, int width, int column)
    {
        LaneTranspose.Check(rows.Length, 1, width, column);
        return new(Unsafe.Add(ref MemoryMarshal.GetReference(rows), column));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes1<T> value, Span<T> rows, int width, int column)
    {
        LaneTranspose.Check(rows.Length, 1, width, column);
        Unsafe.Add(ref MemoryMarshal.GetReference(rows), column) = value._value;
    }

    /// <inheritdoc/>
    public static Lanes1<T> Exp(Lanes1<T> x) => new(T.Exp(x._value));

    /// <inheritdoc/>
    public static Lanes1<T> Log(Lanes1<T> x) => new(T.Log(x._value));

    /// <inheritdoc/>
    public static Lanes1<T> Tanh(Lanes1<T> z) => new(T.Tanh(z._value));

    /// <inheritdoc/>
    public static Lanes1<T> Max(Lanes1<T> x, Lanes1<T> y) => new(T.Max(x._value, y._value));

    /// <inheritdoc/>
    public static Lanes1<T> WherePositive(Lanes1<T> condition, Lanes1<T> ifPositive, Lanes1<T> otherwise) =>
        condition._value > T.Zero ? ifPositive : otherwise;

    /// <inheritdoc/>
    public static Lanes1<T> WhereNegative(Lanes1<T> condition, Lanes1<T> ifNegative, Lanes1<T> otherwise) =>
        condition._value < T.Zero ? ifNegative : otherwise;

    /// <inheritdoc/>
    public static T Sum(Lanes1<T> value) => value._value;

    /// <inheritdoc/>
    public static double SumToDouble(Lanes1<T> value) => double.CreateTruncating(value._value);
}
