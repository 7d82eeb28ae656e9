using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>Random data of the benchmark shapes: the arithmetic of a layer does not depend on the values.</summary>
internal static class BenchmarkData
{
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return values;
    }

    public static float[] OneHot(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * classes];
        for (int r = 0; r < rows; r++) values[r * classes + random.Next(classes)] = 1;
        return values;
    }
}

/// <summary>
/// 784-128-10 inference: NetGen's PredictBatch (batched kernels) and Predict (per sample), a hand-written C# MLP, and
/// ONNX Runtime on the same weights (single thread, all graph optimizations), for a batch of 1024 and for one sample.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class InferenceBenchmarks
{
    private const int Batch = 1024;
    private readonly Mnist _net = new(1);
    private readonly ArrayMlp _array = new(new[] { 784, 128, 10 }, z => z > 0 ? z : 0, 1);
    private readonly float[] _inputs = BenchmarkData.Uniform(Batch * 784, 3);
    private readonly float[] _outputs = new float[Batch * 10];
    private readonly float[] _one = new float[784];
    private readonly float[] _oneOut = new float[10];
    private OnnxRunner _onnxBatch = null!, _onnxOne = null!;

    [GlobalSetup]
    public void Setup()
    {
        Array.Copy(_inputs, _one, 784);
        _onnxBatch = new OnnxRunner(_net, _inputs, _outputs);
        _onnxOne = new OnnxRunner(_net, _one, _oneOut);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnxBatch.Dispose();
        _onnxOne.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("784-128-10 batch 1024")]
    public void Batch_OnnxRuntime() => _onnxBatch.Run();

    [Benchmark, BenchmarkCategory("784-128-10 batch 1024")]
    public void Batch_NetGenPredictBatch() => _net.PredictBatch(_inputs, _outputs);

    [Benchmark, BenchmarkCategory("784-128-10 batch 1024")]
    public void Batch_NetGenPredictLoop()
    {
        for (int r = 0; r < Batch; r++) _net.Predict(_inputs.AsSpan(r * 784, 784), _outputs.AsSpan(r * 10, 10));
    }

    [Benchmark, BenchmarkCategory("784-128-10 batch 1024")]
    public void Batch_ArrayMlpLoop()
    {
        var row = new float[784];
        for (int r = 0; r < Batch; r++)
        {
            Array.Copy(_inputs, r * 784, row, 0, 784);
            _array.Predict(row);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("784-128-10 one sample")]
    public void One_OnnxRuntime() => _onnxOne.Run();

    [Benchmark, BenchmarkCategory("784-128-10 one sample")]
    public void One_NetGenPredict() => _net.Predict(_one, _oneOut);

    [Benchmark, BenchmarkCategory("784-128-10 one sample")]
    public void One_NetGenPredictBatch() => _net.PredictBatch(_one, _oneOut);

    [Benchmark, BenchmarkCategory("784-128-10 one sample")]
    public float One_ArrayMlp() => _array.Predict(_one)[0];
}

/// <summary>
/// One epoch of 60,000 samples of Fashion-MNIST's shape (random values: the work does not depend on them): the
/// per-sample path (Forward + Backward per row, Step per batch: NetGen before batching), and Trainer.Fit's batched path
/// on 1 and 2 threads. scripts/bench-pytorch.py runs the same epochs in PyTorch.
/// </summary>
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class EpochBenchmarks
{
    private const int Samples = 60_000;
    private readonly float[] _inputs = BenchmarkData.Uniform(Samples * 784, 5);
    private readonly float[] _targets = BenchmarkData.OneHot(Samples, 10, 6);
    private Dataset<float> _data = null!;
    private readonly Mnist _mnist = new(1);
    private readonly Fashion32 _fashion32 = new(1);

    [GlobalSetup]
    public void Setup() => _data = new Dataset<float>(_inputs, _targets, 784, 10);

    private static void PerSampleEpoch<TNet>(TNet network, float[] inputs, float[] targets, int batch, float learningRate) where TNet : INetwork<float>
    {
        var output = new float[10];
        for (int first = 0; first < Samples; first += batch)
        {
            int last = Math.Min(first + batch, Samples);
            for (int r = first; r < last; r++)
            {
                network.Forward(inputs.AsSpan(r * 784, 784), output);
                network.Backward(targets.AsSpan(r * 10, 10));
            }
            network.Step(learningRate);
        }
    }

    private double FitEpoch(INetwork<float> network, int batch, int threads) =>
        Trainer.Fit(network, _data, new TrainingOptions { Epochs = 1, BatchSize = batch, LearningRate = 0.01, DegreeOfParallelism = threads }).FinalLoss;

    [Benchmark(Baseline = true), BenchmarkCategory("784-128-10 CE batch 64")]
    public void Mnist128_PerSample() => PerSampleEpoch(_mnist, _inputs, _targets, 64, 0.01f);

    [Benchmark, BenchmarkCategory("784-128-10 CE batch 64")]
    public double Mnist128_Batched_1Thread() => FitEpoch(_mnist, 64, 1);

    [Benchmark, BenchmarkCategory("784-128-10 CE batch 64")]
    public double Mnist128_Batched_2Threads() => FitEpoch(_mnist, 64, 2);

    [Benchmark(Baseline = true), BenchmarkCategory("784-32-10 MSE batch 256")]
    public void Fashion32_PerSample() => PerSampleEpoch(_fashion32, _inputs, _targets, 256, 0.01f);

    [Benchmark, BenchmarkCategory("784-32-10 MSE batch 256")]
    public double Fashion32_Batched_1Thread() => FitEpoch(_fashion32, 256, 1);

    [Benchmark, BenchmarkCategory("784-32-10 MSE batch 256")]
    public double Fashion32_Batched_2Threads() => FitEpoch(_fashion32, 256, 2);
}

/// <summary>
/// The machine's FMA peak on one core: 12 independent accumulators of the widest vector (hiding FMA latency), 2 FLOP per
/// lane per FMA. GFLOP/s = 2 x lanes x 12 x Iterations / time.
/// </summary>
public class PeakBenchmarks
{
    public const int Iterations = 10_000_000;

    /// <summary>FLOPs of one <see cref="FmaPeak"/> call, for GFLOP/s = FLOPs / mean time.</summary>
    public static long Flops => 2L * (Vector512.IsHardwareAccelerated ? 16 : 8) * 12 * Iterations;

    [Benchmark]
    public float FmaPeak() => Vector512.IsHardwareAccelerated ? Peak512() : Peak256();

    private static float Peak512()
    {
        var m = Vector512.Create(0.999999f);
        var c = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c); a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c); a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c); a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c); a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Peak256()
    {
        var m = Vector256.Create(0.999999f);
        var c = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c); a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c); a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c); a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c); a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
