using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetGen.Simd;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>The 64-byte aligned arrays behind the trainer's batch blocks and the layers' scratch.</summary>
public class AlignedArrayTests
{
    // The offset of the first element from a 64-byte boundary, through the pinned array's address (no unsafe code here).
    private static long Address<T>(Span<T> span) where T : unmanaged =>
        (long)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetReference(span));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(784 * 64)]
    public void Elements_start_on_a_cache_line_and_stay_there(int length)
    {
        // Many arrays, so that the GC's alignments (any multiple of 8 bytes) all come up; a collection must not move them.
        var floats = new AlignedArray<float>[40];
        var doubles = new AlignedArray<double>[40];
        for (int i = 0; i < floats.Length; i++)
        {
            floats[i] = new AlignedArray<float>(length + i);
            doubles[i] = new AlignedArray<double>(length + i);
            _ = new byte[8 * (i + 1)]; // shifts the next allocation's alignment
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        for (int i = 0; i < floats.Length; i++)
        {
            Assert.Equal(length + i, floats[i].Span.Length);
            Assert.Equal(length + i, doubles[i].Span.Length);
            if (length + i == 0) continue;
            Assert.Equal(0, Address(floats[i].Span) % 64);
            Assert.Equal(0, Address(doubles[i].Span) % 64);
            Assert.All(floats[i].Span.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void The_trainer_gathers_batches_into_aligned_rows()
    {
        var random = new Random(2);
        var inputs = new float[50 * 784];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        var data = new Dataset<float>(inputs, new float[50 * 10], 784, 10);
        var order = new int[50];
        for (int i = 0; i < order.Length; i++) order[i] = order.Length - 1 - i;
        var gather = new BatchGather<float>(data, order, 16);
        gather.Gather(16, 16, 1);
        Assert.Equal(0, Address(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(gather.Inputs), 1)) % 64);
        // The rows are the right samples, in order.
        for (int k = 0; k < 16; k++) Assert.Equal(data.Input(order[16 + k]).ToArray(), gather.Inputs.Slice(k * 784, 784).ToArray());
    }
}
