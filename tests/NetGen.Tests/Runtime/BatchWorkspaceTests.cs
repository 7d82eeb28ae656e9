using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>How <see cref="BatchWorkspace{T}"/> bounds the scratch of one batch.</summary>
public class BatchWorkspaceTests
{
    /// <summary>A network of one input, one output and one parameter that records each pass: its first input and its row count.</summary>
    private sealed class Recorder : IBatchTrainable<float>
    {
        public int ScratchPerRow { get; init; }
        public List<(float First, int Rows)> Passes { get; } = new();

        public double TrainRows(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, Span<float> gradients, Span<float> scratch, int threads)
        {
            Assert.True(scratch.Length >= (long)rows * ScratchPerRow);
            Passes.Add((inputs[0], rows));
            float total = 0;
            foreach (float x in inputs) total += x;
            gradients[0] += total;
            return rows;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_batch_whose_scratch_no_array_holds_is_trained_in_blocks_of_rows(int threads)
    {
        // 2049 rows of 2^20 scratch values each: 2^31 + 2^20 values in one pass, more than an int counts (it threw an
        // OverflowException). In blocks of 64 MiB, 16 rows each: 128 blocks of 16 rows, then one of 1, in order.
        const int rows = 2049, scratchPerRow = 1 << 20;
        var network = new Recorder { ScratchPerRow = scratchPerRow };
        var workspace = new BatchWorkspace<float>(network, 1, 1, 1, scratchPerRow, BatchSchedule.SplitLayers);
        var inputs = Enumerable.Range(0, rows).Select(i => (float)i).ToArray();
        var gradients = new float[1];

        double loss = workspace.Train(inputs, new float[rows], rows, gradients, threads);

        Assert.Equal(rows, loss);
        Assert.Equal(rows * (rows - 1) / 2, gradients[0]); // 2,098,176: every row once, exact in float
        Assert.Equal(129, network.Passes.Count);
        Assert.All(network.Passes.Take(128).Select((pass, k) => (pass, k)), p => Assert.Equal((16f * p.k, 16), p.pass));
        Assert.Equal((2048f, 1), network.Passes[^1]);
    }

    [Fact]
    public void A_batch_that_fits_is_one_pass()
    {
        var network = new Recorder { ScratchPerRow = 276 };
        var workspace = new BatchWorkspace<float>(network, 1, 1, 1, 276, BatchSchedule.SplitLayers);
        workspace.Train(new float[60_000], new float[60_000], 60_000, new float[1], 1);
        Assert.Equal(new[] { (0f, 60_000) }, network.Passes);
    }
}
