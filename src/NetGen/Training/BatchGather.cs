using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>How many rows ahead of the copy the gather asks for a row's first cache lines.</summary>
    private const int PrefetchDistance = 2;

    /// <summary>How many of a row's first cache lines the gather asks for ahead of the copy.</summary>
    private const int PrefetchLines = 8;

    /// <summary>
    /// Asks for the first cache lines of <paramref name="row"/>: a shuffled row lies in memory at a random place, and a copy
    /// of one row at a time would wait for each row's first lines; once they arrive, the hardware's prefetcher follows the
    /// rest of the row. Asking for whole rows 4 ahead (before) had been a third faster than no prefetch; the first 8 lines
    /// 2 ahead are faster still with the copy below (4 to 16 lines, 1 to 3 rows ahead, all within a millisecond per epoch).
    /// </summary>
    private static unsafe void PrefetchStart(ReadOnlySpan<T> row)
    {
        if (!Sse.IsSupported || row.IsEmpty) return;
        fixed (T* start = row)
        {
            byte* first = (byte*)start, last = (byte*)(start + row.Length) - 1, end = first + PrefetchLines * 64;
            for (byte* line = first; line <= last && line < end; line += 64) Sse.Prefetch0(line);
        }
    }

    /// <summary>
    /// Copies one row with 256-bit loads and stores, four vectors per step, where <c>Span.CopyTo</c> hands a 3 KB row to
    /// the C library's memmove (<c>rep movsb</c> at that size). Measured on a Zen 3 core, 60,000 shuffled rows of 784
    /// floats from a 188 MB dataset with 1 MB of other work between batches: 24-26 ms per epoch with <c>CopyTo</c> and
    /// whole rows prefetched, 18.5-19.5 ms with this copy and <see cref="PrefetchStart"/> (the same rows in order: 17.5-19
    /// ms); the 784-32-10 epoch (<c>Trainer.Fit</c>, batches of 256, one thread) 97.6-99.0 -> 95.3-95.7 ms, 784-128-10
    /// 328-331 -> 324-328 ms (medians, old and new builds alternately). A copy is exact: the bits do not change.
    /// </summary>
    private static void CopyRow(ReadOnlySpan<T> source, Span<T> destination)
    {
        int width = Vector256<T>.Count, length = source.Length;
        if (!Vector256.IsHardwareAccelerated || length < width)
        {
            source.CopyTo(destination);
            return;
        }
        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(destination.Slice(0, length));
        nuint i = 0, n = (nuint)length, step = (nuint)(4 * width), w = (nuint)width;
        for (; i + step <= n; i += step)
        {
            var v0 = Vector256.LoadUnsafe(ref from, i);
            var v1 = Vector256.LoadUnsafe(ref from, i + w);
            var v2 = Vector256.LoadUnsafe(ref from, i + 2 * w);
            var v3 = Vector256.LoadUnsafe(ref from, i + 3 * w);
            v0.StoreUnsafe(ref to, i);
            v1.StoreUnsafe(ref to, i + w);
            v2.StoreUnsafe(ref to, i + 2 * w);
            v3.StoreUnsafe(ref to, i + 3 * w);
        }
        for (; i + w <= n; i += w) Vector256.LoadUnsafe(ref from, i).StoreUnsafe(ref to, i);
        // The last partial vector: the row's last whole vector, overlapping what is already copied.
        if (i < n) Vector256.LoadUnsafe(ref from, n - w).StoreUnsafe(ref to, n - w);
    }

    private void CopyPart(int part) => CopyRows(part * _rows / _parts, (part + 1) * _rows / _parts);

    private void CopyRows(int begin, int end)
    {
        int inputSize = _data.InputSize, targetSize = _data.TargetSize;
        for (int k = begin; k < end; k++)
        {
            if (k + PrefetchDistance < end)
            {
                int ahead = _order[_first + k + PrefetchDistance];
                PrefetchStart(_data.Input(ahead));
                PrefetchStart(_data.Target(ahead));
            }
            int sample = _order[_first + k];
            CopyRow(_data.Input(sample), _inputs.Span.Slice(k * inputSize, inputSize));
            _data.Target(sample).CopyTo(_targets.AsSpan(k * targetSize, targetSize));
        }
    }
}
