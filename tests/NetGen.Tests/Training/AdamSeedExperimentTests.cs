using NetGen.Tests.Generated;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Training;

/// <summary>Adam against the seed experiments' SGD: the same network, initialization, data and batch size.</summary>
public class AdamSeedExperimentTests
{
    private readonly ITestOutputHelper _output;

    public AdamSeedExperimentTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Adam_reaches_the_moons_accuracy_of_sgd_in_fewer_epochs()
    {
        // Seed 004's data and network; SGD as in SeedExperimentTests: full batch, learning rate 1.0, 60 epochs.
        var (train, test) = Datasets.Moons(5000, 0.1, seed: 42).Split(0.7, seed: 42);
        var sgdNet = new MoonsNet(seed: 1);
        Trainer.Fit(sgdNet, train, new TrainingOptions { Epochs = 60, LearningRate = 1.0, BatchSize = train.Count, Seed = 1 });
        double sgd = Metrics.Accuracy(sgdNet, test);

        var adamNet = new MoonsNet(seed: 1);
        int reached = 0;
        Trainer.Fit(adamNet, train, new TrainingOptions
        {
            Epochs = 60, BatchSize = train.Count, Seed = 1, Optimizer = new Adam(learningRate: 0.05),
            OnEpoch = report =>
            {
                if (reached == 0 && Metrics.Accuracy(adamNet, test) >= sgd) reached = report.Epoch;
            },
        });
        double adam = Metrics.Accuracy(adamNet, test);
        _output.WriteLine($"moons, full batch: SGD (lr 1.0) 60 epochs -> test accuracy {sgd:F4}; Adam (lr 0.05) reached it at epoch {reached}, {adam:F4} after 60");
        Assert.True(reached is > 0 and < 60, $"Adam reached SGD's {sgd:F4} at epoch {reached} (0: never)");
        Assert.True(adam >= sgd, $"Adam {adam:F4} < SGD {sgd:F4} after the same 60 epochs");
    }
}
