using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen;

namespace NetGen.Benchmarks;

[Mlp(4, 8, 3, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class Tiny483 { }

/// <summary>
/// Tiny networks after SIMD across samples (one sample per vector lane): the 2-2-1 per-sample train step against the
/// plain C# MLP and against its floor (<see cref="RegisterXor"/>: the same arithmetic with every value in a register), and mini-batch training (batch 32, 4,096 samples), full-batch training (one step per 4,096 samples) and
/// batch inference through the lane path against the per-sample loop, for 2-2-1 sigmoid/BCE, 4-8-3
/// tanh/softmax/cross-entropy and 16-16-4 tanh/linear/MSE (340 parameters, near the lane path's limit of 400).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TinyBenchmarks
{
    private const int Samples = 4096;
    private const int Batch = 32;
    private readonly XorUnrolled _xor = new(1);
    private readonly XorUnrolled _tiny = new(1);
    private readonly Tiny483 _small = new(1);
    private readonly SmallUnrolled _small16 = new(1);
    private readonly SmallLooped _small16Looped = new(1); // the same network on the kernel path (UnrollThreshold = 0)
    private readonly ArrayMlp _array = new(new[] { 2, 2, 1 }, z => 1f / (1f + MathF.Exp(-z)), 1, a => a * (1 - a), sigmoidOutput: true);
    private readonly RegisterXor _register = new(); // the floor: the same step with every value in a register
    private readonly float[][] _xorInputs = { new[] { 0f, 0f }, new[] { 0f, 1f }, new[] { 1f, 0f }, new[] { 1f, 1f } };
    private readonly float[][] _xorTargets = { new[] { 0f }, new[] { 1f }, new[] { 1f }, new[] { 0f } };
    private readonly float[] _y = new float[3];
    private readonly float[] _y4 = new float[4];
    private readonly float[] _inputs2 = BenchmarkData.Uniform(Samples * 2, 7);
    private readonly float[] _targets1 = BenchmarkData.Uniform(Samples, 8);
    private readonly float[] _inputs4 = BenchmarkData.Uniform(Samples * 4, 9);
    private readonly float[] _targets3 = BenchmarkData.OneHot(Samples, 3, 10);
    private readonly float[] _inputs16 = BenchmarkData.Uniform(Samples * 16, 11);
    private readonly float[] _targets4 = BenchmarkData.Uniform(Samples * 4, 12);
    private readonly float[] _outputs = new float[Samples * 4];

    [GlobalSetup]
    public void Setup()
    {
        // One thread: the ratios compare the lane code with the per-sample code, not thread counts.
        _tiny.DegreeOfParallelism = 1;
        _small.DegreeOfParallelism = 1;
        _small16.DegreeOfParallelism = 1;
        _small16Looped.DegreeOfParallelism = 1;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("2-2-1 per-sample train step (x4)")]
    public float Xor_ArrayMlpTrainStep()
    {
        float loss = 0;
        for (int i = 0; i < 4; i++) loss += _array.TrainStep(_xorInputs[i], _xorTargets[i], 0.5f);
        return loss;
    }

    [Benchmark, BenchmarkCategory("2-2-1 per-sample train step (x4)")]
    public float Xor_NetGenTrainStep()
    {
        float loss = 0;
        for (int i = 0; i < 4; i++)
        {
            _xor.Forward(_xorInputs[i], _y.AsSpan(0, 1));
            loss += _xor.Backward(_xorTargets[i]);
            _xor.Step(0.5f);
        }
        return loss;
    }

    [Benchmark, BenchmarkCategory("2-2-1 per-sample train step (x4)")]
    public float Xor_RegisterTrainStep()
    {
        float loss = 0;
        for (int i = 0; i < 4; i++) loss += _register.TrainStep(_xorInputs[i], _xorTargets[i], 0.5f);
        return loss;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("2-2-1 mini-batch 32, 4096 samples")]
    public void Tiny221_PerSampleLoop()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            for (int r = first; r < first + Batch; r++)
            {
                _tiny.Forward(_inputs2.AsSpan(r * 2, 2), _y.AsSpan(0, 1));
                _tiny.Backward(_targets1.AsSpan(r, 1));
            }
            _tiny.Step(0.1f);
        }
    }

    [Benchmark, BenchmarkCategory("2-2-1 mini-batch 32, 4096 samples")]
    public void Tiny221_TrainBatch()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            _tiny.TrainBatch(_inputs2.AsSpan(first * 2, Batch * 2), _targets1.AsSpan(first, Batch));
            _tiny.Step(0.1f);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("2-2-1 full batch, 4096 samples")]
    public void Tiny221_FullBatchPerSampleLoop()
    {
        for (int r = 0; r < Samples; r++)
        {
            _tiny.Forward(_inputs2.AsSpan(r * 2, 2), _y.AsSpan(0, 1));
            _tiny.Backward(_targets1.AsSpan(r, 1));
        }
        _tiny.Step(0.1f);
    }

    [Benchmark, BenchmarkCategory("2-2-1 full batch, 4096 samples")]
    public void Tiny221_FullBatchTrainBatch()
    {
        _tiny.TrainBatch(_inputs2, _targets1);
        _tiny.Step(0.1f);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("4-8-3 mini-batch 32, 4096 samples")]
    public void Tiny483_PerSampleLoop()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            for (int r = first; r < first + Batch; r++)
            {
                _small.Forward(_inputs4.AsSpan(r * 4, 4), _y);
                _small.Backward(_targets3.AsSpan(r * 3, 3));
            }
            _small.Step(0.1f);
        }
    }

    [Benchmark, BenchmarkCategory("4-8-3 mini-batch 32, 4096 samples")]
    public void Tiny483_TrainBatch()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            _small.TrainBatch(_inputs4.AsSpan(first * 4, Batch * 4), _targets3.AsSpan(first * 3, Batch * 3));
            _small.Step(0.1f);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("16-16-4 mini-batch 32, 4096 samples")]
    public void Small16_PerSampleLoop()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            for (int r = first; r < first + Batch; r++)
            {
                _small16.Forward(_inputs16.AsSpan(r * 16, 16), _y4);
                _small16.Backward(_targets4.AsSpan(r * 4, 4));
            }
            _small16.Step(0.1f);
        }
    }

    [Benchmark, BenchmarkCategory("16-16-4 mini-batch 32, 4096 samples")]
    public void Small16_TrainBatch()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            _small16.TrainBatch(_inputs16.AsSpan(first * 16, Batch * 16), _targets4.AsSpan(first * 4, Batch * 4));
            _small16.Step(0.1f);
        }
    }

    /// <summary>16-16-4 on the batched kernels instead of the lanes: where the lane path stops paying.</summary>
    [Benchmark, BenchmarkCategory("16-16-4 mini-batch 32, 4096 samples")]
    public void Small16Looped_TrainBatch()
    {
        for (int first = 0; first < Samples; first += Batch)
        {
            _small16Looped.TrainBatch(_inputs16.AsSpan(first * 16, Batch * 16), _targets4.AsSpan(first * 4, Batch * 4));
            _small16Looped.Step(0.1f);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("2-2-1 inference, 4096 samples")]
    public void Tiny221_PredictLoop()
    {
        for (int r = 0; r < Samples; r++) _tiny.Predict(_inputs2.AsSpan(r * 2, 2), _outputs.AsSpan(r, 1));
    }

    [Benchmark, BenchmarkCategory("2-2-1 inference, 4096 samples")]
    public void Tiny221_PredictBatch() => _tiny.PredictBatch(_inputs2, _outputs.AsSpan(0, Samples));

    [Benchmark(Baseline = true), BenchmarkCategory("16-16-4 inference, 4096 samples")]
    public void Small16_PredictLoop()
    {
        for (int r = 0; r < Samples; r++) _small16.Predict(_inputs16.AsSpan(r * 16, 16), _outputs.AsSpan(r * 4, 4));
    }

    [Benchmark, BenchmarkCategory("16-16-4 inference, 4096 samples")]
    public void Small16_PredictBatch() => _small16.PredictBatch(_inputs16, _outputs);

    [Benchmark, BenchmarkCategory("16-16-4 inference, 4096 samples")]
    public void Small16Looped_PredictBatch() => _small16Looped.PredictBatch(_inputs16, _outputs);
}
