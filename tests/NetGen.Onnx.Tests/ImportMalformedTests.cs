using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Onnx;
using Xunit;
using static NetGen.Onnx.Tests.OnnxModels;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Malformed models (one field of a valid model broken, as an outside audit found them) are an OnnxImportException
/// naming the node and its op: never an OverflowException, InvalidOperationException, ArgumentException or index error.
/// Where ONNX Runtime, reading the same bytes, also refuses them, that is asserted too: it is the independent reading
/// of the specification that says the file is malformed, not NetGen's own.
/// </summary>
public class ImportMalformedTests
{
    private static readonly Dictionary<string, (Func<ModelProto> Make, string Node, string Op, string Says, bool OrtRefuses)> Cases = new()
    {
        ["weights with negative dimensions"] = (() => With(m => m.Graph.Initializer[0] = Tensor("W1", Numbers(12, 1), -3, -4)),
            "gemm1", "Gemm", "the tensor 'W1' has shape [-3, -4], with a negative dimension", true),
        ["weights of 2^32 x 2^32 with no data"] = (() => With(m => m.Graph.Initializer[0] = Tensor("W1", Array.Empty<float>(), 1L << 32, 1L << 32)),
            "gemm1", "Gemm", "the tensor 'W1' has shape [4294967296, 4294967296]: more values than an array holds", true),
        ["weights of 2^62 x 4 (a product that overflows a long)"] = (() => With(m => m.Graph.Initializer[0] = Tensor("W1", Array.Empty<float>(), 1L << 62, 4)),
            "gemm1", "Gemm", "more values than an array holds", true),
        ["zero-sized weights"] = (() => With(m =>
            {
                m.Graph.Initializer[0] = Tensor("W1", Array.Empty<float>(), 0, 4);
                m.Graph.Initializer[1] = Tensor("b1", Array.Empty<float>(), 0);
                m.Graph.Initializer[2] = Tensor("W2", Array.Empty<float>(), 2, 0);
            }),
            "gemm1", "Gemm", "the weights 'W1' have shape [0, 4]; a dense layer has at least one input and one output", false),
        ["raw data that is not a whole number of floats"] = (() => With(m =>
            {
                var w = new TensorProto { Name = "W1", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[47]) };
                w.Dims.AddRange(new long[] { 3, 4 });
                m.Graph.Initializer[0] = w;
            }),
            "gemm1", "Gemm", "the tensor 'W1' has 47 bytes of raw data, not a whole number of 4-byte values", true),
        ["Gemm without its weights input"] = (() => With(m =>
            {
                m.Graph.Node[0].Input.RemoveAt(2);
                m.Graph.Node[0].Input.RemoveAt(1);
            }),
            "gemm1", "Gemm", "inputs ('input'); Gemm in opset 13 takes (A, B, optional C)", true),
        ["Gemm reading the weights as A"] = (() => With(m => m.Graph.Node[0].Input[0] = "W1"),
            "gemm1", "Gemm", "reads no tensor besides constants", false),
        ["Gemm with transB stored as a FLOAT attribute"] = (() => With(m =>
            {
                m.Graph.Node[0].Attribute.Clear();
                m.Graph.Node[0].Attribute.Add(FloatAttribute("transB", 1));
            }),
            "gemm1", "Gemm", "the attribute 'transB' is Float; Gemm's transB is an INT", true),
        ["Gemm with an attribute it does not have"] = (() => With(m => m.Graph.Node[0].Attribute.Add(IntAttribute("broadcast", 1))),
            "gemm1", "Gemm", "the attribute 'broadcast', which Gemm does not have", true),
        ["Add with one input after MatMul"] = (() => With(m =>
            {
                m.Graph.Node[0] = Node("MatMul", "mm", new[] { "input", "W1t" }, "y1");
                m.Graph.Initializer.Add(Tensor("W1t", Numbers(12, 1), 4, 3));
                m.Graph.Node.Insert(1, Node("Add", "add1", new[] { "y1" }, "z1"));
            }),
            "add1", "Add", "inputs ('y1'); NetGen imports Add(y, b) of the MatMul's output ('y1') and a constant bias b", true),
        ["MatMul with one input"] = (() => With(m => m.Graph.Node[0] = Node("MatMul", "mm", new[] { "input" }, "z1")),
            "mm", "MatMul", "inputs ('input'); NetGen imports MatMul(x, W)", true),
        ["Relu with two inputs"] = (() => With(m => m.Graph.Node[1].Input.Add("b1")),
            "relu1", "Relu", "inputs ('z1', 'b1'); Relu takes one", true),
        ["Constant with two outputs"] = (() => With(m => m.Graph.Node.Insert(0, Constant("c", "k1", "k2"))),
            "c", "Constant", "a Constant with 2 outputs; a Constant has one named output", true),
        ["Constant with zero outputs"] = (() => With(m => m.Graph.Node.Insert(0, Constant("c"))),
            "c", "Constant", "a Constant with 0 outputs; a Constant has one named output", true),
        ["Constant whose value is not a tensor"] = (() => With(m =>
            {
                var c = Node("Constant", "c", Array.Empty<string>(), "k");
                c.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
                m.Graph.Node.Insert(0, c);
            }),
            "c", "Constant", "a Constant whose 'value' attribute is Float, not a tensor", false),
        ["Softmax with axis stored as a STRING attribute"] = (() => With(m =>
            m.Graph.Node[3].Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("-1") })),
            "sm", "Softmax", "the attribute 'axis' is String; Softmax's axis is an INT", true),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MalformedModel_IsAnOnnxImportExceptionNamingTheNodeAndOp(string name)
    {
        var (make, node, op, says, ortRefuses) = Cases[name];
        byte[] bytes = make().Bytes();

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "m.onnx"));

        Assert.Equal((node, op), (error.NodeName, error.OpType));
        Assert.Contains(says, error.Message);
        Assert.StartsWith($"m.onnx: node '{node}' ({op}): ", error.Message);
        if (ortRefuses) Assert.True(OnnxRuntimeRefuses(bytes), "ONNX Runtime loads it");
    }

    [Fact]
    public void TheValidModelTheCasesStartFrom_Imports()
    {
        byte[] bytes = GemmClassifier().Bytes();

        Assert.False(OnnxRuntimeRefuses(bytes));
        Assert.Equal(new[] { 4, 3, 2 }, OnnxImporter.Read(bytes, "m.onnx").Description.LayerSizes);
    }

    /// <summary>
    /// Thousands of random mutations of valid models, of their bytes and of their fields (dimensions, inputs and outputs,
    /// attributes and their types, op types, opsets, declared shapes): each import gives a network or an
    /// OnnxImportException, nothing else. A network it gives must be one the [Mlp] generator accepts and the interpreter
    /// runs. Fixed seed: a failure names the iteration, which replays it.
    /// </summary>
    [Fact]
    public void RandomMutations_GiveANetworkOrAnOnnxImportException()
    {
        var random = new Random(20260207);
        var seeds = new[] { GemmClassifier(), GemmClassifier(opset: 11), MatMulSoftmax(13, Batch, 1, 4), MatMulSoftmax(11, Batch, 4) };
        int imported = 0, refused = 0;
        for (int iteration = 0; iteration < 6000; iteration++)
        {
            var model = seeds[random.Next(seeds.Length)].Clone();
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations; m++) MutateField(model, random);
            byte[] bytes = model.ToByteArray();
            if (random.Next(3) == 0) bytes = MutateBytes(bytes, random);
            try
            {
                var network = OnnxImporter.Read(bytes, "fuzz.onnx");
                var d = network.Description;
                Assert.True(network.Parameters.Length == d.ParameterCount, $"iteration {iteration}: parameter count");
                Assert.DoesNotContain(ActivationFunction.Softmax, d.Activations.Take(d.Activations.Count - 1));
                Assert.True((d.Loss == LossFunction.CrossEntropy) == (d.Activations[^1] == ActivationFunction.Softmax), $"iteration {iteration}: {network.Attribute}");
                Assert.True(d.Loss != LossFunction.BCE || d.Activations[^1] == ActivationFunction.Sigmoid, $"iteration {iteration}: {network.Attribute}");
                _ = new InterpretedNetwork<double>(d, network.Parameters);
                imported++;
            }
            catch (OnnxImportException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {iteration}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        // Both outcomes occur: the mutations neither always break the model nor never do.
        Assert.True(imported > 100 && refused > 100, $"imported {imported}, refused {refused}");
    }

    private static ModelProto With(Action<ModelProto> change)
    {
        var model = GemmClassifier();
        change(model);
        return model;
    }

    private static NodeProto Constant(string name, params string[] outputs)
    {
        var node = Node("Constant", name, Array.Empty<string>(), outputs);
        node.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Tensor("", new float[] { 1 }, 1) });
        return node;
    }

    private static readonly string[] Ops = { "Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Softmax", "Flatten", "Identity", "Constant", "Mul", "Max", "Conv" };
    private static readonly long[] Dims = { -1, 0, 1, 2, 3, 4, 5, 1L << 31, 1L << 32, long.MaxValue, long.MinValue };

    private static void MutateField(ModelProto model, Random random)
    {
        var g = model.Graph;
        T Pick<T>(IList<T> list) => list[random.Next(list.Count)];
        switch (random.Next(16))
        {
            case 0 when g.Initializer.Count > 0:
                var t = Pick(g.Initializer);
                if (t.Dims.Count > 0 && random.Next(2) == 0) t.Dims[random.Next(t.Dims.Count)] = Pick(Dims);
                else if (random.Next(2) == 0) t.Dims.Add(Pick(Dims));
                else t.Dims.Clear();
                break;
            case 1 when g.Initializer.Count > 0:
                var v = Pick(g.Initializer);
                if (v.FloatData.Count > 0 && random.Next(2) == 0) v.FloatData.RemoveAt(random.Next(v.FloatData.Count));
                else v.DataType = random.Next(17);
                break;
            case 2 when g.Node.Count > 0:
                var n = Pick(g.Node);
                if (n.Input.Count > 0 && random.Next(2) == 0) n.Input.RemoveAt(random.Next(n.Input.Count));
                else n.Input.Add(random.Next(2) == 0 ? "" : Pick(new[] { "input", "W1", "b1", "W", "z1", "nowhere" }));
                break;
            case 3 when g.Node.Count > 0:
                var o = Pick(g.Node);
                if (o.Output.Count > 0 && random.Next(2) == 0) o.Output.RemoveAt(random.Next(o.Output.Count));
                else o.Output.Add(random.Next(2) == 0 ? "" : "extra");
                break;
            case 4 when g.Node.Count > 0:
                Pick(g.Node).OpType = Pick(Ops);
                break;
            case 5 when g.Node.Count > 0:
                var a = Pick(g.Node);
                a.Attribute.Add(new AttributeProto
                {
                    Name = Pick(new[] { "axis", "alpha", "beta", "transA", "transB", "value", "other" }),
                    Type = (AttributeProto.Types.AttributeType)random.Next(15),
                    I = random.Next(-3, 4),
                    F = (float)random.NextDouble(),
                    T = random.Next(2) == 0 ? Tensor("", new float[] { 0.01f }, 1) : null,
                });
                break;
            case 6 when g.Node.Count > 0:
                var r = Pick(g.Node);
                if (r.Attribute.Count > 0) r.Attribute[random.Next(r.Attribute.Count)].Type = (AttributeProto.Types.AttributeType)random.Next(15);
                break;
            case 7 when g.Node.Count > 1:
                int from = random.Next(g.Node.Count), to = random.Next(g.Node.Count);
                var moved = g.Node[from];
                g.Node.RemoveAt(from);
                g.Node.Insert(to, moved);
                break;
            case 8 when g.Node.Count > 0:
                g.Node.RemoveAt(random.Next(g.Node.Count));
                break;
            case 9:
                if (model.OpsetImport.Count > 0 && random.Next(3) > 0) model.OpsetImport[0].Version = Pick(new long[] { 0, 1, 6, 7, 10, 11, 12, 13, 25, 26, 99, -1 });
                else if (random.Next(2) == 0) model.OpsetImport.Clear();
                else model.OpsetImport.Add(new OperatorSetIdProto { Domain = Pick(new[] { "", "ai.onnx", "com.microsoft" }), Version = random.Next(20) });
                break;
            case 10 when g.Input.Count > 0 && g.Output.Count > 0:
                var value = random.Next(2) == 0 ? Pick(g.Input) : Pick(g.Output);
                var dims = value.Type?.TensorType?.Shape?.Dim;
                if (dims is { Count: > 0 } && random.Next(3) > 0) dims[random.Next(dims.Count)].DimValue = Pick(Dims);
                else if (dims is not null && random.Next(2) == 0) dims.Add(new TensorShapeProto.Types.Dimension { DimParam = "n" });
                else if (value.Type?.TensorType is { } tensorType) tensorType.ElemType = random.Next(17);
                else value.Type = null;
                break;
            case 11:
                model.MetadataProps.Add(new StringStringEntryProto { Key = "netgen.loss", Value = Pick(new[] { "MSE", "SSE", "BCE", "CrossEntropy", "mae", "" }) });
                break;
            case 12 when g.Node.Count > 0:
                Pick(g.Node).Domain = Pick(new[] { "", "ai.onnx", "com.microsoft" });
                break;
            case 13:
                g.Node.Insert(random.Next(g.Node.Count + 1), Node(Pick(Ops), "inserted", new[] { Pick(new[] { "input", "z1", "a1", "W1", "z" }) }, Pick(new[] { "z1", "a1", "output", "q" })));
                break;
            case 14 when g.Initializer.Count > 0:
                var raw = Pick(g.Initializer);
                var bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                raw.RawData = ByteString.CopyFrom(bytes);
                break;
            case 15:
                if (random.Next(2) == 0) g.Input.Add(Value("second", Batch, 4));
                else if (g.Output.Count > 0) g.Output.RemoveAt(0);
                break;
        }
    }

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var copy = bytes.ToList();
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && copy.Count > 0; e++)
        {
            int at = random.Next(copy.Count);
            switch (random.Next(4))
            {
                case 0: copy[at] = (byte)random.Next(256); break;
                case 1: copy[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: copy.RemoveRange(at, copy.Count - at); break;
                default: copy.Insert(at, (byte)random.Next(256)); break;
            }
        }
        return copy.ToArray();
    }
}
