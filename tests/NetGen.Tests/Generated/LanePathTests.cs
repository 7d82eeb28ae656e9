using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Generated;

// Small networks, every layer unrolled: PredictBatch and TrainBatch run the lane path (one sample per vector lane).
// Every activation and loss, in both precisions.
[Mlp(3, 5, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double)]
public partial class LaneSigmoidBceDouble { }

[Mlp(4, 6, 3, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double)]
public partial class LaneTanhLinearMseDouble { }

[Mlp(5, 7, 4, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double)]
public partial class LaneReluSoftmaxCeDouble { }

[Mlp(3, 6, 5, 2, Activation = "LeakyReLU", OutputActivation = "Tanh", Loss = "MSE", Precision = Precision.Double)]
public partial class LaneLeakyTanhMseDouble { }

[Mlp(2, 3, 2, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class LaneLinearSigmoidMseDouble { }

// 163 parameters: past the generator's SpanSumsAbove (128), so at 256 bits its gradient sums live in a stack span.
[Mlp(6, 16, 3, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double)]
public partial class LaneWideTanhBceDouble { }

[Mlp(3, 5, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "BCE")]
public partial class LaneSigmoidBceFloat { }

[Mlp(4, 6, 3, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE")]
public partial class LaneTanhLinearMseFloat { }

[Mlp(5, 7, 4, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class LaneReluSoftmaxCeFloat { }

[Mlp(3, 6, 5, 2, Activation = "LeakyReLU", OutputActivation = "Tanh", Loss = "MSE")]
public partial class LaneLeakyTanhMseFloat { }

[Mlp(2, 3, 2, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "MSE")]
public partial class LaneLinearSigmoidMseFloat { }

[Mlp(6, 16, 3, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE")]
public partial class LaneWideTanhBceFloat { }

/// <summary>One lane-path network in both precisions, with what the reference implementation needs to know of it.</summary>
public sealed record LaneCase(string Name, int[] Sizes, string[] Activations, string Loss, Func<int, INetwork<double>> Double, Func<int, INetwork<float>> Float)
{
    public override string ToString() => Name;
}

/// <summary>
/// The lane path of small networks (PredictBatch and TrainBatch on vectors, one sample per lane; the rows after the last
/// whole vector one at a time) against the per-sample path, the reference implementation and finite differences, for
/// batch sizes with and without remainders, at the width NetGen.Lanes.Bits picks: the hardware's widest, or the one
/// NETGEN_SIMD_BITS names (CI runs these tests at 512 and 128 too, so every width's code runs on any machine).
/// </summary>
/// <remarks>
/// Tolerances. The lane path runs the per-sample statements in the same order, so the only differences are the
/// vectorized exp, ln and tanh (the runtime's Vector512/Vector256.Exp and Log on .NET 9+, the VectorMath tanh), which
/// differ from Math's by a few ulp (VectorMathTests bounds them: tanh within 8 ulp in double, 4 in float), and the order
/// in which a gradient's samples are added (per lane, then across the lanes). Through two or three layers of weights of
/// order 1 with derivatives at most 1 that stays below 16 ulp of max(1, |value|) for an output, hence 2e-6 (float) and
/// 4e-15 (double); gradient sums over up to 100 samples use BatchTolerance's summation-order bound. Without SIMD the
/// path is the per-sample statements on one sample, and the results must be identical to the bit.
/// </remarks>
public class LanePathTests
{
    private const double FloatOutputTolerance = 2e-6;
    private const double DoubleOutputTolerance = 4e-15;

    private static readonly int[] RowCounts = { 1, 7, 16, 17, 33, 100 };

    private static bool NoSimd => Lanes.Bits == 1;

    public static IEnumerable<object[]> Cases() => new[]
    {
        new LaneCase("sigmoid/BCE", new[] { 3, 5, 2 }, new[] { "Sigmoid", "Sigmoid" }, "BCE", s => new LaneSigmoidBceDouble(s), s => new LaneSigmoidBceFloat(s)),
        new LaneCase("tanh/linear/MSE", new[] { 4, 6, 3 }, new[] { "Tanh", "Linear" }, "MSE", s => new LaneTanhLinearMseDouble(s), s => new LaneTanhLinearMseFloat(s)),
        new LaneCase("relu/softmax/CE", new[] { 5, 7, 4 }, new[] { "ReLU", "Softmax" }, "CrossEntropy", s => new LaneReluSoftmaxCeDouble(s), s => new LaneReluSoftmaxCeFloat(s)),
        new LaneCase("leakyrelu x2/tanh/MSE", new[] { 3, 6, 5, 2 }, new[] { "LeakyReLU", "LeakyReLU", "Tanh" }, "MSE", s => new LaneLeakyTanhMseDouble(s), s => new LaneLeakyTanhMseFloat(s)),
        new LaneCase("linear/sigmoid/MSE", new[] { 2, 3, 2 }, new[] { "Linear", "Sigmoid" }, "MSE", s => new LaneLinearSigmoidMseDouble(s), s => new LaneLinearSigmoidMseFloat(s)),
        new LaneCase("tanh/sigmoid/BCE, 163 parameters", new[] { 6, 16, 3 }, new[] { "Tanh", "Sigmoid" }, "BCE", s => new LaneWideTanhBceDouble(s), s => new LaneWideTanhBceFloat(s)),
    }.Select(c => new object[] { c });

    private static double[] Inputs(Random random, int rows, int width) =>
        Enumerable.Range(0, rows * width).Select(_ => 4 * random.NextDouble() - 2).ToArray();

    private static double[] Targets(LaneCase c, Random random, int rows)
    {
        int outputs = c.Sizes[^1];
        var targets = new double[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            if (c.Loss == "CrossEntropy") targets[r * outputs + random.Next(outputs)] = 1;
            else for (int k = 0; k < outputs; k++) targets[r * outputs + k] = c.Loss == "BCE" ? random.NextDouble() : 2 * random.NextDouble() - 1;
        }
        return targets;
    }

    /// <summary>Nonzero biases, so that no ReLU sits on its kink and every bias gradient is exercised.</summary>
    private static void Perturb<T>(INetwork<T> network, Random random) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var p = network.Parameters.ToArray();
        for (int i = 0; i < p.Length; i++) p[i] += T.CreateTruncating(0.2 * (random.NextDouble() - 0.5));
        network.LoadParameters(p);
    }

    private static float[] ToFloat(double[] values) => values.Select(v => (float)v).ToArray();

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R} vs {expected:R}");

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictBatch_matches_Predict_row_by_row(LaneCase c)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(rows);
            double[] x = Inputs(random, rows, c.Sizes[0]);
            int n = c.Sizes[^1];

            var d = c.Double(3);
            Perturb(d, random);
            var batch = new double[rows * n];
            d.PredictBatch(x, batch);
            var one = new double[n];
            for (int r = 0; r < rows; r++)
            {
                d.Predict(x.AsSpan(r * c.Sizes[0], c.Sizes[0]), one);
                for (int k = 0; k < n; k++)
                {
                    if (NoSimd) Assert.Equal(one[k], batch[r * n + k]);
                    else Close(one[k], batch[r * n + k], DoubleOutputTolerance, $"{c}, double, {rows} rows, row {r} output {k}");
                }
            }

            var f = c.Float(3);
            Perturb(f, random);
            float[] xf = ToFloat(x);
            var batchF = new float[rows * n];
            f.PredictBatch(xf, batchF);
            var oneF = new float[n];
            for (int r = 0; r < rows; r++)
            {
                f.Predict(xf.AsSpan(r * c.Sizes[0], c.Sizes[0]), oneF);
                for (int k = 0; k < n; k++)
                {
                    if (NoSimd) Assert.Equal(oneF[k], batchF[r * n + k]);
                    else Close(oneF[k], batchF[r * n + k], FloatOutputTolerance, $"{c}, float, {rows} rows, row {r} output {k}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainBatch_adds_what_Backward_adds_sample_by_sample(LaneCase c)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(100 + rows);
            double[] x = Inputs(random, rows, c.Sizes[0]);
            double[] t = Targets(c, random, rows);
            int inputs = c.Sizes[0], outputs = c.Sizes[^1];
            // One chunk (fewer than 2 x 32 rows) and no SIMD: the same additions in the same order, to the bit.
            bool exact = NoSimd && rows < 2 * BatchWorkspace<float>.MinChunkRows;

            var batched = c.Double(5);
            Perturb(batched, new Random(7));
            var single = c.Double(5);
            single.LoadParameters(batched.Parameters);
            double loss = batched.TrainBatch(x, t);
            double expectedLoss = 0;
            var y = new double[outputs];
            for (int r = 0; r < rows; r++)
            {
                single.Forward(x.AsSpan(r * inputs, inputs), y);
                expectedLoss += single.Backward(t.AsSpan(r * outputs, outputs));
            }
            Assert.Equal(rows, batched.AccumulatedSamples);
            if (exact)
            {
                Assert.Equal(expectedLoss, loss);
                Assert.True(single.Gradients.SequenceEqual(batched.Gradients), $"{c}, double, {rows} rows: gradients differ in their bits");
            }
            else
            {
                BatchTolerance.Close(expectedLoss, loss, BatchTolerance.Double);
                BatchTolerance.Close(single.Gradients, batched.Gradients);
            }

            var batchedF = c.Float(5);
            Perturb(batchedF, new Random(7));
            var singleF = c.Float(5);
            singleF.LoadParameters(batchedF.Parameters);
            float[] xf = ToFloat(x), tf = ToFloat(t);
            double lossF = batchedF.TrainBatch(xf, tf);
            double expectedLossF = 0;
            var yf = new float[outputs];
            for (int r = 0; r < rows; r++)
            {
                singleF.Forward(xf.AsSpan(r * inputs, inputs), yf);
                expectedLossF += singleF.Backward(tf.AsSpan(r * outputs, outputs));
            }
            Assert.Equal(rows, batchedF.AccumulatedSamples);
            if (exact)
            {
                Assert.Equal(expectedLossF, lossF);
                Assert.True(singleF.Gradients.SequenceEqual(batchedF.Gradients), $"{c}, float, {rows} rows: gradients differ in their bits");
            }
            else
            {
                BatchTolerance.Close(expectedLossF, lossF, BatchTolerance.Float);
                BatchTolerance.Close(singleF.Gradients, batchedF.Gradients);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainBatch_matches_the_reference_and_finite_differences(LaneCase c)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(200 + rows);
            double[] x = Inputs(random, rows, c.Sizes[0]);
            double[] t = Targets(c, random, rows);
            int inputs = c.Sizes[0], outputs = c.Sizes[^1];
            var network = c.Double(11);
            Perturb(network, random);
            var parameters = network.Parameters.ToArray();
            var reference = new ReferenceMlp(c.Sizes, c.Activations, c.Loss, parameters);
            var rowInputs = Enumerable.Range(0, rows).Select(r => x.AsSpan(r * inputs, inputs).ToArray()).ToArray();
            var rowTargets = Enumerable.Range(0, rows).Select(r => t.AsSpan(r * outputs, outputs).ToArray()).ToArray();

            double loss = network.TrainBatch(x, t);
            BatchTolerance.Close(Enumerable.Range(0, rows).Sum(r => reference.Loss(rowInputs[r], rowTargets[r])), loss, 1e-12);
            var mean = new double[network.ParameterCount];
            network.CopyGradientsTo(mean);
            GradientCheckTests.AssertSameGradient(reference.BatchGradient(rowInputs, rowTargets), mean, $"{c}, {rows} rows");

            // Central differences of the batch loss through PredictBatch (the lane forward pass) and the static loss.
            double BatchLoss(double[] p)
            {
                var probe = c.Double(0);
                probe.LoadParameters(p);
                var y = new double[rows * outputs];
                probe.PredictBatch(x, y);
                double sum = 0;
                for (int r = 0; r < rows; r++) sum += probe.Loss(y.AsSpan(r * outputs, outputs), t.AsSpan(r * outputs, outputs));
                return sum;
            }
            double[] numeric = ReferenceMlp.NumericGradient(BatchLoss, parameters, h: 1e-6);
            var sums = network.Gradients.ToArray();
            GradientCheckTests.AssertGradientsAgree(numeric, sums, $"{c}, {rows} rows: finite differences", relative: 1e-6, absolute: rows * 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainBatch_gives_the_same_bits_on_one_and_two_threads(LaneCase c)
    {
        // 40,000 rows: enough work (rows x parameters above 2^20) for TrainBatch to use the second thread.
        foreach (int rows in RowCounts.Concat(new[] { 64, 65, 200, 40_000 }))
        {
            var random = new Random(300 + rows);
            double[] x = Inputs(random, rows, c.Sizes[0]);
            double[] t = Targets(c, random, rows);
            float[] xf = ToFloat(x), tf = ToFloat(t);
            var one = c.Float(2);
            var two = c.Float(2);
            ((IParallelTrainable)one).DegreeOfParallelism = 1;
            ((IParallelTrainable)two).DegreeOfParallelism = 2;
            one.Gradients.Fill(0.5f);
            two.Gradients.Fill(0.5f);
            Assert.Equal(one.TrainBatch(xf, tf), two.TrainBatch(xf, tf));
            Assert.True(one.Gradients.SequenceEqual(two.Gradients), $"{c}, float, {rows} rows: gradients differ in their bits");

            var oneD = c.Double(2);
            var twoD = c.Double(2);
            ((IParallelTrainable)oneD).DegreeOfParallelism = 1;
            ((IParallelTrainable)twoD).DegreeOfParallelism = 2;
            Assert.Equal(oneD.TrainBatch(x, t), twoD.TrainBatch(x, t));
            Assert.True(oneD.Gradients.SequenceEqual(twoD.Gradients), $"{c}, double, {rows} rows: gradients differ in their bits");
        }
    }

    [Fact]
    public void The_lane_width_follows_the_widest_width()
    {
        // CI runs these tests again with NETGEN_SIMD_BITS=512 and 128; GemmKernelTests checks that the variable took effect.
        Assert.Equal(Lanes.For(SimdWidths.Widest), Lanes.Bits);
        Assert.Equal(512, Lanes.For(SimdWidth.Bits512));
        Assert.Equal(256, Lanes.For(SimdWidth.Bits256));
        Assert.Equal(1, Lanes.For(SimdWidth.Bits128));
        Assert.Equal(1, Lanes.For(SimdWidth.Scalar));
    }

    [Fact]
    public void Lane_networks_allocate_nothing_in_steady_state()
    {
        var network = new LaneReluSoftmaxCeFloat(1) { DegreeOfParallelism = 1 };
        var x = new float[33 * 5];
        var t = new float[33 * 4];
        var y = new float[33 * 4];
        network.TrainBatch(x, t);
        network.PredictBatch(x, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.TrainBatch(x, t);
        network.PredictBatch(x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
