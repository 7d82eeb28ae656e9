using Onnx;
using Xunit;
using static NetGen.Onnx.Tests.OnnxModels;

namespace NetGen.Onnx.Tests;

/// <summary>
/// The declared shapes of the graph's input and output, when given, must fit the weights; a model that declares
/// otherwise (which ONNX Runtime refuses, or runs with other shapes than declared) is an error naming the input or output.
/// </summary>
public class ImportShapeTests
{
    [Fact]
    public void DeclaredInputFeatures_OtherThanTheFirstLayersInputs_IsAnErrorNamingTheInput()
    {
        var model = GemmClassifier();
        model.Graph.Input[0] = Value("input", Batch, 5);
        byte[] bytes = model.Bytes();
        Assert.True(OnnxRuntimeRefuses(bytes));

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal("m.onnx: the graph input 'input' is declared [batch, 5], which gives rows of 5 features, but the first dense layer ('gemm1') takes 4", error.Message);
    }

    [Fact]
    public void Rank3Input_IntoGemm_IsAnErrorNamingTheNodeAndTheInput()
    {
        var model = GemmClassifier();
        model.Graph.Input[0] = Value("input", 1, Batch, 4);
        byte[] bytes = model.Bytes();
        Assert.True(OnnxRuntimeRefuses(bytes));

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal("m.onnx: node 'gemm1' (Gemm): reads a tensor of shape [1, batch, 4] (the graph input 'input' is declared [1, batch, 4]); "
            + "Gemm multiplies a 2-D [batch, features] matrix", error.Message);
    }

    [Fact]
    public void Rank1Input_IsAnErrorNamingTheInput()
    {
        var model = GemmClassifier();
        model.Graph.Input[0] = Value("input", 4);

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.Bytes(), "m.onnx"));

        Assert.Equal("m.onnx: the graph input 'input' is declared [4]; NetGen reads a batch of rows, [batch, features]", error.Message);
    }

    [Fact]
    public void DeclaredOutputFeatures_OtherThanTheLastLayersOutputs_IsAnErrorNamingTheOutput()
    {
        var model = GemmClassifier();
        model.Graph.Output[0] = Value("output", Batch, 7);

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.Bytes(), "m.onnx"));

        Assert.Equal("m.onnx: the graph output 'output' is declared [batch, 7], but the last dense layer has 2 outputs", error.Message);
    }

    [Fact]
    public void DeclaredOutputRank_OtherThanTheChains_IsAnErrorNamingTheOutput()
    {
        var model = GemmClassifier();
        model.Graph.Output[0] = Value("output", 1, Batch, 2);

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.Bytes(), "m.onnx"));

        Assert.Equal("m.onnx: the graph output 'output' is declared [1, batch, 2], but the chain gives a tensor of rank 2, [batch, 2]", error.Message);
    }

    [Fact]
    public void AFixedBatchSize_AndAnUndeclaredShape_Import()
    {
        var fixedBatch = GemmClassifier();
        fixedBatch.Graph.Input[0] = Value("input", 8, 4);
        fixedBatch.Graph.Output[0] = Value("output", 8, 2);
        var undeclared = GemmClassifier();
        undeclared.Graph.Input[0] = new ValueInfoProto { Name = "input" };
        undeclared.Graph.Output[0] = new ValueInfoProto { Name = "output" };

        Assert.Equal(new[] { 4, 3, 2 }, OnnxImporter.Read(fixedBatch.Bytes(), "m.onnx").Description.LayerSizes);
        Assert.Equal(new[] { 4, 3, 2 }, OnnxImporter.Read(undeclared.Bytes(), "m.onnx").Description.LayerSizes);
    }

    [Fact]
    public void AnIntegerInput_IsAnErrorNamingTheInput()
    {
        var model = GemmClassifier();
        model.Graph.Input[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int64;
        byte[] bytes = model.Bytes();
        Assert.True(OnnxRuntimeRefuses(bytes));

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal("m.onnx: the graph input 'input' is a tensor of Int64; NetGen imports float and double networks", error.Message);
    }

    [Fact]
    public void ADoubleInput_IntoFloatWeights_IsAnErrorNamingTheInput()
    {
        var model = GemmClassifier();
        model.Graph.Input[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Double;
        byte[] bytes = model.Bytes();
        Assert.True(OnnxRuntimeRefuses(bytes));

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal("m.onnx: the graph input 'input' is declared a tensor of Double, but the weights are Float", error.Message);
    }
}
