namespace NetGen.Onnx;

/// <summary>The ONNX versions and names NetGen writes and reads.</summary>
public static class OnnxFormat
{
    /// <summary>
    /// The opset NetGen writes: 13, the first in which Softmax normalizes along exactly one axis (so <c>axis = -1</c> is
    /// NetGen's softmax over the outputs, whatever the batch shape), and in which every op used here (Gemm, Sigmoid,
    /// Tanh, Relu, LeakyRelu, Identity, Softmax) has its current definition, for float and double. Every ONNX Runtime
    /// since 1.6, PyTorch, TensorRT and OpenVINO read it.
    /// </summary>
    public const long Opset = 13;

    /// <summary>
    /// The oldest opset of the default domain the importer reads: 7, the first with NumPy-style broadcasting for
    /// <c>Add</c> and <c>Gemm</c>'s bias (before it, a bias broadcast needed a <c>broadcast</c> attribute, which ONNX
    /// Runtime no longer implements for Gemm).
    /// </summary>
    public const long MinImportOpset = 7;

    /// <summary>
    /// The newest opset of the default domain the importer reads: 25. Up to it, the ops NetGen imports changed their
    /// meaning only at Gemm-11 (C optional) and Softmax-13 (one axis, default -1), both handled; later versions of them
    /// added tensor types only. A newer opset may redefine an op, so it is refused rather than guessed.
    /// </summary>
    public const long MaxImportOpset = 25;

    /// <summary>The IR version matching <see cref="Opset"/> (ONNX 1.8).</summary>
    public const long IrVersion = 7;

    /// <summary>The metadata key under which an exported model keeps the network's loss, which ONNX has no place for.</summary>
    public const string LossMetadataKey = "netgen.loss";

    /// <summary>The name of the batch dimension of the input and output.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The producer name written into exported models.</summary>
    public const string ProducerName = "NetGen";
}
