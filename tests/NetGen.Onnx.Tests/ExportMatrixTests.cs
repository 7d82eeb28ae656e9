using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Every network of the export matrix, exported to ONNX and run by ONNX Runtime on 1,000 random inputs: ORT's outputs
/// equal NetGen's Predict to 1e-6 (float; 1e-12 for double networks).
/// </summary>
/// <remarks>
/// The bound is absolute for outputs in [-1, 1] (every Sigmoid, Tanh and Softmax output) and relative beyond:
/// |ORT - NetGen| &lt;= 1e-6 max(1, |NetGen|). An absolute 1e-6 cannot hold for a float output above 8, whose spacing
/// (ulp) is already 9.5e-7, and ORT's Gemm sums in another order (blocked, with fused multiply-adds) than NetGen's
/// unrolled code. The absolute maximum is reported beside it.
/// </remarks>
public class ExportMatrixTests(ITestOutputHelper output)
{
    private const int Samples = 1000;

    public static IEnumerable<object[]> FloatNetworks => ExportNetworks.Float.Select(n => new object[] { n.Name });

    public static IEnumerable<object[]> DoubleNetworks => ExportNetworks.Double.Select(n => new object[] { n.Name });

    [Theory]
    [MemberData(nameof(FloatNetworks))]
    public void FloatNetwork_OrtMatchesPredict(string name)
    {
        var network = ExportNetworks.Float.Single(n => n.Name == name).Create(11);
        var (absolute, scaled) = MaxDifference(network, seed: name.Length);
        output.WriteLine($"{name} {network.Description}: max |ORT - NetGen| = {absolute:E3}, scaled {scaled:E3}");
        Assert.True(scaled <= 1e-6, $"{name}: max |ORT - NetGen| / max(1, |NetGen|) = {scaled:E3} > 1e-6");
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void DoubleNetwork_OrtMatchesPredict(string name)
    {
        var network = ExportNetworks.Double.Single(n => n.Name == name).Create(5);
        var (absolute, scaled) = MaxDifference(network, seed: name.Length);
        output.WriteLine($"{name} {network.Description}: max |ORT - NetGen| = {absolute:E3}, scaled {scaled:E3}");
        Assert.True(scaled <= 1e-12, $"{name}: max |ORT - NetGen| / max(1, |NetGen|) = {scaled:E3} > 1e-12");
    }

    [Fact]
    public void WholeMatrix_MaxDifference()
    {
        var floats = ExportNetworks.Float.Select(n => MaxDifference(n.Create(11), seed: n.Name.Length)).ToList();
        var doubles = ExportNetworks.Double.Select(n => MaxDifference(n.Create(5), seed: n.Name.Length)).ToList();
        string line = $"Export matrix, {Samples} random inputs per network: {floats.Count} float networks, max |ORT - NetGen| = "
            + $"{floats.Max(d => d.Absolute):E3} (scaled by max(1, |NetGen|): {floats.Max(d => d.Scaled):E3}); {doubles.Count} double "
            + $"networks, max = {doubles.Max(d => d.Absolute):E3} (scaled {doubles.Max(d => d.Scaled):E3})";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(floats.Max(d => d.Scaled) <= 1e-6, line);
        Assert.True(doubles.Max(d => d.Scaled) <= 1e-12, line);
    }

    /// <summary>Exports, runs ORT on a batch of random inputs in [-2, 2] and compares each row with Predict.</summary>
    internal static (double Absolute, double Scaled) MaxDifference<T>(IPredictor<T> network, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Random biases too: the generated initialization leaves them at zero, which would leave the bias path untested.
        var parameters = new T[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var random = new Random(seed);
        foreach (var layer in network.Description.Layers)
        {
            for (int j = 0; j < layer.Outputs; j++) parameters[layer.BiasOffset + j] = T.CreateChecked(random.NextDouble() - 0.5);
        }
        network.LoadParameters(parameters);

        int inputs = network.InputSize, outputs = network.OutputSize;
        var batch = new T[Samples * inputs];
        for (int i = 0; i < batch.Length; i++) batch[i] = T.CreateChecked(random.NextDouble() * 4 - 2);

        var ort = OrtRunner.Run(OnnxExporter.Export(network), batch, Samples);

        Assert.Equal(Samples * outputs, ort.Length);
        var expected = new T[outputs];
        double max = 0, scaled = 0;
        for (int row = 0; row < Samples; row++)
        {
            network.Predict(batch.AsSpan(row * inputs, inputs), expected);
            for (int k = 0; k < outputs; k++)
            {
                double netgen = double.CreateChecked(expected[k]);
                double difference = Math.Abs(double.CreateChecked(ort[row * outputs + k]) - netgen);
                max = Math.Max(max, difference);
                scaled = Math.Max(scaled, difference / Math.Max(1, Math.Abs(netgen)));
            }
        }
        return (max, scaled);
    }
}
