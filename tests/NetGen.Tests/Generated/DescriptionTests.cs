using System;
using System.Text;
using Xunit;

namespace NetGen.Tests.Generated;

/// <summary>The network's self-description and the batch members, against independently computed values.</summary>
public class DescriptionTests
{
    /// <summary>FNV-1a 64 written out here, independently of NetworkFacts, over the documented canonical text.</summary>
    private static ulong Fnv1a(string text)
    {
        ulong hash = 0xcbf29ce484222325UL;
        foreach (byte b in Encoding.ASCII.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x100000001b3UL;
        }
        return hash;
    }

    [Fact]
    public void Description_lists_sizes_activations_offsets_and_the_fingerprint()
    {
        var d = SmallRegressor.Description;
        Assert.Equal(new[] { 3, 4, 2 }, d.LayerSizes);
        Assert.Equal(new[] { ActivationFunction.Tanh, ActivationFunction.Linear }, d.Activations);
        Assert.Equal(LossFunction.MSE, d.Loss);
        Assert.Equal(Precision.Float, d.Precision);
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, d.ParameterCount);
        Assert.Equal(0, d.Layers[0].WeightOffset);
        Assert.Equal(12, d.Layers[0].BiasOffset);
        Assert.Equal(16, d.Layers[1].WeightOffset);
        Assert.Equal(24, d.Layers[1].BiasOffset);
        Assert.Equal("W2", d.Layers[1].WeightName);
        Assert.Equal("b2", d.Layers[1].BiasName);
        Assert.Equal(Fnv1a("3,4,2|Tanh,Linear"), d.Fingerprint);
        Assert.Equal(SmallRegressor.ArchitectureFingerprint, d.Fingerprint);
        Assert.Same(d, ((IPredictor<float>)new SmallRegressor()).Description);
    }

    [Fact]
    public void Parameters_and_gradients_are_live_views_in_the_flat_order()
    {
        var net = new SmallRegressor(seed: 3);
        var flat = new float[SmallRegressor.ParameterCount];
        net.CopyParametersTo(flat);
        Assert.Equal(flat, net.Parameters.ToArray());
        net.Parameters[(int)SmallRegressor.Description.Layers[1].BiasOffset] = 42f;
        Assert.Equal(42f, net.B2[0]);

        Span<float> output = stackalloc float[2];
        net.Forward(new float[] { 0.1f, -0.2f, 0.3f }, output);
        net.Backward(new float[] { 1f, 0f });
        var mean = new float[SmallRegressor.ParameterCount];
        net.CopyGradientsTo(mean);
        Assert.Equal(mean, net.Gradients.ToArray());   // one sample: the sums are the mean
    }

    [Fact]
    public void TrainBatch_accumulates_what_Forward_and_Backward_do_row_by_row()
    {
        var random = new Random(5);
        var inputs = new float[7 * 3];
        var targets = new float[7 * 2];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < targets.Length; i++) targets[i] = (float)random.NextDouble();

        var batched = new SmallRegressor(seed: 1);
        double batchLoss = batched.TrainBatch(inputs, targets);

        var single = new SmallRegressor(seed: 1);
        double sum = 0;
        var output = new float[2];
        for (int r = 0; r < 7; r++)
        {
            single.Forward(inputs.AsSpan(r * 3, 3), output);
            sum += single.Backward(targets.AsSpan(r * 2, 2));
        }

        Assert.Equal(7, batched.AccumulatedSamples);
        BatchTolerance.Close(sum, batchLoss, BatchTolerance.Float);
        // Same sums, other order of addition (SIMD lanes, fused multiply-adds): equal to rounding (see BatchTolerance).
        BatchTolerance.Close(single.Gradients, batched.Gradients);
    }

    [Fact]
    public void PredictBatch_matches_Predict_per_row_and_checks_lengths()
    {
        var net = new SmallRegressor(seed: 2);
        var inputs = new float[] { 0.1f, 0.2f, 0.3f, -1f, 0.5f, 2f };
        var outputs = new float[4];
        net.PredictBatch(inputs, outputs);
        var one = new float[2];
        for (int r = 0; r < 2; r++)
        {
            net.Predict(inputs.AsSpan(r * 3, 3), one);
            BatchTolerance.Close(one, outputs.AsSpan(r * 2, 2));
        }
        var e = Assert.Throws<ArgumentException>(() => net.PredictBatch(inputs.AsSpan(0, 5), outputs));
        Assert.Contains("not a whole number of rows of 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.PredictBatch(inputs, new float[3]));
        Assert.Equal("outputs", e.ParamName);
        Assert.StartsWith("'inputs' holds 2 rows, so 'outputs' must have length 4 (2 rows of 2), but it has length 3.", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.PredictBatch(inputs.AsSpan(0, 3), new float[3]));
        Assert.StartsWith("'inputs' holds 1 row, so 'outputs' must have length 2 (1 row of 2), but it has length 3.", e.Message);
    }

    [Fact]
    public void ToString_is_the_summary()
    {
        string text = new SmallRegressor().ToString();
        Assert.Contains("dense 1", text);
        Assert.Contains("3 -> 4", text);
        Assert.Contains("Tanh", text);
        Assert.Contains("Total parameters: 26", text);
    }
}
