using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Generated;

/// <summary>
/// Backward's gradients against central finite differences of the generated network's own Predict + Loss, and against
/// the independent reference implementation, for every valid activation x loss pairing.
/// </summary>
public class GradientCheckTests
{
    public static IEnumerable<object[]> Networks() => GradientCheckNetworks.All.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Networks))]
    public void Backward_matches_finite_differences_and_the_reference(CheckedNetwork spec)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var network = spec.Create(seed);
            var random = new Random(100 + seed);
            double[] input = RandomVector(random, network.InputSize);
            double[] target = TargetFor(spec, random);
            double[] parameters = new double[network.ParameterCount];
            network.CopyParametersTo(parameters);

            // Analytic gradient from one Forward + Backward.
            double[] output = new double[network.OutputSize];
            network.Forward(input, output);
            double loss = network.Backward(target);
            double[] analytic = new double[network.ParameterCount];
            network.CopyGradientsTo(analytic);

            // The reference agrees on the forward pass, the loss and the gradient.
            var reference = new ReferenceMlp(spec.LayerSizes, spec.Activations, spec.Loss, parameters);
            AssertClose(reference.Forward(input), output, 1e-12, $"{spec.Name} seed {seed}: outputs");
            Assert.True(Math.Abs(reference.Loss(input, target) - loss) <= 1e-12 * Math.Max(1, Math.Abs(loss)),
                $"{spec.Name} seed {seed}: loss {loss} vs reference {reference.Loss(input, target)}");
            AssertSameGradient(reference.Gradient(input, target), analytic, $"{spec.Name} seed {seed}: reference gradient");

            // Finite differences of the generated network's own pure path: Predict, then the static loss.
            double LossAt(double[] p)
            {
                var probe = spec.Create(0);
                probe.LoadParameters(p);
                var y = new double[probe.OutputSize];
                probe.Predict(input, y);
                return probe.Loss(y, target);
            }
            double[] numeric = ReferenceMlp.NumericGradient(LossAt, parameters, h: 1e-6);
            AssertGradientsAgree(numeric, analytic, $"{spec.Name} seed {seed}: finite differences");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_batch_accumulates_the_mean_gradient_and_Step_applies_it(CheckedNetwork spec)
    {
        var network = spec.Create(5);
        var random = new Random(7);
        var inputs = Enumerable.Range(0, 3).Select(_ => RandomVector(random, network.InputSize)).ToArray();
        var targets = Enumerable.Range(0, 3).Select(_ => TargetFor(spec, random)).ToArray();
        var before = new double[network.ParameterCount];
        network.CopyParametersTo(before);
        var reference = new ReferenceMlp(spec.LayerSizes, spec.Activations, spec.Loss, before);

        var output = new double[network.OutputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            network.Forward(inputs[i], output);
            network.Backward(targets[i]);
        }
        Assert.Equal(3, network.AccumulatedSamples);
        var mean = new double[network.ParameterCount];
        network.CopyGradientsTo(mean);
        double[] expected = reference.BatchGradient(inputs, targets);
        AssertSameGradient(expected, mean, spec.Name + ": batch mean");

        network.Step(0.25);
        Assert.Equal(0, network.AccumulatedSamples);
        var after = new double[network.ParameterCount];
        network.CopyParametersTo(after);
        for (int i = 0; i < after.Length; i++)
        {
            double want = before[i] - 0.25 * expected[i];
            Assert.True(Math.Abs(after[i] - want) <= 1e-12 * Math.Max(1, Math.Abs(want)), $"{spec.Name}: parameter {i} is {after[i]}, expected {want}");
        }
        var cleared = new double[network.ParameterCount];
        network.CopyGradientsTo(cleared);
        Assert.All(cleared, g => Assert.Equal(0.0, g));
    }

    internal static double[] RandomVector(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();

    /// <summary>A target the loss accepts: a probability distribution for CrossEntropy, values in [0, 1] for BCE.</summary>
    internal static double[] TargetFor(CheckedNetwork spec, Random random)
    {
        int outputs = spec.LayerSizes[^1];
        switch (spec.Loss)
        {
            case "CrossEntropy":
                var target = new double[outputs];
                target[random.Next(outputs)] = 1;
                return target;
            case "BCE":
                return Enumerable.Range(0, outputs).Select(_ => random.NextDouble()).ToArray();
            default:
                return RandomVector(random, outputs);
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }

    /// <summary>
    /// Finite differences: the relative error of the whole vector, ||a - b|| / (||a|| + ||b||), is below 1e-6, and so is
    /// each component's |a - b| / (|a| + |b|) up to an absolute 1e-9, the rounding noise of a central difference with
    /// h = 1e-6 on a loss of order 1 (about 1e-16 / 1e-6).
    /// </summary>
    internal static void AssertGradientsAgree(double[] expected, double[] actual, string what) =>
        AssertGradientsAgree(expected, actual, what, relative: 1e-6, absolute: 1e-9);

    /// <summary>Two analytic gradients differ only by rounding: 1e-9 relative, up to an absolute 1e-14.</summary>
    internal static void AssertSameGradient(double[] expected, double[] actual, string what) =>
        AssertGradientsAgree(expected, actual, what, relative: 1e-9, absolute: 1e-14);

    internal static void AssertGradientsAgree(double[] expected, double[] actual, string what, double relative, double absolute)
    {
        Assert.Equal(expected.Length, actual.Length);
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i] + actual[i] * actual[i];
        }
        double vectorError = norm == 0 ? 0 : Math.Sqrt(diff) / Math.Sqrt(norm);
        Assert.True(vectorError < relative, $"{what}: relative error of the vector {vectorError:E2}");
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            double allowed = relative * (Math.Abs(expected[i]) + Math.Abs(actual[i])) + absolute;
            Assert.True(error <= allowed, $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R}, |difference| {error:E2}");
        }
    }
}
