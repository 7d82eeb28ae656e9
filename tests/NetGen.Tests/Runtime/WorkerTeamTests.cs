using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>The spinning worker team behind parallel TrainBatch: every index runs exactly once per job, whatever the sizes.</summary>
public class WorkerTeamTests
{
    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 2)]
    [InlineData(1, 7)]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    [InlineData(3, 9)]
    public void Every_index_runs_exactly_once_in_each_of_many_back_to_back_jobs(int workers, int count)
    {
        var team = new WorkerTeam(workers);
        var runs = new int[count];
        for (int job = 0; job < 3_000; job++)
        {
            team.Run(count, i => Interlocked.Increment(ref runs[i]));
            if (job % 1_000 == 0) Thread.Sleep(5); // long enough for the workers to stop spinning and block
        }
        Assert.All(runs, r => Assert.Equal(3_000, r));
    }

    [Fact]
    public void Index_0_runs_on_the_calling_thread_and_the_others_on_workers()
    {
        var team = new WorkerTeam(2);
        var threads = new int[3];
        team.Run(3, i => threads[i] = Environment.CurrentManagedThreadId);
        Assert.Equal(Environment.CurrentManagedThreadId, threads[0]);
        Assert.NotEqual(threads[0], threads[1]);
        Assert.NotEqual(threads[0], threads[2]);
        Assert.NotEqual(threads[1], threads[2]);
    }

    [Fact]
    public void An_exception_on_a_worker_reaches_the_caller_after_every_index_has_finished()
    {
        var team = new WorkerTeam(2);
        int finished = 0;
        var error = Assert.Throws<InvalidOperationException>(() => team.Run(3, i =>
        {
            if (i == 2) throw new InvalidOperationException("chunk 2 failed");
            Thread.Sleep(20);
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("chunk 2 failed", error.Message);
        Assert.Equal(2, Volatile.Read(ref finished));

        // The team still works afterwards.
        var runs = new int[3];
        team.Run(3, i => Interlocked.Increment(ref runs[i]));
        Assert.Equal(new[] { 1, 1, 1 }, runs);
    }

    [Fact]
    public void Concurrent_callers_each_get_their_whole_job_done()
    {
        var team = new WorkerTeam(1);
        var totals = new long[4];
        Parallel.For(0, totals.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, caller =>
        {
            for (int job = 0; job < 500; job++) team.Run(3, i => Interlocked.Add(ref totals[caller], i + 1));
        });
        Assert.All(totals, t => Assert.Equal(500L * (1 + 2 + 3), t));
    }
}
