using System.Collections.Generic;
using System.Globalization;
using NetGen;

namespace ShipIt.Train;

/// <summary>
/// The moons classifier: 2 inputs (a point), 32 and 16 ReLU units, a softmax over the two moons. Every layer is
/// unrolled and trained one sample at a time (scalar code, no vector kernels), so the same seed gives the same
/// weights, bit for bit, on any x64 or Arm64 machine: the saved file is reproducible.
/// </summary>
[Mlp(2, 32, 16, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", UnrollThreshold = 1024)]
public partial class MoonsNet { }

/// <summary>Trains <see cref="MoonsNet"/> on seeded moons and describes the result.</summary>
public static class MoonsModel
{
    /// <summary>The seed of the data, the shuffling and the initial weights.</summary>
    public const int DefaultSeed = 2024;

    /// <summary>Trains a network from <paramref name="seed"/>; returns it with its test accuracy.</summary>
    public static (MoonsNet Network, double TestAccuracy) Train(int seed = DefaultSeed)
    {
        var (train, test) = Datasets.Moons(1000, 0.1, seed).Split(0.8, seed);
        var network = new MoonsNet(seed);
        Trainer.Fit(network, train, new TrainingOptions { Epochs = 40, LearningRate = 0.05, BatchSize = 1, Shuffle = true, Seed = seed });
        return (network, Metrics.Accuracy(network, test));
    }

    /// <summary>What the saved file records beside the weights (no date: the file must be reproducible).</summary>
    public static IReadOnlyDictionary<string, string> Metadata(int seed, double testAccuracy) => new Dictionary<string, string>
    {
        ["dataset"] = "Datasets.Moons(1000, noise 0.1), 800 train / 200 test",
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["testAccuracy"] = testAccuracy.ToString("0.000", CultureInfo.InvariantCulture),
        ["trainedBy"] = "dotnet run --project samples/ShipIt.Train",
    };
}
