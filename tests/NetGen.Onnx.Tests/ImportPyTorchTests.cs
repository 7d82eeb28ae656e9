using System;
using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Models PyTorch itself trained and exported (scripts/make-pytorch-fixture.py), imported into NetGen: the generated
/// class loaded from the imported model file, and the interpreted network, match PyTorch's outputs to 1e-6.
/// </summary>
public class ImportPyTorchTests(ITestOutputHelper output)
{
    [Fact]
    public void Classifier_GemmForm_ImportsAsTheDeclaredArchitecture()
    {
        var imported = OnnxImporter.Read(PyTorchFixture.Load("pytorch-classifier").OnnxPath);

        Assert.Equal(new[] { 4, 16, 8, 3 }, imported.Description.LayerSizes);
        Assert.Equal(new[] { ActivationFunction.ReLU, ActivationFunction.Tanh, ActivationFunction.Softmax }, imported.Description.Activations);
        Assert.Equal(LossFunction.CrossEntropy, imported.Description.Loss);
        Assert.Equal(Precision.Float, imported.Description.Precision);
        Assert.Equal(PyTorchClassifier.Description.ToAttribute(), imported.Attribute);
        Assert.Equal(PyTorchClassifier.ArchitectureFingerprint, imported.Description.Fingerprint);
    }

    [Fact]
    public void Regressor_MatMulAddForm_ImportsAsTheDeclaredArchitecture()
    {
        var imported = OnnxImporter.Read(PyTorchFixture.Load("pytorch-regressor").OnnxPath);

        Assert.Equal(new[] { 3, 8, 8, 2 }, imported.Description.LayerSizes);
        Assert.Equal(new[] { ActivationFunction.LeakyReLU, ActivationFunction.Sigmoid, ActivationFunction.Linear }, imported.Description.Activations);
        Assert.Equal(LossFunction.MSE, imported.Description.Loss);
        Assert.Equal(PyTorchRegressor.Description.ToAttribute(), imported.Attribute);
    }

    [Fact]
    public void Classifier_GeneratedClassFromTheImportedModelFile_MatchesPyTorch()
    {
        double max = GeneratedMaxDifference("pytorch-classifier", new PyTorchClassifier());
        output.WriteLine($"pytorch-classifier: max |PyTorch - NetGen| = {max:E3}");
        Assert.True(max <= 1e-6, $"max |PyTorch - NetGen| = {max:E3}");
    }

    [Fact]
    public void Regressor_GeneratedClassFromTheImportedModelFile_MatchesPyTorch()
    {
        double max = GeneratedMaxDifference("pytorch-regressor", new PyTorchRegressor());
        output.WriteLine($"pytorch-regressor: max |PyTorch - NetGen| = {max:E3}");
        Assert.True(max <= 1e-6, $"max |PyTorch - NetGen| = {max:E3}");
    }

    [Theory]
    [InlineData("pytorch-classifier")]
    [InlineData("pytorch-regressor")]
    public void InterpretedNetwork_OfTheImportedModel_MatchesPyTorch(string name)
    {
        var fixture = PyTorchFixture.Load(name);
        var network = InterpretedNetwork<float>.From(OnnxImporter.Read(fixture.OnnxPath));

        double max = fixture.MaxDifference(network);

        output.WriteLine($"{name}, interpreted: max |PyTorch - NetGen| = {max:E3}");
        Assert.True(max <= 1e-6, $"max |PyTorch - NetGen| = {max:E3}");
    }

    [Fact]
    public void Fixture_MaxDifference_Summary()
    {
        double classifier = GeneratedMaxDifference("pytorch-classifier", new PyTorchClassifier());
        double regressor = GeneratedMaxDifference("pytorch-regressor", new PyTorchRegressor());
        string line = $"PyTorch fixture, 32 inputs each: classifier (Gemm) max |PyTorch - NetGen| = {classifier:E3}, regressor (MatMul + Add) = {regressor:E3}";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(Math.Max(classifier, regressor) <= 1e-6, line);
    }

    /// <summary>Imports the ONNX file, writes it as a NetGen model file, loads that into the generated class and compares.</summary>
    private static double GeneratedMaxDifference<TNet>(string name, TNet network) where TNet : IPredictor<float>
    {
        var fixture = PyTorchFixture.Load(name);
        string modelFile = Path.Combine(Path.GetTempPath(), $"netgen-{name}-{Guid.NewGuid():N}.json");
        try
        {
            OnnxImporter.Read(fixture.OnnxPath).WriteModelFile(modelFile);
            var info = ModelFile.Load(network, modelFile);
            Assert.Empty(info.Warnings);
            return fixture.MaxDifference(network);
        }
        finally
        {
            File.Delete(modelFile);
        }
    }
}
