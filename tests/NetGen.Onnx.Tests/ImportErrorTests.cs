using System;
using System.Linq;
using Google.Protobuf;
using Onnx;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>Models NetGen cannot represent are errors naming the node and its op.</summary>
public class ImportErrorTests
{
    [Fact]
    public void Conv_IsAnErrorNamingTheNodeAndOp()
    {
        var model = Chain(("Conv", "conv1"));

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model, "net.onnx"));

        Assert.Equal(("conv1", "Conv"), (error.NodeName, error.OpType));
        Assert.StartsWith("net.onnx: node 'conv1' (Conv): Conv has no NetGen equivalent. NetGen imports a chain of dense layers", error.Message);
    }

    [Fact]
    public void BatchNormalization_AfterADenseLayer_IsAnError()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(Chain(("Gemm", "fc1"), ("BatchNormalization", "bn1")), "net.onnx"));

        Assert.Equal(("bn1", "BatchNormalization"), (error.NodeName, error.OpType));
    }

    [Fact]
    public void UnsupportedActivation_IsAnError()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(Chain(("Gemm", "fc1"), ("Elu", "act1")), "net.onnx"));

        Assert.Equal("net.onnx: node 'act1' (Elu): Elu has no NetGen equivalent. NetGen imports a chain of dense layers (Gemm, or MatMul + Add) "
            + "with Relu, LeakyRelu (alpha 0.01), Sigmoid, Tanh or Softmax (last axis, output layer) after each, plus Flatten and Identity.", error.Message);
    }

    [Fact]
    public void LeakyReluWithAnotherSlope_IsAnError()
    {
        var model = Parse(Chain(("Gemm", "fc1"), ("LeakyRelu", "act1")));
        model.Graph.Node[1].Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.2f });

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.ToByteArray(), "net.onnx"));

        Assert.Equal("net.onnx: node 'act1' (LeakyRelu): alpha = 0.2; NetGen's LeakyReLU has slope 0.01", error.Message);
    }

    [Fact]
    public void BranchingGraph_IsAnErrorNamingTheNodeThatJoins()
    {
        // x -> fc1 -> relu, and a residual Add(relu, x): the Add reads two data tensors.
        var model = Parse(Chain(("Gemm", "fc1"), ("Relu", "act1")));
        var add = new NodeProto { OpType = "Add", Name = "residual" };
        add.Input.Add("t2");
        add.Input.Add("input");
        add.Output.Add("t3");
        model.Graph.Node.Add(add);
        model.Graph.Output[0].Name = "t3";

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.ToByteArray(), "net.onnx"));

        Assert.Equal(("residual", "Add"), (error.NodeName, error.OpType));
        Assert.Contains("reads 't2', 'input' besides constants", error.Message);
        Assert.Contains("a branching graph", error.Message);
    }

    [Fact]
    public void SoftmaxOnAHiddenLayer_IsAnError()
    {
        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxImporter.Read(Chain(("Gemm", "fc1"), ("Softmax", "soft"), ("Gemm", "fc2")), "net.onnx"));

        Assert.Contains("NetGen applies Softmax to the output layer only", error.Message);
    }

    [Fact]
    public void ActivationWithoutADenseLayer_IsAnError()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(Chain(("Relu", "first")), "net.onnx"));

        Assert.Equal(("first", "Relu"), (error.NodeName, error.OpType));
        Assert.Contains("follows no dense layer", error.Message);
    }

    [Fact]
    public void NotAnOnnxFile_IsAnError()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(new byte[] { 0xFF, 0xFF, 0xFF, 0x01, 0x02 }, "model.json"));

        Assert.StartsWith("model.json: not an ONNX model", error.Message);
        Assert.Null(error.NodeName);
    }

    [Fact]
    public void GemmWithoutTransB_IsTransposed()
    {
        // B stored [in, out] (transB = 0) = [[1, 2, 3], [4, 5, 6]] for 2 inputs and 3 outputs: W = B^T.
        var model = Parse(Chain(("Gemm", "fc1")));
        var b = model.Graph.Initializer.Single(t => t.Name == "w0");
        b.Dims.Clear();
        b.Dims.AddRange(new long[] { 2, 3 });
        b.FloatData.Clear();
        b.FloatData.AddRange(new float[] { 1, 2, 3, 4, 5, 6 });
        model.Graph.Node[0].Attribute.Clear();
        var bias = model.Graph.Initializer.Single(t => t.Name == "b0");
        bias.Dims[0] = 3;
        bias.FloatData.Clear();
        bias.FloatData.AddRange(new float[] { 0.5f, -0.5f, 2 });

        var imported = OnnxImporter.Read(model.ToByteArray(), "net.onnx");

        Assert.Equal(new[] { 2, 3 }, imported.Description.LayerSizes);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6, 0.5, -0.5, 2 }, imported.Parameters);
    }

    private static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);

    /// <summary>A chain input -> node -> node ... -> output; each Gemm is 2 -> 2 with transB = 1 and its own initializers.</summary>
    private static byte[] Chain(params (string Op, string Name)[] nodes)
    {
        var graph = new GraphProto { Name = "test" };
        graph.Input.Add(new ValueInfoProto { Name = "input" });
        string current = "input";
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = new NodeProto { OpType = nodes[i].Op, Name = nodes[i].Name };
            node.Input.Add(current);
            if (nodes[i].Op == "Gemm")
            {
                var w = new TensorProto { Name = "w" + i, DataType = (int)TensorProto.Types.DataType.Float };
                w.Dims.AddRange(new long[] { 2, 2 });
                w.FloatData.AddRange(new float[] { 1, 2, 3, 4 });
                var b = new TensorProto { Name = "b" + i, DataType = (int)TensorProto.Types.DataType.Float };
                b.Dims.Add(2);
                b.FloatData.AddRange(new float[] { 0.5f, -0.5f });
                graph.Initializer.Add(w);
                graph.Initializer.Add(b);
                node.Input.Add(w.Name);
                node.Input.Add(b.Name);
                node.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            }
            current = "t" + (i + 1);
            node.Output.Add(current);
            graph.Node.Add(node);
        }
        graph.Output.Add(new ValueInfoProto { Name = current });
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 13 });
        return model.ToByteArray();
    }
}
