using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Reference;

/// <summary>
/// Checks the reference implementation itself: against the hand-worked 2-2-2 example, hand-computed losses, and
/// central finite differences for every valid activation x loss combination. Generated networks are then checked
/// against this reference, never against themselves.
/// </summary>
public class ReferenceMlpTests
{
    // The classic worked example: 2-2-2, sigmoid everywhere, SSE (1/2 sum of squares).
    private static readonly int[] WorkedSizes = { 2, 2, 2 };
    private static readonly double[] WorkedParameters =
    {
        0.15, 0.20, 0.25, 0.30, // W1 [out, in]
        0.35, 0.35,             // b1
        0.40, 0.45, 0.50, 0.55, // W2 [out, in]
        0.60, 0.60,             // b2
    };
    private static readonly double[] WorkedInput = { 0.05, 0.10 };
    private static readonly double[] WorkedTarget = { 0.01, 0.99 };

    private static ReferenceMlp WorkedExample() => new(WorkedSizes, "Sigmoid", "Sigmoid", "SSE", WorkedParameters);

    [Fact]
    public void WorkedExample_Forward_MatchesHandComputedOutputs()
    {
        double[] output = WorkedExample().Forward(WorkedInput);

        Assert.Equal(0.7513650696, output[0], 1e-10);
        Assert.Equal(0.7729284653, output[1], 1e-10);
    }

    [Fact]
    public void WorkedExample_Loss_MatchesHandComputedLoss()
    {
        Assert.Equal(0.2983711088, WorkedExample().Loss(WorkedInput, WorkedTarget), 1e-10);
    }

