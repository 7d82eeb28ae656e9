using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Generated;

[Mlp(30, 24, 20, 10, Activation = "Tanh,ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class ParallelCheckNet { }

[Mlp(3, 9000, 2, Activation = "Sigmoid", OutputActivation = "Linear", Loss = "MSE")]
public partial class WideHiddenNet { }

[Mlp(784, 32, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MnistShapedNet { }

/// <summary>
/// The batched path (PredictBatch, TrainBatch: one kernel call per layer over a block of rows, chunked across threads)
/// against the reference implementation and finite differences (double, every activation and loss pairing), against
/// the per-sample path (float, to the documented <see cref="BatchTolerance"/>), and for thread-count independence.
/// </summary>
public class BatchedPathTests
{
    public static IEnumerable<object[]> Networks() => GradientCheckNetworks.All.Select(n => new object[] { n });

    // 1 row, a few, a 4-row block with remainders, enough rows for several chunks (64 and more rows split), and a large
    // call (Kernels.LargePredictRows: at 512 bits, the outer-product form over packed W^T).
    private static readonly int[] RowCounts = { 1, 3, 9, 70, 131, 300 };

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainBatch_and_PredictBatch_match_the_reference(CheckedNetwork spec)
    {
        foreach (int rows in RowCounts)
        {
            var network = spec.Create(rows);
            var random = new Random(200 + rows);
            var inputs = Enumerable.Range(0, rows).Select(_ => GradientCheckTests.RandomVector(random, network.InputSize)).ToArray();
            var targets = Enumerable.Range(0, rows).Select(_ => GradientCheckTests.TargetFor(spec, random)).ToArray();
            var parameters = new double[network.ParameterCount];
            network.CopyParametersTo(parameters);
            var reference = new ReferenceMlp(spec.LayerSizes, spec.Activations, spec.Loss, parameters);

            var outputs = new double[rows * network.OutputSize];
            network.PredictBatch(inputs.SelectMany(x => x).ToArray(), outputs);
            for (int r = 0; r < rows; r++)
            {
                double[] expected = reference.Forward(inputs[r]);
                for (int k = 0; k < expected.Length; k++)
                {
                    BatchTolerance.Close(expected[k], outputs[r * network.OutputSize + k], 1e-12, k);
                }
            }

            double loss = network.TrainBatch(inputs.SelectMany(x => x).ToArray(), targets.SelectMany(t => t).ToArray());
            Assert.Equal(rows, network.AccumulatedSamples);
            double expectedLoss = Enumerable.Range(0, rows).Sum(r => reference.Loss(inputs[r], targets[r]));
            BatchTolerance.Close(expectedLoss, loss, 1e-12);
            var mean = new double[network.ParameterCount];
            network.CopyGradientsTo(mean);
            GradientCheckTests.AssertSameGradient(reference.BatchGradient(inputs, targets), mean, $"{spec.Name}, {rows} rows");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainBatch_gradient_matches_finite_differences_of_the_batch_loss(CheckedNetwork spec)
    {
        const int rows = 6;
        var network = spec.Create(3);
        var random = new Random(42);
        double[] inputs = Enumerable.Range(0, rows).SelectMany(_ => GradientCheckTests.RandomVector(random, network.InputSize)).ToArray();
        double[] targets = Enumerable.Range(0, rows).SelectMany(_ => GradientCheckTests.TargetFor(spec, random)).ToArray();
        var parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        // Biases start at zero: a row whose ReLU layer is all dead would then sit exactly on the next ReLU's kink (z = 0),
        // where no finite difference agrees with a one-sided derivative. Small random offsets move every z off it.
        for (int i = 0; i < parameters.Length; i++) parameters[i] += 0.1 * (random.NextDouble() - 0.5);
        network.LoadParameters(parameters);
        network.TrainBatch(inputs, targets);
        var analytic = network.Gradients.ToArray();

        // The sum of the samples' losses through the batched forward pass (PredictBatch), then the static loss.
        double BatchLoss(double[] p)
        {
            var probe = spec.Create(0);
            probe.LoadParameters(p);
            var y = new double[rows * probe.OutputSize];
            probe.PredictBatch(inputs, y);
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += probe.Loss(y.AsSpan(r * probe.OutputSize, probe.OutputSize), targets.AsSpan(r * probe.OutputSize, probe.OutputSize));
            return sum;
        }
        double[] numeric = ReferenceMlp.NumericGradient(BatchLoss, parameters, h: 1e-6);
        // The loss is a sum of `rows` per-sample losses, so the rounding noise of a central difference (about 1e-16 / h per
        // unit of loss, the 1e-9 of the per-sample check) grows with it: the absolute floor is rows x 1e-9.
        GradientCheckTests.AssertGradientsAgree(numeric, analytic, spec.Name + ": finite differences of the batch loss", relative: 1e-6, absolute: rows * 1e-9);
    }

    [Fact]
    public void Float_batches_match_the_per_sample_path()
    {
        var random = new Random(9);
        foreach (int rows in new[] { 1, 5, 64, 100 })
        {
            float[] inputs = RandomFloats(random, rows * 784, 0, 1);
            float[] targets = OneHots(random, rows, 10);
            var batched = new MnistShapedNet(seed: 4);
            var single = new MnistShapedNet(seed: 4);

            var outputs = new float[rows * 10];
            batched.PredictBatch(inputs, outputs);
            var one = new float[10];
            for (int r = 0; r < rows; r++)
            {
                single.Predict(inputs.AsSpan(r * 784, 784), one);
                BatchTolerance.Close(one, outputs.AsSpan(r * 10, 10));
            }

            double batchLoss = batched.TrainBatch(inputs, targets);
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                single.Forward(inputs.AsSpan(r * 784, 784), one);
                sum += single.Backward(targets.AsSpan(r * 10, 10));
            }
            BatchTolerance.Close(sum, batchLoss, BatchTolerance.Float);
            BatchTolerance.Close(single.Gradients, batched.Gradients);
        }
    }

    [Fact]
    public void TrainBatch_gives_the_same_bits_for_any_thread_count()
    {
        var random = new Random(11);
        foreach (int rows in new[] { 40, 64, 65, 300, 1000 })
        {
            float[] inputs = RandomFloats(random, rows * 30, -1, 1);
            float[] targets = OneHots(random, rows, 10);
            float[]? expectedGradients = null;
            double expectedLoss = 0;
            foreach (int threads in new[] { 1, 2, 3, 8 })
            {
                var network = new ParallelCheckNet(seed: 2) { DegreeOfParallelism = threads };
                network.Gradients.Fill(0.25f); // added to, not overwritten
                double loss = network.TrainBatch(inputs, targets);
                if (expectedGradients is null)
                {
                    expectedGradients = network.Gradients.ToArray();
                    expectedLoss = loss;
                    continue;
                }
                Assert.Equal(expectedLoss, loss);
                Assert.True(expectedGradients.AsSpan().SequenceEqual(network.Gradients), $"{rows} rows, {threads} threads: gradients differ in their bits");
            }
        }
    }

    [Fact]
    public void Training_gives_the_same_parameters_for_any_degree_of_parallelism()
    {
        var random = new Random(12);
        const int count = 500;
        float[] inputs = RandomFloats(random, count * 30, -1, 1);
        float[] targets = OneHots(random, count, 10);
        var data = new Dataset<float>(inputs, targets, 30, 10);
        float[]? expected = null;
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var network = new ParallelCheckNet(seed: 5);
            var options = new TrainingOptions { Epochs = 3, BatchSize = 128, LearningRate = 0.1, DegreeOfParallelism = threads };
            Trainer.Fit(network, data, options);
            Assert.Equal(threads, network.DegreeOfParallelism);
            if (expected is null) expected = network.Parameters.ToArray();
            else Assert.True(expected.AsSpan().SequenceEqual(network.Parameters), $"{threads} threads: parameters differ in their bits");
        }
    }

    [Fact]
    public void Fit_with_split_layers_and_a_split_gather_gives_the_same_bits_for_any_degree_of_parallelism()
    {
        // 784 inputs and batches of 48 rows: the batch's copy (37,632 values) and the first layer's kernels are large
        // enough to be split; the last batch (400 = 8 x 48 + 16) is a short one.
        var random = new Random(21);
        const int count = 400;
        var data = new Dataset<float>(RandomFloats(random, count * 784, 0, 1), OneHots(random, count, 10), 784, 10);
        float[]? expected = null;
        double expectedLoss = 0;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var network = new MnistShapedNet(seed: 6);
            var result = Trainer.Fit(network, data, new TrainingOptions { Epochs = 2, BatchSize = 48, LearningRate = 0.05, DegreeOfParallelism = threads });
            if (expected is null)
            {
                expected = network.Parameters.ToArray();
                expectedLoss = result.FinalLoss;
                continue;
            }
            Assert.Equal(expectedLoss, result.FinalLoss);
            Assert.True(expected.AsSpan().SequenceEqual(network.Parameters), $"{threads} threads: parameters differ in their bits");
        }
    }

    [Fact]
    public void DegreeOfParallelism_must_be_at_least_one()
    {
        var network = new ParallelCheckNet();
        Assert.Equal(Environment.ProcessorCount, network.DegreeOfParallelism);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.DegreeOfParallelism = 0);
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions { DegreeOfParallelism = 0 }.Validate());
        Assert.Contains("DegreeOfParallelism", e.Message);
    }

    [Fact]
    public void PredictBatch_allocates_nothing_and_a_row_alone_matches_the_batch()
    {
        var network = new MnistShapedNet(seed: 1);
        var random = new Random(13);
        const int rows = 150; // more than two tiles of PredictBatch
        float[] inputs = RandomFloats(random, rows * 784, 0, 1);
        float[] outputs = PredictAllocatingNothing(network, inputs, rows);

        var one = new float[10];
        for (int r = 0; r < rows; r += 7)
        {
            network.PredictBatch(inputs.AsSpan(r * 784, 784), one);
            // A lone row may run the dot form and a tile of rows the outer-product form (by shape): same sums, other order.
            BatchTolerance.Close(outputs.AsSpan(r * 10, 10), one);
        }
    }

    [Fact]
    public void A_large_PredictBatch_call_gives_each_row_the_bits_of_any_other_large_call_and_allocates_nothing()
    {
        // 1,400 rows: two large tiles (1,024 + 376) where the kernels are 512 bits wide; every tile of a large call has at
        // least Kernels.LargePredictRows rows, so all its rows run in one form and agree with a 300-row call's bit for bit.
        var network = new MnistShapedNet(seed: 2);
        var random = new Random(15);
        const int rows = 1400, tail = 300; // both calls of at least 256 rows (Kernels.LargePredictRows at 512 bits)
        float[] inputs = RandomFloats(random, rows * 784, 0, 1);
        float[] outputs = PredictAllocatingNothing(network, inputs, rows);

        var last = new float[tail * 10];
        network.PredictBatch(inputs.AsSpan((rows - tail) * 784), last);
        Assert.Equal(outputs.AsSpan((rows - tail) * 10).ToArray(), last);

        // Against one row at a time (the dot form at 512 bits: the same sums in another order), and against the reference.
        var parameters = new double[MnistShapedNet.ParameterCount];
        var floatParameters = new float[MnistShapedNet.ParameterCount];
        network.CopyParametersTo(floatParameters);
        for (int i = 0; i < parameters.Length; i++) parameters[i] = floatParameters[i];
        var reference = new ReferenceMlp(new[] { 784, 32, 10 }, new[] { "ReLU", "Softmax" }, "CrossEntropy", parameters);
        var one = new float[10];
        for (int r = 0; r < rows; r += 97)
        {
            network.PredictBatch(inputs.AsSpan(r * 784, 784), one);
            BatchTolerance.Close(outputs.AsSpan(r * 10, 10), one);
            double[] expected = reference.Forward(inputs.AsSpan(r * 784, 784).ToArray().Select(v => (double)v).ToArray());
            for (int k = 0; k < 10; k++) BatchTolerance.Close(expected[k], outputs[r * 10 + k], 1e-5, k);
        }
    }

    [Fact]
    public void Prediction_Predict_and_the_metrics_blocks_give_each_row_the_bits_of_one_PredictBatch_call()
    {
        // Prediction.Predict and the metrics call PredictBatch in blocks of 256 rows; a last block of fewer (here 44 of
        // 300) would run in the dot form at 512 bits while the whole call ran in the outer form. Blocks never go below 256.
        var network = new MnistShapedNet(seed: 6);
        var random = new Random(16);
        const int rows = 300;
        float[] inputs = RandomFloats(random, rows * 784, 0, 1);
        var whole = new float[rows * 10];
        network.PredictBatch(inputs, whole);
        var blocked = new float[rows * 10];
        Prediction.Predict<float>(network, inputs, blocked);
        Assert.Equal(whole, blocked);
    }

    [Fact]
    public void A_hidden_layer_too_wide_for_the_stack_predicts_from_a_rented_buffer()
    {
        var network = new WideHiddenNet(seed: 3);
        var random = new Random(14);
        float[] inputs = RandomFloats(random, 5 * 3, -1, 1);
        var outputs = new float[5 * 2];
        network.PredictBatch(inputs, outputs);
        var one = new float[2];
        for (int r = 0; r < 5; r++)
        {
            network.Predict(inputs.AsSpan(r * 3, 3), one);
            // 9000 terms in each output's sum: the bound of BatchTolerance scaled by the term count.
            for (int k = 0; k < 2; k++) BatchTolerance.Close(one[k], outputs[r * 2 + k], 1e-4, k);
        }
    }

    /// <summary>The network's PredictBatch of <paramref name="rows"/> rows, checking that a second call allocates nothing.</summary>
    private static float[] PredictAllocatingNothing(MnistShapedNet network, float[] inputs, int rows)
    {
        var outputs = new float[rows * 10];
        network.PredictBatch(inputs, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.PredictBatch(inputs, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        return outputs;
    }

    private static float[] RandomFloats(Random random, int length, double low, double high) =>
        Enumerable.Range(0, length).Select(_ => (float)(low + (high - low) * random.NextDouble())).ToArray();

    private static float[] OneHots(Random random, int rows, int classes)
    {
        var targets = new float[rows * classes];
        for (int r = 0; r < rows; r++) targets[r * classes + random.Next(classes)] = 1;
        return targets;
    }
}
