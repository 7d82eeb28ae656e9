using System;
using BenchmarkDotNet.Attributes;
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
    private OnnxRunner _onnx = null!;

    [Params("Sigmoid", "Tanh")]
    public string Hidden { get; set; } = "Sigmoid";

    [GlobalSetup]
    public void Setup()
    {
        _net = Hidden == "Tanh" ? new MnistTanh(1) : new MnistSigmoid(1);
        _onnx = new OnnxRunner(_net, _inputs, _outputs);
    }

    [GlobalCleanup]
    public void Cleanup() => _onnx.Dispose();

    [Benchmark(Baseline = true)]
    public void Batch_OnnxRuntime() => _onnx.Run();

    [Benchmark]
    public void Batch_NetGenPredictBatch() => _net.PredictBatch(_inputs, _outputs);
}
