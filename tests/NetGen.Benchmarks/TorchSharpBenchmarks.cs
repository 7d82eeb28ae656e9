using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// The other peer: TorchSharp 0.107 (libtorch 2.10, CPU), single thread, in the same BenchmarkDotNet run as
/// NetGen. libtorch's native libraries come only with <c>-p:TorchSharp=true</c> (scripts/bench.sh builds with it and
/// makes them load on Debian 12), so that restoring the solution does not download their 600 MB; without them these
/// benchmarks stop at their setup, saying so.
/// The workloads are scripts/bench-pytorch.py's: the same shapes, losses, batch sizes, SGD and 60,000 random samples;
/// the inference network gets the NetGen network's weights, and the setup checks that both give the same outputs.
/// </summary>
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TorchSharpBenchmarks
{
    private const int Samples = 60_000, Batch = 1024;
    private Tensor _inputs = null!, _labels = null!, _oneHot = null!, _batch = null!, _one = null!;
    private Sequential _mnist = null!, _fashion32 = null!, _inference = null!;
    private Loss<Tensor, Tensor, Tensor> _crossEntropy = null!, _meanSquared = null!;

    [GlobalSetup]
    public void Setup()
    {
        try
        {
            torch.set_num_threads(1);
        }
        catch (TypeInitializationException e)
        {
            throw new InvalidOperationException(
                "TorchSharp could not load libtorch. Run these benchmarks through scripts/bench.sh, which builds with -p:TorchSharp=true " +
                "(libtorch's native libraries) and makes them load on Debian 12.", e);
        }
        // libtorch allows this once per process; --inProcess runs every benchmark's setup in one process.
        if (torch.get_num_interop_threads() != 1) torch.set_num_interop_threads(1);
        torch.manual_seed(0);
        _inputs = torch.tensor(BenchmarkData.Uniform(Samples * 784, 5), new long[] { Samples, 784 });
        float[] oneHot = BenchmarkData.OneHot(Samples, 10, 6);
        _oneHot = torch.tensor(oneHot, new long[] { Samples, 10 });
        _labels = _oneHot.argmax(1);
        _mnist = Mlp(128);
        _fashion32 = Mlp(32);
        _crossEntropy = nn.CrossEntropyLoss();
        _meanSquared = nn.MSELoss();

        var net = new Mnist(1);
        _inference = Mlp(128, softmax: true);
        CopyWeights(net, _inference);
        _inference.eval();
        var rows = BenchmarkData.Uniform(Batch * 784, 3);
        _batch = torch.tensor(rows, new long[] { Batch, 784 });
        _one = _batch.narrow(0, 0, 1).contiguous();
        var expected = new float[Batch * 10];
        net.PredictBatch(rows, expected);
        using (torch.inference_mode())
        {
            OnnxModel.CheckAgrees(expected, _inference.forward(_batch).data<float>().ToArray());
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var tensor in new[] { _inputs, _labels, _oneHot, _batch, _one }) tensor.Dispose();
        foreach (var module in new[] { _mnist, _fashion32, _inference }) module.Dispose();
        _crossEntropy.Dispose();
        _meanSquared.Dispose();
    }

    private static Sequential Mlp(int hidden, bool softmax = false) => softmax
        ? nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10), nn.Softmax(1))
        : nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10));

    /// <summary>NetGen's flat order is PyTorch's state_dict order (per layer W row-major, then b; DESIGN.md).</summary>
    private static void CopyWeights(INetwork<float> network, Sequential model)
    {
        var flat = new float[network.ParameterCount];
        network.CopyParametersTo(flat);
        int offset = 0;
        using var _ = torch.no_grad();
        foreach (var parameter in model.parameters())
        {
            int count = (int)parameter.numel();
            using var values = torch.tensor(flat.AsSpan(offset, count).ToArray(), parameter.shape);
            parameter.copy_(values);
            offset += count;
        }
        if (offset != flat.Length) throw new InvalidOperationException($"copied {offset} of {flat.Length} parameters");
    }

    /// <summary>One epoch as bench-pytorch.py's: a shuffled order, each batch gathered, forward, loss, backward, SGD step.</summary>
    private void Epoch(Sequential model, Loss<Tensor, Tensor, Tensor> loss, Tensor targets, int batch)
    {
        using var optimizer = torch.optim.SGD(model.parameters(), 0.01);
        using var order = torch.randperm(Samples);
        for (int first = 0; first < Samples; first += batch)
        {
            using var scope = torch.NewDisposeScope();
            var rows = order.narrow(0, first, Math.Min(batch, Samples - first));
            optimizer.zero_grad();
            loss.forward(model.forward(_inputs.index_select(0, rows)), targets.index_select(0, rows)).backward();
            optimizer.step();
        }
    }

    [Benchmark, BenchmarkCategory("784-128-10 CE batch 64")]
    public void Mnist128_TorchSharp() => Epoch(_mnist, _crossEntropy, _labels, 64);

    [Benchmark, BenchmarkCategory("784-32-10 MSE batch 256")]
    public void Fashion32_TorchSharp() => Epoch(_fashion32, _meanSquared, _oneHot, 256);

    [Benchmark, BenchmarkCategory("784-128-10 batch 1024")]
    public void Batch_TorchSharp()
    {
        using var _ = torch.inference_mode();
        _inference.forward(_batch).Dispose();
    }

    [Benchmark, BenchmarkCategory("784-128-10 one sample")]
    public void One_TorchSharp()
    {
        using var _ = torch.inference_mode();
        _inference.forward(_one).Dispose();
    }
}
