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

    [Fact]
    public void A_temporary_file_left_by_a_killed_save_does_not_break_the_next_save()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.json");
        string stray = AtomicFile.TemporaryPathFor(path);
        Assert.Equal(folder.File(".model.json.netgen-tmp"), stray);
        File.WriteAllText(stray, "{\"format\": \"netgen-mlp\", \"parameters\": [0.1, 0.2, 0."); // half a file
        var net = new TorchNet(seed: 3);
        net.Save(path);
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
        Assert.Equal(net.Parameters.ToArray(), TorchNet.Load(path).Parameters.ToArray());
    }

    [Fact]
    public void A_process_killed_while_saving_a_large_model_leaves_a_complete_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("big.json");
        string temporary = AtomicFile.TemporaryPathFor(Path.GetFullPath(path));
        new HeapStoredNet(seed: 100).Save(path, new Dictionary<string, string> { ["seed"] = "100" });

        int killedMidWrite = 0;
        for (int run = 0; run < 3; run++)
        {
            using Process child = StartSaver(path);
            try
            {
                // Wait until a save is under way (its temporary file has content), then kill the process at once.
                var clock = Stopwatch.StartNew();
                while (!(File.Exists(temporary) && new FileInfo(temporary).Length > 0))
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
            if (File.Exists(temporary)) killedMidWrite++;

            // Whatever the moment of the kill, the file is a complete model file: the old one or one of the child's.
            SavedModel saved = ModelFile.Read(path);
            int seed = int.Parse(saved.Metadata["seed"], System.Globalization.CultureInfo.InvariantCulture);
            var expected = new float[HeapStoredNet.ParameterCount];
            new HeapStoredNet(seed).CopyParametersTo(expected);
            Assert.Equal(expected, saved.GetParameters<float>());
            _output.WriteLine($"run {run}: file holds seed {seed}; temporary file left: {File.Exists(temporary)}");
        }
        Assert.True(killedMidWrite > 0, "no kill landed during a write; the test proved nothing");

        // The next save replaces the stray temporary file and leaves none.
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
