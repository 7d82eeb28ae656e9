using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// The batched kernels at every SIMD width (512, 256, 128 bits and scalar, called directly so that each path runs on any
/// machine: a width the CPU lacks runs in software) against plain double-precision loops written here, for shapes that
/// hit every full block, remainder block and scalar tail.
/// </summary>
public class GemmKernelTests
{
    /// <summary>2^-126, the smallest normal float.</summary>
    private const float SmallestNormalFloat = 1.17549435e-38f;

    // SimdWidth is internal: the theories take its value in bits (512, 256, 128, 1 for scalar).
    private static readonly int[] Widths = { 512, 256, 128, 1 };

    // rows, inputs, outputs: 4x4 blocks with and without remainders, one-element tails, K above and below a vector;
    // the last two are wide enough, with enough rows, for DenseForward's outer-product form at every width.
    private static readonly (int Rows, int Inputs, int Outputs)[] Shapes =
    {
        (1, 1, 1), (4, 4, 4), (5, 3, 7), (9, 17, 10), (8, 64, 8), (13, 100, 6), (3, 130, 33), (33, 70, 5), (17, 50, 70), (38, 33, 133),
        (1, 784, 20), (2, 48, 17), (12, 32, 12), (90, 784, 6), // a sample's GEMV (1x8 blocks), whole-vector k, several row blocks
        (70, 2, 100), (37, 10, 16), (21, 100, 2), // layers narrower than a vector: partial-vector columns, B's last rows padded
        (64, 48, 32), (40, 32, 10), // 16 registers: 5 blocks of 6 units + 2 (a 2 x 2 block), 6 + 4 (two), on the same column panels
        (300, 70, 150), (260, 33, 40), // large calls, at 512 bits in the outer form: 6 x 4 and 8 x 2 blocks, rows left, a partial vector

    };

    public static IEnumerable<object[]> Cases() =>
        from width in Widths
        from activation in Enum.GetValues<ActivationFunction>()
        select new object[] { width, activation };

    public static IEnumerable<object[]> WidthCases() => Widths.Select(w => new object[] { w });

    [Theory]
    [MemberData(nameof(Cases))]
    public void DenseForward_matches_the_reference_loops(int bits, ActivationFunction activation)
    {
        var width = (SimdWidth)bits;
        foreach (var (rows, k, n) in Shapes)
        {
            CheckForward<double>(width, activation, rows, k, n);
            CheckForward<float>(width, activation, rows, k, n);
        }
    }

