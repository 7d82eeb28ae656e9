using System;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace NetGen.Onnx.Tests;

/// <summary>
/// ONNX models built field by field, as another exporter could write them: a valid one to start from, which a test
/// then breaks one field of. Weights are fixed pseudo-random numbers; what a model computes is checked with ONNX Runtime.
/// </summary>
public static class OnnxModels
{
    /// <summary>A dimension that is symbolic ('batch') in <see cref="Value"/>.</summary>
    public const long Batch = -1;

    /// <summary>
    /// A valid 4-3-2 classifier: Gemm (transB = 1) 'gemm1', Relu 'relu1', Gemm 'gemm2', Softmax 'sm' (no axis
    /// attribute), input 'input' [batch, 4], output 'output' [batch, 2], weights W1, b1, W2, b2 as initializers.
    /// </summary>
    public static ModelProto GemmClassifier(long opset = 13)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Value("input", Batch, 4));
        graph.Output.Add(Value("output", Batch, 2));
        graph.Initializer.Add(Tensor("W1", Numbers(12, 1), 3, 4));
        graph.Initializer.Add(Tensor("b1", Numbers(3, 2), 3));
        graph.Initializer.Add(Tensor("W2", Numbers(6, 3), 2, 3));
        graph.Initializer.Add(Tensor("b2", Numbers(2, 4), 2));
        graph.Node.Add(Gemm("gemm1", "input", "W1", "b1", "z1"));
        graph.Node.Add(Node("Relu", "relu1", new[] { "z1" }, "a1"));
        graph.Node.Add(Gemm("gemm2", "a1", "W2", "b2", "z2"));
        graph.Node.Add(Node("Softmax", "sm", new[] { "z2" }, "output"));
        return Model(graph, opset);
    }

    /// <summary>
    /// A 4-2 layer as MatMul 'mm' + Add 'add' (W [4, 2], b [2]) and then Softmax 'sm' (no axis attribute), on an input
    /// 'input' of the given declared shape (the output declared the same, with 2 last).
    /// </summary>
    public static ModelProto MatMulSoftmax(long opset, params long[] inputShape)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Value("input", inputShape));
        graph.Output.Add(Value("output", inputShape.Take(inputShape.Length - 1).Append(2).ToArray()));
        graph.Initializer.Add(Tensor("W", Numbers(8, 5), 4, 2));
        graph.Initializer.Add(Tensor("b", Numbers(2, 6), 2));
        graph.Node.Add(Node("MatMul", "mm", new[] { "input", "W" }, "y"));
        graph.Node.Add(Node("Add", "add", new[] { "y", "b" }, "z"));
        graph.Node.Add(Node("Softmax", "sm", new[] { "z" }, "output"));
        return Model(graph, opset);
    }

    public static ModelProto Model(GraphProto graph, long opset)
    {
        var model = new ModelProto { IrVersion = 7, Graph = graph, ProducerName = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    /// <summary>A float tensor value info; <see cref="Batch"/> is the symbolic dimension 'batch'.</summary>
    public static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(d == Batch ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static TensorProto Tensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static NodeProto Node(string op, string name, string[] inputs, params string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    public static NodeProto Gemm(string name, string a, string b, string c, string output)
    {
        var node = Node("Gemm", name, new[] { a, b, c }, output);
        node.Attribute.Add(IntAttribute("transB", 1));
        return node;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>Fixed numbers in [-0.5, 0.5).</summary>
    public static float[] Numbers(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }

    /// <summary>Whether ONNX Runtime refuses to load the model (its own reading of the ONNX specification).</summary>
    public static bool OnnxRuntimeRefuses(byte[] model)
    {
        try
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { LogSeverityLevel = Microsoft.ML.OnnxRuntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model, options);
            return false;
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return true;
        }
    }

    public static byte[] Bytes(this ModelProto model) => model.ToByteArray();
}
