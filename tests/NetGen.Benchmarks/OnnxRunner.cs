using System;
using Microsoft.ML.OnnxRuntime;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>
/// ONNX Runtime over a network's weights (<see cref="OnnxModel.Session"/>: one thread, all graph optimizations), with
/// its input and output tensors bound once to arrays the caller keeps, so that a benchmark times <see cref="Run"/> alone.
/// </summary>
public sealed class OnnxRunner : IDisposable
{
    private static readonly string[] InputNames = { "input" }, OutputNames = { "output" };
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs, _outputs;

    /// <summary>
    /// Binds whole rows of <paramref name="inputs"/> and <paramref name="outputs"/>, then checks once that ONNX Runtime
    /// computes what <paramref name="network"/>'s <c>PredictBatch</c> computes (the peer must run the same network).
    /// </summary>
    public OnnxRunner(INetwork<float> network, float[] inputs, float[] outputs)
    {
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        _session = OnnxModel.Session(network.Description, parameters);
        long rows = inputs.Length / network.InputSize;
        _inputs = new[] { OrtValue.CreateTensorValueFromMemory(inputs, new[] { rows, network.InputSize }) };
        _outputs = new[] { OrtValue.CreateTensorValueFromMemory(outputs, new[] { rows, network.OutputSize }) };
        var expected = new float[outputs.Length];
        network.PredictBatch(inputs, expected);
        Run();
        OnnxModel.CheckAgrees(expected, outputs);
    }

    /// <summary>One inference of the bound inputs into the bound outputs.</summary>
    public void Run() => _session.Run(_runOptions, InputNames, _inputs, OutputNames, _outputs);

    public void Dispose()
    {
        foreach (var value in _inputs) value.Dispose();
        foreach (var value in _outputs) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
