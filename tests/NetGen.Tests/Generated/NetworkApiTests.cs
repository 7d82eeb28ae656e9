using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace NetGen.Tests.Generated;

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE")]
public partial class SmallRegressor { }

[Mlp(784, 512, 256, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class HeapStoredNet { }

public partial class Outer
{
    internal partial class Inner
    {
        [Mlp(2, 3, 1, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "BCE")]
        public partial class NestedNet { }
    }
}

/// <summary>The generated members' contracts: sizes, flat order, validation, purity.</summary>
public class NetworkApiTests
{
    [Fact]
    public void Constants_describe_the_layers()
    {
        Assert.Equal(3, SmallRegressor.InputSize);
        Assert.Equal(2, SmallRegressor.OutputSize);
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, SmallRegressor.ParameterCount);
        Assert.Equal(2, SmallRegressor.LayerCount);
        Assert.Equal(new[] { 3, 4, 2 }, SmallRegressor.LayerSizes.ToArray());
        INetwork<float> asInterface = new SmallRegressor();
        Assert.Equal(26, asInterface.ParameterCount);
        Assert.Equal(new[] { 3, 4, 2 }, asInterface.LayerSizes.ToArray());
    }

    [Fact]
    public void The_flat_order_is_W1_row_major_then_b1_then_W2_then_b2()
    {
        var net = new SmallRegressor();
        float[] sequence = Enumerable.Range(0, SmallRegressor.ParameterCount).Select(i => (float)i).ToArray();
        net.LoadParameters(sequence);
        Assert.Equal(sequence[0..12], net.W1.ToArray());
        Assert.Equal(sequence[12..16], net.B1.ToArray());
        Assert.Equal(sequence[16..24], net.W2.ToArray());
        Assert.Equal(sequence[24..26], net.B2.ToArray());
        var copy = new float[SmallRegressor.ParameterCount + 3];
        net.CopyParametersTo(copy);
        Assert.Equal(sequence, copy[..SmallRegressor.ParameterCount]);
    }

    [Fact]
    public void W_is_out_by_in_row_major()
    {
        // Unit j = 1 of layer 1 sees only input i = 2 through W1[1 * 3 + 2]; the output is the identity of unit 1 via W2.
        var net = new SmallRegressor();
        var p = new float[SmallRegressor.ParameterCount];
        p[1 * 3 + 2] = 0.5f;          // W1[1, 2]
        p[16 + 0 * 4 + 1] = 1f;      // W2[0, 1]
        net.LoadParameters(p);
        var output = new float[2];
        net.Predict(new[] { 0f, 0f, 1f }, output);
        Assert.Equal(MathF.Tanh(0.5f), output[0], 6);
        Assert.Equal(0f, output[1]);
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_rejected_with_the_parameter_named()
    {
        var net = new SmallRegressor();
        var error = Assert.Throws<ArgumentException>(() => net.Predict(new float[2], new float[2]));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("Expected a span of length 3", error.Message);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => net.Forward(new float[3], new float[3])).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => net.Backward(new float[1])).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => net.LoadParameters(new float[25])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => net.CopyParametersTo(new float[25])).ParamName);
    }

    [Fact]
    public void LoadParameters_rejects_NaN_and_keeps_the_old_parameters()
    {
        var net = new SmallRegressor(seed: 4);
        var before = new float[SmallRegressor.ParameterCount];
        net.CopyParametersTo(before);
        var bad = new float[SmallRegressor.ParameterCount];
        bad[17] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => net.LoadParameters(bad));
        Assert.Contains("index 17", error.Message);
        var after = new float[SmallRegressor.ParameterCount];
        net.CopyParametersTo(after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        float[] Weights(int seed)
        {
            var p = new float[SmallRegressor.ParameterCount];
            new SmallRegressor(seed).CopyParametersTo(p);
            return p;
        }
        Assert.Equal(Weights(3), Weights(3));
        Assert.NotEqual(Weights(3), Weights(4));
        Assert.All(new SmallRegressor(3).B1.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Predict_is_pure_and_safe_from_many_threads()
    {
        var net = new SmallRegressor(seed: 9);
        var inputs = Enumerable.Range(0, 200).Select(i => new[] { i / 100f, 1 - i / 100f, (i % 7) / 7f }).ToArray();
        var expected = inputs.Select(x => { var y = new float[2]; net.Predict(x, y); return y; }).ToArray();
        var parameters = new float[SmallRegressor.ParameterCount];
        net.CopyParametersTo(parameters);

        Parallel.For(0, 8, _ =>
        {
            var y = new float[2];
            for (int round = 0; round < 50; round++)
            {
                for (int i = 0; i < inputs.Length; i++)
                {
                    net.Predict(inputs[i], y);
                    Assert.Equal(expected[i], y);
                }
            }
        });
        var after = new float[SmallRegressor.ParameterCount];
        net.CopyParametersTo(after);
        Assert.Equal(parameters, after);
        Assert.Equal(0, net.AccumulatedSamples);
    }

    [Fact]
    public void Nested_partial_classes_get_their_network()
    {
        var net = new Outer.Inner.NestedNet(seed: 1);
        float y = net.Predict(0.5f, -0.5f);
        Assert.InRange(y, 0f, 1f);
    }

    [Fact]
    public void A_network_too_large_for_inline_storage_trains()
    {
        // 784-512-256-10 has 535,818 parameters (2.1 MB as float): past the ~1 MiB struct cap, so they live in arrays.
        Assert.Equal(784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10, HeapStoredNet.ParameterCount);
        var net = new HeapStoredNet(seed: 1);
        var random = new Random(2);
        // Ten classes, each a random prototype image; samples are prototypes plus noise.
        var prototypes = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, 784).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var samples = Enumerable.Range(0, 200).Select(i => (Label: i % 10, X: prototypes[i % 10].Select(v => v + 0.3f * (float)(random.NextDouble() - 0.5)).ToArray())).ToArray();
        var output = new float[10];
        var target = new float[10];

        float EpochLoss(bool train)
        {
            float total = 0;
            foreach (var (label, x) in samples)
            {
                Array.Clear(target);
                target[label] = 1;
                net.Forward(x, output);
                total += net.Backward(target);
                if (train && net.AccumulatedSamples == 20) net.Step(0.05f);
            }
            net.ZeroGradients();
            return total / samples.Length;
        }

        float initial = EpochLoss(train: false);
        for (int epoch = 0; epoch < 3; epoch++) EpochLoss(train: true);
        float final = EpochLoss(train: false);
        Assert.True(initial > 1.5f, $"initial loss {initial} should be near ln 10 = 2.3");
        Assert.True(final < 0.2f * initial, $"loss went from {initial} to {final}");
        int correct = samples.Count(s => { net.Predict(s.X, output); return Kernels.ArgMax<float>(output) == s.Label; });
        Assert.Equal(samples.Length, correct);
    }
}
