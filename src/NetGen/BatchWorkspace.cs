using System;
using System.ComponentModel;
using System.Numerics;
using NetGen.Simd;

namespace NetGen;

/// <summary>
/// A network whose batch training may use several threads. Results do not depend on the thread count: any
/// <see cref="DegreeOfParallelism"/> gives the same bits (<see cref="BatchSchedule"/> says how).
/// </summary>
public interface IParallelTrainable
{
    /// <summary>
    /// The most threads one <c>TrainBatch</c> call uses, at least 1. Default <see cref="Environment.ProcessorCount"/>.
    /// Work too small to pay for a second thread (a layer of fewer than 2^18 multiply-adds over the batch; for small
    /// networks, a batch of fewer than 2 x <see cref="BatchWorkspace{T}.MinChunkRows"/> rows) runs on the calling thread.
    /// </summary>
    int DegreeOfParallelism { get; set; }
}

/// <summary>
/// Implemented by generated networks for <see cref="BatchWorkspace{T}"/>: forward and backward over a block of rows,
/// adding the gradients to a given buffer. Not meant to be called by user code.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IBatchTrainable<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Trains on <paramref name="rows"/> row-major samples: adds their gradients to <paramref name="gradients"/> (the flat
    /// parameter order) and returns the sum of their losses. <paramref name="scratch"/> holds at least rows x the
    /// network's scratch per row; the parameters are only read, so chunks may run on several threads at once.
    /// <paramref name="threads"/> is the most threads the call's layer kernels may split their work across
    /// (<see cref="BatchSchedule.SplitLayers"/>; 1 for the chunks of <see cref="BatchSchedule.Chunks"/>).
    /// </summary>
    /// <remarks>
    /// Contract: each gradient element receives the rows' total in one addition (<c>g = g + total</c>, the total computed
    /// without reading g), as the batched kernels do. <see cref="BatchWorkspace{T}"/> relies on it to add some chunks
    /// straight into the network's gradients and others through zeroed buffers with the same bits.
    /// </remarks>
    double TrainRows(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, Span<T> gradients, Span<T> scratch, int threads);
}

/// <summary>How <see cref="BatchWorkspace{T}"/> spreads a batch over threads; either way the thread count changes no bit.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum BatchSchedule
{
    /// <summary>
    /// The whole batch in one <see cref="IBatchTrainable{T}.TrainRows"/> call whose layer kernels split their work across
    /// the threads, each thread computing whole elements of each result (the kernels' <c>threads</c> overloads). No
    /// gradient buffer and no reduction: the schedule of networks with many parameters.
    /// </summary>
    SplitLayers,

    /// <summary>
    /// The batch cut into chunks by its row count alone, each chunk trained on one thread into its own gradient buffer,
    /// the buffers added in chunk order: the schedule of small networks (the lane path), whose gradients cost nothing to
    /// buffer and whose layers are too small to split.
    /// </summary>
    Chunks,
}