    [Fact]
    public void WorkedExample_OneStep_MatchesHandComputedWeights()
    {
        var mlp = WorkedExample();

        mlp.Step(mlp.Gradient(WorkedInput, WorkedTarget), learningRate: 0.5);

        double[,] w1 = { { 0.14978072, 0.19956143 }, { 0.24975114, 0.29950229 } };
        double[,] w2 = { { 0.35891648, 0.40866619 }, { 0.51130127, 0.56137012 } };
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(w1[i, j], mlp.Weight(1, i, j), 1e-8);
                Assert.Equal(w2[i, j], mlp.Weight(2, i, j), 1e-8);
            }
        }
    }

    [Fact]
    public void WorkedExample_OutputLayerGradient_MatchesHandComputedDeltas()
    {
        // dL/dw5 = (out_o1 - t_o1) * out_o1 (1 - out_o1) * out_h1 = 0.082167041 in the worked example.
        double[] gradient = WorkedExample().Gradient(WorkedInput, WorkedTarget);

        Assert.Equal(0.082167041, gradient[6], 1e-9);
        // dL/dw1 = 0.000438568.
        Assert.Equal(0.000438568, gradient[0], 1e-9);
    }

    [Fact]
    public void FlatParameterOrder_IsPerLayerWeightsRowMajorThenBiases()
    {
        var mlp = new ReferenceMlp(new[] { 3, 2, 4 }, "Linear", "Linear", "MSE", Enumerable.Range(0, 6 + 2 + 8 + 4).Select(i => (double)i).ToArray());

        Assert.Equal(20, mlp.ParameterCount);
        Assert.Equal(5, mlp.Weight(1, 1, 2)); // W1[1, 2] = 1 * 3 + 2
        Assert.Equal(6, mlp.Bias(1, 0));
        Assert.Equal(8, mlp.Weight(2, 0, 0));
        Assert.Equal(13, mlp.Weight(2, 2, 1)); // 8 + 2 * 2 + 1
        Assert.Equal(19, mlp.Bias(2, 3));
    }

    [Fact]
    public void Forward_LinearNetwork_IsAffineMap()
    {
        // W = [[1, 2], [3, 4]], b = [0.5, -1]; x = [1, -1] -> z = [-1 + 0.5, -1 - 1].
        var mlp = new ReferenceMlp(new[] { 2, 2 }, new[] { "linear" }, "MSE", new[] { 1.0, 2, 3, 4, 0.5, -1 });

        Assert.Equal(new[] { -0.5, -2.0 }, mlp.Forward(new[] { 1.0, -1 }));
    }

    [Theory]
    [InlineData("ReLU", -2.0, 0.0)]
    [InlineData("ReLU", 3.0, 3.0)]
    [InlineData("LeakyReLU", -2.0, -0.02)]
    [InlineData("LeakyReLU", 3.0, 3.0)]
    [InlineData("Tanh", 0.5, 0.46211715726000974)]
    [InlineData("Sigmoid", 0.0, 0.5)]
    [InlineData("Linear", -7.25, -7.25)]
    public void Activate_ElementWise_MatchesDefinition(string activation, double z, double expected)
    {
        Assert.Equal(expected, ReferenceMlp.Activate(activation, new[] { z })[0], 1e-15);
    }

    [Fact]
    public void Activate_Softmax_IsNormalizedExponential()
    {
        double[] a = ReferenceMlp.Activate("Softmax", new[] { 1.0, 2.0, 3.0 });

        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Exp(1) / sum, a[0], 1e-15);
        Assert.Equal(Math.Exp(2) / sum, a[1], 1e-15);
        Assert.Equal(Math.Exp(3) / sum, a[2], 1e-15);
    }

    [Fact]
    public void Losses_MatchDefinitions()
    {
        double[] y = { 0.25, 0.75 };
        double[] t = { 0.0, 1.0 };

        Assert.Equal((0.0625 + 0.0625) / 2, ReferenceMlp.LossOfOutput("MSE", y, t), 1e-15);
        Assert.Equal(0.5 * (0.0625 + 0.0625), ReferenceMlp.LossOfOutput("SSE", y, t), 1e-15);
        Assert.Equal((-Math.Log(0.75) - Math.Log(0.75)) / 2, ReferenceMlp.LossOfOutput("BCE", y, t), 1e-15);
        Assert.Equal(-Math.Log(0.75), ReferenceMlp.LossOfOutput("CrossEntropy", y, t), 1e-15);
    }

    [Fact]
    public void CrossEntropyLoss_FromLogits_EqualsLossOfSoftmaxOutput()
    {
        var random = new Random(7);
        var mlp = RandomNetwork(random, new[] { 3, 4, 5 }, new[] { "tanh", "softmax" }, "CrossEntropy");
        double[] x = RandomVector(random, 3, -1, 1);
        double[] t = { 0, 0, 1, 0, 0 };

        Assert.Equal(ReferenceMlp.LossOfOutput("CrossEntropy", mlp.Forward(x), t), mlp.Loss(x, t), 1e-12);
    }

    [Fact]
    public void CrossEntropy_OutputGradient_IsSoftmaxMinusTarget()
    {
        // The fused form the generator uses: dL/dz = y - t (for a target summing to 1).
        var random = new Random(11);
        var mlp = RandomNetwork(random, new[] { 2, 3 }, new[] { "softmax" }, "CrossEntropy");
        double[] x = { 0.3, -0.8 };
        double[] t = { 0, 1, 0 };

        double[] y = mlp.Forward(x);
        double[] gradient = mlp.Gradient(x, t);
        for (int k = 0; k < 3; k++) Assert.Equal(y[k] - t[k], gradient[mlp.BiasOffset(1) + k], 1e-14);
    }

    [Fact]
    public void BatchGradient_IsMeanOfSampleGradients()
    {
        var random = new Random(3);
        var mlp = RandomNetwork(random, new[] { 2, 3, 1 }, new[] { "tanh", "sigmoid" }, "BCE");
        double[][] xs = { new[] { 0.1, 0.2 }, new[] { -0.5, 0.9 } };
        double[][] ts = { new[] { 1.0 }, new[] { 0.0 } };

        double[] batch = mlp.BatchGradient(xs, ts);
        double[] g0 = mlp.Gradient(xs[0], ts[0]), g1 = mlp.Gradient(xs[1], ts[1]);
        for (int p = 0; p < batch.Length; p++) Assert.Equal((g0[p] + g1[p]) / 2, batch[p], 1e-15);
    }

    [Fact]
    public void NumericGradient_OfKnownFunction_IsAccurate_AndLeavesParametersUnchanged()
    {
        double[] p = { 1.5, -2.0 };
        // f = p0^3 + sin(p1): df = [3 p0^2, cos(p1)]
        double[] g = ReferenceMlp.NumericGradient(q => q[0] * q[0] * q[0] + Math.Sin(q[1]), p);

        Assert.Equal(3 * 1.5 * 1.5, g[0], 1e-8);
        Assert.Equal(Math.Cos(-2.0), g[1], 1e-8);
        Assert.Equal(new[] { 1.5, -2.0 }, p);
    }

    [Fact]
    public void Constructor_RejectsCrossEntropyWithoutSoftmax_AndHiddenSoftmax()
    {
        Assert.Throws<ArgumentException>(() => new ReferenceMlp(new[] { 2, 2 }, new[] { "sigmoid" }, "CrossEntropy"));
        Assert.Throws<ArgumentException>(() => new ReferenceMlp(new[] { 2, 2, 2 }, new[] { "softmax", "softmax" }, "CrossEntropy"));
        Assert.Throws<ArgumentException>(() => new ReferenceMlp(new[] { 2, 2 }, new[] { "swish" }, "MSE"));
    }

    // ---- Analytic gradient vs central finite differences ----

    private static readonly string[] HiddenActivations = { "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Linear" };
    private static readonly string[] PlainOutputActivations = { "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Linear" };

    /// <summary>
    /// Every valid (hidden activation, output activation, loss): Softmax only as output and only with CrossEntropy,
    /// CrossEntropy only with Softmax, BCE only with a Sigmoid output.
    /// </summary>
    public static IEnumerable<object[]> ValidCombinations()
    {
        foreach (string hidden in HiddenActivations)
        {
            foreach (string output in PlainOutputActivations)
            {
                yield return new object[] { hidden, output, "MSE" };
                yield return new object[] { hidden, output, "SSE" };
            }
            yield return new object[] { hidden, "Sigmoid", "BCE" };
            yield return new object[] { hidden, "Softmax", "CrossEntropy" };
        }
    }

    [Theory]
    [MemberData(nameof(ValidCombinations))]
    public void Gradient_MatchesFiniteDifferences(string hidden, string output, string loss)
    {
        int seed = StableHash(hidden + "/" + output + "/" + loss);
        var random = new Random(seed);
        foreach (int[] sizes in new[] { new[] { 3, 4, 3 }, new[] { 2, 5, 4, 3 } })
        {
            var activations = Enumerable.Repeat(hidden, sizes.Length - 2).Append(output).ToArray();
            for (int sample = 0; sample < 3; sample++)
            {
                CheckGradient(random, sizes, activations, loss);
            }
        }
    }

    [Fact]
    public void Gradient_DeepMixedActivations_MatchesFiniteDifferences()
    {
        var random = new Random(2024);
        for (int sample = 0; sample < 5; sample++)
        {
            CheckGradient(random, new[] { 3, 5, 4, 3, 2 }, new[] { "Tanh", "ReLU", "LeakyReLU", "Linear" }, "MSE");
            CheckGradient(random, new[] { 4, 6, 5, 3 }, new[] { "ReLU", "Sigmoid", "Softmax" }, "CrossEntropy");
        }
    }

    [Fact]
    public void Gradient_SoftTargets_MatchesFiniteDifferences()
    {
        // BCE with targets strictly between 0 and 1, CrossEntropy with a target distribution that is not one-hot.
        var random = new Random(99);
        for (int sample = 0; sample < 5; sample++)
        {
            CheckGradient(random, new[] { 3, 4, 2 }, new[] { "Tanh", "Sigmoid" }, "BCE", softTargets: true);
            CheckGradient(random, new[] { 3, 4, 4 }, new[] { "LeakyReLU", "Softmax" }, "CrossEntropy", softTargets: true);
        }
    }

    private static void CheckGradient(Random random, int[] sizes, string[] activations, string loss, bool softTargets = false)
    {
        var (mlp, x) = RandomNetworkAwayFromKinks(random, sizes, activations, loss);
        double[] t = RandomTarget(random, sizes[^1], loss, softTargets);

        double[] analytic = mlp.Gradient(x, t);
        double[] numeric = ReferenceMlp.NumericGradient(p => mlp.LossAt(p, x, t), mlp.Parameters);

        AssertGradientsClose(analytic, numeric, $"{string.Join("-", sizes)} {string.Join(",", activations)} {loss}");
    }

    /// <summary>
    /// The analytic and numeric gradients agree: as vectors, |a - n| / max(1e-8, |a| + |n|) &lt; 1e-6 (norms); and per
    /// component, |a_i - n_i| / max(1e-8, |a_i| + |n_i|) &lt; 1e-6 unless |a_i - n_i| &lt; 1e-9. The absolute floor is
    /// the rounding error of a central difference with h = 1e-6 of a loss of order 1 (about 1e-16 / 1e-6, times a few),
    /// which would otherwise dominate the relative error of components near zero.
    /// </summary>
    internal static void AssertGradientsClose(double[] analytic, double[] numeric, string what, double tolerance = 1e-6, double absoluteFloor = 1e-9)
    {
        Assert.Equal(analytic.Length, numeric.Length);
        double differenceNorm = 0, analyticNorm = 0, numericNorm = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            differenceNorm += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            analyticNorm += analytic[i] * analytic[i];
            numericNorm += numeric[i] * numeric[i];
        }
        double vectorError = Math.Sqrt(differenceNorm) / Math.Max(1e-8, Math.Sqrt(analyticNorm) + Math.Sqrt(numericNorm));
        if (!(vectorError < tolerance)) Assert.Fail($"{what}: relative error of the gradient vector {vectorError:E3}");

        for (int i = 0; i < analytic.Length; i++)
        {
            double difference = Math.Abs(analytic[i] - numeric[i]);
            double relative = difference / Math.Max(1e-8, Math.Abs(analytic[i]) + Math.Abs(numeric[i]));
            if (!(difference < absoluteFloor || relative < tolerance))
            {
                Assert.Fail($"{what}: relative error {relative:E3} at parameter {i} (analytic {analytic[i]:R}, numeric {numeric[i]:R})");
            }
        }
    }

    /// <summary>A random network and input whose pre-activations are all at least 1e-3 away from a ReLU kink.</summary>
    private static (ReferenceMlp Mlp, double[] Input) RandomNetworkAwayFromKinks(Random random, int[] sizes, string[] activations, string loss)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            var mlp = RandomNetwork(random, sizes, activations, loss);
            double[] x = RandomVector(random, sizes[0], -1, 1);
            var (z, _) = mlp.Run(x, mlp.Parameters);
            bool nearKink = false;
            for (int l = 1; l < sizes.Length; l++)
            {
                if (mlp.Activations[l - 1] is "relu" or "leakyrelu" && z[l].Any(v => Math.Abs(v) < 1e-3)) nearKink = true;
            }
            if (!nearKink) return (mlp, x);
        }
        throw new InvalidOperationException("No sample away from the ReLU kinks was found.");
    }

    private static ReferenceMlp RandomNetwork(Random random, int[] sizes, string[] activations, string loss)
    {
        var parameters = RandomVector(random, ReferenceMlp.CountParameters(sizes), -0.8, 0.8);
        return new ReferenceMlp(sizes, activations, loss, parameters);
    }

    private static double[] RandomTarget(Random random, int size, string loss, bool soft)
    {
        switch (loss)
        {
            case "CrossEntropy":
                if (soft)
                {
                    double[] weights = RandomVector(random, size, 0.1, 1);
                    double sum = weights.Sum();
                    return weights.Select(w => w / sum).ToArray();
                }
                var oneHot = new double[size];
                oneHot[random.Next(size)] = 1;
                return oneHot;
            case "BCE":
                return soft ? RandomVector(random, size, 0.05, 0.95) : Enumerable.Range(0, size).Select(_ => (double)random.Next(2)).ToArray();
            default:
                return RandomVector(random, size, -1, 1);
        }
    }

    private static double[] RandomVector(Random random, int size, double min, double max) =>
        Enumerable.Range(0, size).Select(_ => min + (max - min) * random.NextDouble()).ToArray();

    private static int StableHash(string text)
    {
        int hash = 17;
        foreach (char c in text) hash = unchecked(hash * 31 + c);
        return hash & int.MaxValue;
    }
}
