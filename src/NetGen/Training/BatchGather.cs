using System;
using System.Numerics;
using System.Runtime.Intrinsics.X86;
using NetGen.Simd;

namespace NetGen;

/// <summary>
/// Copies a mini-batch's samples, in the epoch's order, into the row-major blocks that <c>TrainBatch</c> takes; a large
/// batch on several threads. A shuffled row lies at a random place in a dataset larger than the caches, so the copy
/// mostly waits on memory (measured: 30 us of a 784-128-10 batch of 64, more than the layers' serial parts), and two
/// cores wait in parallel. Copies change no bits, so the thread count still changes nothing.
/// </summary>
internal sealed class BatchGather<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The fewest input values a batch has for its copy to be split (64 KB of float).</summary>
    private const int MinParallelValues = 1 << 14;

    private readonly Dataset<T> _data;
    private readonly int[] _order;
    private readonly AlignedArray<T> _inputs; // on a cache line: the first layer's X
    private readonly T[] _targets;
    private readonly Action<int> _copyPart;
    private int _first, _rows, _parts;

    /// <summary>A gather from <paramref name="data"/> in <paramref name="order"/> into blocks of <paramref name="batchSize"/> rows.</summary>
    public BatchGather(Dataset<T> data, int[] order, int batchSize)
    {
        _data = data;
        _order = order;
        _inputs = new AlignedArray<T>(batchSize * data.InputSize);
        _targets = new T[batchSize * data.TargetSize];
        _copyPart = CopyPart;
    }

    /// <summary>The inputs of the last gathered batch, row-major.</summary>
    public ReadOnlySpan<T> Inputs => _inputs.Span.Slice(0, _rows * _data.InputSize);

    /// <summary>The targets of the last gathered batch, row-major.</summary>
    public ReadOnlySpan<T> Targets => _targets.AsSpan(0, _rows * _data.TargetSize);

    /// <summary>Copies samples <c>order[first]</c> to <c>order[first + rows - 1]</c>, on up to <paramref name="threads"/> threads.</summary>
    public void Gather(int first, int rows, int threads)
    {
        _first = first;
        _rows = rows;
        _parts = threads > 1 && (long)rows * _data.InputSize >= MinParallelValues ? Math.Min(threads, rows) : 1;
        if (_parts == 1) CopyRows(0, rows);
        else WorkerTeam.Shared.Run(_parts, _copyPart);
    }

    /// <summary>How many rows ahead of the copy the gather asks for a row.</summary>
    private const int PrefetchDistance = 4;

    /// <summary>
    /// One prefetch per cache line of <paramref name="row"/>: a shuffled row lies in memory at a random place, and the
    /// copy of one row at a time waits for each row's first lines; asking a few rows ahead keeps several rows in flight.
    /// Measured on 64 shuffled rows of 784 floats from a 188 MB dataset: 29 to 31 us per batch without, 20.6 to 22.6 us
    /// with the rows 4 ahead (2 and 8 ahead did the same). Prefetching the whole next batch while the current one
    /// trained was tried too and measured no faster: it competed with the layers for the caches.
    /// </summary>
    private static unsafe void PrefetchRow(ReadOnlySpan<T> row)
    {
        if (!Sse.IsSupported) return;
        fixed (T* start = row)
        {
            byte* first = (byte*)start, last = (byte*)(start + row.Length) - 1;
            for (byte* line = first; line <= last; line += 64) Sse.Prefetch0(line);
            Sse.Prefetch0(last);
        }
    }

    private void CopyPart(int part) => CopyRows(part * _rows / _parts, (part + 1) * _rows / _parts);

    private void CopyRows(int begin, int end)
    {
        int inputSize = _data.InputSize, targetSize = _data.TargetSize;
        for (int k = begin; k < end; k++)
        {
            if (k + PrefetchDistance < end) PrefetchRow(_data.Input(_order[_first + k + PrefetchDistance]));
            int sample = _order[_first + k];
            _data.Input(sample).CopyTo(_inputs.Span.Slice(k * inputSize, inputSize));
            _data.Target(sample).CopyTo(_targets.AsSpan(k * targetSize, targetSize));
        }
    }
}
