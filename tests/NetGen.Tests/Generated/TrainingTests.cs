using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Generated;

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class Xor221 { }

[Mlp(2, 4, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class Xor241 { }

[Mlp(1, 1, Activation = "Linear", Loss = "MSE")]
public partial class LinearUnit { }

/// <summary>Generated networks trained end to end by <see cref="Trainer"/>.</summary>
public class TrainingTests
{
    private readonly ITestOutputHelper _output;

    public TrainingTests(ITestOutputHelper output) => _output = output;

    private static TrainingOptions XorOptions(int seed) => new()
    {
        Epochs = 5000,
        LearningRate = 0.5,
        BatchSize = 1,
        Seed = seed,
    };

    /// <summary>All four XOR inputs on the right side of 0.5.</summary>
    private static bool SolvesXor(INetwork<float> net)
    {
        var data = Datasets.Xor();
        var y = new float[1];
        for (int i = 0; i < data.Count; i++)
        {
            net.Predict(data.Input(i), y);
            if ((y[0] >= 0.5f) != (data.Target(i)[0] >= 0.5f)) return false;
        }
        return true;
    }

    [Fact]
    public void Xor_2_4_1_trains_for_every_seed()
    {
        var failed = Enumerable.Range(1, 10).Where(seed =>
        {
            var net = new Xor241(seed);
            Trainer.Fit(net, Datasets.Xor(), XorOptions(seed));
            return !SolvesXor(net);
        }).ToList();
        Assert.True(failed.Count == 0, "seeds that did not solve XOR: " + string.Join(", ", failed));
    }

    [Fact]
    public void Xor_2_2_1_trains_for_most_seeds()
    {
        // A 2-2-1 network can settle in a local minimum where two outputs stay near 0.5 (the XOR tutorial's own run
        // did); with per-sample SGD about half of all seeds do. "Most" is asserted literally: more than half of 20.
        int solved = Enumerable.Range(1, 20).Count(seed =>
        {
            var net = new Xor221(seed);
            Trainer.Fit(net, Datasets.Xor(), XorOptions(seed));
            return SolvesXor(net);
        });
        _output.WriteLine($"[2,2,1]: {solved}/20 seeds solved XOR");
        Assert.True(solved > 10, $"only {solved}/20 seeds solved XOR with [2,2,1]");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void The_same_seed_gives_bit_identical_parameters(int batchSize)
    {
        float[] Train()
        {
            var net = new Xor241(seed: 3);
            var options = XorOptions(3);
            options.Epochs = 300;
            options.BatchSize = batchSize;
            var history = Trainer.Fit(net, Datasets.Xor(), options);
            Assert.Equal(300, history.EpochsRun);
            var p = new float[Xor241.ParameterCount];
            net.CopyParametersTo(p);
            return p;
        }
        float[] first = Train(), second = Train();
        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), second.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Full_batch_gradient_descent_on_a_linear_unit_finds_the_least_squares_line()
    {
        // y = 2x + 1 sampled exactly: the MSE minimum is w = 2, b = 1.
        var xs = new double[] { -1, -0.5, 0, 0.5, 1, 1.5 };
        var features = new float[xs.Length, 1];
        var targets = new float[xs.Length, 1];
        for (int i = 0; i < xs.Length; i++)
        {
            features[i, 0] = (float)xs[i];
            targets[i, 0] = (float)(2 * xs[i] + 1);
        }
        var net = new LinearUnit(seed: 1);
        var history = Trainer.Fit(net, new Dataset<float>(features, targets),
            new TrainingOptions { Epochs = 5000, LearningRate = 0.2, BatchSize = xs.Length, Tolerance = 1e-12 });
        Assert.Equal(2f, net.W1[0], 4);
        Assert.Equal(1f, net.B1[0], 4);
        Assert.True(history.FinalLoss < 1e-8, history.ToString());
    }

    [Fact]
    public void A_diverging_run_reports_the_epoch_and_keeps_the_last_good_parameters()
    {
        var features = new float[,] { { 10 }, { -10 }, { 20 } };
        var targets = new float[,] { { 100 }, { -100 }, { 200 } };
        var net = new LinearUnit(seed: 1);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(net, new Dataset<float>(features, targets), new TrainingOptions { Epochs = 1000, LearningRate = 10, BatchSize = 3 }));
        Assert.True(error.Epoch >= 1);
        Assert.Contains($"epoch {error.Epoch}", error.Message);
        var p = new float[LinearUnit.ParameterCount];
        net.CopyParametersTo(p);
        Assert.All(p, v => Assert.True(float.IsFinite(v), $"parameter {v} is not finite"));
    }
}
