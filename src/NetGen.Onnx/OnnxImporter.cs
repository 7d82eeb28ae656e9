using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace NetGen.Onnx;

/// <summary>
/// Reads an ONNX model that is a chain of dense layers and supported activations, as <c>torch.onnx.export</c> writes
/// <c>nn.Sequential(nn.Linear, nn.ReLU, ..., nn.Linear)</c>, into a NetGen network (<see cref="OnnxNetwork"/>).
/// </summary>
/// <remarks>
/// <para>Understood: <c>Gemm</c> (alpha = beta = 1, transA = 0, transB 0 or 1, optional bias), <c>MatMul</c> followed by an
/// <c>Add</c> of the bias (either operand order), the activations <c>Relu</c>, <c>LeakyRelu</c> (alpha 0.01),
/// <c>Sigmoid</c>, <c>Tanh</c>, <c>Softmax</c> (last axis, output layer only), and <c>Flatten</c> (axis 1) and
/// <c>Identity</c>, which leave a row unchanged. Weights come from initializers or <c>Constant</c> nodes, float or double.</para>
/// <para>Anything else (a Conv, a BatchNormalization, another activation, a node that reads anything but the previous
/// node's output, so a branching graph) is an <see cref="OnnxImportException"/> naming the node and its op.</para>
/// </remarks>
public static class OnnxImporter
{
    private const string Supported =
        "NetGen imports a chain of dense layers (Gemm, or MatMul + Add) with Relu, LeakyRelu (alpha 0.01), Sigmoid, Tanh or "
        + "Softmax (last axis, output layer) after each, plus Flatten and Identity";

