using System;
using System.Linq;
using System.Runtime.Intrinsics;
using NetGen.Simd;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// The register-level math of the lane path against <see cref="Math"/>: float exp and ln (FloatMath) and the .NET 8
/// double exp polynomial over the whole range (overflow, subnormals, underflow to 0, infinities, NaN) and tanh, within
/// the error bounds FloatMath and VectorMath state. Every function runs on both widths whatever the CPU has (a width without hardware support
/// still computes, in software).
/// </summary>
public class VectorMathTests
{
    /// <summary>2^-126, the smallest normal float.</summary>
    private const float SmallestNormalFloat = 1.17549435e-38f;

    /// <summary>The distance in units in the last place of <paramref name="expected"/> (subnormal spacing below the normal range).</summary>
    private static double Ulps(float expected, float actual)
    {
        if (expected == actual) return 0;
        float spacing = MathF.Max(MathF.BitIncrement(MathF.Abs(expected)) - MathF.Abs(expected), float.Epsilon);
        return Math.Abs((double)actual - expected) / spacing;
    }

    private static double Ulps(double expected, double actual)
    {
        if (expected == actual) return 0;
        double spacing = Math.Max(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon);
        return Math.Abs(actual - expected) / spacing;
    }

    // Each float function at both widths, from lanes that differ (so a lane mix-up would show): the worse of the two.
    private static double FloatUlps(Func<Vector512<float>, Vector512<float>> f512, Func<Vector256<float>, Vector256<float>> f256, Func<double, double> exact, float x)
    {
        float expected = (float)exact(x);
        return Math.Max(Ulps(expected, f512(Vector512.Create(1f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, x, 1, 1)).GetElement(13)),
                        Ulps(expected, f256(Vector256.Create(1f, 1, 1, 1, 1, x, 1, 1)).GetElement(5)));
    }

    private static float ExpPolynomial(float x) => FloatMath.Exp(Vector256.Create(x)).GetElement(3);

    private static double ExpPolynomial(double x) => VectorMath.ExpPolynomial(Vector256.Create(x)).GetElement(1);

    [Fact]
    public void Float_exp_is_within_2_ulp_over_the_whole_range_on_both_widths()
    {
        double worst = 0;
        float worstAt = 0;
        // Every 2^-12 from -104 to 89, plus random points: normal, subnormal and overflowing results.
        var random = new Random(1);
        for (int i = 0; i < 1_200_000; i++)
        {
            float x = i < 790_000 ? -104f + i / 4096f : (float)(random.NextDouble() * 193 - 104);
            double ulps = FloatUlps(FloatMath.Exp, FloatMath.Exp, Math.Exp, x);
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        Assert.True(worst <= 2, $"max error {worst} ulp at x = {worstAt:R}");
    }

    [Fact]
    public void Float_ln_is_within_2_ulp_over_the_whole_range_on_both_widths()
    {
        double worst = 0;
        float worstAt = 0;
        // Every float around 1 (where ln is small and its relative error hardest to keep), a dense sweep of [0.25, 4), then
        // random bit patterns over all positive floats: subnormals, the smallest and largest normals.
        var random = new Random(3);
        for (int i = 0; i < 1_400_000; i++)
        {
            float x = i switch
            {
                < 200_000 => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) - 100_000 + i),
                < 700_000 => 0.25f + (i - 200_000) * (3.75f / 500_000),
                < 1_399_998 => BitConverter.Int32BitsToSingle(random.Next(1, 0x7F800000)),
                1_399_998 => float.Epsilon,
                _ => float.MaxValue,
            };
            double ulps = FloatUlps(FloatMath.Log, FloatMath.Log, Math.Log, x);
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        Assert.True(worst <= 2, $"max error {worst} ulp at x = {worstAt:R}");
    }

    [Theory]
    [InlineData(float.NaN, float.NaN)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(0f, float.NegativeInfinity)]
    [InlineData(-1f, float.NaN)]
    [InlineData(float.NegativeInfinity, float.NaN)]
    [InlineData(1f, 0f)]
    public void Float_ln_edges_on_both_widths(float x, float expected)
    {
        Assert.Equal(expected, FloatMath.Log(Vector512.Create(x)).GetElement(7));
        Assert.Equal(expected, FloatMath.Log(Vector256.Create(x)).GetElement(2));
    }

