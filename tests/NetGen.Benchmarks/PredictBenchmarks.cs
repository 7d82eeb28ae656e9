using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>
/// One Predict call: generated unrolled code vs generated loops vs a hand-written array MLP, the baseline of each
/// network size (ratios are within a category).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class PredictBenchmarks
{
    private readonly XorUnrolled _xorUnrolled = new(1);
    private readonly XorLooped _xorLooped = new(1);
    private readonly SmallUnrolled _smallUnrolled = new(1);
    private readonly SmallLooped _smallLooped = new(1);
    private readonly Mnist _mnist = new(1);
    private readonly ArrayMlp _xorArray = new(new[] { 2, 2, 1 }, z => 1f / (1f + System.MathF.Exp(-z)), 1);
    private readonly ArrayMlp _smallArray = new(new[] { 16, 16, 4 }, System.MathF.Tanh, 1);
    private readonly ArrayMlp _mnistArray = new(new[] { 784, 128, 10 }, z => z > 0 ? z : 0, 1);
    private readonly float[] _x2 = { 1f, 0f };
    private readonly float[] _x16 = new float[16];
    private readonly float[] _x784 = new float[784];
    private readonly float[] _y1 = new float[1];
    private readonly float[] _y4 = new float[4];
    private readonly float[] _y10 = new float[10];

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(3);
        for (int i = 0; i < _x16.Length; i++) _x16[i] = (float)random.NextDouble();
        for (int i = 0; i < _x784.Length; i++) _x784[i] = (float)random.NextDouble();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Xor")]
    public float Xor_ArrayMlp() => _xorArray.Predict(_x2)[0];

    [Benchmark, BenchmarkCategory("Xor")]
    public float Xor_GeneratedUnrolled() => _xorUnrolled.Predict(1f, 0f);

    [Benchmark, BenchmarkCategory("Xor")]
    public float Xor_GeneratedLoops() { _xorLooped.Predict(_x2, _y1); return _y1[0]; }

    [Benchmark(Baseline = true), BenchmarkCategory("16-16-4")]
    public float Small_ArrayMlp() => _smallArray.Predict(_x16)[0];

    [Benchmark, BenchmarkCategory("16-16-4")]
    public float Small_GeneratedUnrolled() { _smallUnrolled.Predict(_x16, _y4); return _y4[0]; }

    [Benchmark, BenchmarkCategory("16-16-4")]
    public float Small_GeneratedLoops() { _smallLooped.Predict(_x16, _y4); return _y4[0]; }

    [Benchmark(Baseline = true), BenchmarkCategory("784-128-10")]
    public float Mnist_ArrayMlp() => _mnistArray.Predict(_x784)[0];

    [Benchmark, BenchmarkCategory("784-128-10")]
    public float Mnist_Generated() { _mnist.Predict(_x784, _y10); return _y10[0]; }
}

/// <summary>One training step on one sample: Forward, Backward, Step.</summary>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    private readonly XorUnrolled _xor = new(1);
    private readonly Mnist _mnist = new(1);
    private readonly float[] _x2 = { 1f, 0f };
    private readonly float[] _t1 = { 1f };
    private readonly float[] _y1 = new float[1];
    private readonly float[] _x784 = new float[784];
    private readonly float[] _t10 = new float[10];
    private readonly float[] _y10 = new float[10];

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(3);
        for (int i = 0; i < _x784.Length; i++) _x784[i] = (float)random.NextDouble();
        _t10[3] = 1;
    }

    [Benchmark]
    public float Xor_ForwardBackwardStep()
    {
        _xor.Forward(_x2, _y1);
        float loss = _xor.Backward(_t1);
        _xor.Step(0.01f);
        return loss;
    }

    [Benchmark]
    public float Mnist_ForwardBackwardStep()
    {
        _mnist.Forward(_x784, _y10);
        float loss = _mnist.Backward(_t10);
        _mnist.Step(0.001f);
        return loss;
    }
}
