using System;

namespace NetGen.Onnx;

/// <summary>An ONNX model that NetGen cannot import: not a chain of dense layers and supported activations, or malformed.</summary>
public sealed class OnnxImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or source name) read.</param>
    /// <param name="nodeName">The node at fault (its name, or <c>#index</c> when it has none); null when no node is.</param>
    /// <param name="opType">That node's op type; null when no node is at fault.</param>
    /// <param name="reason">What is wrong, for a person.</param>
    public OnnxImportException(string source, string? nodeName, string? opType, string reason)
        : base(nodeName is null ? $"{source}: {reason}" : $"{source}: node '{nodeName}' ({opType}): {reason}")
    {
        Source = source;
        NodeName = nodeName;
        OpType = opType;
        Reason = reason;
    }

    /// <summary>The file (or source name) read.</summary>
    public new string Source { get; }

    /// <summary>The node at fault, or null when the problem is not one node's (no graph, several inputs, ...).</summary>
    public string? NodeName { get; }

    /// <summary>The op type of <see cref="NodeName"/> (e.g. <c>Conv</c>), or null.</summary>
    public string? OpType { get; }

    /// <summary>What is wrong, without the file and node.</summary>
    public string Reason { get; }
}
