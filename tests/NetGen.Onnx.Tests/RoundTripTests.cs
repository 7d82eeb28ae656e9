using System;
using System.Linq;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>Export then import gives back the network; the interpreted network computes what the generated one does.</summary>
public class RoundTripTests
{
    public static TheoryData<string> FloatNetworks => new(ExportNetworks.Float.Select(n => n.Name));

    [Fact]
    public void Save_ReplacesTheFileAtomicallyAndAFailureNamesTheTarget()
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netgen-onnx-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            string path = System.IO.Path.Combine(folder, "net.onnx");
            System.IO.File.WriteAllText(path, "an older file, longer than nothing");
            var network = new ExportSigmoidSigmoidMSE(seed: 3);
            OnnxExporter.Save(network, path);
            Assert.Equal(OnnxExporter.Export(network), System.IO.File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, System.IO.Directory.GetFiles(folder)); // no temporary file left
            Assert.Equal(ExportSigmoidSigmoidMSE.ParameterCount, OnnxImporter.Read(path).Parameters.Length);

            // A folder that does not exist: the message names the file asked for, not the temporary one beside it.
            string missing = System.IO.Path.Combine(folder, "none", "net.onnx");
            var error = Assert.ThrowsAny<System.IO.IOException>(() => OnnxExporter.Save(network, missing));
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(".netgen-tmp", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(FloatNetworks))]
    public void ExportThenImport_GivesTheSameDescriptionAndParameters(string name)
    {
        var network = ExportNetworks.Float.Single(n => n.Name == name).Create(21);
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);

        var imported = OnnxImporter.Read(OnnxExporter.Export(network), name + ".onnx");

        var expected = network.Description;
        Assert.Equal(expected.LayerSizes, imported.Description.LayerSizes);
        Assert.Equal(expected.Activations, imported.Description.Activations);
        Assert.Equal(expected.Loss, imported.Description.Loss);
        Assert.Equal(Precision.Float, imported.Description.Precision);
        Assert.Equal(parameters.Select(p => (double)p), imported.Parameters);
    }

    public static TheoryData<string> DoubleNetworks => new(ExportNetworks.Double.Select(n => n.Name));

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void ExportThenImport_DoubleNetwork_GivesTheSameDescriptionAndParameters(string name)
    {
        // Includes a LeakyReLU layer, which a double export writes as Max(z, Mul(z, 0.01)).
        var network = ExportNetworks.Double.Single(n => n.Name == name).Create(21);
        var parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);

        var imported = OnnxImporter.Read(OnnxExporter.Export(network), name + ".onnx");

        Assert.Equal(network.Description.LayerSizes, imported.Description.LayerSizes);
        Assert.Equal(network.Description.Activations, imported.Description.Activations);
        Assert.Equal(Precision.Double, imported.Description.Precision);
        Assert.Equal(parameters, imported.Parameters);
    }

    [Fact]
    public void ExportThenImport_KeepsMetadata()
    {
        var metadata = new System.Collections.Generic.Dictionary<string, string> { ["trained-on"] = "moons" };

        var imported = OnnxImporter.Read(OnnxExporter.Export(new ExportTanhSigmoidBCE(1), new OnnxExportOptions { Metadata = metadata }), "m.onnx");

        Assert.Equal(metadata, imported.Metadata);
    }

    [Theory]
    [MemberData(nameof(FloatNetworks))]
    public void InterpretedNetwork_MatchesTheGeneratedPredict(string name)
    {
        var network = ExportNetworks.Float.Single(n => n.Name == name).Create(4);
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var random = new Random(name.Length);
        for (int i = 0; i < parameters.Length; i++) parameters[i] += (float)(random.NextDouble() - 0.5) * 0.2f;
        network.LoadParameters(parameters);
        var interpreted = new InterpretedNetwork<float>(network.Description, parameters.Select(p => (double)p).ToArray());
        var input = new float[network.InputSize];
        var expected = new float[network.OutputSize];
        var actual = new float[network.OutputSize];
        var target = new float[network.OutputSize];

        for (int sample = 0; sample < 200; sample++)
        {
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 4 - 2);
            for (int k = 0; k < target.Length; k++) target[k] = (float)random.NextDouble();
            network.Predict(input, expected);
            interpreted.Predict(input, actual);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-6 * Math.Max(1, Math.Abs(expected[k])), $"{name} output {k}: {expected[k]} vs {actual[k]}");
            }
            float lossExpected = network.Loss(expected, target), lossActual = interpreted.Loss(expected, target);
            Assert.True(Math.Abs(lossExpected - lossActual) <= 1e-6 * Math.Max(1, Math.Abs(lossExpected)), $"{name} loss: {lossExpected} vs {lossActual}");
        }
    }

    [Fact]
    public void InterpretedNetwork_PredictBatch_matches_Predict_and_refuses_overlapping_spans()
    {
        var network = ExportNetworks.Float[0].Create(4);
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var interpreted = new InterpretedNetwork<float>(network.Description, parameters.Select(p => (double)p).ToArray());
        int rows = 5, inputSize = interpreted.InputSize, outputSize = interpreted.OutputSize;
        var random = new Random(8);
        var buffer = new float[rows * (inputSize + outputSize)];
        for (int i = 0; i < rows * inputSize; i++) buffer[i] = (float)(random.NextDouble() * 4 - 2);

        var e = Assert.Throws<ArgumentException>(() => interpreted.PredictBatch(buffer.AsSpan(0, rows * inputSize), buffer.AsSpan(rows * inputSize - 1, rows * outputSize)));
        Assert.Equal("outputs", e.ParamName);

        interpreted.PredictBatch(buffer.AsSpan(0, rows * inputSize), buffer.AsSpan(rows * inputSize));
        var one = new float[outputSize];
        for (int r = 0; r < rows; r++)
        {
            interpreted.Predict(buffer.AsSpan(r * inputSize, inputSize), one);
            Assert.Equal(one, buffer.AsSpan(rows * inputSize + r * outputSize, outputSize).ToArray());
        }
    }
}
