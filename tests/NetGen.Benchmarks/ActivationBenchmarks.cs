using System;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>
/// 784-128-10 batch inference with a sigmoid or tanh hidden layer (the tutorials' networks), against ONNX Runtime on the
/// same weights: here the hidden layer's 131,072 exp or tanh per batch count beside the product (MLAS computes them with
/// its own vectorized kernels; NetGen with <c>VectorMath</c>'s exp on whole vectors). <see cref="InferenceBenchmarks"/> is
/// the same network with ReLU.
/// </summary>
[MemoryDiagnoser]
public class ActivationBenchmarks
{
    private const int Batch = 1024;
    private INetwork<float> _net = null!;
    private readonly float[] _inputs = BenchmarkData.Uniform(Batch * 784, 3);
    private readonly float[] _outputs = new float[Batch * 10];
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue[] _batchIn = null!, _batchOut = null!;
    private readonly string[] _inputNames = { "input" }, _outputNames = { "output" };

    [Params("Sigmoid", "Tanh")]
    public string Hidden { get; set; } = "Sigmoid";

    [GlobalSetup]
    public void Setup()
    {
        _net = Hidden == "Tanh" ? new MnistTanh(1) : new MnistSigmoid(1);
        var parameters = new float[_net.ParameterCount];
        _net.CopyParametersTo(parameters);
        _session = OnnxModel.Session(_net.Description, parameters);
        _runOptions = new RunOptions();
        _batchIn = new[] { OrtValue.CreateTensorValueFromMemory(_inputs, new long[] { Batch, 784 }) };
        _batchOut = new[] { OrtValue.CreateTensorValueFromMemory(_outputs, new long[] { Batch, 10 }) };

        // The peer must compute what NetGen computes: compare one batch.
        var expected = new float[Batch * 10];
        _net.PredictBatch(_inputs, expected);
        _session.Run(_runOptions, _inputNames, _batchIn, _outputNames, _batchOut);
        OnnxModel.CheckAgrees(expected, _outputs);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var v in _batchIn) v.Dispose();
        foreach (var v in _batchOut) v.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Batch_OnnxRuntime() => _session.Run(_runOptions, _inputNames, _batchIn, _outputNames, _batchOut);

    [Benchmark]
    public void Batch_NetGenPredictBatch() => _net.PredictBatch(_inputs, _outputs);
}
