using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NetGen.Tests.Data;
using NetGen.Tests.Generated;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Persistence;

/// <summary>
/// Saving is atomic: a fault in the middle of a save (an exception from the stream, a killed process) leaves the
/// previous file complete and loadable, and the next successful save leaves no temporary file behind.
/// </summary>
public class CrashSafetyTests
{
    private readonly ITestOutputHelper _output;

    public CrashSafetyTests(ITestOutputHelper output) => _output = output;

    /// <summary>Passes writes through until <c>limit</c> bytes have gone by, then fails as a full disk would.</summary>
    private sealed class FailingStream : Stream
    {
        private readonly Stream _inner;
        private long _remaining;

        public FailingStream(Stream inner, long limit)
        {
            _inner = inner;
            _remaining = limit;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => _inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int allowed = (int)Math.Min(buffer.Length, _remaining);
            _inner.Write(buffer[..allowed]);
            _remaining -= allowed;
            if (allowed < buffer.Length) throw new IOException("Injected fault: no space left on device.");
        }
    }

    [Fact]
    public void A_stream_that_fails_after_N_bytes_leaves_the_old_file_loadable_and_no_temporary_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.json");
        var old = new TorchNet(seed: 1);
        old.Save(path);
        byte[] oldBytes = File.ReadAllBytes(path);

