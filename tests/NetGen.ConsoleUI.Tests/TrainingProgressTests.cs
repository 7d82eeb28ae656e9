using System;
using System.IO;
using System.Linq;
using NetGen.ConsoleUI;
using Spectre.Console;
using Xunit;

namespace NetGen.ConsoleUI.Tests;

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class TinyXorNet { }


public sealed class TrainingProgressTests
{
    private static EpochReport At(int epoch, int epochs, double loss = 0.5) =>
        new(epoch, epochs, loss, TimeSpan.FromMilliseconds(100 * epoch));

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static int EpochOf(string line)
    {
        int start = line.IndexOf("epoch ", StringComparison.Ordinal) + "epoch ".Length;
        return int.Parse(line[start..line.IndexOf('/', start)].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Plain_PrintsTheFirstEveryTenthAndTheLastEpoch()
    {
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "Parity", 25))
        {
            for (int epoch = 1; epoch <= 25; epoch++) progress.Report(At(epoch, 25));
        }

        // A tenth of 25, rounded up, is 3.
        Assert.Equal([1, 3, 6, 9, 12, 15, 18, 21, 24, 25], Lines(writer).Select(EpochOf).ToArray());
    }

    [Fact]
    public void Plain_MilestoneEvery()
    {
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "XOR", 10, milestoneEvery: 4))
        {
            for (int epoch = 1; epoch <= 10; epoch++) progress.Report(At(epoch, 10));
        }

        Assert.Equal([1, 4, 8, 10], Lines(writer).Select(EpochOf).ToArray());
    }

    [Fact]
    public void Plain_LineFormat()
    {
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "XOR", 10, milestoneEvery: 3, accuracy: () => 0.875))
        {
            progress.Report(new EpochReport(1, 10, 0.693147, TimeSpan.FromSeconds(0.5)));
            progress.Report(new EpochReport(2, 10, 0.6, TimeSpan.FromSeconds(1)));
            progress.Report(new EpochReport(3, 10, 0.000123456, TimeSpan.FromSeconds(30)));
            for (int epoch = 4; epoch < 10; epoch++) progress.Report(new EpochReport(epoch, 10, 0.1, TimeSpan.FromSeconds(25 * epoch / 3.0)));
            progress.Report(new EpochReport(10, 10, 0.0123, TimeSpan.FromSeconds(3723)));
        }

        string[] lines = Lines(writer);
        Assert.Equal("XOR: epoch  1/10  loss 0.69315  accuracy 0.8750  elapsed 0.50 s  left ~4.50 s", lines[0]);
        Assert.Equal("XOR: epoch  3/10  loss 1.2346E-4  accuracy 0.8750  elapsed 30.0 s  left ~1:10", lines[1]);
        Assert.Equal("XOR: epoch 10/10  loss 0.0123  accuracy 0.8750  elapsed 1:02:03", lines[^1]);
    }

    [Fact]
    public void Plain_WithoutAccuracyShowsNone()
    {
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "Regression", 1))
        {
            progress.Report(new EpochReport(1, 1, 0.25, TimeSpan.FromSeconds(2)));
        }

        Assert.Equal(["Regression: epoch 1/1  loss 0.25  elapsed 2.00 s"], Lines(writer));
    }

    [Fact]
    public void Plain_AnEarlyStopPrintsTheLastEpochReachedOnDispose()
    {
        var writer = new StringWriter();
        var progress = TrainingProgress.Plain(writer, "Regression", 1000, milestoneEvery: 100);
        for (int epoch = 1; epoch <= 237; epoch++) progress.Report(At(epoch, 1000));

        Assert.Equal([1, 100, 200], Lines(writer).Select(EpochOf).ToArray());
        progress.Dispose();
        progress.Dispose();

        string last = Lines(writer)[^1];
        Assert.Equal(237, EpochOf(last));
        Assert.EndsWith("(stopped early)", last, StringComparison.Ordinal);
        Assert.Equal(4, Lines(writer).Length);
        Assert.Throws<ObjectDisposedException>(() => progress.Report(At(238, 1000)));
    }

    [Fact]
    public void Plain_AccuracyIsComputedOnlyForPrintedLines()
    {
        int calls = 0;
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "MNIST", 100, accuracy: () => ++calls / 100.0))
        {
            for (int epoch = 1; epoch <= 100; epoch++) progress.Report(At(epoch, 100));
        }

        // Epochs 1, 10, 20, ..., 100.
        Assert.Equal(11, calls);
        Assert.Equal(11, Lines(writer).Length);
    }

    [Fact]
    public void Plain_ARestartedRunFinishesThePreviousOne()
    {
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "Moons", 10, milestoneEvery: 5))
        {
            for (int epoch = 1; epoch <= 7; epoch++) progress.Report(At(epoch, 10));
            for (int epoch = 1; epoch <= 10; epoch++) progress.Report(At(epoch, 10));
        }

        Assert.Equal([1, 5, 7, 1, 5, 10], Lines(writer).Select(EpochOf).ToArray());
    }

    [Fact]
    public void Plain_WriteLineGoesToTheSameWriter()
    {
        var writer = new StringWriter();
        using (var progress = TrainingProgress.Plain(writer, "XOR", 2))
        {
            progress.WriteLine("loading");
            progress.Report(At(1, 2));
        }

        Assert.Equal("loading", Lines(writer)[0]);
    }

    [Fact]
    public void Attach_SetsOnEpochAndFollowsARealRun()
    {
        var options = new TrainingOptions { Epochs = 5, LearningRate = 0.5 };
        using (var progress = TrainingProgress.Attach(options, "XOR", mode: ProgressMode.None))
        {
            Assert.Equal(ProgressMode.None, progress.Mode);
            Assert.NotNull(options.OnEpoch);
            var history = Trainer.Fit(new TinyXorNet(), Datasets.Xor(), options);
            Assert.Equal(5, history.EpochsRun);
        }
    }

    [Fact]
    public void Live_DrawsTheBarOnASpectreConsole()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        using (var progress = TrainingProgress.Live(console, "Fashion-MNIST", 3, accuracy: () => 0.5))
        {
            Assert.Equal(ProgressMode.Live, progress.Mode);
            for (int epoch = 1; epoch <= 3; epoch++) progress.Report(At(epoch, 3, 0.25));
        }

        string output = writer.ToString();
        Assert.Contains("Fashion-MNIST: training, at most 3 epochs", output, StringComparison.Ordinal);
        Assert.Contains("3/3", output, StringComparison.Ordinal);
        Assert.Contains("100%", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingProgress.Plain(new StringWriter(), "x", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingProgress.Plain(new StringWriter(), "x", 10, milestoneEvery: -1));
        Assert.Throws<ArgumentNullException>(() => TrainingProgress.Plain(null!, "x", 10));
    }
}