    [Fact]
    public void Double_exp_polynomial_is_within_2_ulp_over_the_whole_range()
    {
        double worst = 0, worstAt = 0;
        var random = new Random(2);
        for (int i = 0; i < 1_000_000; i++)
        {
            double x = random.NextDouble() * 1456 - 746;
            if (i % 4 == 0) x = random.NextDouble() * 2 - 1;
            double expected = Math.Exp(x);
            double ulps = Ulps(expected, ExpPolynomial(x));
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        Assert.True(worst <= 2, $"max error {worst} ulp at x = {worstAt:R}");
    }

    [Theory]
    [InlineData(float.NaN, float.NaN)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(88.8f, float.PositiveInfinity)]
    [InlineData(1000f, float.PositiveInfinity)]
    [InlineData(-110f, 0f)]
    [InlineData(-1000f, 0f)]
    [InlineData(0f, 1f)]
    public void Float_exp_edges_on_both_widths(float x, float expected)
    {
        Assert.Equal(expected, FloatMath.Exp(Vector512.Create(x)).GetElement(9));
        Assert.Equal(expected, FloatMath.Exp(Vector256.Create(x)).GetElement(4));
    }

    [Theory]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(709.8, double.PositiveInfinity)]
    [InlineData(1e6, double.PositiveInfinity)]
    [InlineData(-746.0, 0.0)]
    [InlineData(-1e6, 0.0)]
    [InlineData(0.0, 1.0)]
    public void Double_exp_polynomial_edges(double x, double expected) => Assert.Equal(expected, ExpPolynomial(x));

    [Fact]
    public void Subnormal_exp_results_are_subnormal_not_zero()
    {
        Assert.Equal((float)Math.Exp(-100), ExpPolynomial(-100f), 1e-44f);
        Assert.True(ExpPolynomial(-100f) > 0);
        Assert.True(ExpPolynomial(-740.0) > 0);
    }

    [Fact]
    public void Float_tanh_is_within_4_ulp_on_both_widths()
    {
        double worst256 = 0, worst512 = 0;
        float at256 = 0, at512 = 0;
        var random = new Random(3);
        for (int i = 0; i < 400_000; i++)
        {
            // Dense around the switch between the series (below 0.45) and the exp form, then out to saturation.
            float z = i % 2 == 0 ? (float)(random.NextDouble() * 2 - 1) : (float)(random.NextDouble() * 40 - 20);
            if (i % 7 == 0) z = (float)((random.NextDouble() - 0.5) * 1e-3);
            float expected = (float)Math.Tanh(z);
            double u256 = Ulps(expected, VectorMath.Tanh(Vector256.Create(z)).GetElement(5));
            double u512 = Ulps(expected, VectorMath.Tanh(Vector512.Create(z)).GetElement(11));
            if (u256 > worst256) (worst256, at256) = (u256, z);
            if (u512 > worst512) (worst512, at512) = (u512, z);
        }
        Assert.True(worst256 <= 4, $"256-bit: max error {worst256} ulp at z = {at256:R}");
        Assert.True(worst512 <= 4, $"512-bit: max error {worst512} ulp at z = {at512:R}");
    }

    [Fact]
    public void Float_sigmoid_is_within_3_ulp_on_both_widths()
    {
        // The batched kernels' sigmoid: exp within 2 ulp, then 1 / (1 + e), whose two roundings add at most one more.
        double worst = 0;
        float worstAt = 0;
        var random = new Random(5);
        for (int i = 0; i < 600_000; i++)
        {
            float z = i % 3 == 0 ? (float)(random.NextDouble() * 16 - 8) : (float)(random.NextDouble() * 220 - 110);
            double exact = 1 / (1 + Math.Exp(-(double)z));
            if (exact < SmallestNormalFloat)
            {
                // Below the normal range (z < -87.3) ulps lose their meaning: like the scalar 1 / (1 + MathF.Exp(-z)), which
                // gives 0 once e^-z overflows, the result is within the smallest normal float of the exact value.
                Assert.True(Math.Abs(Width512<float>.Sigmoid(Vector512.Create(z)).GetElement(2) - exact) <= SmallestNormalFloat, $"z = {z:R}");
                Assert.True(Math.Abs(Width256<float>.Sigmoid(Vector256.Create(z)).GetElement(6) - exact) <= SmallestNormalFloat, $"z = {z:R}");
                continue;
            }
            double ulps = FloatUlps(Width512<float>.Sigmoid, Width256<float>.Sigmoid, v => 1 / (1 + Math.Exp(-v)), z);
            if (ulps > worst) (worst, worstAt) = (ulps, z);
        }
        Assert.True(worst <= 3, $"max error {worst} ulp at z = {worstAt:R}");
    }

