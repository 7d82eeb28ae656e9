using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// The trainer's batch gather copies each sample's inputs and targets, in the epoch's order, exactly: rows shorter than a
/// vector (the plain copy), whole vectors, four-vector steps and a partial last vector (which overlaps the row's last
/// whole vector), on one thread and split across several.
/// </summary>
public class BatchGatherTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (int inputs in new[] { 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 100, 784 })
        {
            data.Add(inputs, 1 + inputs % 11);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_row_is_copied_exactly_float(int inputs, int targets) => Check<float>(inputs, targets);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_row_is_copied_exactly_double(int inputs, int targets) => Check<double>(inputs, targets);

    private static void Check<T>(int inputSize, int targetSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int count = 300, batchSize = 70;
        // Each value names its sample and position, so a row from the wrong sample or shifted by one shows.
        var features = Enumerable.Range(0, count * inputSize).Select(i => T.CreateChecked(i / inputSize * 10_000 + i % inputSize + 0.5)).ToArray();
        var labels = Enumerable.Range(0, count * targetSize).Select(i => -T.CreateChecked(i / targetSize * 10_000 + i % targetSize + 0.25)).ToArray();
        var data = new Dataset<T>(features, labels, inputSize, targetSize);
        var order = Enumerable.Range(0, count).OrderBy(i => (i * 7919) % count).ToArray();
        var gather = new BatchGather<T>(data, order, batchSize);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            for (int first = 0; first < count; first += batchSize)
            {
                int rows = Math.Min(batchSize, count - first);
                gather.Gather(first, rows, threads);
                Assert.Equal(rows * inputSize, gather.Inputs.Length);
                Assert.Equal(rows * targetSize, gather.Targets.Length);
                for (int r = 0; r < rows; r++)
                {
                    int sample = order[first + r];
                    Assert.True(data.Input(sample).SequenceEqual(gather.Inputs.Slice(r * inputSize, inputSize)), $"inputs of row {r} (sample {sample}), batch at {first}, {threads} threads");
                    Assert.True(data.Target(sample).SequenceEqual(gather.Targets.Slice(r * targetSize, targetSize)), $"targets of row {r} (sample {sample}), batch at {first}, {threads} threads");
                }
            }
        }
    }
}
