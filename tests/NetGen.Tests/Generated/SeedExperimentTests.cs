using System;
using Xunit;

namespace NetGen.Tests.Generated;

[Mlp(10, 3, 2, Activation = "Sigmoid", Loss = "SSE")]
public partial class ParityNet { }

[Mlp(2, 100, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MoonsNet { }

/// <summary>Short versions of the seed tutorials' experiments, with the tutorials' setups.</summary>
public class SeedExperimentTests
{
    [Fact]
    public void Parity_10_3_2_reaches_full_test_accuracy()
    {
        // Seed 002: every 10-bit number, the first 700 train and the other 324 test; batch 8, learning rate 0.3, 1000 epochs.
        var all = Datasets.Parity(10);
        var train = all.Slice(0, 700);
        var test = all.Slice(700, 324);
        var net = new ParityNet(seed: 1);
        var history = Trainer.Fit(net, train, new TrainingOptions { Epochs = 1000, LearningRate = 0.3, BatchSize = 8, Seed = 1 });
        Assert.Equal(1.0, Metrics.Accuracy(net, test));
        Assert.True(history.FinalLoss < 1e-3, history.ToString());
    }

    [Fact]
    public void Moons_2_100_2_reaches_097_in_a_short_full_batch_run()
    {
        // Seed 004's data: 5,000 points, noise 0.1, a 70/30 split; 60 full-batch iterations instead of 200.
        var (train, test) = Datasets.Moons(5000, 0.1, seed: 42).Split(0.7, seed: 42);
        var net = new MoonsNet(seed: 1);
        Trainer.Fit(net, train, new TrainingOptions { Epochs = 60, LearningRate = 1.0, BatchSize = train.Count, Seed = 1 });
        double accuracy = Metrics.Accuracy(net, test);
        Assert.True(accuracy >= 0.97, $"test accuracy {accuracy}");
    }
}