    [Fact]
    public void Double_exp_of_a_lane_does_not_depend_on_the_other_lanes()
    {
        // The runtime's double exp takes another path for the whole vector when a lane passes |x| = 708 or is NaN, which
        // rounded the other lanes differently (exp(-2.192288829103246): 0.1116608832337221 alone, 0.11166088323372209
        // beside NaN): a sigmoid's, tanh's or softmax's bits then depended on the rows around it.
        double[] values = { -2.192288829103246, -565.903113673396, 0.5, -0.25, 3.75, 700, -708, 708, 709.5, -744, double.NaN, double.PositiveInfinity };
        double[] neighbours = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 708.3, -709.5, 1000, -1000, -746, 0.5 };
        foreach (double v in values)
        {
            double exact = Math.Exp(v);
            double alone = VectorMath.Exp(Vector512.Create(v)).GetElement(0);
            Assert.True(double.IsNaN(exact) ? double.IsNaN(alone) : Ulps(exact, alone) <= 1, $"exp({v:R}) = {alone:R}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(alone), BitConverter.DoubleToInt64Bits(VectorMath.Exp(Vector256.Create(v)).GetElement(0)));
            foreach (double n in neighbours)
            {
                double beside512 = VectorMath.Exp(Vector512.Create(n, n, n, v, n, 1, n, n)).GetElement(3);
                double beside256 = VectorMath.Exp(Vector256.Create(n, v, 1, n)).GetElement(1);
                Assert.True(BitConverter.DoubleToInt64Bits(alone) == BitConverter.DoubleToInt64Bits(beside512), $"exp({v:R}) = {alone:R} alone, {beside512:R} beside {n:R} (512 bits)");
                Assert.True(BitConverter.DoubleToInt64Bits(alone) == BitConverter.DoubleToInt64Bits(beside256), $"exp({v:R}) = {alone:R} alone, {beside256:R} beside {n:R} (256 bits)");
            }
        }
    }

    [Fact]
    public void Double_sigmoid_is_within_4_ulp_on_both_widths()
    {
        // Against 1 / (1 + Math.Exp(-z)) in double, itself not exact: the vector exp is within 2 ulp of Math.Exp (measured
        // for .NET 10's Vector512.Exp; 2 ulp stated for the .NET 8 polynomial), then two roundings, plus Math.Exp's own.
        double worst = 0, worstAt = 0;
        var random = new Random(6);
        for (int i = 0; i < 400_000; i++)
        {
            double z = i % 3 == 0 ? random.NextDouble() * 16 - 8 : random.NextDouble() * 1400 - 700; // normal results
            double expected = 1 / (1 + Math.Exp(-z));
            double ulps = Math.Max(Ulps(expected, Width512<double>.Sigmoid(Vector512.Create(z)).GetElement(3)),
                                   Ulps(expected, Width256<double>.Sigmoid(Vector256.Create(z)).GetElement(1)));
            if (ulps > worst) (worst, worstAt) = (ulps, z);
        }
        Assert.True(worst <= 4, $"max error {worst} ulp at z = {worstAt:R}");
    }

