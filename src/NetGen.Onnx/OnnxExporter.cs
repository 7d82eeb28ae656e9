using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using Google.Protobuf;
using Onnx;

namespace NetGen.Onnx;

/// <summary>
/// Writes a NetGen network as a standard ONNX model: per layer a <c>Gemm</c> (<c>transB = 1</c>, so the weights keep
/// NetGen's and PyTorch's [out, in] layout) with the weights and biases as initializers, then the activation
/// (<c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c> with alpha 0.01, <c>Identity</c> for Linear,
/// <c>Softmax</c> on the last axis). The input is [batch, inputs] with a dynamic batch dimension, the output
/// [batch, outputs]; float networks give float tensors, double networks double tensors. Opset <see cref="OnnxFormat.Opset"/>.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX model of <paramref name="network"/>, serialized.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>: the element type of the model's tensors.</typeparam>
    /// <param name="network">Any generated network (its description and parameters are read).</param>
    /// <param name="options">Names and metadata; defaults when null.</param>
    public static byte[] Export<T>(IPredictor<T> network, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var values = new T[network.ParameterCount];
        network.CopyParametersTo(values);
        var parameters = new double[values.Length];
        for (int i = 0; i < values.Length; i++) parameters[i] = double.CreateChecked(values[i]);
        var precision = typeof(T) == typeof(double) ? Precision.Double : Precision.Float;
        return Build(network.Description, parameters, precision, options ?? new OnnxExportOptions()).ToByteArray();
    }

    /// <summary>
    /// The ONNX model of a network given by its description and its parameters in the flat order (per layer, W
    /// row-major [out, in], then b), serialized; the tensors have the description's precision.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> does not have the description's parameter count,
    /// or a Float network's parameter is outside float's range.</exception>
    public static byte[] Export(NetworkDescription description, ReadOnlySpan<double> parameters, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Build(description, parameters, description.Precision, options ?? new OnnxExportOptions()).ToByteArray();
    }

    /// <summary>
    /// Writes <see cref="Export{T}(IPredictor{T}, OnnxExportOptions?)"/> to <paramref name="path"/>, atomically, as model
    /// files are saved: a temporary file beside it, flushed, then renamed over it.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
    public static void Save<T>(IPredictor<T> network, string path, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Export(network, options);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// Writes <see cref="Export(NetworkDescription, ReadOnlySpan{double}, OnnxExportOptions?)"/> to <paramref name="path"/>,
    /// atomically (a temporary file beside it, flushed, then renamed over it).
    /// </summary>
    /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
    public static void Save(NetworkDescription description, ReadOnlySpan<double> parameters, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Export(description, parameters, options);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static ModelProto Build(NetworkDescription description, ReadOnlySpan<double> parameters, Precision precision, OnnxExportOptions options)
    {
        if (parameters.Length != description.ParameterCount)
        {
            throw new ArgumentException(
                $"The network {description} has {description.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }
        int elementType = precision == Precision.Double ? (int)TensorProto.Types.DataType.Double : (int)TensorProto.Types.DataType.Float;
        var graph = new GraphProto { Name = options.GraphName };
        graph.Input.Add(Value(options.InputName, elementType, description.InputSize));
        graph.Output.Add(Value(options.OutputName, elementType, description.OutputSize));

        string current = options.InputName;
        foreach (var layer in description.Layers)
        {
            string l = layer.Index.ToString(CultureInfo.InvariantCulture);
            bool last = layer.Index == description.Layers.Count;
            string weights = layer.WeightName, bias = layer.BiasName, z = "z" + l;
            graph.Initializer.Add(Tensor(weights, precision, parameters.Slice((int)layer.WeightOffset, (int)layer.WeightCount), layer.Outputs, layer.Inputs));
            graph.Initializer.Add(Tensor(bias, precision, parameters.Slice((int)layer.BiasOffset, layer.Outputs), layer.Outputs));

            // z = x W^T + b: Gemm with transB = 1 reads W in its stored [out, in] layout.
            var gemm = Node("Gemm", "layer" + l + "_dense", new[] { current, weights, bias }, z);
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);

            string activated = last ? options.OutputName : "a" + l;
            string name = "layer" + l + "_" + NetworkDescription.NameOf(layer.Activation).ToLowerInvariant();
            if (layer.Activation == ActivationFunction.LeakyReLU && precision == Precision.Double)
            {
                // ONNX Runtime has no double kernel for LeakyRelu; max(z, 0.01 z) is the same function (the slope is below 1)
                // and exactly NetGen's z > 0 ? z : 0.01 z, in double.
                string slope = "leaky_slope" + l, scaledZ = "z" + l + "_scaled";
                graph.Initializer.Add(Tensor(slope, precision, new[] { OnnxActivations.LeakyReluSlopeDouble }));
                graph.Node.Add(Node("Mul", name + "_scale", new[] { z, slope }, scaledZ));
                graph.Node.Add(Node("Max", name, new[] { z, scaledZ }, activated));
            }
            else
            {
                graph.Node.Add(ActivationNode(layer.Activation, name, z, activated));
            }
            current = activated;
        }

        var model = new ModelProto
        {
            IrVersion = OnnxFormat.IrVersion,
            ProducerName = OnnxFormat.ProducerName,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = "NetGen network " + description,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxFormat.Opset });
        foreach (var (key, value) in options.Metadata)
        {
            if (key != OnnxFormat.LossMetadataKey) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxFormat.LossMetadataKey, Value = NetworkDescription.NameOf(description.Loss) });
        return model;
    }

    private static NodeProto ActivationNode(ActivationFunction activation, string name, string input, string output)
    {
        var node = Node(activation switch
        {
            ActivationFunction.Sigmoid => "Sigmoid",
            ActivationFunction.Tanh => "Tanh",
            ActivationFunction.ReLU => "Relu",
            ActivationFunction.LeakyReLU => "LeakyRelu",
            ActivationFunction.Linear => "Identity",
            ActivationFunction.Softmax => "Softmax",
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "No ONNX op for this activation."),
        }, name, new[] { input }, output);
        if (activation == ActivationFunction.LeakyReLU)
        {
            node.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = OnnxActivations.LeakyReluSlope });
        }
        else if (activation == ActivationFunction.Softmax)
        {
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
        }
        return node;
    }

    private static NodeProto Node(string op, string name, IEnumerable<string> inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static ValueInfoProto Value(string name, int elementType, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxFormat.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, Precision precision, ReadOnlySpan<double> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name };
        tensor.Dims.AddRange(dims);
        if (precision == Precision.Double)
        {
            tensor.DataType = (int)TensorProto.Types.DataType.Double;
            foreach (double v in values) tensor.DoubleData.Add(v);
        }
        else
        {
            tensor.DataType = (int)TensorProto.Types.DataType.Float;
            foreach (double v in values)
            {
                float f = (float)v;
                if (float.IsInfinity(f) && !double.IsInfinity(v))
                {
                    throw new ArgumentException($"{name} holds {v.ToString("R", CultureInfo.InvariantCulture)}, outside the range of a Float network's float.");
                }
                tensor.FloatData.Add(f);
            }
        }
        return tensor;
    }
}
