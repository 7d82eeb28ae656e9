using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen;

/// <summary>
/// A process-wide team of worker threads that stay awake (spinning) for a short while after each job, so that the
/// back-to-back jobs of a training loop (one per mini-batch, a few hundred microseconds each) start at once.
/// </summary>
/// <remarks>
/// Why not <c>Parallel.For</c>: a thread-pool worker that has gone to sleep between two batches takes tens to hundreds of
/// microseconds to wake (on a virtual machine, an interrupt to a halted virtual CPU), as long as a 784-128-10 batch of
/// 64 rows takes (about 230 us): measured, 2 threads through <c>Parallel.For</c> ran that epoch at 0.79x the speed of
/// one, and at 0.93x with this team while batches were still split into chunks with their own gradient buffers; with
/// the layer kernels split instead (<c>KernelSplit</c>), 1.24x to 1.67x, with the machine's phase (docs/benchmarks.md). The design
/// is OpenMP's: spin, then block (<c>OMP_WAIT_POLICY</c>, <c>KMP_BLOCKTIME</c>).
/// One job runs at a time; a caller that finds the team busy (another network training on another thread) runs its
/// whole job itself, which gives the same bits (callers make every schedule give the same bits).
/// </remarks>
internal sealed class WorkerTeam
{
    /// <summary>How long an idle worker spins before it blocks: longer than the gap between two mini-batches.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000; // 1 ms

    /// <summary>The team: one worker per core beside the caller's.</summary>
    public static WorkerTeam Shared { get; } = new(Environment.ProcessorCount - 1);

    private readonly int _workerCount;
    private readonly object _dispatch = new();
    private Thread[]? _workers;
    private ManualResetEventSlim[] _wake = Array.Empty<ManualResetEventSlim>(); // one per worker: a blocked worker's alarm

    // The job being run; written by the caller before _generation is bumped, read by the workers after.
    private Action<int>? _body;
    private int _count;
    private int _remaining;
    private long _generation;
    private Exception? _error;

    /// <summary>A team of <paramref name="workerCount"/> workers (the tests make teams of several sizes).</summary>
    internal WorkerTeam(int workerCount) => _workerCount = Math.Max(0, workerCount);

    /// <summary>
    /// Runs <paramref name="body"/>(0) to <paramref name="body"/>(<paramref name="count"/> - 1), index 0 on the calling
    /// thread and the others on the team's workers, and returns when all are done. If the team is busy or too small,
    /// the calling thread runs the indices it cannot hand out itself, in order. The first exception is rethrown.
    /// </summary>
    public void Run(int count, Action<int> body)
    {
        if (count <= 1 || _workerCount == 0 || !Monitor.TryEnter(_dispatch))
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            EnsureWorkers();
            int handedOut = Math.Min(count - 1, _workerCount);
            _body = body;
            _count = handedOut + 1;
            _error = null;
            Volatile.Write(ref _remaining, handedOut);
            Interlocked.Increment(ref _generation); // publishes the job (a full fence)
            for (int w = 0; w < handedOut; w++) _wake[w].Set();
            try
            {
                body(0);
                for (int i = handedOut + 1; i < count; i++) body(i); // more indices than workers: the caller runs the rest
            }
            finally
            {
                // The workers read the caller's (pinned) data: never return before they are done, even on an exception.
                for (int spins = 0; Volatile.Read(ref _remaining) != 0; spins++) Pause(spins);
                _body = null;
            }
            if (_error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
        }
        finally
        {
            Monitor.Exit(_dispatch);
        }
    }

    /// <summary>
    /// One step of a wait expected to last microseconds: a few pause instructions, and every 256th step a yield, so that
    /// spinning costs little when threads outnumber free cores. Not <see cref="SpinWait"/>: its backoff grows to
    /// microseconds between two looks, which was measured as 7 us added to every 50 us job.
    /// </summary>
    private static void Pause(int spins)
    {
        if ((spins & 255) == 255) Thread.Yield();
        else Thread.SpinWait(4);
    }

    private void EnsureWorkers()
    {
        if (_workers is not null) return;
        var workers = new Thread[_workerCount];
        _wake = new ManualResetEventSlim[_workerCount];
        for (int i = 0; i < workers.Length; i++) _wake[i] = new ManualResetEventSlim(false);
        for (int i = 0; i < workers.Length; i++)
        {
            int index = i + 1;
            // The generation before the first job: a thread may start running only after that job is published.
            long before = Volatile.Read(ref _generation);
            workers[i] = new Thread(() => Work(index, before)) { IsBackground = true, Name = $"NetGen worker {index}" };
            workers[i].Start();
        }
        _workers = workers;
    }

    private void Work(int index, long seen)
    {
        var wake = _wake[index - 1];
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            int spins = 0;
            long generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Pause(spins++);
                    continue;
                }
                // Block until the next job. Reset, then look again: a job published before the Reset is seen by the
                // loop's check; one published after it sets this worker's event again.
                wake.Wait();
                wake.Reset();
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
            int count = _count;
            Action<int>? body = _body;
            // A worker left out of the last job may read the next job's fields: if the job changed meanwhile, look again.
            if (Volatile.Read(ref _generation) != generation) continue;
            seen = generation;
            if (index >= count) continue;
            try
            {
                body!(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            Interlocked.Decrement(ref _remaining);
        }
    }
}