    [Fact]
    public void Double_tanh_is_within_8_ulp_on_both_widths()
    {
        double worst256 = 0, worst512 = 0, at256 = 0, at512 = 0;
        var random = new Random(4);
        for (int i = 0; i < 400_000; i++)
        {
            double z = i % 2 == 0 ? random.NextDouble() * 2 - 1 : random.NextDouble() * 60 - 30;
            if (i % 7 == 0) z = (random.NextDouble() - 0.5) * 0.25;
            double expected = Math.Tanh(z);
            double u256 = Ulps(expected, VectorMath.Tanh(Vector256.Create(z)).GetElement(2));
            double u512 = Ulps(expected, VectorMath.Tanh(Vector512.Create(z)).GetElement(6));
            if (u256 > worst256) (worst256, at256) = (u256, z);
            if (u512 > worst512) (worst512, at512) = (u512, z);
        }
        Assert.True(worst256 <= 8, $"256-bit: max error {worst256} ulp at z = {at256:R}");
        Assert.True(worst512 <= 8, $"512-bit: max error {worst512} ulp at z = {at512:R}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(-40.0)]
    public void Tanh_edges_match_Math(double z)
    {
        Assert.Equal(Math.Tanh(z), VectorMath.Tanh(Vector256.Create(z)).GetElement(0));
        Assert.Equal(Math.Tanh(z), VectorMath.Tanh(Vector512.Create(z)).GetElement(0));
        Assert.Equal(MathF.Tanh((float)z), VectorMath.Tanh(Vector256.Create((float)z)).GetElement(0));
        Assert.True(double.IsNegative(VectorMath.Tanh(Vector256.Create(z)).GetElement(0)) == double.IsNegative(Math.Tanh(z)) || double.IsNaN(z));
    }

    [Fact]
    public void Exp_and_Log_follow_Math_at_the_edges_on_both_widths()
    {
        foreach (double x in new[] { double.NaN, double.NegativeInfinity, double.PositiveInfinity, 0.0, -1.0, 1.0, 710.0, -750.0 })
        {
            Assert.Equal(Math.Exp(x), VectorMath.Exp(Vector256.Create(x)).GetElement(0));
            Assert.Equal(Math.Exp(x), VectorMath.Exp(Vector512.Create(x)).GetElement(0));
            Assert.Equal(Math.Log(x), VectorMath.Log(Vector256.Create(x)).GetElement(0));
            Assert.Equal(Math.Log(x), VectorMath.Log(Vector512.Create(x)).GetElement(0));
        }
    }

    [Fact]
    public void Lane_sums_follow_the_halving_tree_to_the_bit()
    {
        // Values whose sum depends on the order (large and small magnitudes mixed), summed by hand in the stated order:
        // halves first (lane i + lane i + n/2), then quarters, then (v0 + v2) + (v1 + v3).
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            float[] f = Enumerable.Range(0, 16).Select(i => (float)(random.NextDouble() - 0.5) * (i % 3 == 0 ? 1e7f : 1f)).ToArray();
            double[] d = f.Take(8).Select(v => v * (1 + 1e-9 * random.NextDouble())).ToArray();
            Assert.Equal(Tree(f), Lanes512.Sum(Vector512.Create(f)));
            Assert.Equal(Tree(f.Take(8).ToArray()), Lanes256.Sum(Vector256.Create(f.Take(8).ToArray())));
            Assert.Equal(Tree(d), Lanes512.Sum(Vector512.Create(d)));
            Assert.Equal(Tree(d.Take(4).ToArray()), Lanes256.Sum(Vector256.Create(d.Take(4).ToArray())));
        }

        static T Tree<T>(T[] lanes) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            while (lanes.Length > 4) lanes = Enumerable.Range(0, lanes.Length / 2).Select(i => lanes[i] + lanes[i + lanes.Length / 2]).ToArray();
            return lanes.Length == 4 ? (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]) : lanes[0] + lanes[1];
        }
    }

    [Fact]
    public void AddSums_adds_eight_lane_sums_each_by_the_halving_tree_to_the_bit()
    {
        // Each total gets one addition of its vector's sum by the tree of Lane_sums_follow_the_halving_tree_to_the_bit (summed
        // here by hand), whatever the path: AVX2's transposing tree for floats, one sum at a time otherwise. Totals past
        // the eighth stay as they were.
        var random = new Random(6);
        for (int trial = 0; trial < 100; trial++)
        {
            float[][] f = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 16)
                .Select(i => (float)(random.NextDouble() - 0.5) * (i % 3 == 0 ? 1e7f : 1f)).ToArray()).ToArray();
            double[][] d = f.Select(v => v.Take(8).Select(x => x * (1 + 1e-9 * random.NextDouble())).ToArray()).ToArray();
            float[] start = Enumerable.Range(0, 9).Select(_ => (float)(random.NextDouble() * 1e3)).ToArray();
            double[] startD = start.Select(v => (double)v).ToArray();

            var wide = (float[])start.Clone();
            Lanes512.AddSums<float>(wide, V512(f[0]), V512(f[1]), V512(f[2]), V512(f[3]), V512(f[4]), V512(f[5]), V512(f[6]), V512(f[7]));
            var narrow = (float[])start.Clone();
            Lanes256.AddSums<float>(narrow, V256(f[0]), V256(f[1]), V256(f[2]), V256(f[3]), V256(f[4]), V256(f[5]), V256(f[6]), V256(f[7]));
            var wideD = (double[])startD.Clone();
            Lanes512.AddSums<double>(wideD, V512(d[0]), V512(d[1]), V512(d[2]), V512(d[3]), V512(d[4]), V512(d[5]), V512(d[6]), V512(d[7]));
            var narrowD = (double[])startD.Clone();
            Lanes256.AddSums<double>(narrowD, V256(d[0]), V256(d[1]), V256(d[2]), V256(d[3]), V256(d[4]), V256(d[5]), V256(d[6]), V256(d[7]));
            for (int k = 0; k < 8; k++)
            {
                Assert.Equal(start[k] + Tree(f[k]), wide[k]);
                Assert.Equal(start[k] + Tree(f[k].Take(8).ToArray()), narrow[k]);
                Assert.Equal(startD[k] + Tree(d[k]), wideD[k]);
                Assert.Equal(startD[k] + Tree(d[k].Take(4).ToArray()), narrowD[k]);
            }
            Assert.Equal(start[8], wide[8]);
            Assert.Equal(start[8], narrow[8]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Lanes256.AddSums<float>(new float[7], default, default, default, default, default, default, default, default));

        static Vector512<T> V512<T>(T[] lanes) => Vector512.Create(lanes);
        static Vector256<T> V256<T>(T[] lanes) => Vector256.Create(lanes);
        static T Tree<T>(T[] lanes) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            while (lanes.Length > 4) lanes = Enumerable.Range(0, lanes.Length / 2).Select(i => lanes[i] + lanes[i + lanes.Length / 2]).ToArray();
            return lanes.Length == 4 ? (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]) : lanes[0] + lanes[1];
        }
    }

    [Fact]
    public void Lane_loads_and_stores_transpose_a_block_of_rows()
    {
        // 16 rows of 3 values: column 1 of row k is 100 + k.
        var rows = new float[16 * 3];
        for (int k = 0; k < 16; k++) rows[k * 3 + 1] = 100 + k;
        var column = Lanes512.Load<float>(rows, 3, 1);
        for (int k = 0; k < 16; k++) Assert.Equal(100 + k, column.GetElement(k));
        var half = Lanes256.Load<float>(rows.AsSpan(24), 3, 1);
        for (int k = 0; k < 8; k++) Assert.Equal(108 + k, half.GetElement(k));

        var back = new float[16 * 3];
        Lanes512.Store(column, back, 3, 2);
        for (int k = 0; k < 16; k++) Assert.Equal(100 + k, back[k * 3 + 2]);
        Assert.Throws<ArgumentException>(() => Lanes512.Load<float>(rows.AsSpan(1), 3, 1));
        Assert.Throws<ArgumentException>(() => Lanes256.Load<double>(new double[8 * 2], 2, 2));
    }

    [Fact]
    public void Lane_loads_and_stores_transpose_every_width_and_column()
    {
        // Widths 1 and 2 take their own paths (a plain load; loads and permutes); 3 to 5 the gathers.
        for (int width = 1; width <= 5; width++)
        {
            for (int column = 0; column < width; column++)
            {
                CheckLanes<float>(width, column);
                CheckLanes<double>(width, column);
            }
        }
    }

    private static void CheckLanes<T>(int width, int column) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Row k holds 1000 k + c in column c; a padding value after the block must not be read.
        int count512 = Vector512<T>.Count, count256 = Vector256<T>.Count;
        var rows = new T[count512 * width + 1];
        for (int k = 0; k < count512; k++)
        {
            for (int c = 0; c < width; c++) rows[k * width + c] = T.CreateChecked(1000 * k + c);
        }
        rows[^1] = T.NaN;
        var wide = Lanes512.Load<T>(rows.AsSpan(0, count512 * width), width, column);
        var narrow = Lanes256.Load<T>(rows.AsSpan(0, count256 * width), width, column);
        for (int k = 0; k < count512; k++) Assert.Equal(T.CreateChecked(1000 * k + column), wide.GetElement(k));
        for (int k = 0; k < count256; k++) Assert.Equal(T.CreateChecked(1000 * k + column), narrow.GetElement(k));

        var back = new T[count512 * width];
        Lanes512.Store(wide, back, width, column);
        var backNarrow = new T[count256 * width];
        Lanes256.Store(narrow, backNarrow, width, column);
        for (int k = 0; k < count512; k++)
        {
            for (int c = 0; c < width; c++) Assert.Equal(c == column ? rows[k * width + c] : T.Zero, back[k * width + c]);
        }
        for (int k = 0; k < count256; k++) Assert.Equal(rows[k * width + column], backNarrow[k * width + column]);
    }
}
