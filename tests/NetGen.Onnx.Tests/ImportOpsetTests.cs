using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using Xunit;
using static NetGen.Onnx.Tests.OnnxModels;

namespace NetGen.Onnx.Tests;

/// <summary>
/// The importer reads ops with the definitions of the model's opset. Where it imports, ONNX Runtime running the same
/// model gives what the imported network gives, row by row; where the opset's definition is not a per-row computation
/// (Softmax before opset 13 normalizing across rows), it refuses, naming the node.
/// </summary>
public class ImportOpsetTests
{
    private static readonly float[] Rows = { 0.1f, 0.2f, -0.3f, 0.4f, 1f, -1f, 0.5f, 0.5f, 2f, 0f, -2f, 1f };

    [Fact]
    public void Opset11_SoftmaxWithoutAxis_OnARank3InputWithTheBatchInside_IsAnError()
    {
        byte[] bytes = MatMulSoftmax(11, 1, Batch, 4).Bytes();
        // What ONNX makes of it: Softmax-11 (axis 1) normalizes the 3 rows' 6 values together, so a row does not sum to 1.
        float[] ort = Run(bytes, Rows, 1, 3, 4);
        Assert.Equal(1f, ort.Sum(), 5);
        Assert.NotEqual(1f, ort[0] + ort[1], 2);

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal(("sm", "Softmax"), (error.NodeName, error.OpType));
        Assert.Equal("m.onnx: node 'sm' (Softmax): axis = 1 (the default in opset 11) on a tensor of shape [1, batch, 2]: before opset 13 Softmax "
            + "normalizes over dimensions 1 to 2 flattened together, not over each row; NetGen's Softmax is over the last axis (-1)", error.Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(25)]
    public void SoftmaxWithoutAxis_OnARank2Input_IsPerRow_InEveryOpset(long opset)
    {
        // Before 13 the default axis is 1, which on [batch, features] is the last: the same per-row softmax.
        byte[] bytes = GemmClassifier(opset).Bytes();

        AssertImportMatchesOnnxRuntime(bytes, new[] { 3, 4 });
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void SoftmaxWithoutAxis_OnABatchOfSingleRowMatrices_IsPerRow(long opset)
    {
        // [batch, 1, 4], as PyTorch exports Linear on a 3-D input: before 13, axis 1 flattens a dimension of 1 into the row.
        byte[] bytes = MatMulSoftmax(opset, Batch, 1, 4).Bytes();

        AssertImportMatchesOnnxRuntime(bytes, new[] { 3, 1, 4 });
    }

    [Fact]
    public void Opset13_SoftmaxWithoutAxis_OnARank3InputWithTheBatchInside_IsPerRow()
    {
        // From 13 Softmax is over one axis, the last by default: each of the 3 rows is normalized by itself.
        byte[] bytes = MatMulSoftmax(13, 1, Batch, 4).Bytes();

        AssertImportMatchesOnnxRuntime(bytes, new[] { 1, 3, 4 });
    }

    [Fact]
    public void Opset11_SoftmaxWithAxisMinus1_OnARank3Input_IsPerRow()
    {
        var model = MatMulSoftmax(11, 1, Batch, 4);
        model.Graph.Node[2].Attribute.Add(IntAttribute("axis", -1));

        AssertImportMatchesOnnxRuntime(model.Bytes(), new[] { 1, 3, 4 });
    }

    [Theory]
    [InlineData(6)]
    [InlineData(26)]
    [InlineData(99)]
    public void AnOpsetOutsideTheSupportedRange_IsAnErrorStatingTheRange(long opset)
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(GemmClassifier(opset).Bytes(), "m.onnx"));

        Assert.Equal($"m.onnx: the model uses opset {opset}; NetGen imports opsets 7 to 25 of the default ONNX domain", error.Message);
        Assert.Null(error.NodeName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoOpsetOfTheDefaultDomain_IsAnError(bool anotherDomain)
    {
        var model = GemmClassifier();
        model.OpsetImport.Clear();
        // With no opset at all ONNX Runtime refuses the model too; with only another domain's it assumes its own
        // newest default opset, which is a guess NetGen does not make (a later opset may redefine an op).
        if (anotherDomain) model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        byte[] bytes = model.Bytes();
        if (!anotherDomain) Assert.True(OnnxRuntimeRefuses(bytes));

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.StartsWith("m.onnx: the model's opset_import names no opset of the default ONNX domain", error.Message);
        Assert.EndsWith("NetGen imports opsets 7 to 25 of the default ONNX domain", error.Message);
    }

    [Fact]
    public void TheDefaultDomainSpelledAiOnnx_IsTheDefaultDomain()
    {
        var model = GemmClassifier();
        model.OpsetImport[0].Domain = "ai.onnx";

        AssertImportMatchesOnnxRuntime(model.Bytes(), new[] { 3, 4 });
    }

    [Fact]
    public void GemmWithoutC_BeforeOpset11_IsAnError()
    {
        var model = GemmClassifier(opset: 10);
        model.Graph.Node[0].Input.RemoveAt(2);
        byte[] bytes = model.Bytes();
        Assert.True(OnnxRuntimeRefuses(bytes)); // Gemm-7 to Gemm-10 require C

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal(("gemm1", "Gemm"), (error.NodeName, error.OpType));
        Assert.Contains("Gemm in opset 10 takes (A, B, C)", error.Message);
    }

    [Fact]
    public void GemmWithoutC_FromOpset11_HasAZeroBias()
    {
        var model = GemmClassifier(opset: 11);
        model.Graph.Node[0].Input.RemoveAt(2);

        var imported = AssertImportMatchesOnnxRuntime(model.Bytes(), new[] { 3, 4 });

        Assert.Equal(new double[3], imported.Parameters.Skip(12).Take(3));
    }

    /// <summary>Imports the model and runs it in ONNX Runtime on <see cref="Rows"/> (3 rows of 4) in the given input shape: the same outputs, row by row.</summary>
    private static OnnxNetwork AssertImportMatchesOnnxRuntime(byte[] bytes, int[] shape)
    {
        var imported = OnnxImporter.Read(bytes, "m.onnx");
        var network = InterpretedNetwork<float>.From(imported);
        float[] ort = Run(bytes, Rows, shape);
        int outputs = network.OutputSize;
        Assert.Equal(3 * outputs, ort.Length);
        var row = new float[outputs];
        for (int r = 0; r < 3; r++)
        {
            network.Predict(Rows.AsSpan(r * 4, 4), row);
            for (int k = 0; k < outputs; k++) Assert.True(Math.Abs(ort[r * outputs + k] - row[k]) <= 1e-6, $"row {r}, output {k}: ONNX Runtime {ort[r * outputs + k]}, NetGen {row[k]}");
        }
        return imported;
    }

    private static float[] Run(byte[] model, float[] inputs, params int[] shape)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(inputs, shape)) });
        return results.Single().AsTensor<float>().ToArray();
    }
}
