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
/// <para>The model must import an opset of the default ONNX domain from <see cref="OnnxFormat.MinImportOpset"/> to
/// <see cref="OnnxFormat.MaxImportOpset"/>; ops are read with that opset's definitions (before opset 13, Softmax's
/// default axis is 1 and it normalizes over every dimension from its axis on, so it is accepted only where that is a
/// softmax over each row). The declared shapes of the graph's input and output, when given, must fit the weights: the
/// input <c>[batch, features]</c> (or, into MatMul, <c>[..., features]</c> with every leading dimension indexing rows),
/// the output's last dimension the last layer's outputs.</para>
/// <para>Anything else (a Conv, a BatchNormalization, another activation, a node that reads anything but the previous
/// node's output, so a branching graph, a malformed field: a negative or zero dimension, a missing input, an attribute
/// of the wrong type) is an <see cref="OnnxImportException"/> naming the node and its op, or the graph input or output,
/// or the opset; no other exception escapes for any bytes.</para>
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
        // The most values one tensor may declare: what a .NET array holds. A larger product of dimensions (2^32 x 2^32)
        // cannot match the values in any file, and computing it must not overflow into a small number that does.
        private static readonly long MaxValues = Array.MaxLength;

        private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
        private readonly List<int> _sizes = new();
        private readonly List<ActivationFunction> _activations = new();
        private readonly List<double> _parameters = new();
        private readonly HashSet<int> _dataTypes = new();
        private readonly List<string> _warnings = new();
        private readonly List<(string Name, TensorProto.Types.DataType Type)> _declaredTypes = new();

        // The opset of the default domain: what each op means (Softmax's axis changed in 13, Gemm's C became optional in 11).
        private long _opset;

        // The shape of the tensor flowing along the chain, as far as the declared input shape tells it: null when the
        // rank is unknown (no declared shape); a dimension's Value is null when it is symbolic ('batch') or unknown.
        private List<Dim>? _shape;
        private ValueInfoProto? _input;
        private List<Dim>? _declaredInput;

        // The layer being built: its weights [out, in] row-major and bias, until an activation or the next layer closes it.
        private double[]? _weights, _bias;
        private int _in, _out;
        private bool _awaitingBias;

        public OnnxNetwork Read()
        {
            var graph = model.Graph ?? throw GraphError("the model has no graph");
            _opset = DefaultOpset();
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
            _input = inputs[0];
            _declaredInput = DeclaredShape(_input, "input");
            if (_declaredInput is not null && _declaredInput.Count < 2)
            {
                throw GraphError($"the graph input '{_input.Name}' is declared {Show(_declaredInput)}; NetGen reads a batch of rows, [batch, features]");
            }
            _shape = _declaredInput;

            string current = _input.Name;
            for (int index = 0; index < graph.Node.Count; index++)
            {
                var node = graph.Node[index];
                string name = node.Name.Length > 0 ? node.Name : "#" + index.ToString(CultureInfo.InvariantCulture);
                if (node.OpType == "Constant" && IsDefaultDomain(node))
                {
                    ReadConstant(node, name);
                    continue;
                }
                if (!IsDefaultDomain(node))
                {
                    throw Error(node, name, $"an op of the custom domain '{node.Domain}'. {Supported}.");
                }
                if (node.Output.Count != 1 || node.Output[0].Length == 0)
                {
                    throw Error(node, name, $"{node.Output.Count} outputs{(node.Output.Count == 1 ? " (unnamed)" : "")}; NetGen imports nodes with one named output");
                }
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
                Apply(node, name, current);
                current = node.Output[0];
            }
            if (current != graph.Output[0].Name)
            {
                throw GraphError($"the chain of nodes ends in '{current}', but the graph's output is '{graph.Output[0].Name}'");
            }
            CloseLayer(ActivationFunction.Linear);
            if (_activations.Count == 0) throw GraphError("the graph has no dense layer (Gemm or MatMul)");
            CheckDeclaredOutput(graph.Output[0]);
            // ONNX computes a chain in one type: ONNX Runtime refuses a float input into double weights, or a mix of both.
            if (_dataTypes.Count > 1) throw GraphError("the weights mix float and double tensors; a dense chain computes in one type");
            var weightType = (TensorProto.Types.DataType)_dataTypes.Single();
            foreach (var (what, type) in _declaredTypes)
            {
                if (type != weightType) throw GraphError($"{what} is declared a tensor of {type}, but the weights are {weightType}");
            }

            var metadata = model.MetadataProps
                .Where(p => p.Key != OnnxFormat.LossMetadataKey)
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            var description = new NetworkDescription(_sizes, _activations, Loss(), _dataTypes.Contains((int)TensorProto.Types.DataType.Double) ? Precision.Double : Precision.Float);
            foreach (string warning in _warnings) Trace.TraceWarning(warning);
            return new OnnxNetwork(source, description, _parameters.ToArray(), metadata, _warnings.ToArray());
        }

        /// <summary>
        /// The opset of the default domain ('' or 'ai.onnx'). Without one the ops have no defined meaning (ONNX Runtime
        /// refuses such a model), and outside the supported range an op may mean something this reader does not know.
        /// </summary>
        private long DefaultOpset()
        {
            string range = $"NetGen imports opsets {OnnxFormat.MinImportOpset} to {OnnxFormat.MaxImportOpset} of the default ONNX domain";
            var versions = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).Distinct().ToList();
            if (versions.Count == 0) throw GraphError($"the model's opset_import names no opset of the default ONNX domain, so its ops have no defined meaning; {range}");
            if (versions.Count > 1) throw GraphError($"the model's opset_import names the default ONNX domain at opsets {string.Join(" and ", versions)}; a model uses one");
            long opset = versions[0];
            if (opset < OnnxFormat.MinImportOpset || opset > OnnxFormat.MaxImportOpset) throw GraphError($"the model uses opset {opset}; {range}");
            return opset;
        }

        private static bool IsDefaultDomain(NodeProto node) => node.Domain is "" or "ai.onnx";

        private void ReadConstant(NodeProto node, string name)
        {
            if (node.Input.Count != 0) throw Error(node, name, $"a Constant with {node.Input.Count} inputs; a Constant has none");
            if (node.Output.Count != 1 || node.Output[0].Length == 0)
            {
                throw Error(node, name, $"a Constant with {node.Output.Count} outputs{(node.Output.Count == 1 ? " (unnamed)" : "")}; a Constant has one named output");
            }
            if (node.Attribute.Count != 1 || node.Attribute[0].Name != "value")
            {
                throw Error(node, name, $"a Constant with the attributes ({string.Join(", ", node.Attribute.Select(a => a.Name))}); NetGen reads a Constant given by one tensor 'value' attribute");
            }
            var value = node.Attribute[0];
            if (value.Type != AttributeProto.Types.AttributeType.Tensor || value.T is null)
            {
                throw Error(node, name, $"a Constant whose 'value' attribute is {value.Type}, not a tensor");
            }
            _constants[node.Output[0]] = value.T;
        }

        /// <summary>True for <c>Mul(z, 0.01)</c> followed by <c>Max(z, that)</c>, where z is the current tensor.</summary>
        private bool IsLeakyReluAsMax(GraphProto graph, int index, string current)
        {
            var mul = graph.Node[index];
            if (mul.OpType != "Mul" || index + 1 >= graph.Node.Count || mul.Input.Count != 2 || mul.Attribute.Count != 0) return false;
            var max = graph.Node[index + 1];
            if (max.OpType != "Max" || !IsDefaultDomain(max) || max.Input.Count != 2 || max.Output.Count != 1 || max.Output[0].Length == 0 || max.Attribute.Count != 0
                || !max.Input.Contains(current) || !max.Input.Contains(mul.Output[0])) return false;
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
            if (NetworkFacts.LossConflict(NetworkDescription.NameOf(loss), NetworkDescription.NameOf(output)) is not { } rule) return loss;
            string conflict = $"{rule.Reason} ({rule.Id})";
            _warnings.Add($"{source}: the metadata {OnnxFormat.LossMetadataKey} = '{named}' does not fit the {NetworkDescription.NameOf(output)} output layer "
                + $"({conflict}); the loss is {NetworkDescription.NameOf(fallback)}, as without the metadata (the loss only matters for training)");
            return fallback;
        }

        private void Apply(NodeProto node, string name, string current)
        {
            switch (node.OpType)
            {
                case "Gemm":
                    Attributes(node, name, "alpha", "beta", "transA", "transB");
                    // Gemm-7 to Gemm-10 require C; Gemm-11 made it optional.
                    int least = _opset >= 11 ? 2 : 3;
                    if (node.Input.Count < least || node.Input.Count > 3 || node.Input[0] != current)
                    {
                        throw Error(node, name, $"inputs ({Names(node.Input)}); Gemm in opset {_opset} takes (A, B{(least == 3 ? ", C" : ", optional C")}), "
                            + $"with A the output of the node before it ('{current}') and B the weights");
                    }
                    float alpha = Float(node, name, "alpha", 1), beta = Float(node, name, "beta", 1);
                    if (alpha != 1 || beta != 1)
                    {
                        throw Error(node, name, $"alpha = {alpha.ToString("R", CultureInfo.InvariantCulture)}, beta = {beta.ToString("R", CultureInfo.InvariantCulture)}; NetGen imports Gemm with alpha = beta = 1");
                    }
                    if (Int(node, name, "transA", 0) != 0) throw Error(node, name, "transA = 1; NetGen imports Gemm with transA = 0");
                    bool transposed = Int(node, name, "transB", 0) != 0;
                    if (_shape is not null && _shape.Count != 2)
                    {
                        throw Error(node, name, $"reads a tensor of shape {Show(_shape)} (the graph input '{_input!.Name}' is declared {Show(_declaredInput)}); "
                            + "Gemm multiplies a 2-D [batch, features] matrix");
                    }
                    var b = Matrix(node, name, node.Input[1]);
                    OpenLayer(node, name, transposed ? b.Values : Transpose(b), transposed ? b.Columns : b.Rows, transposed ? b.Rows : b.Columns);
                    if (node.Input.Count > 2 && node.Input[2].Length > 0) SetBias(node, name, node.Input[2]);
                    break;
                case "MatMul":
                    Attributes(node, name);
                    if (node.Input.Count != 2 || node.Input[0] != current)
                    {
                        throw Error(node, name, $"inputs ({Names(node.Input)}); NetGen imports MatMul(x, W) with x the output of the node before it ('{current}')");
                    }
                    if (!_constants.ContainsKey(node.Input[1]))
                    {
                        throw Error(node, name, "the weights (second input) are not an initializer; NetGen imports MatMul(x, W) with W constant");
                    }
                    var w = Matrix(node, name, node.Input[1]);
                    OpenLayer(node, name, Transpose(w), w.Rows, w.Columns);
                    _awaitingBias = true;
                    break;
                case "Add":
                    Attributes(node, name);
                    if (_weights is null || !_awaitingBias)
                    {
                        throw Error(node, name, "an Add that does not follow a MatMul; NetGen imports Add only as a dense layer's bias");
                    }
                    if (node.Input.Count != 2 || !node.Input.Contains(current) || !node.Input.Any(i => i != current && _constants.ContainsKey(i)))
                    {
                        throw Error(node, name, $"inputs ({Names(node.Input)}); NetGen imports Add(y, b) of the MatMul's output ('{current}') and a constant bias b");
                    }
                    SetBias(node, name, node.Input.First(i => i != current));
                    break;
                case "Relu": Unary(node, name); CloseLayer(node, name, ActivationFunction.ReLU); break;
                case "Sigmoid": Unary(node, name); CloseLayer(node, name, ActivationFunction.Sigmoid); break;
                case "Tanh": Unary(node, name); CloseLayer(node, name, ActivationFunction.Tanh); break;
                case "LeakyRelu":
                    Unary(node, name, "alpha");
                    float slope = Float(node, name, "alpha", 0.01f);
                    if (Math.Abs(slope - OnnxActivations.LeakyReluSlopeDouble) > 1e-7)
                    {
                        throw Error(node, name, $"alpha = {slope.ToString("R", CultureInfo.InvariantCulture)}; NetGen's LeakyReLU has slope 0.01");
                    }
                    CloseLayer(node, name, ActivationFunction.LeakyReLU);
                    break;
                case "Softmax":
                    Unary(node, name, "axis");
                    CheckSoftmaxAxis(node, name);
                    CloseLayer(node, name, ActivationFunction.Softmax);
                    break;
                case "Flatten":
                    Unary(node, name, "axis");
                    Flatten(node, name);
                    break;
                case "Identity":
                    Unary(node, name);
                    break;
                default:
                    throw Error(node, name, $"{node.OpType} has no NetGen equivalent. {Supported}.");
            }
        }

        /// <summary>
        /// Softmax is NetGen's only when it is a softmax over each row: over the last axis. From opset 13 it normalizes
        /// along its axis (default -1). Before, it flattens the input to 2-D at its axis (default 1) and normalizes each
        /// flattened block, which is a softmax over each row only if every dimension from the axis to the last-but-one is 1.
        /// </summary>
        private void CheckSoftmaxAxis(NodeProto node, string name)
        {
            bool given = node.Attribute.Any(a => a.Name == "axis");
            long axis = Int(node, name, "axis", _opset >= 13 ? -1 : 1);
            string described = given ? $"axis = {axis}" : $"axis = {axis} (the default in opset {_opset})";
            if (_shape is null)
            {
                if (axis == -1) return;
                throw Error(node, name, $"{described} on a tensor of unknown rank (the graph input '{_input!.Name}' declares no shape), so it may not be the last axis; NetGen's Softmax is over the last axis (-1)");
            }
            int rank = _shape.Count;
            long normalized = axis < 0 ? axis + rank : axis;
            if (normalized < 0 || normalized >= rank) throw Error(node, name, $"{described} is outside the tensor's {rank} dimensions {Show(_shape)}");
            if (normalized == rank - 1) return;
            if (_opset >= 13) throw Error(node, name, $"{described} on a tensor of shape {Show(_shape)}; NetGen's Softmax is over the last axis (-1)");
            if (_shape.Skip((int)normalized).Take(rank - 1 - (int)normalized).All(d => d.Value == 1)) return;
            throw Error(node, name,
                $"{described} on a tensor of shape {Show(_shape)}: before opset 13 Softmax normalizes over dimensions {normalized} to {rank - 1} flattened together, "
                + "not over each row; NetGen's Softmax is over the last axis (-1)");
        }

        /// <summary>Flatten(axis 1) turns [d0, d1, ..., dn] into [d0, d1 x ... x dn]: each row stays a row when d1..dn are features, not the batch.</summary>
        private void Flatten(NodeProto node, string name)
        {
            long axis = Int(node, name, "axis", 1);
            // Opset 11 allowed a negative axis, counted from the back.
            long normalized = axis < 0 && _opset >= 11 && _shape is not null ? axis + _shape.Count : axis;
            if (normalized != 1) throw Error(node, name, $"axis = {axis}; only Flatten with axis 1 leaves each row unchanged");
            if (_shape is null)
            {
                _shape = new List<Dim> { Dim.Unknown, Dim.Unknown };
                return;
            }
            var inner = _shape.Skip(1).ToList();
            if (inner.Take(inner.Count - 1).FirstOrDefault(d => d.Value is null) is { Text: not null } symbolic)
            {
                throw Error(node, name, $"flattens a tensor of shape {Show(_shape)}: its dimension '{symbolic.Text}' would become part of each row's features, so rows would not stay rows");
            }
            // The product saturates at MaxValues: no layer takes that many inputs, so a larger one is a mismatch all the same.
            long? features = inner.All(d => d.Value is not null)
                ? inner.Aggregate(1L, (p, d) => d.Value!.Value == 0 ? 0 : p > MaxValues / d.Value!.Value ? MaxValues : p * d.Value!.Value)
                : null;
            _shape = new List<Dim> { _shape[0], features is long f ? Dim.Known(f) : Dim.Unknown };
        }

        private void Unary(NodeProto node, string name, params string[] attributes)
        {
            Attributes(node, name, attributes);
            if (node.Input.Count != 1) throw Error(node, name, $"inputs ({Names(node.Input)}); {node.OpType} takes one");
        }

        /// <summary>Rejects attributes the op does not define (one this reader ignored could change what the op computes) and repeated ones.</summary>
        private void Attributes(NodeProto node, string name, params string[] allowed)
        {
            foreach (var attribute in node.Attribute)
            {
                if (Array.IndexOf(allowed, attribute.Name) < 0)
                {
                    throw Error(node, name, $"the attribute '{attribute.Name}', which {node.OpType} does not have"
                        + (allowed.Length == 0 ? "" : $" ({string.Join(", ", allowed)} are)"));
                }
                if (node.Attribute.Count(a => a.Name == attribute.Name) > 1) throw Error(node, name, $"the attribute '{attribute.Name}' more than once");
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
            if (_sizes.Count == 0)
            {
                if (_shape is not null && _shape[^1].Value is long features && features != inputs)
                {
                    throw GraphError($"the graph input '{_input!.Name}' is declared {Show(_declaredInput)}, which gives rows of {features} features, "
                        + $"but the first dense layer ('{name}') takes {inputs}");
                }
                _sizes.Add(inputs);
            }
            if (_shape is not null) _shape = _shape.Take(_shape.Count - 1).Append(Dim.Known(outputs)).ToList();
            _weights = weights;
            _bias = new double[outputs];
            _in = inputs;
            _out = outputs;
        }

        private void SetBias(NodeProto node, string name, string tensorName)
        {
            var tensor = _constants[tensorName];
            var values = Values(node, name, tensorName, tensor);
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

        /// <summary>The graph output's declared shape, if any, against the chain: its rank, and its last dimension against the last layer's outputs.</summary>
        private void CheckDeclaredOutput(ValueInfoProto output)
        {
            var declared = DeclaredShape(output, "output");
            if (declared is null) return;
            if (_shape is not null && declared.Count != _shape.Count)
            {
                throw GraphError($"the graph output '{output.Name}' is declared {Show(declared)}, but the chain gives a tensor of rank {_shape.Count}, {Show(_shape)}");
            }
            if (declared.Count == 0 || (declared[^1].Value is long features && features != _sizes[^1]))
            {
                throw GraphError($"the graph output '{output.Name}' is declared {Show(declared)}, but the last dense layer has {_sizes[^1]} outputs");
            }
        }

        /// <summary>
        /// The declared shape of a graph input or output: null when none is given; a dimension with neither a value nor a
        /// name (or a name, such as 'batch') is not known. Its element type, when given, must be float or double.
        /// </summary>
        private List<Dim>? DeclaredShape(ValueInfoProto value, string role)
        {
            var type = value.Type;
            if (type is null || type.ValueCase == TypeProto.ValueOneofCase.None) return null;
            if (type.TensorType is null) throw GraphError($"the graph {role} '{value.Name}' is a {type.ValueCase}; NetGen reads and writes a tensor");
            var element = (TensorProto.Types.DataType)type.TensorType.ElemType;
            if (element is not (TensorProto.Types.DataType.Undefined or TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double))
            {
                throw GraphError($"the graph {role} '{value.Name}' is a tensor of {element}; NetGen imports float and double networks");
            }
            if (element != TensorProto.Types.DataType.Undefined) _declaredTypes.Add(($"the graph {role} '{value.Name}'", element));
            var shape = type.TensorType.Shape;
            if (shape is null) return null;
            var dims = new List<Dim>();
            foreach (var d in shape.Dim)
            {
                if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
                {
                    if (d.DimValue < 0) throw GraphError($"the graph {role} '{value.Name}' has a negative dimension, {d.DimValue}");
                    dims.Add(Dim.Known(d.DimValue));
                }
                else
                {
                    dims.Add(d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0 ? new Dim(null, d.DimParam) : Dim.Unknown);
                }
            }
            return dims;
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
            if (tensor.Dims[0] == 0 || tensor.Dims[1] == 0)
            {
                throw Error(node, name, $"the weights '{tensorName}' have shape [{string.Join(", ", tensor.Dims)}]; a dense layer has at least one input and one output");
            }
            // Values checks the dimensions (not negative, their product no more than an array holds), so each fits an int.
            var values = Values(node, name, tensorName, tensor);
            return (values, (int)tensor.Dims[0], (int)tensor.Dims[1]);
        }

        private double[] Values(NodeProto node, string name, string tensorName, TensorProto tensor)
        {
            string shape = $"[{string.Join(", ", tensor.Dims)}]";
            if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            {
                throw Error(node, name, $"the tensor '{tensorName}' is stored in an external file; save the model with its weights inside");
            }
            if (tensor.Dims.Any(d => d < 0)) throw Error(node, name, $"the tensor '{tensorName}' has shape {shape}, with a negative dimension");
            long count = 1;
            foreach (long d in tensor.Dims)
            {
                if (d == 0) { count = 0; break; }
            }
            if (count != 0)
            {
                foreach (long d in tensor.Dims)
                {
                    if (count > MaxValues / d) throw Error(node, name, $"the tensor '{tensorName}' has shape {shape}: more values than an array holds");
                    count *= d;
                }
            }
            int size = (TensorProto.Types.DataType)tensor.DataType switch
            {
                TensorProto.Types.DataType.Float => 4,
                TensorProto.Types.DataType.Double => 8,
                _ => throw Error(node, name,
                    $"the tensor '{tensorName}' holds {(TensorProto.Types.DataType)tensor.DataType}; NetGen imports float and double weights"),
            };
            bool raw = tensor.RawData.Length > 0;
            if (raw && tensor.RawData.Length % size != 0)
            {
                throw Error(node, name, $"the tensor '{tensorName}' has {tensor.RawData.Length} bytes of raw data, not a whole number of {size}-byte values");
            }
            long stored = raw ? tensor.RawData.Length / size : size == 4 ? tensor.FloatData.Count : tensor.DoubleData.Count;
            if (stored != count)
            {
                throw Error(node, name, $"the tensor '{tensorName}' has shape {shape} but {stored} values");
            }
            var values = new double[count];
            var bytes = tensor.RawData.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (raw, size) switch
                {
                    (true, 4) => BitConverter.ToSingle(Little(bytes.Slice(i * 4, 4))),
                    (true, _) => BitConverter.ToDouble(Little(bytes.Slice(i * 8, 8))),
                    (false, 4) => tensor.FloatData[i],
                    (false, _) => tensor.DoubleData[i],
                };
            }
            if (values.Any(v => !double.IsFinite(v))) throw Error(node, name, $"the tensor '{tensorName}' holds NaN or infinity");
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

        private float Float(NodeProto node, string name, string attribute, float fallback)
        {
            var a = node.Attribute.FirstOrDefault(a => a.Name == attribute);
            if (a is null) return fallback;
            // A FLOAT attribute stored with another type reads as 0 from the F field: the wrong number, silently.
            if (a.Type != AttributeProto.Types.AttributeType.Float) throw Error(node, name, $"the attribute '{attribute}' is {a.Type}; {node.OpType}'s {attribute} is a FLOAT");
            return a.F;
        }

        private long Int(NodeProto node, string name, string attribute, long fallback)
        {
            var a = node.Attribute.FirstOrDefault(a => a.Name == attribute);
            if (a is null) return fallback;
            if (a.Type != AttributeProto.Types.AttributeType.Int) throw Error(node, name, $"the attribute '{attribute}' is {a.Type}; {node.OpType}'s {attribute} is an INT");
            return a.I;
        }

        private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => "'" + n + "'"));

        private static string Show(List<Dim>? shape) => shape is null ? "without a shape" : "[" + string.Join(", ", shape.Select(d => d.Text ?? "?")) + "]";

        private OnnxImportException Error(NodeProto node, string name, string reason) => new(source, name, node.OpType, reason);

        private OnnxImportException GraphError(string reason) => new(source, null, null, reason);
    }

    /// <summary>A dimension of a declared shape: its size when known, and its text ('4', 'batch', or null when unnamed).</summary>
    private readonly record struct Dim(long? Value, string? Text)
    {
        public static Dim Unknown => new(null, null);

        public static Dim Known(long value) => new(value, value.ToString(CultureInfo.InvariantCulture));
    }
}
