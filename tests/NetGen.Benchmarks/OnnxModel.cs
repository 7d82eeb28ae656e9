using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// Writes a network as an ONNX model (opset 17) from its description and flat parameters, so ONNX Runtime runs exactly
/// the weights NetGen runs: per layer Gemm(x, W, b, transB = 1) (PyTorch's Linear: x W^T + b), then the activation.
/// The protobuf is encoded by hand (a few message types of onnx.proto3), so the benchmarks need no Python.
/// </summary>
public static class OnnxModel
{
    /// <summary>
    /// An ONNX Runtime session over the network's weights as the benchmarks run it: one intra-op and one inter-op thread,
    /// sequential execution, all graph optimizations.
    /// </summary>
    public static Microsoft.ML.OnnxRuntime.InferenceSession Session(NetworkDescription description, ReadOnlySpan<float> parameters)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = Microsoft.ML.OnnxRuntime.ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new Microsoft.ML.OnnxRuntime.InferenceSession(Build(description, parameters), options);
    }

    /// <summary>The peer must compute what NetGen computes: throws unless every output is within 1e-4 of NetGen's.</summary>
    public static void CheckAgrees(ReadOnlySpan<float> netGen, ReadOnlySpan<float> onnxRuntime)
    {
        for (int i = 0; i < netGen.Length; i++)
        {
            if (Math.Abs(netGen[i] - onnxRuntime[i]) > 1e-4f) throw new InvalidOperationException($"ONNX Runtime disagrees at {i}: {onnxRuntime[i]} vs {netGen[i]}");
        }
    }

    public static byte[] Build(NetworkDescription description, ReadOnlySpan<float> parameters)
    {
        var graph = new Message();
        var sizes = description.LayerSizes;
        string current = "input";
        int offset = 0;
        for (int l = 0; l < sizes.Count - 1; l++)
        {
            int inputs = sizes[l], outputs = sizes[l + 1];
            string w = $"W{l + 1}", b = $"b{l + 1}", z = $"z{l + 1}", a = $"a{l + 1}";
            graph.Bytes(5, Tensor(w, new long[] { outputs, inputs }, parameters.Slice(offset, inputs * outputs)));
            offset += inputs * outputs;
            graph.Bytes(5, Tensor(b, new long[] { outputs }, parameters.Slice(offset, outputs)));
            offset += outputs;
            var gemm = Node("Gemm", new[] { current, w, b }, z);
            gemm.Bytes(5, new Message().String(1, "transB").Int(3, 1).Int(20, 2).ToArray());
            graph.Bytes(1, gemm.ToArray());
            string activation = description.Activations[l].ToString();
            bool last = l == sizes.Count - 2;
            string result = last ? "output" : a;
            string? op = activation switch
            {
                "Sigmoid" => "Sigmoid",
                "Tanh" => "Tanh",
                "ReLU" => "Relu",
                "LeakyReLU" => "LeakyRelu",
                "Softmax" => "Softmax",
                _ => null,
            };
            if (op is null)
            {
                graph.Bytes(1, Node("Identity", new[] { z }, result).ToArray());
            }
            else
            {
                var node = Node(op, new[] { z }, result);
                if (op == "LeakyRelu") node.Bytes(5, new Message().String(1, "alpha").Float(2, 0.01f).Int(20, 1).ToArray());
                graph.Bytes(1, node.ToArray());
            }
            current = result;
        }
        graph.String(2, "netgen");
        graph.Bytes(11, ValueInfo("input", sizes[0]));
        graph.Bytes(12, ValueInfo("output", sizes[^1]));

        var model = new Message();
        model.Int(1, 8); // ir_version
        model.String(2, "NetGen.Benchmarks");
        model.Bytes(7, graph.ToArray());
        model.Bytes(8, new Message().String(1, "").Int(2, 17).ToArray()); // opset_import: default domain, 17
        return model.ToArray();
    }

    private static Message Node(string op, string[] inputs, string output)
    {
        var node = new Message();
        foreach (string input in inputs) node.String(1, input);
        node.String(2, output);
        node.String(3, op + "_" + output);
        node.String(4, op);
        return node;
    }

    private static byte[] Tensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new Message();
        foreach (long d in dims) tensor.Int(1, d);
        tensor.Int(2, 1); // FLOAT
        tensor.String(8, name);
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 4), values[i]);
        tensor.Bytes(9, raw);
        return tensor.ToArray();
    }

    /// <summary>A float tensor of shape [batch, width] with a symbolic batch dimension.</summary>
    private static byte[] ValueInfo(string name, int width)
    {
        var shape = new Message()
            .Bytes(1, new Message().String(2, "batch").ToArray())
            .Bytes(1, new Message().Int(1, width).ToArray());
        var tensorType = new Message().Int(1, 1).Bytes(2, shape.ToArray());
        var type = new Message().Bytes(1, tensorType.ToArray());
        return new Message().String(1, name).Bytes(2, type.ToArray()).ToArray();
    }

    /// <summary>A protobuf message under construction: varint, 32-bit and length-delimited fields.</summary>
    private sealed class Message
    {
        private readonly MemoryStream _stream = new();

        public Message Int(int field, long value)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)value);
            return this;
        }

        public Message Float(int field, float value)
        {
            Varint((ulong)((field << 3) | 5));
            Span<byte> bytes = stackalloc byte[4];
            BitConverter.TryWriteBytes(bytes, value);
            _stream.Write(bytes);
            return this;
        }

        public Message String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Message Bytes(int field, byte[] value)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)value.Length);
            _stream.Write(value);
            return this;
        }

        public byte[] ToArray() => _stream.ToArray();

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _stream.WriteByte((byte)value);
        }
    }
}
