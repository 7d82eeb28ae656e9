using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Training;

[Mlp(3, 4, 2, Activation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class TorchFixtureNet { }

/// <summary>
/// The optimizers and schedules against numbers from real PyTorch (torch 1.13, Debian's python3-torch), written by
/// scripts/torch-optimizer-fixture.py into Fixtures/torch-optimizers.json.
/// </summary>
public class TorchFixtureTests
{
    private const double Tolerance = 1e-12;
    private readonly ITestOutputHelper _output;

    public TorchFixtureTests(ITestOutputHelper output) => _output = output;

    private static JsonElement Fixture()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Training", "Fixtures", "torch-optimizers.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static Optimizer Create(string kind, JsonElement options, JsonElement clip)
    {
        double Get(string name, double fallback) => options.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        double? Clip(string name) => clip.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        double lr = Get("lr", double.NaN);
        double[] betas = options.TryGetProperty("betas", out var b) ? Numbers(b) : new[] { 0.9, 0.999 };
        Optimizer optimizer = kind switch
        {
            "Sgd" => new Sgd(learningRate: lr, momentum: Get("momentum", 0), dampening: Get("dampening", 0), weightDecay: Get("weight_decay", 0),
                nesterov: options.TryGetProperty("nesterov", out var n) && n.GetBoolean()) { MaxGradientNorm = Clip("max_norm"), MaxGradientValue = Clip("clip_value") },
            "Adam" => new Adam(learningRate: lr, beta1: betas[0], beta2: betas[1], epsilon: Get("eps", 1e-8), weightDecay: Get("weight_decay", 0))
                { MaxGradientNorm = Clip("max_norm"), MaxGradientValue = Clip("clip_value") },
            "AdamW" => new AdamW(learningRate: lr, beta1: betas[0], beta2: betas[1], epsilon: Get("eps", 1e-8), weightDecay: Get("weight_decay", 0.01)),
            "RmsProp" => new RmsProp(learningRate: lr, alpha: Get("alpha", 0.99), epsilon: Get("eps", 1e-8), weightDecay: Get("weight_decay", 0),
                momentum: Get("momentum", 0), centered: options.TryGetProperty("centered", out var c) && c.GetBoolean()),
            _ => throw new ArgumentException(kind),
        };
        return optimizer;
    }

    [Fact]
    public void Optimizers_match_torch_optim_step_by_step()
    {
        var fixture = Fixture();
        var initial = Numbers(fixture.GetProperty("initial"));
        var inputs = fixture.GetProperty("inputs").EnumerateArray().SelectMany(Numbers).ToArray();
        var targets = fixture.GetProperty("targets").EnumerateArray().SelectMany(Numbers).ToArray();
        var recorded = fixture.GetProperty("steps").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double largest = 0;
        int cases = 0;
        foreach (var testCase in fixture.GetProperty("cases").EnumerateArray())
        {
            string kind = testCase.GetProperty("optimizer").GetString()!;
            var optimizer = Create(kind, testCase.GetProperty("options"), testCase.GetProperty("clip"));
            var expected = testCase.GetProperty("after").EnumerateArray().Select(Numbers).ToArray();
            var network = new TorchFixtureNet();
            network.LoadParameters(initial);
            double caseLargest = 0;
            for (int step = 1, k = 0; step <= recorded[^1]; step++)
            {
                network.TrainBatch(inputs, targets);
                optimizer.Step(network);
                if (step != recorded[k]) continue;
                double difference = OptimizerTests.MaxDifference(expected[k], network.Parameters.ToArray());
                caseLargest = Math.Max(caseLargest, difference);
                Assert.True(difference <= Tolerance, $"{optimizer} {testCase.GetProperty("clip")}: step {step} differs from torch by {difference:E3}");
                k++;
            }
            Assert.True(OptimizerTests.MaxDifference(initial, expected[^1]) > 1e-3, $"{optimizer}: torch's parameters hardly moved");
            _output.WriteLine($"{optimizer} {testCase.GetProperty("clip")}: largest difference from torch {caseLargest:E3}");
            largest = Math.Max(largest, caseLargest);
            cases++;
        }
        Assert.Equal(12, cases);
        _output.WriteLine($"all {cases} cases: largest difference from torch.optim {largest:E3}");
    }

    [Fact]
    public void Schedules_match_torch_lr_scheduler()
    {
        var schedules = Fixture().GetProperty("schedules");
        void Check(string name, LearningRateSchedule schedule, double[]? losses = null)
        {
            var expected = Numbers(schedules.GetProperty(name));
            schedule.Restart();
            for (int epoch = 1; epoch <= expected.Length; epoch++)
            {
                double rate = schedule.RateAt(epoch, 0.1);
                Assert.True(Math.Abs(rate - expected[epoch - 1]) <= 1e-15, $"{schedule}, epoch {epoch}: {rate:R} vs torch {expected[epoch - 1]:R}");
                if (losses is not null) schedule.Observe(epoch, losses[epoch - 1]);
            }
        }
        Check("step", LearningRateSchedule.Step(stepSize: 3, gamma: 0.5));
        Check("exponential", LearningRateSchedule.Exponential(gamma: 0.9));
        Check("cosine", LearningRateSchedule.Cosine(epochs: 8, minimumRate: 0.001));
        Check("plateau", LearningRateSchedule.ReduceOnPlateau(Monitor.TrainingLoss, factor: 0.5, patience: 2, threshold: 1e-4, cooldown: 1, minimumRate: 0.01),
            Numbers(schedules.GetProperty("plateauLosses")));
    }
}
