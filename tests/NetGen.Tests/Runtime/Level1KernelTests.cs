using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// <c>Kernels.Dot</c> and <c>Kernels.AddScaled</c> (the per-sample path and <c>Step</c>) at every SIMD width, called
/// directly so that each path runs on any machine, against plain loops written here.
/// </summary>
public class Level1KernelTests
{
    private static readonly int[] Widths = { 512, 256, 128, 1 };

    // Lengths around every branch: below a vector, one vector, the 8-chain loop with and without leftover vectors and tails.
    private static readonly int[] Lengths = { 0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 64, 100, 127, 128, 129, 255, 784 };

    public static IEnumerable<object[]> WidthCases() => Widths.Select(w => new object[] { w });

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void Dot_matches_the_exact_sum_within_the_summation_bound(int bits)
    {
        foreach (int length in Lengths)
        {
            CheckDot<float>((SimdWidth)bits, length);
            CheckDot<double>((SimdWidth)bits, length);
        }
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void Dot_gives_the_same_bits_every_call(int bits)
    {
        var random = new Random(5);
        float[] x = Random(random, 784), y = Random(random, 784);
        float first = Kernels.Dot<float>((SimdWidth)bits, x, y);
        for (int i = 0; i < 3; i++) Assert.Equal(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(Kernels.Dot<float>((SimdWidth)bits, x, y)));
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void AddScaled_is_multiply_then_add_element_by_element_bit_for_bit(int bits)
    {
        // Not fused, so every element must equal d + s * x rounded twice, exactly as written here, at every width.
        foreach (int length in Lengths)
        {
            var random = new Random(length + 1);
            float[] d = Random(random, length), x = Random(random, length);
            float scale = (float)random.NextDouble() - 0.5f;
            float[] expected = d.Select((v, i) => v + scale * x[i]).ToArray();
            Kernels.AddScaled<float>((SimdWidth)bits, d, scale, x);
            Assert.Equal(expected, d);

            double[] dd = RandomDoubles(random, length), xd = RandomDoubles(random, length);
            double[] expectedD = dd.Select((v, i) => v + 0.3 * xd[i]).ToArray();
            Kernels.AddScaled<double>((SimdWidth)bits, dd, 0.3, xd);
            Assert.Equal(expectedD, dd);
        }
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.Dot<float>(new float[3], new float[4]));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Kernels.AddScaled<float>(new float[3], 1, new float[4]));
        Assert.Equal("source", e.ParamName);
    }

    private static void CheckDot<T>(SimdWidth width, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length * 3 + 1);
        T[] x = RandomDoubles(random, length).Select(T.CreateChecked).ToArray(), y = RandomDoubles(random, length).Select(T.CreateChecked).ToArray();
        double exact = 0, magnitude = 0;
        for (int i = 0; i < length; i++)
        {
            double p = double.CreateChecked(x[i]) * double.CreateChecked(y[i]);
            exact += p;
            magnitude += Math.Abs(p);
        }
        double u = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        // Any summation order is within (n - 1) u sum|terms| of the exact sum (Higham 3.1); the reference loop in double
        // adds its own n 2^-53 sum|terms| at most.
        double allowed = (length + 1) * u * magnitude + length * Math.Pow(2, -53) * magnitude;
        double actual = double.CreateChecked(Kernels.Dot<T>(width, x, y));
        Assert.True(Math.Abs(actual - exact) <= allowed, $"{typeof(T).Name} {width} length {length}: {actual:R} vs {exact:R}");
    }

    private static double[] RandomDoubles(Random random, int length) => Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();

    private static float[] Random(Random random, int length) => Enumerable.Range(0, length).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
}
