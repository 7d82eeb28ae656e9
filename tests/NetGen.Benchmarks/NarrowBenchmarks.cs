using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen;

namespace NetGen.Benchmarks;

[Mlp(2, 100, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class Moons2x100 { }

[Mlp(10, 64, 64, 3, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class Tabular10x64x64 { }

/// <summary>
/// Networks too large for the lane path whose layers are narrow (2 or 10 inputs, fewer than a vector's lanes), so the
/// batched kernels run them (one call per layer): the moons tutorial's 2-100-2 trained on a full batch of 3,500 rows,
/// and a tabular 10-64-64-3 in mini-batches of 32, each against the per-sample loop.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class NarrowBenchmarks
{
    private const int MoonsRows = 3500;
    private const int TabularRows = 4096;
    private const int Batch = 32;
    private readonly Moons2x100 _moons = new(1);
    private readonly Tabular10x64x64 _tabular = new(1);
    private readonly float[] _moonsInputs = BenchmarkData.Uniform(MoonsRows * 2, 11);
    private readonly float[] _moonsTargets = BenchmarkData.OneHot(MoonsRows, 2, 12);
    private readonly float[] _tabularInputs = BenchmarkData.Uniform(TabularRows * 10, 13);
    private readonly float[] _tabularTargets = BenchmarkData.OneHot(TabularRows, 3, 14);
    private readonly float[] _y = new float[3];

    [GlobalSetup]
    public void Setup()
    {
        // One thread: the ratios compare the batched kernels with the per-sample code, not thread counts.
        _moons.DegreeOfParallelism = 1;
        _tabular.DegreeOfParallelism = 1;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("2-100-2 full batch of 3500")]
    public void Moons_PerSampleLoop()
    {
        for (int r = 0; r < MoonsRows; r++)
        {
            _moons.Forward(_moonsInputs.AsSpan(r * 2, 2), _y.AsSpan(0, 2));
            _moons.Backward(_moonsTargets.AsSpan(r * 2, 2));
        }
        _moons.Step(0.1f);
    }

    [Benchmark, BenchmarkCategory("2-100-2 full batch of 3500")]
    public void Moons_TrainBatch()
    {
        _moons.TrainBatch(_moonsInputs, _moonsTargets);
        _moons.Step(0.1f);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("10-64-64-3 mini-batch 32, 4096 samples")]
    public void Tabular_PerSampleLoop()
    {
        for (int first = 0; first < TabularRows; first += Batch)
        {
            for (int r = first; r < first + Batch; r++)
            {
                _tabular.Forward(_tabularInputs.AsSpan(r * 10, 10), _y);
                _tabular.Backward(_tabularTargets.AsSpan(r * 3, 3));
            }
            _tabular.Step(0.01f);
        }
    }

    [Benchmark, BenchmarkCategory("10-64-64-3 mini-batch 32, 4096 samples")]
    public void Tabular_TrainBatch()
    {
        for (int first = 0; first < TabularRows; first += Batch)
        {
            _tabular.TrainBatch(_tabularInputs.AsSpan(first * 10, Batch * 10), _tabularTargets.AsSpan(first * 3, Batch * 3));
            _tabular.Step(0.01f);
        }
    }
}
