using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NetGen.Onnx.Tests;

/// <summary>Runs an ONNX model in ONNX Runtime on a batch of rows: the independent reference for the export.</summary>
public static class OrtRunner
{
    /// <summary>The model's outputs for <paramref name="rows"/> rows of <paramref name="inputs"/> (row-major), row-major.</summary>
    public static T[] Run<T>(byte[] model, T[] inputs, int rows, string inputName = "input") where T : unmanaged
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        int features = inputs.Length / rows;
        var tensor = new DenseTensor<T>(inputs, new[] { rows, features });
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(inputName, tensor) });
        return results.Single().AsTensor<T>().ToArray();
    }
}