/// <summary>
/// The memory and the schedule of one network's batched training: scratch for the batch's activations and deltas,
/// and per-chunk gradient buffers, allocated on first use and grown on demand (no allocation in steady state on one
/// thread). Used by generated code; not meant to be called by user code.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// <para>
/// Under <see cref="BatchSchedule.SplitLayers"/> a batch is one <see cref="IBatchTrainable{T}.TrainRows"/> call that
/// gets the thread count. Under <see cref="BatchSchedule.Chunks"/>, the rest of these remarks:
/// the partition is fixed by the row count alone: <c>chunks = clamp(rows / MinChunkRows, 1, MaxChunks)</c>, the first
/// <c>rows % chunks</c> chunks one row longer. The result is defined as the gradients plus each chunk's total, added in
/// chunk order: <c>((g + t0) + t1) + ...</c>. Because a chunk adds each element's total in one addition
/// (<see cref="IBatchTrainable{T}.TrainRows"/>), computing chunk c into a zeroed buffer and adding the buffer later gives
/// the same bits as computing it straight into the gradients. So the chunks are cut into one contiguous group per
/// thread: group 0's chunks are computed straight into the gradients, in order, while each other group computes its
/// chunks into their own buffers on another thread; then the buffers are added in chunk order. On one thread no buffer is
/// touched at all; on n threads, (n - 1)/n of the chunks pay for a buffer. Every thread count gives the same bits.
/// </para>
/// <para>
/// Threads come from a process-wide team of workers that spin for a millisecond after each job before they block
/// (<c>WorkerTeam</c>: a thread-pool worker asleep between batches took longer to wake than a 64-row batch's work); no
/// thread is created per batch, and each chunk writes only its own buffer and its own slot of the loss array.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class BatchWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The fewest rows a chunk has when a batch is split (smaller chunks would not pay for a thread).</summary>
    public const int MinChunkRows = 32;

    /// <summary>The most chunks a batch is split into.</summary>
    public const int MaxChunks = 16;

    /// <summary>Parameters per block when the chunk buffers are added up in parallel.</summary>
    private const int ReductionBlock = 8192;

    /// <summary>
    /// The most scratch one pass over a batch uses: a larger batch is trained in consecutive blocks of rows (fixed by the
    /// row count and the network alone, so the thread count still changes no bit). A full batch of 600,000 rows of a
    /// 2-2048-1 network needed 2.5 billion scratch values, more than an array holds.
    /// </summary>
    internal const long MaxScratchBytes = 64L << 20;

    private readonly IBatchTrainable<T> _network;
    private readonly int _parameterCount;
    private readonly int _scratchPerRow;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly BatchSchedule _schedule;
    private readonly Action<int> _runGroup;
    private readonly Action<int> _reduceShare;
    private readonly int _reductionBlocks;
    private AlignedArray<T> _scratch = new(0); // aligned: a1 is the next layer's X
    private T[]?[] _chunkGradients = Array.Empty<T[]?>();
    private readonly double[] _chunkLosses = new double[MaxChunks];

    // The batch being trained, pinned for the duration of Train so that worker threads can see it.
    private T* _inputs;
    private T* _targets;
    private T* _gradients;
    private int _rows;
    private int _chunks;
    private int _groups;
    private int _reducers;

    /// <summary>Creates the workspace of <paramref name="network"/>.</summary>
    /// <param name="network">The generated network.</param>
    /// <param name="inputSize">Its inputs per row.</param>
    /// <param name="outputSize">Its outputs per row.</param>
    /// <param name="parameterCount">Its parameter count.</param>
    /// <param name="scratchPerRow">The scratch values its <see cref="IBatchTrainable{T}.TrainRows"/> needs per row.</param>
    /// <param name="schedule">How a batch spreads over threads.</param>
    public BatchWorkspace(IBatchTrainable<T> network, int inputSize, int outputSize, int parameterCount, int scratchPerRow, BatchSchedule schedule)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _inputSize = inputSize;
        _outputSize = outputSize;
        _parameterCount = parameterCount;
        _scratchPerRow = scratchPerRow;
        _schedule = schedule;
        _runGroup = RunGroup;
        _reduceShare = ReduceShare;
        _reductionBlocks = (parameterCount + ReductionBlock - 1) / ReductionBlock;
    }

    /// <summary>The number of chunks a batch of <paramref name="rows"/> rows is split into (independent of threads).</summary>
    public static int ChunkCount(int rows) => Math.Clamp(rows / MinChunkRows, 1, MaxChunks);

    /// <summary>Where chunk <paramref name="chunk"/> of <paramref name="chunks"/> starts in a batch of <paramref name="rows"/> rows.</summary>
    public static int ChunkStart(int rows, int chunks, int chunk)
    {
        int size = rows / chunks, longer = rows % chunks;
        return chunk * size + Math.Min(chunk, longer);
    }

    /// <summary>
    /// Trains on <paramref name="rows"/> row-major samples, adding their gradients to <paramref name="gradients"/>;
    /// returns the sum of their losses (chunk sums added in chunk order). Uses at most
    /// <paramref name="degreeOfParallelism"/> threads; the result is the same for any number. A batch whose scratch
    /// would pass 64 MiB is trained in consecutive blocks of rows that fit, their losses added in order.
    /// </summary>
    public double Train(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, Span<T> gradients, int degreeOfParallelism)
    {
        if (degreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(degreeOfParallelism), degreeOfParallelism, "The degree of parallelism must be at least 1.");
        int blockRows = BlockRows(_scratchPerRow);
        if (rows > blockRows)
        {
            double sum = 0;
            for (int first = 0; first < rows; first += blockRows)
            {
                int count = Math.Min(blockRows, rows - first);
                sum += Train(inputs.Slice(first * _inputSize, count * _inputSize), targets.Slice(first * _outputSize, count * _outputSize),
                    count, gradients, degreeOfParallelism);
            }
            return sum;
        }
        if (_schedule == BatchSchedule.SplitLayers) return _network.TrainRows(inputs, targets, rows, gradients, Scratch(rows), degreeOfParallelism);
        // One chunk (a batch of fewer than 2 x MinChunkRows rows): one call, and nothing to schedule. A small network's
        // batch of 32 rows is about 250 ns of work, and the general path below cost it 3% more (measured on the 2-2-1 lanes).
        if (rows < 2 * MinChunkRows) return _network.TrainRows(inputs, targets, rows, gradients, Scratch(rows), threads: 1);
        int chunks = ChunkCount(rows);
        int threads = Math.Min(degreeOfParallelism, chunks);
        if (threads == 1)
        {
            // Every chunk straight into the gradients, in chunk order: the same bits as any parallel schedule.
            Span<T> scratch = Scratch(rows);
            double total = 0;
            for (int c = 0; c < chunks; c++)
            {
                int first = ChunkStart(rows, chunks, c), count = ChunkStart(rows, chunks, c + 1) - first;
                total += _network.TrainRows(inputs.Slice(first * _inputSize, count * _inputSize), targets.Slice(first * _outputSize, count * _outputSize),
                    count, gradients, scratch.Slice(first * _scratchPerRow, count * _scratchPerRow), threads: 1);
            }
            return total;
        }

        EnsureChunkBuffers(chunks, rows);
        fixed (T* x = inputs)
        fixed (T* t = targets)
        fixed (T* g = gradients)
        {
            _inputs = x;
            _targets = t;
            _gradients = g;
            _rows = rows;
            _chunks = chunks;
            _groups = threads;
            try
            {
                WorkerTeam.Shared.Run(threads, _runGroup);

                // The buffered chunks (all but group 0's), added in chunk order, in parallel over blocks of parameters.
                _reducers = Math.Min(degreeOfParallelism, _reductionBlocks);
                WorkerTeam.Shared.Run(_reducers, _reduceShare);
            }
            finally
            {
                _inputs = _targets = _gradients = null;
            }
        }

        double loss = 0;
        for (int c = 0; c < chunks; c++) loss += _chunkLosses[c];
        return loss;
    }

    /// <summary>The most rows one pass takes: as many as <see cref="MaxScratchBytes"/> of scratch hold, at least 1.</summary>
    internal static int BlockRows(int scratchPerRow) =>
        scratchPerRow <= 0 ? int.MaxValue : (int)Math.Clamp(MaxScratchBytes / ((long)scratchPerRow * sizeof(T)), 1, int.MaxValue);

    /// <summary>The first chunk of group <paramref name="group"/> of <paramref name="groups"/> (contiguous, sizes differing by at most one).</summary>
    private static int GroupStart(int chunks, int groups, int group) => ChunkStart(chunks, groups, group);

    private Span<T> Scratch(int rows)
    {
        long needed = (long)rows * _scratchPerRow;
        if (_scratch.Length < needed) _scratch = new AlignedArray<T>(checked((int)needed));
        return _scratch.Span;
    }

    private void EnsureChunkBuffers(int chunks, int rows)
    {
        if (_chunkGradients.Length < chunks)
        {
            // A chunk's buffer is made the first time the chunk runs off group 0 (RunChunk).
            var buffers = new T[]?[chunks];
            _chunkGradients.AsSpan().CopyTo(buffers);
            _chunkGradients = buffers;
        }
        // Every chunk's scratch lies side by side in one array: chunk c's rows start at ChunkStart(c).
        Scratch(rows);
    }

    private void RunGroup(int group)
    {
        int end = GroupStart(_chunks, _groups, group + 1);
        for (int chunk = GroupStart(_chunks, _groups, group); chunk < end; chunk++) RunChunk(chunk, direct: group == 0);
    }

    private void RunChunk(int chunk, bool direct)
    {
        int first = ChunkStart(_rows, _chunks, chunk), rows = ChunkStart(_rows, _chunks, chunk + 1) - first;
        var inputs = new ReadOnlySpan<T>(_inputs + (long)first * _inputSize, rows * _inputSize);
        var targets = new ReadOnlySpan<T>(_targets + (long)first * _outputSize, rows * _outputSize);
        Span<T> gradients;
        if (direct)
        {
            gradients = new Span<T>(_gradients, _parameterCount);
        }
        else
        {
            gradients = (_chunkGradients[chunk] ??= new T[_parameterCount]).AsSpan();
            gradients.Clear();
        }
        var scratch = _scratch.Span.Slice((int)((long)first * _scratchPerRow), rows * _scratchPerRow);
        _chunkLosses[chunk] = _network.TrainRows(inputs, targets, rows, gradients, scratch, threads: 1);
    }

    /// <summary>Reducer <paramref name="reducer"/>'s blocks: every <c>_reducers</c>-th, starting at its own index.</summary>
    private void ReduceShare(int reducer)
    {
        for (int block = reducer; block < _reductionBlocks; block += _reducers) ReduceBlock(block);
    }

    private void ReduceBlock(int block)
    {
        int start = block * ReductionBlock, length = Math.Min(ReductionBlock, _parameterCount - start);
        var total = new Span<T>(_gradients + start, length);
        for (int c = GroupStart(_chunks, _groups, 1); c < _chunks; c++) Kernels.AddScaled(total, T.One, _chunkGradients[c]!.AsSpan(start, length));
    }
}
