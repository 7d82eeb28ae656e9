using System;
using NetGen.Tests.Shipping;
using Xunit;

namespace NetGen.Tests.Generated;

// More outputs than inputs: written in place, a block's outputs would land on rows whose inputs are still to be read.
[Mlp(2, 3, 5, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE")]
public partial class WideningLaneNet { } // 29 parameters: the lane path

[Mlp(4, 40, 12, Activation = "ReLU", OutputActivation = "Linear", Loss = "MSE")]
public partial class WideningKernelNet { } // 692 parameters: the batched kernels

/// <summary>
/// PredictBatch refuses an output span that shares memory with the input span (an <see cref="ArgumentException"/> naming
/// <c>outputs</c>) on every implementation: the lane path, the kernel path, the baked row-by-row class, the serving
/// wrapper; separate buffers, and two disjoint slices of one array, still work and give Predict's outputs.
/// </summary>
public class PredictBatchOverlapTests
{
    private const int Rows = 40; // two 16-row blocks at 512 bits and a remainder; five 8-row blocks at 256

    private static float[] Inputs(int count)
    {
        var random = new Random(17);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static void AssertRefusesOverlap(IPredictor<float> network)
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int length = Rows * Math.Max(inputSize, outputSize);
        var buffer = Inputs(length + Rows * outputSize);
        var untouched = (float[])buffer.Clone();

        // In place (same start), and shifted by one row either way.
        foreach (int outputStart in new[] { 0, inputSize, Rows * inputSize - outputSize })
        {
            var e = Assert.Throws<ArgumentException>(() =>
                network.PredictBatch(buffer.AsSpan(0, Rows * inputSize), buffer.AsSpan(outputStart, Rows * outputSize)));
            Assert.Equal("outputs", e.ParamName);
            Assert.Contains("overlaps 'inputs'", e.Message);
            Assert.Equal(untouched, buffer); // refused before anything was written
        }

        // Disjoint slices of one array: allowed, and each row is Predict's.
        var inputs = buffer.AsSpan(0, Rows * inputSize);
        var outputs = buffer.AsSpan(length, Rows * outputSize);
        network.PredictBatch(inputs, outputs);
        var one = new float[outputSize];
        for (int r = 0; r < Rows; r++)
        {
            network.Predict(inputs.Slice(r * inputSize, inputSize), one);
            BatchTolerance.Close(one, outputs.Slice(r * outputSize, outputSize));
        }
    }

    [Fact]
    public void The_lane_path_refuses_overlapping_spans() => AssertRefusesOverlap(new WideningLaneNet(seed: 3));

    [Fact]
    public void The_kernel_path_refuses_overlapping_spans() => AssertRefusesOverlap(new WideningKernelNet(seed: 4));

    [Fact]
    public void The_serving_wrapper_refuses_overlapping_spans() =>
        AssertRefusesOverlap(new ServingModel<float>(new WideningKernelNet(seed: 5), () => new WideningKernelNet()));

    [Fact]
    public void The_baked_class_refuses_overlapping_spans()
    {
        var buffer = Inputs(3 * 4);
        var e = Assert.Throws<ArgumentException>(() => BakedMixedFloat.Trained.PredictBatch(buffer.AsSpan(0, 6), buffer.AsSpan(4, 4)));
        Assert.Equal("outputs", e.ParamName);
        var outputs = new float[4];
        BakedMixedFloat.Trained.PredictBatch(buffer.AsSpan(0, 6), outputs);
        var one = new float[2];
        BakedMixedFloat.Trained.Predict(buffer.AsSpan(3, 3), one);
        Assert.Equal(one, outputs.AsSpan(2, 2).ToArray());
    }

    [Fact]
    public void Prediction_Predict_refuses_outputs_on_a_later_blocks_inputs()
    {
        // Block 0's outputs would not overlap block 0's inputs, but they would overwrite block 1's.
        var network = new WideningLaneNet(seed: 6);
        int block = Evaluator<float>.BlockAt(int.MaxValue), rows = 3 * block, inputSize = WideningLaneNet.InputSize, outputSize = WideningLaneNet.OutputSize;
        var buffer = Inputs(rows * inputSize + rows * outputSize);
        var untouched = (float[])buffer.Clone();
        int outputStart = block * inputSize;
        var e = Assert.Throws<ArgumentException>(() =>
            Prediction.Predict<float>(network, buffer.AsSpan(0, rows * inputSize), buffer.AsSpan(outputStart, rows * outputSize)));
        Assert.Equal("outputs", e.ParamName);
        Assert.Equal(untouched, buffer);
    }
}
