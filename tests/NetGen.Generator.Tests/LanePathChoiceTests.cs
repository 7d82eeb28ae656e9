using NetGen.Generator.Emitters;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Which batched body a network gets: the lane body (the unrolled statements on vectors, one sample per lane) when
/// every layer is unrolled and the network has at most <see cref="BatchBody.MaxLaneParameters"/> parameters, the GEMM
/// kernel calls otherwise. Both compile without a warning in either precision.
/// </summary>
public class LanePathChoiceTests
{
    private static string Generate(string attribute)
    {
        var result = GeneratorHarness.Run($$"""
            using NetGen;

            namespace Demo
            {
                {{attribute}}
                public partial class Net { }
            }
            """);
        SnapshotTests.AssertCleanSingleSource(result, "Demo.Net.g.cs");
        return result.SingleSource.Text;
    }

    [Theory]
    [InlineData("[Mlp(2, 2, 1, Activation = \"Sigmoid\", Loss = \"BCE\")]")]
    [InlineData("[Mlp(4, 8, 3, Activation = \"Tanh\", OutputActivation = \"Softmax\", Loss = \"CrossEntropy\", Precision = Precision.Double)]")]
    [InlineData("[Mlp(16, 16, 4, Activation = \"LeakyReLU\", OutputActivation = \"Linear\", Loss = \"MSE\")]")]
    [InlineData("[Mlp(3, 4, 2, Activation = \"ReLU\", OutputActivation = \"Sigmoid\", Loss = \"BCE\", InferenceOnly = true)]")]
    public void Small_unrolled_networks_get_the_lane_body(string attribute)
    {
        string source = Generate(attribute);
        Assert.Contains("PredictLanes512(parameters, inputs, outputs, ref row, rows);", source);
        Assert.Contains("private static void PredictLanes256(", source);
        Assert.DoesNotContain("DenseForward", source);
        if (!attribute.Contains("InferenceOnly"))
        {
            Assert.Contains("loss += TrainLanes1(x, targets, ref row, rows, totals);", source);
            Assert.DoesNotContain("DenseWeightGradients", source);
        }
    }

    [Theory]
    // tanh, too large for two blocks in AVX-512's registers: PredictBatch takes groups of blocks (one tanh loop per layer).
    [InlineData("[Mlp(16, 16, 4, Activation = \"Tanh\", OutputActivation = \"Linear\", Loss = \"MSE\")]", true)]
    [InlineData("[Mlp(4, 8, 3, Activation = \"Tanh\", OutputActivation = \"Softmax\", Loss = \"CrossEntropy\", Precision = Precision.Double)]", true)]
    // Sigmoid with more values (36: inputs and units) than AVX-512 has registers.
    [InlineData("[Mlp(16, 16, 4, Activation = \"Sigmoid\", OutputActivation = \"Linear\", Loss = \"MSE\")]", true)]
    // Sigmoid with fewer values, no transcendental activation, or small enough for two blocks side by side: measured
    // no faster with groups at 512 bits.
    [InlineData("[Mlp(6, 16, 3, Activation = \"Sigmoid\", OutputActivation = \"Sigmoid\", Loss = \"BCE\")]", false)]
    [InlineData("[Mlp(8, 12, 12, 3, Activation = \"ReLU\", OutputActivation = \"Softmax\", Loss = \"CrossEntropy\")]", false)]
    [InlineData("[Mlp(3, 5, 2, Activation = \"ReLU\", OutputActivation = \"Linear\", Loss = \"MSE\")]", false)]
    [InlineData("[Mlp(2, 2, 1, Activation = \"Tanh\", OutputActivation = \"Sigmoid\", Loss = \"BCE\")]", false)]
    public void At_512_bits_prediction_takes_groups_of_blocks_for_tanh_and_large_sigmoid_networks_and_training_never(string attribute, bool groups)
    {
        string source = Generate(attribute);
        Assert.Equal(groups, source.Contains("private static void ForwardLanes512("));
        Assert.Equal(groups, source.Contains("ForwardLanes512(parameters, inputs, row, blocks, values);"));
        // Training keeps one or two blocks at a time at 512 bits; at 256 bits both take groups.
        Assert.DoesNotContain("ForwardLanes512(Parameters", source);
        Assert.Contains("ForwardLanes256(Parameters, inputs, row, blocks, values);", source);
    }

    [Theory]
    // A looped layer (above UnrollThreshold).
    [InlineData("[Mlp(30, 24, 10, Activation = \"Tanh\", OutputActivation = \"Linear\", Loss = \"MSE\")]")]
    // Every layer unrolled, but 596 parameters: the lane method would be too large for the JIT to optimize.
    [InlineData("[Mlp(24, 10, 16, 10, Activation = \"Tanh\", OutputActivation = \"Linear\", Loss = \"MSE\")]")]
    public void Other_networks_get_the_kernel_calls(string attribute)
    {
        string source = Generate(attribute);
        Assert.Contains("DenseForward", source);
        Assert.Contains("DenseWeightGradients", source);
        Assert.DoesNotContain("Lanes512", source);
    }
}
