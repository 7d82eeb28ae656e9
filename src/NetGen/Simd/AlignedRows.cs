using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Simd;

/// <summary>
/// A caller's rows of inputs copied, a chunk at a time, into a per-thread buffer on a cache line before the 512-bit
/// forward product reads them. The trainer's own batch blocks are aligned already (<see cref="AlignedArray{T}"/>); a
/// caller's span (<c>PredictBatch</c>'s inputs) has whatever alignment its array got, and at 512 bits every vector load
/// of a misaligned row straddles two cache lines. Measured, 784-128-10 <c>PredictBatch</c> of 1,024 rows: 1.87 to 1.98 ms
/// from rows 8 or 16 bytes off a line, 1.50 to 1.57 ms from aligned rows; the copy of a 64-row tile (200 KB) costs a
/// few microseconds of the 20 it saves. A copy changes no bits.
/// </summary>
/// <remarks>
/// Only where it pays: at 512 bits (at 256 bits the same misalignment cost 3%), for at least a register block of rows,
/// and when a row is a whole number of cache lines long, so that every copied row starts on a line. The buffer is made on
/// a thread's first such call and kept (the steady state allocates nothing), at most <see cref="ChunkElements"/> values
/// (rows longer than a quarter of that are not copied).
/// </remarks>
internal static class AlignedRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most values copied at once: 256 KB of float, <see cref="Gemm{T, TVector, TOps}"/>'s L2 row block.</summary>
    public const int ChunkElements = 1 << 16;

    /// <summary>The fewest rows worth a copy: one register block (a lone row's matrix-vector product reads W, not X, mostly).</summary>
    private const int MinRows = GemmBlocks.WideRows;

    [ThreadStatic]
    private static AlignedArray<T>? t_buffer;

    /// <summary>True when <paramref name="rows"/> rows of <paramref name="inputSize"/> values at <paramref name="inputs"/> are worth copying.</summary>
    public static bool Pays(SimdWidth width, ref T inputs, int rows, int inputSize) =>
        width == SimdWidth.Bits512 && rows >= MinRows
        && inputSize <= ChunkElements / MinRows // the buffer stays at most ChunkElements long
        && (long)inputSize * Unsafe.SizeOf<T>() % AlignedArray<T>.Alignment == 0
        && Misaligned(ref inputs);

    /// <summary>The rows per copy: as many as <see cref="ChunkElements"/> holds (at least one register block, by <see cref="Pays"/>).</summary>
    public static int ChunkRows(int inputSize) => ChunkElements / inputSize;

    /// <summary>This thread's buffer, at least <paramref name="elements"/> long, on a cache line.</summary>
    public static Span<T> Buffer(int elements)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < elements) t_buffer = buffer = new AlignedArray<T>(elements);
        return buffer.Span;
    }

    /// <summary>
    /// True when one sample's <paramref name="inputSize"/> inputs at <paramref name="input"/>, which the sample form's own
    /// 512-bit pass will read (<c>Gemm.ForwardSample</c>), are worth copying: off a cache line, and at most
    /// <see cref="ChunkElements"/> long. That pass loads x beside every vector of W, so a misaligned x doubled its loads:
    /// 784 -> 128 took 4.0 us from an x 4 or 16 bytes off a line against 2.9 us from one on a line (Zen 5); the copy of
    /// 3 KB costs a few tens of nanoseconds.
    /// </summary>
    public static bool PaysForSample(ref T input, int inputSize) => inputSize <= ChunkElements && Misaligned(ref input);

    private static unsafe bool Misaligned(ref T first) =>
        (nuint)Unsafe.AsPointer(ref first) % AlignedArray<T>.Alignment != 0;
}