        var replacement = new TorchNet(seed: 2);
        using var full = new MemoryStream();
        replacement.Save(full);
        long length = full.Length;
        foreach (long limit in new[] { 0, 1, 100, length / 2, length - 1 })
        {
            var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream => replacement.Save(new FailingStream(stream, limit))));
            Assert.Contains("Injected fault", error.Message);
            Assert.Equal(oldBytes, File.ReadAllBytes(path));
            Assert.Equal(old.Parameters.ToArray(), TorchNet.Load(path).Parameters.ToArray());
            Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
        }
        // With room for every byte, the same path succeeds.
        AtomicFile.Write(path, stream => replacement.Save(new FailingStream(stream, length)));
        Assert.Equal(replacement.Parameters.ToArray(), TorchNet.Load(path).Parameters.ToArray());
    }

    /// <summary>The temporary files of <paramref name="path"/> in its folder (saves under way or left by killed ones).</summary>
    private static string[] TemporaryFilesOf(string path) =>
        Directory.GetFiles(Path.GetDirectoryName(path)!).Where(file => AtomicFile.IsTemporaryFileOf(path, file, out _)).ToArray();

    /// <summary>Whether <paramref name="file"/> has bytes (false once renamed away).</summary>
    private static bool HasContent(string file)
    {
        try
        {
            return new FileInfo(file).Length > 0;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A process id that no process has: one that has run and ended.</summary>
    private static int EndedProcessId()
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        using Process ended = Process.Start(new ProcessStartInfo(dotnet, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        ended.StandardOutput.ReadToEnd();
        ended.WaitForExit();
        return ended.Id;
    }

    [Fact]
    public void Temporary_files_are_named_per_save_beside_the_target()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.json");
        string first = AtomicFile.NewTemporaryPath(path), second = AtomicFile.NewTemporaryPath(path);
        Assert.NotEqual(first, second);
        foreach (string temporary in new[] { first, second })
        {
            Assert.Equal(folder.Path, Path.GetDirectoryName(temporary));
            Assert.Matches(@"^\.model\.json\.\d+-\d+\.netgen-tmp$", Path.GetFileName(temporary));
            Assert.True(AtomicFile.IsTemporaryFileOf(path, temporary, out int processId));
            Assert.Equal(Environment.ProcessId, processId);
        }
        Assert.False(AtomicFile.IsTemporaryFileOf(path, folder.File(".other.json.1-1.netgen-tmp"), out _));
        foreach (string other in new[] { ".model.json.netgen-tmp", ".model.json.-1.netgen-tmp", ".model.json.1-.netgen-tmp", ".model.json.x-1.netgen-tmp", "model.json", ".model.json." })
        {
            Assert.False(AtomicFile.IsTemporaryFileOf(path, folder.File(other), out _));
        }
    }

    [Theory]
    [InlineData(250, "a")]      // 255 bytes with ".json": the longest name Linux allows
    [InlineData(125, "\u00e9")] // 255 bytes in two-byte characters
    [InlineData(62, "\U0001F600")] // 253 bytes in four-byte characters (surrogate pairs)
    public void A_target_name_at_the_file_systems_limit_saves_and_leaves_no_temporary_file(int repeat, string unit)
    {
        using var folder = new TempDirectory();
        string path = folder.File(string.Concat(Enumerable.Repeat(unit, repeat)) + ".json");
        var net = new TorchNet(seed: 3);

        net.Save(path);
        net.Save(path); // over the file, and through the leftover check, whose prefix must match the name's

        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
        Assert.Equal(net.Parameters.ToArray(), TorchNet.Load(path).Parameters.ToArray());
        Assert.True(AtomicFile.IsTemporaryFileOf(path, AtomicFile.NewTemporaryPath(path), out _));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(AtomicFile.NewTemporaryPath(path))) <= 255);
    }

    [Fact]
    public void A_save_over_a_file_keeps_its_permissions()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempDirectory();
        string path = folder.File("private.json");
        var net = new TorchNet(seed: 3);
        net.Save(path);
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(path, Private);

        net.Save(path);
        ModelFile.SaveNpy(net, path + ".npy");
        File.SetUnixFileMode(path + ".npy", UnixFileMode.UserRead | UnixFileMode.GroupRead);
        ModelFile.SaveNpy(net, path + ".npy");

        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(path + ".npy"));
        Assert.Equal(net.Parameters.ToArray(), TorchNet.Load(path).Parameters.ToArray());
    }

    [Theory]
    [InlineData("missing folder")]
    [InlineData("a file as the folder")]
    public void A_save_that_cannot_create_its_file_names_the_target_not_the_temporary_file(string where)
    {
        using var folder = new TempDirectory();
        string parent = folder.File("parent");
        if (where == "a file as the folder") File.WriteAllText(parent, "x");
        string path = Path.Combine(parent, "model.json");

        var error = Assert.ThrowsAny<IOException>(() => new TorchNet(seed: 3).Save(path));

        _output.WriteLine(error.Message);
        Assert.Contains("'" + path + "'", error.Message);
        Assert.DoesNotContain(".netgen-tmp", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.DoesNotContain(Directory.GetFiles(folder.Path), f => f.EndsWith(".netgen-tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_temporary_file_left_by_a_killed_save_does_not_break_the_next_save()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.json");
        string stray = folder.File($".model.json.{EndedProcessId()}-1.netgen-tmp");
        File.WriteAllText(stray, "{\"format\": \"netgen-mlp\", \"parameters\": [0.1, 0.2, 0."); // half a file
        // Another target's leftover, and a file of a running process (this one), are not the save's to delete.
        string otherTarget = folder.File($".other.json.{EndedProcessId()}-1.netgen-tmp");
        string running = folder.File($".model.json.{Environment.ProcessId}-999999.netgen-tmp");
        File.WriteAllText(otherTarget, "x");
        File.WriteAllText(running, "x");
        var net = new TorchNet(seed: 3);
        net.Save(path);
        Assert.Equal(new[] { path, otherTarget, running }.Order(), Directory.GetFiles(folder.Path).Order());
        Assert.Equal(net.Parameters.ToArray(), TorchNet.Load(path).Parameters.ToArray());
    }

    [Fact]
    public void Saves_of_one_target_at_once_each_complete_and_the_file_is_always_whole()
    {
        // Found by a hostile-input probe: with one temporary name per target, a second save truncated the first's
        // temporary file between its close and its rename; the rename then published the second save's partial bytes,
        // and the second save failed with FileNotFoundException. Now each save has its own temporary file.
        using var folder = new TempDirectory();
        string path = folder.File("model.json");
        var nets = new[] { new HeapStoredNet(seed: 1), new HeapStoredNet(seed: 2) };
        var expected = nets.Select(net => { var p = new float[HeapStoredNet.ParameterCount]; net.CopyParametersTo(p); return p; }).ToArray();
        nets[0].Save(path);
        var errors = new List<Exception>();
        int reads = 0;
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    float[] read = ModelFile.Read(path).GetParameters<float>();
                    if (!read.AsSpan().SequenceEqual(expected[0]) && !read.AsSpan().SequenceEqual(expected[1])) throw new InvalidDataException("a mix of two saves");
                    reads++;
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e);
                }
            }
        });
        reader.Start();
        var savers = nets.Select(net => new Thread(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                try
                {
                    net.Save(path);
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e);
                }
            }
        })).ToArray();
        foreach (var saver in savers) saver.Start();
        foreach (var saver in savers) saver.Join();
        stop.Cancel();
        reader.Join();
        Assert.Empty(errors);
        Assert.True(reads > 0);
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
        _output.WriteLine($"10 saves from two threads, {reads} whole reads meanwhile");
    }

    [Fact]
    public void A_process_killed_while_saving_a_large_model_leaves_a_complete_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("big.json");
        new HeapStoredNet(seed: 100).Save(path, new Dictionary<string, string> { ["seed"] = "100" });

        int killedMidWrite = 0;
        for (int run = 0; run < 3; run++)
        {
            using Process child = StartSaver(path);
            try
            {
                // Wait until a save is under way (its temporary file has content), then kill the process at once.
                var clock = Stopwatch.StartNew();
                while (!TemporaryFilesOf(path).Any(HasContent))
                {
                    if (child.HasExited) Assert.Fail("the saver exited: " + child.StandardError.ReadToEnd());
                    Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the saver never started writing");
                    Thread.Sleep(1);
                }
                Thread.Sleep(run * 10); // kill early, a little later, later still
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }
            bool left = TemporaryFilesOf(path).Length > 0;
            if (left) killedMidWrite++;

            // Whatever the moment of the kill, the file is a complete model file: the old one or one of the child's.
            SavedModel saved = ModelFile.Read(path);
            int seed = int.Parse(saved.Metadata["seed"], System.Globalization.CultureInfo.InvariantCulture);
            var expected = new float[HeapStoredNet.ParameterCount];
            new HeapStoredNet(seed).CopyParametersTo(expected);
            Assert.Equal(expected, saved.GetParameters<float>());
            _output.WriteLine($"run {run}: file holds seed {seed}; temporary file left: {left}");
        }
        Assert.True(killedMidWrite > 0, "no kill landed during a write; the test proved nothing");

        // The next save deletes the killed savers' temporary files and leaves none of its own.
        new HeapStoredNet(seed: 101).Save(path);
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    private static Process StartSaver(string modelPath)
    {
        // tests/NetGen.Tests/bin/<Configuration>/<tfm>/ -> tests/NetGen.CrashSaver/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = output.Name, configuration = output.Parent!.Name;
        string tests = output.Parent!.Parent!.Parent!.Parent!.FullName;
        string saver = Path.Combine(tests, "NetGen.CrashSaver", "bin", configuration, tfm, "NetGen.CrashSaver.dll");
        Assert.True(File.Exists(saver), $"{saver} is missing; NetGen.Tests builds it through a project reference");
        // The SDK names its own dotnet in DOTNET_HOST_PATH while it runs tests.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = false, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(saver);
        start.ArgumentList.Add(modelPath);
        return Process.Start(start)!;
    }
}
