using System;
using Xunit;

namespace NetGen.Tests.Generated;

/// <summary>
/// How close the batched path must come to the per-sample path.
/// </summary>
/// <remarks>
/// Both paths compute every sum of a layer from the same products, but in a different order: the per-sample code adds
/// left to right (unrolled) or in <see cref="System.Numerics.Vector{T}"/> lanes (<c>Kernels.Dot</c>), while the batched
/// kernels add in 128/256/512-bit lanes with fused multiply-adds (one rounding instead of two). By the standard bound for
/// recursive summation (Higham, Accuracy and Stability of Numerical Algorithms, 4.2), each order is within
/// n u sum|terms| of the exact sum (u = 2^-24 for float, 2^-53 for double), so the two results differ by at most
/// 2 n u sum|terms|. For the test networks (n at most a few dozen, sums of order 1, a couple of layers, each error
/// propagated through derivatives bounded by 1) that is below 1e-5 for float and 1e-13 for double; the tolerances below
/// leave a factor of ten on top of the worst case of that product, relative to the value or to 1, whichever is larger.
/// Anything beyond is a real bug (a wrong index changes values at the 1e-1 level).
/// </remarks>
internal static class BatchTolerance
{
    public const double Float = 1e-5;

    public const double Double = 1e-12;

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], actual[i], Float, i);
    }

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], actual[i], Double, i);
    }

    public static void Close(double expected, double actual, double tolerance, int index = 0)
    {
        double allowed = tolerance * Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= allowed,
            $"Element {index}: expected {expected:R}, got {actual:R}; differs by {Math.Abs(expected - actual):R}, more than {allowed:R}.");
    }
}