    /// <summary>Reads the ONNX model at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxImportException">The model is not a dense chain NetGen can represent, or is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OnnxNetwork Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a serialized ONNX model.</summary>
    /// <param name="model">The model's bytes.</param>
    /// <param name="sourceName">The name errors give for it (a file name).</param>
    /// <exception cref="OnnxImportException">The model is not a dense chain NetGen can represent, or is malformed.</exception>
    public static OnnxNetwork Read(byte[] model, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException(sourceName, null, null, "not an ONNX model (" + e.Message + ")");
        }
        return new Reader(sourceName, proto).Read();
    }

    private sealed class Reader(string source, ModelProto model)
    {
        private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
        private readonly List<int> _sizes = new();
        private readonly List<ActivationFunction> _activations = new();
        private readonly List<double> _parameters = new();
        private readonly HashSet<int> _dataTypes = new();
        private readonly List<string> _warnings = new();

        // The layer being built: its weights [out, in] row-major and bias, until an activation or the next layer closes it.
        private double[]? _weights, _bias;
        private int _in, _out;
        private bool _awaitingBias;

        public OnnxNetwork Read()
        {
            var graph = model.Graph ?? throw GraphError("the model has no graph");
            if (graph.Node.Count == 0) throw GraphError("the graph has no nodes");
            foreach (var tensor in graph.Initializer) _constants[tensor.Name] = tensor;
            var inputs = graph.Input.Where(i => !_constants.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1)
            {
                throw GraphError($"the graph has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => i.Name))}); a dense network has one");
            }
            if (graph.Output.Count != 1)
            {
                throw GraphError($"the graph has {graph.Output.Count} outputs ({string.Join(", ", graph.Output.Select(o => o.Name))}); a dense network has one");
            }
            int inputRank = inputs[0].Type?.TensorType?.Shape?.Dim.Count ?? 0;

            string current = inputs[0].Name;
            for (int index = 0; index < graph.Node.Count; index++)
            {
                var node = graph.Node[index];
                string name = node.Name.Length > 0 ? node.Name : "#" + index.ToString(CultureInfo.InvariantCulture);
                if (node.OpType == "Constant" && node.Domain.Length == 0)
                {
                    var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T
                        ?? throw Error(node, name, "a Constant without a tensor 'value' attribute");
                    _constants[node.Output.Single()] = value;
                    continue;
                }
                if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
                {
                    throw Error(node, name, $"an op of the custom domain '{node.Domain}'. {Supported}.");
                }
                if (node.Output.Count != 1) throw Error(node, name, $"{node.Output.Count} outputs; NetGen imports nodes with one output");
                if (IsLeakyReluAsMax(graph, index, current))
                {
                    // max(z, 0.01 z): how NetGen exports a double network's LeakyReLU (ONNX Runtime has no double LeakyRelu).
                    CloseLayer(node, name, ActivationFunction.LeakyReLU);
                    current = graph.Node[++index].Output[0];
                    continue;
                }
                var data = node.Input.Where(i => i.Length > 0 && !_constants.ContainsKey(i)).ToList();
                if (data.Count != 1 || data[0] != current)
                {
                    throw Error(node, name,
                        $"reads {(data.Count == 0 ? "no tensor" : string.Join(", ", data.Select(d => "'" + d + "'")))} besides constants, but only the output of "
                        + $"the node before it ('{current}') may flow into the next: a branching graph or one with several data inputs. {Supported}.");
                }
                Apply(node, name, inputRank);
                current = node.Output[0];
            }
            if (current != graph.Output[0].Name)
            {
                throw GraphError($"the chain of nodes ends in '{current}', but the graph's output is '{graph.Output[0].Name}'");
            }
            CloseLayer(ActivationFunction.Linear);
            if (_activations.Count == 0) throw GraphError("the graph has no dense layer (Gemm or MatMul)");

            var metadata = model.MetadataProps
                .Where(p => p.Key != OnnxFormat.LossMetadataKey)
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            var description = new NetworkDescription(_sizes, _activations, Loss(), _dataTypes.Contains((int)TensorProto.Types.DataType.Double) ? Precision.Double : Precision.Float);
            foreach (string warning in _warnings) Trace.TraceWarning(warning);
            return new OnnxNetwork(source, description, _parameters.ToArray(), metadata, _warnings.ToArray());
        }

        /// <summary>True for <c>Mul(z, 0.01)</c> followed by <c>Max(z, that)</c>, where z is the current tensor.</summary>
        private bool IsLeakyReluAsMax(GraphProto graph, int index, string current)
        {
            var mul = graph.Node[index];
            if (mul.OpType != "Mul" || index + 1 >= graph.Node.Count || mul.Input.Count != 2) return false;
            var max = graph.Node[index + 1];
            if (max.OpType != "Max" || max.Input.Count != 2 || !max.Input.Contains(current) || !max.Input.Contains(mul.Output[0])) return false;
            string? slope = mul.Input.FirstOrDefault(i => i != current);
            if (slope is null || !mul.Input.Contains(current) || !_constants.TryGetValue(slope, out var tensor)) return false;
            double[] values = tensor.DataType == (int)TensorProto.Types.DataType.Double ? tensor.DoubleData.ToArray()
                : tensor.DataType == (int)TensorProto.Types.DataType.Float ? tensor.FloatData.Select(v => (double)v).ToArray() : Array.Empty<double>();
            return values.Length == 1 && Math.Abs(values[0] - OnnxActivations.LeakyReluSlopeDouble) <= 1e-7;
        }

        private LossFunction Loss()
        {
            var output = _activations[^1];
            // What an import without the metadata chooses: the only loss the generator accepts after a Softmax, else MSE.
            var fallback = output == ActivationFunction.Softmax ? LossFunction.CrossEntropy : LossFunction.MSE;
            string? named = model.MetadataProps.LastOrDefault(p => p.Key == OnnxFormat.LossMetadataKey)?.Value;
            if (named is null) return fallback;
            if (!NetworkDescription.TryParseLoss(named, out var loss))
            {
                throw GraphError($"the metadata {OnnxFormat.LossMetadataKey} = '{named}' is not a NetGen loss (MSE, SSE, BCE, CrossEntropy)");
            }
            // The pairs the [Mlp] generator rejects (NG0007, NG0008, NG0009). The loss only matters for training, and the
            // graph fully defines what the network computes, so the model still imports, with the loss the graph implies:
            // rejecting it would refuse a model that predicts correctly, and keeping it would give an [Mlp] line that does
            // not compile.
            string? conflict = (loss, output) switch
            {
                (LossFunction.CrossEntropy, not ActivationFunction.Softmax) => "CrossEntropy needs a Softmax output (NG0007)",
                (not LossFunction.CrossEntropy, ActivationFunction.Softmax) => "a Softmax output needs the CrossEntropy loss (NG0008)",
                (LossFunction.BCE, not ActivationFunction.Sigmoid) => "BCE needs outputs in (0, 1), a Sigmoid output (NG0009)",
                _ => null,
            };
            if (conflict is null) return loss;
            _warnings.Add($"{source}: the metadata {OnnxFormat.LossMetadataKey} = '{named}' does not fit the {NetworkDescription.NameOf(output)} output layer "
                + $"({conflict}); the loss is {NetworkDescription.NameOf(fallback)}, as without the metadata (the loss only matters for training)");
            return fallback;
        }

        private void Apply(NodeProto node, string name, int inputRank)
        {
            switch (node.OpType)
            {
                case "Gemm":
                    if (Float(node, "alpha", 1) != 1 || Float(node, "beta", 1) != 1)
                    {
                        throw Error(node, name, $"alpha = {Float(node, "alpha", 1)}, beta = {Float(node, "beta", 1)}; NetGen imports Gemm with alpha = beta = 1");
                    }
                    if (Int(node, "transA", 0) != 0) throw Error(node, name, "transA = 1; NetGen imports Gemm with transA = 0");
                    bool transposed = Int(node, "transB", 0) != 0;
                    var b = Matrix(node, name, node.Input[1]);
                    OpenLayer(node, name, transposed ? b.Values : Transpose(b), transposed ? b.Columns : b.Rows, transposed ? b.Rows : b.Columns);
                    if (node.Input.Count > 2 && node.Input[2].Length > 0) SetBias(node, name, node.Input[2]);
                    break;
                case "MatMul":
                    if (!_constants.ContainsKey(node.Input[1]))
                    {
                        throw Error(node, name, "the weights (second input) are not an initializer; NetGen imports MatMul(x, W) with W constant");
                    }
                    var w = Matrix(node, name, node.Input[1]);
                    OpenLayer(node, name, Transpose(w), w.Rows, w.Columns);
                    _awaitingBias = true;
                    break;
                case "Add":
                    if (_weights is null || !_awaitingBias)
                    {
                        throw Error(node, name, "an Add that does not follow a MatMul; NetGen imports Add only as a dense layer's bias");
                    }
                    SetBias(node, name, node.Input.First(i => _constants.ContainsKey(i)));
                    break;
                case "Relu": CloseLayer(node, name, ActivationFunction.ReLU); break;
                case "Sigmoid": CloseLayer(node, name, ActivationFunction.Sigmoid); break;
                case "Tanh": CloseLayer(node, name, ActivationFunction.Tanh); break;
                case "LeakyRelu":
                    float alpha = Float(node, "alpha", 0.01f);
                    if (Math.Abs(alpha - OnnxActivations.LeakyReluSlopeDouble) > 1e-7)
                    {
                        throw Error(node, name, $"alpha = {alpha.ToString("R", CultureInfo.InvariantCulture)}; NetGen's LeakyReLU has slope 0.01");
                    }
                    CloseLayer(node, name, ActivationFunction.LeakyReLU);
                    break;
                case "Softmax":
                    long axis = Int(node, "axis", -1);
                    if (axis != -1 && !(inputRank > 0 && axis == inputRank - 1))
                    {
                        throw Error(node, name, $"axis = {axis}; NetGen's Softmax is over the last axis (-1)");
                    }
                    CloseLayer(node, name, ActivationFunction.Softmax);
                    break;
                case "Flatten":
                    if (Int(node, "axis", 1) != 1) throw Error(node, name, $"axis = {Int(node, "axis", 1)}; only Flatten with axis 1 leaves each row unchanged");
                    break;
                case "Identity":
                    break;
                default:
                    throw Error(node, name, $"{node.OpType} has no NetGen equivalent. {Supported}.");
            }
        }

        private void OpenLayer(NodeProto node, string name, double[] weights, int inputs, int outputs)
        {
            CloseLayer(ActivationFunction.Linear);
            int expected = _sizes.Count == 0 ? inputs : _sizes[^1];
            if (inputs != expected)
            {
                throw Error(node, name, $"a dense layer with {inputs} inputs follows a layer with {expected} outputs");
            }
            if (_sizes.Count == 0) _sizes.Add(inputs);
            _weights = weights;
            _bias = new double[outputs];
            _in = inputs;
            _out = outputs;
        }

        private void SetBias(NodeProto node, string name, string tensorName)
        {
            var tensor = _constants[tensorName];
            var values = Values(node, name, tensor);
            bool shapeFits = tensor.Dims.Count == 1 || (tensor.Dims.Count == 2 && tensor.Dims[0] == 1);
            if (!shapeFits || values.Length != _out)
            {
                throw Error(node, name, $"the bias '{tensorName}' has shape [{string.Join(", ", tensor.Dims)}]; the layer has {_out} outputs");
            }
            for (int j = 0; j < _out; j++) _bias![j] += values[j];
            _awaitingBias = false;
        }

        private void CloseLayer(NodeProto node, string name, ActivationFunction activation)
        {
            if (_weights is null)
            {
                throw Error(node, name, $"an activation that follows no dense layer (after the input, or after another activation); {Supported}");
            }
            if (_activations.Count > 0 && _activations[^1] == ActivationFunction.Softmax)
            {
                throw Error(node, name, "a layer after a Softmax; NetGen applies Softmax to the output layer only");
            }
            CloseLayer(activation);
        }

        private void CloseLayer(ActivationFunction activation)
        {
            if (_weights is null) return;
            if (_activations.Count > 0 && _activations[^1] == ActivationFunction.Softmax)
            {
                throw GraphError($"layer {_activations.Count} has a Softmax but is not the output layer; NetGen applies Softmax to the output layer only");
            }
            _parameters.AddRange(_weights);
            _parameters.AddRange(_bias!);
            _sizes.Add(_out);
            _activations.Add(activation);
            _weights = null;
            _bias = null;
            _awaitingBias = false;
        }

        private (double[] Values, int Rows, int Columns) Matrix(NodeProto node, string name, string tensorName)
        {
            if (!_constants.TryGetValue(tensorName, out var tensor))
            {
                throw Error(node, name, $"the weights '{tensorName}' are not an initializer or Constant");
            }
            if (tensor.Dims.Count != 2)
            {
                throw Error(node, name, $"the weights '{tensorName}' have shape [{string.Join(", ", tensor.Dims)}]; a dense layer's are 2-D");
            }
            return (Values(node, name, tensor), checked((int)tensor.Dims[0]), checked((int)tensor.Dims[1]));
        }

        private double[] Values(NodeProto node, string name, TensorProto tensor)
        {
            if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            {
                throw Error(node, name, $"the tensor '{tensor.Name}' is stored in an external file; save the model with its weights inside");
            }
            long count = tensor.Dims.Aggregate(1L, (product, d) => product * d);
            double[] values;
            switch ((TensorProto.Types.DataType)tensor.DataType)
            {
                case TensorProto.Types.DataType.Float:
                    values = tensor.RawData.Length > 0
                        ? Enumerable.Range(0, tensor.RawData.Length / 4).Select(i => (double)BitConverter.ToSingle(Little(tensor.RawData.Span.Slice(i * 4, 4)))).ToArray()
                        : tensor.FloatData.Select(v => (double)v).ToArray();
                    break;
                case TensorProto.Types.DataType.Double:
                    values = tensor.RawData.Length > 0
                        ? Enumerable.Range(0, tensor.RawData.Length / 8).Select(i => BitConverter.ToDouble(Little(tensor.RawData.Span.Slice(i * 8, 8)))).ToArray()
                        : tensor.DoubleData.ToArray();
                    break;
                default:
                    throw Error(node, name,
                        $"the tensor '{tensor.Name}' holds {(TensorProto.Types.DataType)tensor.DataType}; NetGen imports float and double weights");
            }
            if (values.Length != count)
            {
                throw Error(node, name, $"the tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Dims)}] but {values.Length} values");
            }
            if (values.Any(v => !double.IsFinite(v))) throw Error(node, name, $"the tensor '{tensor.Name}' holds NaN or infinity");
            _dataTypes.Add(tensor.DataType);
            return values;
        }

        /// <summary>ONNX raw data is little-endian; reverse it on a big-endian machine.</summary>
        private static byte[] Little(ReadOnlySpan<byte> bytes)
        {
            var copy = bytes.ToArray();
            if (!BitConverter.IsLittleEndian) Array.Reverse(copy);
            return copy;
        }

        private static double[] Transpose((double[] Values, int Rows, int Columns) m)
        {
            var t = new double[m.Values.Length];
            for (int r = 0; r < m.Rows; r++)
            {
                for (int c = 0; c < m.Columns; c++) t[c * m.Rows + r] = m.Values[r * m.Columns + c];
            }
            return t;
        }

        private static float Float(NodeProto node, string attribute, float fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? a.F : fallback;

        private static long Int(NodeProto node, string attribute, long fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? a.I : fallback;

        private OnnxImportException Error(NodeProto node, string name, string reason) => new(source, name, node.OpType, reason);

        private OnnxImportException GraphError(string reason) => new(source, null, null, reason);
    }
}
