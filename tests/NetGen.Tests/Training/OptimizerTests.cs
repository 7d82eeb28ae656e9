using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Tests.Reference;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Training;

[Mlp(4, 6, 3, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double)]
public partial class OptimizerTestNet { }

[Mlp(4, 6, 3, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class OptimizerTestNetFloat { }

/// <summary>37,330 parameters: enough for an optimizer step to be split across threads (at least 2^15).</summary>
[Mlp(300, 120, 10, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class SplitStepNet { }

/// <summary>
/// Each optimizer against <see cref="TorchOptimReference"/> (PyTorch's documented rules, written apart from the runtime)
/// driving <see cref="ReferenceMlp"/> (an independent forward/backward), step by step on mini-batches, in double.
/// </summary>
public class OptimizerTests
{
    private const double Tolerance = 1e-12;
    private static readonly int[] Sizes = { 4, 6, 3 };
    private readonly ITestOutputHelper _output;

    public OptimizerTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Cases => new()
    {
        "sgd", "sgd-momentum", "sgd-momentum-dampening-decay", "sgd-nesterov-decay", "sgd-momentum-clip-norm",
        "adam", "adam-decay", "adam-clip-value", "adamw", "adamw-decay",
        "rmsprop", "rmsprop-momentum-centered-decay", "sgd-clip-value-and-norm",
    };

    private static (Optimizer Runtime, TorchOptimReference Reference) Case(string name) => name switch
    {
        "sgd" => (new Sgd(learningRate: 0.3), TorchOptimReference.Sgd(0.3)),
        "sgd-momentum" => (new Sgd(learningRate: 0.3, momentum: 0.9), TorchOptimReference.Sgd(0.3, momentum: 0.9)),
        "sgd-momentum-dampening-decay" => (new Sgd(learningRate: 0.3, momentum: 0.9, dampening: 0.2, weightDecay: 0.05),
            TorchOptimReference.Sgd(0.3, momentum: 0.9, dampening: 0.2, weightDecay: 0.05)),
        "sgd-nesterov-decay" => (new Sgd(learningRate: 0.3, momentum: 0.9, weightDecay: 0.05, nesterov: true),
            TorchOptimReference.Sgd(0.3, momentum: 0.9, weightDecay: 0.05, nesterov: true)),
        "sgd-momentum-clip-norm" => (new Sgd(learningRate: 0.3, momentum: 0.5) { MaxGradientNorm = 0.1 },
            WithClip(TorchOptimReference.Sgd(0.3, momentum: 0.5), null, 0.1)),
        "adam" => (new Adam(learningRate: 0.05), TorchOptimReference.Adam(0.05)),
        "adam-decay" => (new Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-6, weightDecay: 0.1),
            TorchOptimReference.Adam(0.05, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1)),
        "adam-clip-value" => (new Adam(learningRate: 0.05) { MaxGradientValue = 0.02 }, WithClip(TorchOptimReference.Adam(0.05), 0.02, null)),
        "adamw" => (new AdamW(learningRate: 0.05), TorchOptimReference.AdamW(0.05)),
        "adamw-decay" => (new AdamW(learningRate: 0.05, weightDecay: 0.5), TorchOptimReference.AdamW(0.05, weightDecay: 0.5)),
        "rmsprop" => (new RmsProp(learningRate: 0.01), TorchOptimReference.RmsProp(0.01)),
        "rmsprop-momentum-centered-decay" => (new RmsProp(learningRate: 0.01, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.01, momentum: 0.9, centered: true),
            TorchOptimReference.RmsProp(0.01, alpha: 0.9, eps: 1e-6, weightDecay: 0.01, momentum: 0.9, centered: true)),
        "sgd-clip-value-and-norm" => (new Sgd(learningRate: 0.3) { MaxGradientValue = 0.05, MaxGradientNorm = 0.08 },
            WithClip(TorchOptimReference.Sgd(0.3), 0.05, 0.08)),
        _ => throw new ArgumentException(name),
    };

    private static TorchOptimReference WithClip(TorchOptimReference reference, double? value, double? norm) =>
        reference with { ClipValue = value, ClipNorm = norm };

    /// <summary>Six samples with one-hot targets, drawn from a fixed seed.</summary>
    private static (double[][] Inputs, double[][] Targets) Samples()
    {
        var random = new Random(7);
        var inputs = new double[6][];
        var targets = new double[6][];
        for (int s = 0; s < 6; s++)
        {
            inputs[s] = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            targets[s] = new double[3];
            targets[s][s % 3] = 1;
        }
        return (inputs, targets);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Optimizer_follows_the_documented_pytorch_rule_step_by_step(string name)
    {
        var (optimizer, reference) = Case(name);
        var network = new OptimizerTestNet(seed: 3);
        var start = new double[OptimizerTestNet.ParameterCount];
        network.CopyParametersTo(start);
        var mlp = new ReferenceMlp(Sizes, "Tanh", "Softmax", "CrossEntropy", (double[])start.Clone());
        var (inputs, targets) = Samples();

        double largest = 0;
        for (int step = 0; step < 8; step++)
        {
            // Batches of 3 sliding over the samples, so every step sees a different gradient.
            var rows = Enumerable.Range(0, 3).Select(k => (step + k) % inputs.Length).ToArray();
            network.TrainBatch(rows.SelectMany(r => inputs[r]).ToArray(), rows.SelectMany(r => targets[r]).ToArray());
            optimizer.Step(network);
            reference.Step(mlp.Parameters, mlp.BatchGradient(rows.Select(r => inputs[r]).ToList(), rows.Select(r => targets[r]).ToList()));

            Assert.Equal(0, network.AccumulatedSamples);
            double difference = MaxDifference(network.Parameters.ToArray(), mlp.Parameters);
            largest = Math.Max(largest, difference);
            Assert.True(difference <= Tolerance, $"{name}, step {step + 1}: parameters differ from the reference by {difference:E3}");
        }
        Assert.Equal(8, optimizer.StepCount);
        double moved = MaxDifference(start, mlp.Parameters);
        Assert.True(moved > 1e-3, $"{name}: the parameters hardly moved ({moved:E3}), so the comparison says little");
        _output.WriteLine($"{name}: largest difference from the reference over 8 steps {largest:E3} (parameters moved up to {moved:F4})");
    }

    [Fact]
    public void Clipping_changes_the_step_only_when_the_gradient_exceeds_the_limit()
    {
        // The same step with limits far above and just below the gradient's size.
        double[] Run(Optimizer optimizer)
        {
            var network = new OptimizerTestNet(seed: 3);
            var (inputs, targets) = Samples();
            network.TrainBatch(inputs.SelectMany(x => x).ToArray(), targets.SelectMany(t => t).ToArray());
            optimizer.Step(network);
            return network.Parameters.ToArray();
        }
        // Unclipped SGD scales the sums by lr / n, clipping SGD the mean by lr: equal up to rounding.
        var plain = Run(new Sgd(learningRate: 0.3));
        Assert.True(MaxDifference(plain, Run(new Sgd(learningRate: 0.3) { MaxGradientNorm = 1e6, MaxGradientValue = 1e6 })) < 1e-15);
        Assert.True(MaxDifference(plain, Run(new Sgd(learningRate: 0.3) { MaxGradientNorm = 1e-3 })) > 1e-3);
        Assert.True(MaxDifference(plain, Run(new Sgd(learningRate: 0.3) { MaxGradientValue = 1e-4 })) > 1e-3);
    }

    [Fact]
    public void Plain_sgd_agrees_bit_for_bit_with_the_generated_step_in_float_and_double()
    {
        var random = new Random(11);
        var inputs = Enumerable.Range(0, 40).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var targets = Enumerable.Range(0, 30).Select(i => i % 3 == (i / 3) % 3 ? 1.0 : 0.0).ToArray();

        var generated = new OptimizerTestNet(seed: 5);
        var runtime = new OptimizerTestNet(seed: 5);
        var generatedFloat = new OptimizerTestNetFloat(seed: 5);
        var runtimeFloat = new OptimizerTestNetFloat(seed: 5);
        var sgd = new Sgd(learningRate: 0.7);
        var sgdFloat = new Sgd(learningRate: 0.7);
        for (int step = 0; step < 12; step++)
        {
            int rows = 1 + step % 4, first = step % 7;
            var x = inputs.AsSpan(first * 4, rows * 4);
            var t = targets.AsSpan(first * 3, rows * 3);
            generated.TrainBatch(x, t);
            generated.Step(0.7);
            runtime.TrainBatch(x, t);
            sgd.Step(runtime);
            var xf = x.ToArray().Select(v => (float)v).ToArray();
            var tf = t.ToArray().Select(v => (float)v).ToArray();
            generatedFloat.TrainBatch(xf, tf);
            generatedFloat.Step(0.7f);
            runtimeFloat.TrainBatch(xf, tf);
            sgdFloat.Step(runtimeFloat);
        }
        Assert.Equal(Bits(generated.Parameters.ToArray()), Bits(runtime.Parameters.ToArray()));
        Assert.Equal(generatedFloat.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), runtimeFloat.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(Bits(new OptimizerTestNet(seed: 5).Parameters.ToArray()), Bits(runtime.Parameters.ToArray()));
    }

    [Fact]
    public void Trainer_with_plain_sgd_gives_the_same_bits_as_trainer_without_an_optimizer()
    {
        var data = Datasets.Moons(200, 0.1, seed: 4).Convert<double>();
        var a = new MoonsTrainNet(seed: 2);
        var b = new MoonsTrainNet(seed: 2);
        Trainer.Fit(a, data, new TrainingOptions { Epochs = 3, LearningRate = 0.2, BatchSize = 16, Seed = 9 });
        Trainer.Fit(b, data, new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = 9, Optimizer = new Sgd(learningRate: 0.2) });
        Assert.Equal(Bits(a.Parameters.ToArray()), Bits(b.Parameters.ToArray()));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd-momentum")]
    [InlineData("rmsprop-momentum-centered-decay")]
    public void Saved_state_resumes_training_exactly(string name)
    {
        var (inputs, targets) = Samples();
        var x = inputs.SelectMany(v => v).ToArray();
        var t = targets.SelectMany(v => v).ToArray();

        // Uninterrupted: six steps.
        var network = new OptimizerTestNet(seed: 8);
        var optimizer = Case(name).Runtime;
        for (int s = 0; s < 3; s++)
        {
            network.TrainBatch(x, t);
            optimizer.Step(network);
        }
        var parameters = network.Parameters.ToArray();
        using var state = new MemoryStream();
        optimizer.SaveState(state);
        for (int s = 0; s < 3; s++)
        {
            network.TrainBatch(x, t);
            optimizer.Step(network);
        }

        // Resumed: a new network and optimizer from the saved parameters and state.
        var resumed = new OptimizerTestNet();
        resumed.LoadParameters(parameters);
        var restored = Case(name).Runtime;
        state.Position = 0;
        restored.LoadState(state);
        Assert.Equal(3, restored.StepCount);
        for (int s = 0; s < 3; s++)
        {
            resumed.TrainBatch(x, t);
            restored.Step(resumed);
        }
        Assert.Equal(Bits(network.Parameters.ToArray()), Bits(resumed.Parameters.ToArray()));
    }

    [Fact]
    public void Loading_the_state_of_another_kind_of_optimizer_fails_clearly()
    {
        var network = new OptimizerTestNet(seed: 1);
        var (inputs, targets) = Samples();
        network.TrainBatch(inputs.SelectMany(v => v).ToArray(), targets.SelectMany(v => v).ToArray());
        var adam = new Adam();
        adam.Step(network);
        using var state = new MemoryStream();
        adam.SaveState(state);
        state.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => new RmsProp().LoadState(state));
        Assert.Contains("Adam", error.Message);
        Assert.Contains("RmsProp", error.Message);
        Assert.Throws<InvalidDataException>(() => new Adam().LoadState(new MemoryStream(new byte[] { 1, 2, 3 })));
    }

    [Fact]
    public void An_optimizer_serves_one_network()
    {
        var (inputs, targets) = Samples();
        var x = inputs.SelectMany(v => v).ToArray();
        var t = targets.SelectMany(v => v).ToArray();
        var first = new OptimizerTestNet(seed: 1);
        var second = new OptimizerTestNet(seed: 2);
        var adam = new Adam();
        first.TrainBatch(x, t);
        adam.Step(first);
        second.TrainBatch(x, t);
        var error = Assert.Throws<InvalidOperationException>(() => adam.Step(second));
        Assert.Contains("another network", error.Message);
        adam.Reset();
        adam.Step(second);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void Step_without_accumulated_samples_changes_nothing()
    {
        var network = new OptimizerTestNet(seed: 1);
        var before = network.Parameters.ToArray();
        var adam = new Adam();
        adam.Step(network);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, adam.StepCount);
    }

    [Fact]
    public void Defaults_are_pytorchs_and_bad_hyperparameters_are_named()
    {
        var adam = new Adam();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        Assert.Equal(1e-2, new AdamW().WeightDecay);
        var rms = new RmsProp();
        Assert.Equal((1e-2, 0.99, 1e-8, 0.0, 0.0, false), (rms.LearningRate, rms.Alpha, rms.Epsilon, rms.WeightDecay, rms.Momentum, rms.Centered));
        var sgd = new Sgd();
        Assert.Equal((1e-3, 0.0, 0.0, 0.0, false), (sgd.LearningRate, sgd.Momentum, sgd.Dampening, sgd.WeightDecay, sgd.Nesterov));
        Assert.Equal("Adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1E-08, weightDecay: 0)", adam.ToString());

        Assert.Contains("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1.0)).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(learningRate: -1)).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd(nesterov: true)).Message);
        Assert.Contains("MaxGradientNorm", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam { MaxGradientNorm = 0 }).Message);
        Assert.Contains("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(momentum: double.NaN)).Message);
    }

    /// <summary>
    /// A step of at least 2^15 parameters on several threads: ranges of the parameters updated on different threads must
    /// give the bits of one thread (the rules update by element), including 3 uneven parts and clipping by value; with
    /// clipping by norm (which needs every gradient) the step stays whole. The rule itself is checked against PyTorch's
    /// above, on one range.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void A_step_split_across_threads_gives_the_bits_of_one_thread(string name)
    {
        float[] Train(int threads)
        {
            var (optimizer, _) = Case(name);
            var network = new SplitStepNet(seed: 4) { DegreeOfParallelism = threads };
            Assert.True(SplitStepNet.ParameterCount >= 1 << 15);
            var random = new Random(9);
            for (int step = 0; step < 3; step++)
            {
                var inputs = Enumerable.Range(0, 8 * 300).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var targets = new float[8 * 10];
                for (int r = 0; r < 8; r++) targets[r * 10 + (r + step) % 10] = 1;
                network.TrainBatch(inputs, targets);
                optimizer.Step(network);
            }
            return network.Parameters.ToArray();
        }

        var one = Train(1);
        Assert.Equal(one, Train(2));
        Assert.Equal(one, Train(3));
    }

    /// <summary>A subclass that overrides the rule keeps it: its Update runs (whole) on every step, on any thread count.</summary>
    [Fact]
    public void A_subclass_rule_is_not_split()
    {
        var optimizer = new CountingAdam();
        var network = new SplitStepNet(seed: 5) { DegreeOfParallelism = 2 };
        network.TrainBatch(new float[2 * 300], new float[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 });
        optimizer.Step(network);
        Assert.Equal(1, optimizer.Updates);
    }

    private sealed class CountingAdam : Adam
    {
        public int Updates { get; private set; }

        protected override void Update<T>(Span<T> parameters, Span<T> gradient, T[][] state, long step, T learningRate)
        {
            Updates++;
            base.Update(parameters, gradient, state, step, learningRate);
        }
    }

    internal static double MaxDifference(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double largest = 0;
        for (int i = 0; i < a.Length; i++) largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
        return largest;
    }

    internal static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}

[Mlp(2, 16, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double)]
public partial class MoonsTrainNet { }
