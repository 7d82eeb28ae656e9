using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Plotting;
using Xunit;

namespace NetGen.Plotting.Tests;

[Mlp(2, 2, 2, Activation = "Sigmoid", Loss = "MSE")]
public partial class TinyRegressionNet { }

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class TinyXorNet { }

/// <summary>
/// Every chart writes a PNG with the expected size. The files go to a temporary folder that is deleted afterwards,
/// unless the environment variable NETGEN_TEST_PLOTS names a folder to keep them in (to look at them).
/// </summary>
public sealed class PlotsTests : IDisposable
{
    private static readonly Dataset<float> Xor = new(
        new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });

    private readonly string _directory;
    private readonly bool _keep;

    public PlotsTests()
    {
        string? keep = Environment.GetEnvironmentVariable("NETGEN_TEST_PLOTS");
        _keep = !string.IsNullOrEmpty(keep);
        _directory = _keep ? keep! : Path.Combine(Path.GetTempPath(), "netgen-plotting-tests-" + Guid.NewGuid().ToString("N"));
    }

    public void Dispose()
    {
        if (!_keep && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private string PathFor(string name) => Path.Combine(_directory, name);

    private static double[] Decaying(int count, double start = 0.7, double floor = 0.01) =>
        Enumerable.Range(1, count).Select(e => floor + start * Math.Exp(-e / (count / 5.0))).ToArray();

    [Fact]
    public void LineChart_WritesA800x600PngAndReturnsItsFullPath()
    {
        string path = Plots.LineChart(PathFor("line.png"), "RMSE across epochs", "Epoch", "RMSE", ("RMSE", Decaying(300)));

        Assert.Equal(Path.GetFullPath(PathFor("line.png")), path);
        Png.AssertSize(path, 800, 600);
    }

    [Fact]
    public void LineChart_SeveralSeriesLogScaleAndCustomSize()
    {
        IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series = [("train", Decaying(50, 1, 1e-4)), ("test", Decaying(40, 1.2, 1e-3))];

        string path = Plots.LineChart(PathFor("line-log.png"), "Loss", "Epoch", "Loss", series, logScaleY: true, width: 640, height: 480);

        Png.AssertSize(path, 640, 480);
    }

    [Theory]
    [InlineData(new[] { 5.0, 5.0, 5.0 })]
    [InlineData(new[] { 0.25 })]
    [InlineData(new[] { 0.5, 0.5001, 0.5002 })]
    [InlineData(new[] { 1200.0, 1300.0, 1900.0 })]
    [InlineData(new[] { 12000.0, 12001.0 })]
    [InlineData(new[] { 0.50001, 0.50002, 0.50003 })]
    public void LineChart_LogScaleOfANarrowSeries_HasDistinctTicksInsideTheAxis(double[] values)
    {
        // A flat series piled six labels in one place (the axis spanned far more than its ticks); 0.5 to 0.5002 labelled
        // 0.5, 0.5, 0.5001, 0.5001, 0.5002.
        double lowest = Math.Log10(values.Min()), highest = Math.Log10(values.Max());
        var (positions, labels, bottom, top) = Plots.NarrowLogTicks(lowest, highest);

        Assert.InRange(positions.Length, 3, 12);
        Assert.Equal(labels.Length, labels.Distinct().Count());
        Assert.All(positions, p => Assert.InRange(p, bottom, top));
        Assert.True(bottom <= lowest && highest <= top, $"the axis [{bottom}, {top}] does not hold the data [{lowest}, {highest}]");
        Assert.All(labels, label => Assert.DoesNotContain("E", label)); // plain numbers, not 1.2E+03
        // Each label reads as the value at its position.
        for (int i = 0; i < labels.Length; i++)
        {
            double shown = double.Parse(labels[i], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Math.Pow(10, positions[i]), shown, Math.Abs(shown) * 1e-9);
        }
        Png.AssertSize(Plots.LineChart(PathFor("narrow-log.png"), "t", "x", "y", [("s", values)], logScaleY: true), 800, 600);
    }

    [Fact]
    public void LossAndAccuracy_NamesTheCurvesAsTold()
    {
        string path = Plots.LossAndAccuracy(PathFor("named.png"), "t", [0.9, 0.5], [0.6, 0.7], [0.55, 0.65], trainLabel: "validation");
        Png.AssertSize(path, 800, 600);
        Assert.Throws<ArgumentNullException>(() => Plots.LossAndAccuracy(PathFor("x.png"), "t", [0.9], [0.6], null, testLabel: null!));
    }

    [Fact]
    public void LineChart_CreatesMissingDirectories()
    {
        string nested = Path.Combine(_directory, "a", "b", "c.png");

        Plots.LineChart(nested, "One point", "Epoch", "Loss", ("loss", [0.5]));

        Png.AssertSize(nested, 800, 600);
    }

    [Fact]
    public void LineChart_FromATrainingHistory()
    {
        var net = new TinyXorNet();
        var history = Trainer.Fit(net, Xor, new TrainingOptions { Epochs = 30, LearningRate = 0.5 });

        string path = Plots.LineChart(PathFor("history.png"), "XOR loss", history, logScaleY: true);

        Png.AssertSize(path, 800, 600);
    }

    [Fact]
    public void LineChart_RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => Plots.LineChart(PathFor("x.png"), "t", "x", "y"));
        Assert.Throws<ArgumentException>(() => Plots.LineChart(PathFor("x.png"), "t", "x", "y", ("nan", [1.0, double.NaN])));
        Assert.Throws<ArgumentException>(() => Plots.LineChart(PathFor("x.png"), "t", "x", "y", [("zero", [1.0, 0.0])], logScaleY: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plots.LineChart(PathFor("x.png"), "t", "x", "y", [("a", [1.0])], width: 10));
        Assert.False(File.Exists(PathFor("x.png")));
    }

    [Fact]
    public void TitleTextIsDrawn()
    {
        // Without a usable font SkiaSharp draws no text at all: nothing dark would be above the data area's frame.
        string path = Plots.LineChart(PathFor("titled.png"), "WWWWWWWWWWWWWWWW", "Epoch", "Loss", ("loss", Decaying(10)));

        Assert.True(Png.CountDarkAboveFrame(path) > 300,
            "The title was not drawn. SkiaSharp finds fonts under /usr/share/fonts; on Debian or Ubuntu install fonts-dejavu-core.");
    }

    [Fact]
    public void ActualVsPredicted_OneOutputAndSeveral()
    {
        var random = new Random(3);
        double[] actual = Enumerable.Range(0, 50).Select(_ => random.NextDouble()).ToArray();
        double[] predicted = actual.Select(a => a + 0.05 * (random.NextDouble() - 0.5)).ToArray();

        string one = Plots.ActualVsPredicted(PathFor("avp.png"), "Actual vs predicted", actual, predicted);
        string two = Plots.ActualVsPredicted(PathFor("avp2.png"), "Actual vs predicted", [("Y1", actual, predicted), ("Y2", predicted, actual)], 700, 700);

        Png.AssertSize(one, 800, 600);
        Png.AssertSize(two, 700, 700);
        Assert.Throws<ArgumentException>(() => Plots.ActualVsPredicted(PathFor("bad.png"), "t", actual, predicted.Take(10).ToArray()));
    }

    [Fact]
    public void NetworkDiagram_2x2x2()
    {
        double[] parameters = [0.15, 0.20, 0.25, 0.30, 0.35, 0.35, 0.40, 0.45, 0.50, 0.55, -0.60, 0.60];

        string path = Plots.NetworkDiagram(PathFor("net-222.png"), "Final network", [2, 2, 2], parameters);

        Png.AssertSize(path, 800, 600);
    }

    [Fact]
    public void NetworkDiagram_784x32x10_FloatParameters()
    {
        var random = new Random(5);
        int count = 784 * 32 + 32 + 32 * 10 + 10;
        float[] parameters = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        string path = Plots.NetworkDiagram(PathFor("net-784.png"), "MNIST network", [784, 32, 10], parameters, 1000, 700);

        Png.AssertSize(path, 1000, 700);
    }

    [Fact]
    public void NetworkDiagram_OfAGeneratedNetwork()
    {
        var net = new TinyRegressionNet();

        string path = Plots.NetworkDiagram(PathFor("net-generated.png"), "Generated 2-2-2", net);

        Png.AssertSize(path, 800, 600);
    }

    [Fact]
    public void NetworkDiagram_RejectsAParameterCountThatDoesNotMatchTheSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => Plots.NetworkDiagram(PathFor("bad.png"), "t", [2, 2, 2], new double[11]));

        Assert.Contains("need 12 parameters", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Plots.NetworkDiagram(PathFor("bad.png"), "t", [2], new double[0]));
    }

    [Fact]
    public void WeightImages_GridOf28x28Tiles()
    {
        var random = new Random(7);
        float[] weights = Enumerable.Range(0, 32 * 784).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        string perTile = Plots.WeightImages(PathFor("weights.png"), "First-layer weights", weights, 32, 28, 28, 8);
        string shared = Plots.WeightImages(PathFor("weights-shared.png"), "First-layer weights", weights, 32, 28, 28, 8, sharedScale: true,
            imageWidth: 900, imageHeight: 500);

        var (width, height) = Png.ReadSize(perTile);
        Assert.Equal(800, width);
        Assert.InRange(height, 300, 800);
        Png.AssertSize(shared, 900, 500);
        Assert.Throws<ArgumentException>(() => Plots.WeightImages(PathFor("bad.png"), "t", weights.AsSpan(0, 100), 32, 28, 28, 8));
    }

    [Fact]
    public void WeightMatrices_OnePanelPerLayer()
    {
        var random = new Random(13);
        double[] parity = Enumerable.Range(0, 10 * 3 + 3 + 3 * 2 + 2).Select(_ => random.NextDouble() * 8 - 4).ToArray();

        string auto = Plots.WeightMatrices(PathFor("matrices.png"), "Parity weights", [10, 3, 2], parity);
        string sized = Plots.WeightMatrices(PathFor("matrices-sized.png"), "Parity weights", [10, 3, 2], parity.Select(v => (float)v).ToArray(), 1000, 400);

        var (width, height) = Png.ReadSize(auto);
        Assert.Equal(800, width);
        Assert.InRange(height, 200, 800);
        Png.AssertSize(sized, 1000, 400);
        Assert.Throws<ArgumentException>(() => Plots.WeightMatrices(PathFor("bad.png"), "t", [10, 3, 2], parity.AsSpan(1)));
    }

    [Fact]
    public void DecisionBoundary_ShadesRegionsAndMarksMistakes()
    {
        var random = new Random(11);
        var points = Enumerable.Range(0, 300)
            .Select(i => (X: random.NextDouble() * 2 - 1, Y: random.NextDouble() * 2 - 1, Label: i % 2))
            .ToList();

        string byLabel = Plots.DecisionBoundary(PathFor("boundary.png"), "Decision boundary", (x, y) => y > x ? 1 : 0, points);
        string byPrediction = Plots.DecisionBoundary(PathFor("boundary-predicted.png"), "Decision boundary", (x, y) => y > x ? 1 : 0, points,
            colorByPrediction: true, classNames: ["below", "above"], resolution: 50, width: 600, height: 600);

        Png.AssertSize(byLabel, 800, 600);
        Png.AssertSize(byPrediction, 600, 600);
    }

    [Fact]
    public void DecisionBoundary_RejectsClassesBeyondTheLimit()
    {
        // int.MaxValue as a class overflowed the class count and drew none of the points, silently.
        (double X, double Y, int Label)[] points = [(0, 0, 0), (1, 1, 1)];
        var error = Assert.Throws<InvalidOperationException>(() => Plots.DecisionBoundary(PathFor("huge.png"), "t", (x, y) => int.MaxValue, points));
        Assert.Contains($"returned {int.MaxValue}; classes are 0 to {Plots.MaxClasses - 1}", error.Message);
        Assert.Throws<ArgumentException>(() => Plots.DecisionBoundary(PathFor("huge.png"), "t", (x, y) => 0, [(0, 0, Plots.MaxClasses)]));
        Assert.False(File.Exists(PathFor("huge.png")));
        Png.AssertSize(Plots.DecisionBoundary(PathFor("many.png"), "t", (x, y) => Plots.MaxClasses - 1, points, resolution: 10), 800, 600);
    }

    [Fact]
    public void LossAndAccuracy_TwoPanelsOrLossAlone()
    {
        double[] loss = Decaying(20);
        double[] train = loss.Select(l => 1 - l / 2).ToArray();
        double[] test = loss.Select(l => 0.98 - l / 2).ToArray();

        string both = Plots.LossAndAccuracy(PathFor("loss-acc.png"), "Fashion-MNIST", loss, train, test);
        string testOnly = Plots.LossAndAccuracy(PathFor("loss-test.png"), "Fashion-MNIST", loss, null, test, 1000, 800);
        string lossOnly = Plots.LossAndAccuracy(PathFor("loss-only.png"), "Fashion-MNIST", loss, null, null);

        Png.AssertSize(both, 800, 600);
        Png.AssertSize(testOnly, 1000, 800);
        Png.AssertSize(lossOnly, 800, 600);
    }
}