    // inputs for the sample form: below a vector, whole runs of 8 vectors (128 floats at 512 bits), 1 to 7 vectors left
    // over, scalar tails, and a sample's 784.
    private static readonly int[] SampleInputs = { 1, 5, 15, 16, 17, 47, 100, 127, 128, 129, 200, 255, 784, 1000 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DenseForwardSample_matches_the_reference_loops(int bits, ActivationFunction activation)
    {
        var width = (SimdWidth)bits;
        foreach (int k in SampleInputs)
        {
            foreach (int n in new[] { 1, 9, 33 })
            {
                CheckForwardSample<double>(width, activation, k, n);
                CheckForwardSample<float>(width, activation, k, n);
            }
        }
    }

    private static void CheckForwardSample<T>(SimdWidth width, ActivationFunction activation, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(k * 10 + n);
        double[] x = RandomDoubles(random, k), w = RandomDoubles(random, n * k), b = RandomDoubles(random, n);
        var z = new T[n];
        Kernels.DenseForwardSample<T>(width, Cast<T>(x), Cast<T>(w), Cast<T>(b), z, k, n, activation);
        AssertForwardMatchesReference(width, activation, 1, k, n, x, w, b, z);
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void Below_512_bits_or_16_vectors_the_sample_form_is_the_batch_forms_pass_over_one_row(int bits)
    {
        // The sample form's one-stream pass pays only at 512 bits and for rows of 16 vectors or more (GemmBlocks.SampleForm);
        // otherwise a sample takes the batch form's matrix-vector pass, so Predict and a one-row PredictBatch agree to the
        // bit there. At 512 bits: 255 floats or 127 doubles take the batch form's pass, 256 and 128 the sample form's.
        var width = (SimdWidth)bits;
        CheckSampleFormIdentity<float>(width, 16);
        CheckSampleFormIdentity<double>(width, 8);
    }

    private static void CheckSampleFormIdentity<T>(SimdWidth width, int lanes512) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(5);
        int shortest = 16 * lanes512; // the sample form's own pass at 512 bits: 16 vectors
        foreach (int k in SampleInputs.Append(shortest - 1).Append(shortest))
        {
            T[] x = Cast<T>(RandomDoubles(random, k)), w = Cast<T>(RandomDoubles(random, 33 * k)), b = Cast<T>(RandomDoubles(random, 33));
            T[] sample = new T[33], batch = new T[33];
            Kernels.DenseForwardSample<T>(width, x, w, b, sample, k, 33, ActivationFunction.Tanh);
            Kernels.DenseForward<T>(width, x, w, b, batch, 1, k, 33, ActivationFunction.Tanh);
            bool ownPass = width == SimdWidth.Bits512 && k >= shortest;
            if (!ownPass) AssertSameBits(batch, sample, $"{typeof(T).Name} {width}, {k} inputs");
            else Assert.False(batch.Select(Bits).SequenceEqual(sample.Select(Bits)), $"{typeof(T).Name} {width}, {k} inputs: expected the sample form's own sums, which differ from the batch form's in some last bit");
        }
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void The_sample_form_gives_the_same_bits_from_an_input_at_any_alignment(int bits)
    {
        // At 512 bits an input off a cache line is copied onto one first (AlignedRows.PaysForSample); offsets 0 to 15
        // elements cover every position relative to a 64-byte line, for float and double.
        var width = (SimdWidth)bits;
        const int k = 784, n = 40;
        var random = new Random(23);
        double[] values = RandomDoubles(random, k), w = RandomDoubles(random, n * k), b = RandomDoubles(random, n);
        CheckSampleAlignment<float>(width, values, w, b, k, n);
        CheckSampleAlignment<double>(width, values, w, b, k, n);
    }

    private static void CheckSampleAlignment<T>(SimdWidth width, double[] values, double[] w, double[] b, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] weights = Cast<T>(w), biases = Cast<T>(b), source = new T[k + 16];
        T[]? first = null;
        for (int offset = 0; offset < 16; offset++)
        {
            Array.Clear(source);
            Cast<T>(values).CopyTo(source, offset);
            var z = new T[n];
            Kernels.DenseForwardSample<T>(width, source.AsSpan(offset, k), weights, biases, z, k, n, ActivationFunction.Sigmoid);
            first ??= z;
            AssertSameBits(first, z, $"{typeof(T).Name} {width}, input at offset {offset}");
        }
    }

    [Fact]
    public void DenseForwardSample_names_a_short_span()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.DenseForwardSample<float>(new float[3], new float[8], new float[2], new float[2], 4, 2, ActivationFunction.ReLU));
        Assert.Equal("input", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Kernels.DenseForwardSample<float>(new float[4], new float[8], new float[2], new float[1], 4, 2, ActivationFunction.ReLU));
        Assert.Equal("output", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void A_large_D_read_in_place_gives_the_bits_of_a_packed_one(int bits)
    {
        // With 16 vector registers the outer products pack D (dW's and dX's A) when it holds at most 2^20 values and read
        // it in place above that. Each element is the same chain either way: 1,100 rows x 1,000 outputs (1.1M values, in
        // place) must give on their last 64 rows of dX, and on their last 600 units of dW, the bits of those rows or units
        // computed alone (64 x 1,000 and 600 x 1,100 values: packed). The last ones, so that the rows a 6-row block leaves
        // (1,100 = 183 x 6 + 2 rows, 1,000 = 166 x 6 + 4 units) are read in place too.
        var width = (SimdWidth)bits;
        CheckPackedAgainstInPlace<float>(width);
        CheckPackedAgainstInPlace<double>(width);
    }

    private static void CheckPackedAgainstInPlace<T>(SimdWidth width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Rows = 1100, Inputs = 40, Outputs = 1000, FewRows = 64, FewUnits = 600;
        var random = new Random(37);
        T[] d = Cast<T>(RandomDoubles(random, Rows * Outputs)), w = Cast<T>(RandomDoubles(random, Outputs * Inputs));
        T[] x = Cast<T>(RandomDoubles(random, Rows * Inputs));

        const int FirstRow = Rows - FewRows;
        T[] dx = new T[Rows * Inputs], dxFew = new T[FewRows * Inputs];
        Kernels.DenseInputDeltas<T>(width, d, w, x, dx, Rows, Inputs, Outputs, ActivationFunction.Linear);
        Kernels.DenseInputDeltas<T>(width, d.AsSpan(FirstRow * Outputs), w, x.AsSpan(FirstRow * Inputs), dxFew, FewRows, Inputs, Outputs, ActivationFunction.Linear);
        AssertSameBits(dxFew, dx.AsSpan(FirstRow * Inputs).ToArray(), $"{typeof(T).Name} {width} dX, last {FewRows} rows");

        const int FirstUnit = Outputs - FewUnits;
        T[] gw = new T[Outputs * Inputs], gb = new T[Outputs], gwFew = new T[Outputs * Inputs], gbFew = new T[Outputs];
        Kernels.WeightGradientUnits<T>(width, ref d[0], ref x[0], ref gw[0], ref gb[0], Rows, Inputs, Outputs, 0, Outputs);
        Kernels.WeightGradientUnits<T>(width, ref d[0], ref x[0], ref gwFew[0], ref gbFew[0], Rows, Inputs, Outputs, FirstUnit, Outputs);
        AssertSameBits(gwFew.AsSpan(FirstUnit * Inputs).ToArray(), gw.AsSpan(FirstUnit * Inputs).ToArray(), $"{typeof(T).Name} {width} dW, last {FewUnits} units");
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void DenseWeightGradients_adds_D_transposed_X_and_column_sums(int bits)
    {
        var width = (SimdWidth)bits;
        foreach (var (rows, k, n) in Shapes)
        {
            CheckWeightGradients<double>(width, rows, k, n);
            CheckWeightGradients<float>(width, rows, k, n);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DenseInputDeltas_is_D_W_times_the_derivative(int bits, ActivationFunction activation)
    {
        var width = (SimdWidth)bits;
        if (activation == ActivationFunction.Softmax) return; // no element-wise derivative; rejected below
        foreach (var (rows, k, n) in Shapes)
        {
            CheckInputDeltas<double>(width, activation, rows, k, n);
            CheckInputDeltas<float>(width, activation, rows, k, n);
        }
    }

    public static IEnumerable<object[]> RowCases() =>
        from width in Widths
        from k in new[] { 5, 37, 64 } // 5: narrower than a vector at 256 and 512 bits (few rows unpacked, blocks packed); 64: whole vectors, so the 512-bit float blocks take the transposed reduction
        from activation in new[] { ActivationFunction.Sigmoid, ActivationFunction.Tanh, ActivationFunction.ReLU, ActivationFunction.LeakyReLU, ActivationFunction.Softmax }
        select new object[] { width, k, activation };

    [Theory]
    [MemberData(nameof(RowCases))]
    public void A_row_gives_the_same_bits_alone_or_in_any_block(int bits, int k, ActivationFunction activation)
    {
        var width = (SimdWidth)bits;
        // Every element is the same chain of operations wherever it falls (4x4 block, 1x8 and 1x1 remainders, tail): so
        // batching never changes a sample's result at a given width, and chunking the batch across threads cannot either.
        const int rows = 11, n = 9;
        var random = new Random(1);
        float[] x = Random(random, rows * k), w = Random(random, n * k), b = Random(random, n);
        var all = new float[rows * n];
        Kernels.DenseForward<float>(width, x, w, b, all, rows, k, n, activation);
        var d = Random(random, rows * n);
        var dxAll = new float[rows * k];
        Kernels.DenseInputDeltas<float>(width, d, w, x, dxAll, rows, k, n, ActivationFunction.Sigmoid);
        for (int r = 0; r < rows; r++)
        {
            var one = new float[n];
            Kernels.DenseForward<float>(width, x.AsSpan(r * k, k), w, b, one, 1, k, n, activation);
            Assert.Equal(all.AsSpan(r * n, n).ToArray(), one);
            var dx = new float[k];
            Kernels.DenseInputDeltas<float>(width, d.AsSpan(r * n, n), w, x.AsSpan(r * k, k), dx, 1, k, n, ActivationFunction.Sigmoid);
            Assert.Equal(dxAll.AsSpan(r * k, k).ToArray(), dx);
        }
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void Rows_at_any_alignment_give_the_same_bits(int bits)
    {
        // At 512 bits misaligned rows are copied onto a cache line, a chunk at a time (170 rows of 784: three chunks), before
        // the product reads them; the copy must change nothing. Offsets 0 to 15 elements from the array's start cover every
        // position relative to a 64-byte line (for float and double), so some runs copy and one does not: all must agree.
        var width = (SimdWidth)bits;
        const int rows = 170, k = 784, n = 12;
        var random = new Random(17);
        float[] w = Random(random, n * k), b = Random(random, n), source = Random(random, rows * k + 16);
        double[] wd = w.Select(v => (double)v).ToArray(), bd = b.Select(v => (double)v).ToArray(), sourced = source.Select(v => (double)v).ToArray();
        var rowsAtZero = source.AsSpan(0, rows * k).ToArray();
        float[]? first = null;
        double[]? firstDouble = null;
        for (int offset = 0; offset < 16; offset++)
        {
            // The same rows at every offset: the values of rowsAtZero copied to source[offset..].
            rowsAtZero.CopyTo(source.AsSpan(offset));
            for (int i = 0; i < rowsAtZero.Length; i++) sourced[offset + i] = rowsAtZero[i];
            var z = new float[rows * n];
            Kernels.DenseForward<float>(width, source.AsSpan(offset, rows * k), w, b, z, rows, k, n, ActivationFunction.Sigmoid);
            var zd = new double[rows * n];
            Kernels.DenseForward<double>(width, sourced.AsSpan(offset, rows * k), wd, bd, zd, rows, k, n, ActivationFunction.Sigmoid);
            first ??= z;
            firstDouble ??= zd;
            Assert.Equal(first, z);
            Assert.Equal(firstDouble, zd);
        }
    }

    public static IEnumerable<object[]> TranscendentalCases() =>
        from width in Widths
        from activation in new[] { ActivationFunction.Sigmoid, ActivationFunction.Tanh }
        select new object[] { width, activation };

    [Theory]
    [MemberData(nameof(TranscendentalCases))]
    public void Sigmoid_and_tanh_keep_NaN_and_saturate_at_the_infinities(int bits, ActivationFunction activation)
    {
        // One input, weight 1, bias 0: z is the input itself. 21 rows, so the values fill whole vectors and a padded tail.
        var width = (SimdWidth)bits;
        float[] z = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e-30f, -1e-30f, 200f, -200f, 89f, -89f, 20f, -20f, 0.5f, -0.5f, 3f, -3f, 1e6f, -1e6f, 44f, -104f };
        var y = new float[z.Length];
        Kernels.DenseForward<float>(width, z, new[] { 1f }, new[] { 0f }, y, z.Length, 1, 1, activation);
        for (int i = 0; i < z.Length; i++)
        {
            double exact = activation == ActivationFunction.Sigmoid ? 1 / (1 + Math.Exp(-(double)z[i])) : Math.Tanh(z[i]);
            if (double.IsNaN(exact))
            {
                Assert.True(float.IsNaN(y[i]), $"{activation}({z[i]}) = {y[i]}");
                continue;
            }
            // Within 4 ulp of the exact value; below float's normal range (sigmoid of z < -87.3), within its smallest
            // normal, as the scalar 1 / (1 + MathF.Exp(-z)) is (it gives 0 once e^-z overflows).
            float spacing = MathF.BitIncrement(MathF.Abs((float)exact)) - MathF.Abs((float)exact);
            double allowed = Math.Abs(exact) < SmallestNormalFloat ? SmallestNormalFloat : 4 * spacing;
            Assert.True(Math.Abs(y[i] - exact) <= allowed, $"{width} {activation}({z[i]:R}) = {y[i]:R}, exact {exact:R}");
        }
        Assert.Equal(1f, y[1]);
        Assert.Equal(activation == ActivationFunction.Sigmoid ? 0f : -1f, y[2]);
    }

    public static IEnumerable<object[]> VectorWidthCases() => Widths.Where(w => w > 1).Select(w => new object[] { w });

    [Theory]
    [MemberData(nameof(VectorWidthCases))]
    public void Narrow_layers_and_the_outer_products_give_the_scalar_widths_bits(int bits)
    {
        // A layer narrower than a vector runs its forward product in the outer-product form (a few rows without packing W^T),
        // and dW and dX always do: each element is then a chain of fused multiply-adds over one index from zero, as at the
        // scalar width.
        // Piecewise-linear activations keep it exact (sigmoid and tanh use the vector exp, which the scalar width does not).
        var width = (SimdWidth)bits;
        CheckAgainstScalarWidth<float>(width);
        CheckAgainstScalarWidth<double>(width);
    }

    private static void CheckAgainstScalarWidth<T>(SimdWidth width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(29);
        int lanes = (int)width / (8 * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        // The last three: calls large enough for the outer form at 512 bits (6 x 4 blocks, 8 x 2 blocks, rows and a partial
        // vector left; and a narrow layer's inputs).
        foreach (var (rows, k, n) in new[] { (70, 2, 100), (37, 3, 16), (5, 1, 7), (9, 2, 3), (41, 3, 33), (23, 7, 21), (19, 20, 40), (6, 31, 9), (1, 3, 20), (3, 1, 17), (300, 70, 150), (262, 33, 40), (257, 5, 70) })
        {
            // Else the forward product runs the dot form, in another order (dW and dX are compared anyway).
            bool narrow = NetGen.Simd.GemmBlocks.OuterForward<T>(width, k, rows);
            Assert.Equal(NetGen.Simd.GemmBlocks.OuterForward(lanes, k) || (width == SimdWidth.Bits512 && rows >= 256), narrow);
            T[] x = Cast<T>(RandomDoubles(random, rows * k)), w = Cast<T>(RandomDoubles(random, n * k)), b = Cast<T>(RandomDoubles(random, n));
            T[] d = Cast<T>(RandomDoubles(random, rows * n));
            // A NaN input (its row's z NaN, kept by ReLU) and zeros (z = -0 where the bias is -0: ReLU keeps its sign).
            x[rows * k - 1] = T.NaN;
            Array.Clear(x, 0, k);
            b[0] = T.NegativeZero;
            foreach (var activation in new[] { ActivationFunction.ReLU, ActivationFunction.LeakyReLU, ActivationFunction.Linear })
            {
                T[] z = new T[rows * n], zScalar = new T[rows * n];
                Kernels.DenseForward<T>(width, x, w, b, z, rows, k, n, activation);
                Kernels.DenseForward<T>(SimdWidth.Scalar, x, w, b, zScalar, rows, k, n, activation);
                if (narrow) AssertSameBits(zScalar, z, $"{typeof(T).Name} {width} {activation} forward {rows}x{k}x{n}");
                T[] dx = new T[rows * k], dxScalar = new T[rows * k];
                Kernels.DenseInputDeltas<T>(width, d, w, x, dx, rows, k, n, activation);
                Kernels.DenseInputDeltas<T>(SimdWidth.Scalar, d, w, x, dxScalar, rows, k, n, activation);
                AssertSameBits(dxScalar, dx, $"{typeof(T).Name} {width} {activation} dX {rows}x{k}x{n}");
            }
            T[] gw = Cast<T>(RandomDoubles(random, n * k)), gb = Cast<T>(RandomDoubles(random, n));
            T[] gwScalar = (T[])gw.Clone(), gbScalar = (T[])gb.Clone();
            Kernels.DenseWeightGradients<T>(width, d, x, gw, gb, rows, k, n);
            Kernels.DenseWeightGradients<T>(SimdWidth.Scalar, d, x, gwScalar, gbScalar, rows, k, n);
            AssertSameBits(gwScalar, gw, $"{typeof(T).Name} {width} dW {rows}x{k}x{n}");
            AssertSameBits(gbScalar, gb, $"{typeof(T).Name} {width} db {rows}x{k}x{n}");
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    public void A_double_rows_exp_activations_do_not_depend_on_another_rows_extreme_values(int bits)
    {
        // Sigmoid, tanh and softmax run their exps on whole vectors over a block's contiguous run, so lanes of one row share
        // a vector with lanes of the next; the runtime's double exp rounded a lane differently beside a lane beyond
        // |x| = 708 or NaN, so a row's outputs changed with another row's inputs.
        var width = (SimdWidth)bits;
        var random = new Random(41);
        const int rows = 300, k = 3, n = 9;
        double[] w = RandomDoubles(random, n * k), b = RandomDoubles(random, n);
        double[] x = RandomDoubles(random, rows * k);
        foreach (double extreme in new[] { 1e4, -1e4, double.NaN, double.PositiveInfinity })
        {
            double[] xExtreme = (double[])x.Clone();
            for (int i = 0; i < k; i++) { for (int r = 7; r < rows; r += 15) xExtreme[r * k + i] = r % 2 == 0 ? extreme : -extreme; }
            foreach (var activation in new[] { ActivationFunction.Sigmoid, ActivationFunction.Tanh, ActivationFunction.Softmax })
            {
                double[] z = new double[rows * n], zExtreme = new double[rows * n];
                Kernels.DenseForward<double>(width, x, w, b, z, rows, k, n, activation);
                Kernels.DenseForward<double>(width, xExtreme, w, b, zExtreme, rows, k, n, activation);
                for (int r = 0; r < rows; r++)
                {
                    if (r >= 7 && (r - 7) % 15 == 0) continue;
                    for (int j = 0; j < n; j++)
                    {
                        Assert.True(BitConverter.DoubleToInt64Bits(z[r * n + j]) == BitConverter.DoubleToInt64Bits(zExtreme[r * n + j]),
                            $"{width} {activation} row {r} output {j}: {z[r * n + j]:R} alone, {zExtreme[r * n + j]:R} beside inputs {extreme}");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_layer_too_large_for_the_kept_W_transposed_runs_over_a_rented_one_with_the_same_bits()
    {
        // 1,030 x 1,024 values of W^T: more than a thread keeps between calls, so the outer form rents them for the call;
        // twice, so that the second call's rented array is a reused one with the first call's values in it.
        const int rows = 260, k = 1030, n = 1024;
        var random = new Random(31);
        float[] x = Random(random, rows * k), w = Random(random, n * k), b = Random(random, n);
        float[] scalar = new float[rows * n];
        Kernels.DenseForward<float>(SimdWidth.Scalar, x, w, b, scalar, rows, k, n, ActivationFunction.ReLU);
        for (int call = 0; call < 2; call++)
        {
            var z = new float[rows * n];
            Kernels.DenseForward<float>(SimdWidth.Bits512, x, w, b, z, rows, k, n, ActivationFunction.ReLU);
            AssertSameBits(scalar, z, $"call {call}");
            w[call] += 1; // the next call packs other values
            Kernels.DenseForward<float>(SimdWidth.Scalar, x, w, b, scalar, rows, k, n, ActivationFunction.ReLU);
        }
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void Softmax_rows_are_accurate_stable_and_keep_NaN(int bits)
    {
        // Rows of 3 (a padded vector each) and of 21 (whole vectors and a tail), where the batched softmax runs its exps
        // on whole vectors over the block.
        var width = (SimdWidth)bits;
        float[][] rows3 =
        {
            new[] { 0f, 1f, 2f }, new[] { 1000f, 999f, -1000f }, new[] { float.NegativeInfinity, 0f, 1f }, new[] { -3.5f, -3.5f, -3.5f },
            new[] { 88f, -88f, 0f }, new[] { 1e-30f, -1e-30f, 0f }, new[] { float.NaN, 1f, 2f }, new[] { float.PositiveInfinity, 0f, 1f },
        };
        CheckSoftmaxRows(width, rows3);
        var random = new Random(23);
        CheckSoftmaxRows(width, Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 21).Select(_ => (float)(random.NextDouble() * 40 - 20)).ToArray()).ToArray());
    }

    private static void CheckSoftmaxRows(SimdWidth width, float[][] rows)
    {
        int n = rows[0].Length;
        var y = rows.SelectMany(r => r).ToArray();
        Kernels.SoftmaxRows<float>(width, y, rows.Length, n);
        for (int r = 0; r < rows.Length; r++)
        {
            float[] z = rows[r];
            if (z.Any(v => float.IsNaN(v) || float.IsPositiveInfinity(v)))
            {
                // NaN, or +infinity (inf - inf is NaN), spreads to the whole row, as in the per-sample Kernels.Softmax.
                Assert.All(y.AsSpan(r * n, n).ToArray(), v => Assert.True(float.IsNaN(v), $"{width} row {r}: {v}"));
                continue;
            }
            double max = z.Max(), spread = max - z.Min(), total = z.Sum(v => Math.Exp(v - max));
            for (int j = 0; j < n; j++)
            {
                double exact = Math.Exp(z[j] - max) / total, actual = y[r * n + j];
                // With u = 2^-24, relative: z - max rounds by |z - max| u, which exp turns into a relative error of as much;
                // exp itself 2 ulp (4u); the sum of n such terms (n - 1) u plus its terms' errors (spread + 4) u; the division u.
                // Below float's normal range (an exp that underflows, as in the scalar form), within the smallest normal.
                double relative = (Math.Abs(z[j] - max) + spread + n + 8) * Epsilon<float>() * exact;
                double allowed = exact < SmallestNormalFloat ? SmallestNormalFloat : relative;
                Assert.True(Math.Abs(actual - exact) <= allowed, $"{width} row {r} [{j}] = {actual:R}, exact {exact:R}");
            }
        }
    }

    [Fact]
    public void Shapes_and_lengths_are_checked()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.DenseForward<float>(new float[5], new float[6], new float[2], new float[4], 2, 3, 2, ActivationFunction.ReLU));
        Assert.Equal("inputs", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Kernels.DenseWeightGradients<float>(new float[4], new float[6], new float[5], new float[2], 2, 3, 2));
        Assert.Equal("weightGradients", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Kernels.DenseInputDeltas<float>(new float[4], new float[6], new float[6], new float[6], 2, 3, 2, ActivationFunction.Softmax));
        Assert.Contains("Softmax", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.DenseForward<float>(new float[5], new float[6], new float[2], new float[4], 2, 0, 2, ActivationFunction.ReLU));
    }

    [Fact]
    public void The_machine_runs_its_widest_width_unless_NETGEN_SIMD_BITS_names_one()
    {
        // CI runs the tests again with NETGEN_SIMD_BITS=512 and 128: this checks that the variable took effect, so that
        // those runs test the 512-bit code even on a machine without AVX-512.
        int hardware = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 128 : 1;
        string? variable = Environment.GetEnvironmentVariable(SimdWidths.Variable);
        Assert.Equal(string.IsNullOrEmpty(variable) ? hardware : int.Parse(variable), Kernels.BatchKernelWidthBits);

        Assert.Equal(hardware, (int)SimdWidths.Choose(null));
        Assert.Equal(hardware, (int)SimdWidths.Choose(""));
        foreach (int bits in new[] { 512, 256, 128, 1 }) Assert.Equal(bits, (int)SimdWidths.Choose(bits.ToString()));
        var error = Assert.Throws<InvalidOperationException>(() => SimdWidths.Choose("64"));
        Assert.Contains("NETGEN_SIMD_BITS", error.Message);
        Assert.Contains("\"64\"", error.Message);
    }

    private static void CheckForward<T>(SimdWidth width, ActivationFunction activation, int rows, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 1000 + k * 10 + n);
        double[] x = RandomDoubles(random, rows * k), w = RandomDoubles(random, n * k), b = RandomDoubles(random, n);
        var z = new T[rows * n];
        Kernels.DenseForward<T>(width, Cast<T>(x), Cast<T>(w), Cast<T>(b), z, rows, k, n, activation);
        AssertForwardMatchesReference(width, activation, rows, k, n, x, w, b, z);
    }

    /// <summary>z against plain double loops over x, w and b rounded to T (the numbers the kernel saw).</summary>
    private static void AssertForwardMatchesReference<T>(SimdWidth width, ActivationFunction activation, int rows, int k, int n, double[] x, double[] w, double[] b, T[] z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The inputs are rounded to T first, so the reference sees exactly the numbers the kernel saw.
        double[] xs = Round<T>(x), ws = Round<T>(w), bs = Round<T>(b);
        for (int r = 0; r < rows; r++)
        {
            var row = new double[n];
            double magnitude = 0;
            for (int j = 0; j < n; j++)
            {
                double sum = bs[j], abs = Math.Abs(bs[j]);
                for (int i = 0; i < k; i++)
                {
                    sum += xs[r * k + i] * ws[j * k + i];
                    abs += Math.Abs(xs[r * k + i] * ws[j * k + i]);
                }
                row[j] = sum;
                magnitude = Math.Max(magnitude, abs);
            }
            if (activation == ActivationFunction.Softmax)
            {
                double max = row.Max(), total = row.Sum(v => Math.Exp(v - max));
                for (int j = 0; j < n; j++) row[j] = Math.Exp(row[j] - max) / total;
            }
            else
            {
                for (int j = 0; j < n; j++) row[j] = Activate(activation, row[j]);
            }
            // Summation error bound (k + 1) u sum|terms| (Higham 4.2), plus a few ulps for exp/tanh and softmax's division;
            // every activation here has a derivative of at most 1, so the bound carries through it.
            double u = Epsilon<T>(), allowed = 2 * (k + 1) * u * magnitude + 8 * u;
            for (int j = 0; j < n; j++)
            {
                double actual = double.CreateChecked(z[r * n + j]);
                Assert.True(Math.Abs(actual - row[j]) <= allowed * Math.Max(1, Math.Abs(row[j])),
                    $"{typeof(T).Name} {width} {activation} {rows}x{k}x{n} [{r},{j}]: {actual:R} vs {row[j]:R}");
            }
        }
    }

    private static void CheckWeightGradients<T>(SimdWidth width, int rows, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 7 + k * 3 + n);
        double[] d = RandomDoubles(random, rows * n), x = RandomDoubles(random, rows * k), gw = RandomDoubles(random, n * k), gb = RandomDoubles(random, n);
        T[] gwT = Cast<T>(gw), gbT = Cast<T>(gb);
        Kernels.DenseWeightGradients<T>(width, Cast<T>(d), Cast<T>(x), gwT, gbT, rows, k, n);
        double[] ds = Round<T>(d), xs = Round<T>(x), gws = Round<T>(gw), gbs = Round<T>(gb);
        double u = Epsilon<T>(), allowed = 2 * (rows + 1) * u * (rows + 1);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < k; i++)
            {
                double expected = gws[j * k + i];
                for (int r = 0; r < rows; r++) expected += ds[r * n + j] * xs[r * k + i];
                Assert.True(Math.Abs(double.CreateChecked(gwT[j * k + i]) - expected) <= allowed, $"{typeof(T).Name} {width} dW[{j},{i}] of {rows}x{k}x{n}");
            }
            double bias = gbs[j];
            for (int r = 0; r < rows; r++) bias += ds[r * n + j];
            Assert.True(Math.Abs(double.CreateChecked(gbT[j]) - bias) <= allowed, $"{typeof(T).Name} {width} db[{j}] of {rows}x{k}x{n}");
        }
    }

    private static void CheckInputDeltas<T>(SimdWidth width, ActivationFunction activation, int rows, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 5 + k * 11 + n);
        double[] d = RandomDoubles(random, rows * n), w = RandomDoubles(random, n * k);
        // Activations as the layer below would have them (sigmoid in (0, 1), ReLU >= 0 with some exact zeros).
        double[] a = RandomDoubles(random, rows * k).Select(v => Activate(activation, 3 * v)).ToArray();
        var dx = new T[rows * k];
        Kernels.DenseInputDeltas<T>(width, Cast<T>(d), Cast<T>(w), Cast<T>(a), dx, rows, k, n, activation);
        double[] ds = Round<T>(d), ws = Round<T>(w), als = Round<T>(a);
        double u = Epsilon<T>(), allowed = 2 * (n + 2) * u * (n + 1);
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < k; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += ds[r * n + j] * ws[j * k + i];
                double y = als[r * k + i];
                double derivative = activation switch
                {
                    ActivationFunction.Sigmoid => y * (1 - y),
                    ActivationFunction.Tanh => 1 - y * y,
                    ActivationFunction.ReLU => y > 0 ? 1 : 0,
                    ActivationFunction.LeakyReLU => y > 0 ? 1 : 0.01,
                    _ => 1,
                };
                double expected = sum * derivative;
                Assert.True(Math.Abs(double.CreateChecked(dx[r * k + i]) - expected) <= allowed,
                    $"{typeof(T).Name} {width} {activation} dX[{r},{i}] of {rows}x{k}x{n}: {dx[r * k + i]} vs {expected}");
            }
        }
    }

    private static double Activate(ActivationFunction activation, double z) => activation switch
    {
        ActivationFunction.Sigmoid => 1 / (1 + Math.Exp(-z)),
        ActivationFunction.Tanh => Math.Tanh(z),
        ActivationFunction.ReLU => Math.Max(z, 0),
        ActivationFunction.LeakyReLU => z > 0 ? z : 0.01 * z,
        _ => z,
    };

    private static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);

    private static double[] RandomDoubles(Random random, int length) => Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();

    /// <summary>Equal bit for bit (so -0 differs from 0, and NaN equals NaN only with the same payload).</summary>
    private static void AssertSameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T> =>
        Assert.True(expected.Select(Bits).SequenceEqual(actual.Select(Bits)), what);

    private static long Bits<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? BitConverter.SingleToInt32Bits((float)(object)value) : BitConverter.DoubleToInt64Bits((double)(object)value);

    private static float[] Random(Random random, int length) => Enumerable.Range(0, length).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();

    private static T[] Cast<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();

    private static double[] Round<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> => values.Select(v => double.CreateChecked(T.CreateChecked(v))).ToArray();
}
