using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;

namespace NetGen.Plotting;

public static partial class Plots
{
    /// <summary>
    /// Draws each unit's incoming weights as an image: row <c>u</c> of a first-layer weight matrix <c>[units, width * height]</c>
    /// becomes a <paramref name="width"/> x <paramref name="height"/> tile (for MNIST, 28 x 28), blue where the weight is
    /// positive, red where it is negative, white at zero. The tiles form a grid of <paramref name="columns"/> columns,
    /// each labelled <c>h1</c>, <c>h2</c>, ...
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="weights">
    /// At least <c>units * width * height</c> weights, row-major <c>[units, width * height]</c>; each row is an image
    /// stored row by row (pixel <c>(x, y)</c> at <c>y * width + x</c>). The first layer's block of the flat parameters
    /// has exactly this shape, so the flat parameters themselves may be passed.
    /// </param>
    /// <param name="units">The number of tiles (the first hidden layer's size).</param>
    /// <param name="width">The width of one tile in pixels of the input image.</param>
    /// <param name="height">The height of one tile in pixels of the input image.</param>
    /// <param name="columns">The number of tiles per row of the grid.</param>
    /// <param name="sharedScale">
    /// False (default): each tile is scaled to its own largest magnitude, which shows every unit's pattern. True: one
    /// scale for all tiles, shown by a colour bar, which also compares magnitudes between units.
    /// </param>
    /// <param name="imageWidth">The image width in pixels, at least 100.</param>
    /// <param name="imageHeight">The image height in pixels, at least 100; 0 (default) fits the grid's shape.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="title"/> is null.</exception>
    /// <exception cref="ArgumentException">There are too few weights, or one is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or count is less than 1, or an image dimension is less than 100.</exception>
    public static string WeightImages(string path, string title, ReadOnlySpan<float> weights, int units, int width, int height, int columns,
        bool sharedScale = false, int imageWidth = DefaultWidth, int imageHeight = 0)
    {
        var values = new double[weights.Length];
        for (int i = 0; i < values.Length; i++) values[i] = weights[i];
        return WeightImages(path, title, values, units, width, height, columns, sharedScale, imageWidth, imageHeight);
    }

    /// <summary>Draws each unit's incoming weights as an image; see <see cref="WeightImages(string, string, ReadOnlySpan{float}, int, int, int, int, bool, int, int)"/>.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="weights">At least <c>units * width * height</c> weights, row-major <c>[units, width * height]</c>.</param>
    /// <param name="units">The number of tiles (the first hidden layer's size).</param>
    /// <param name="width">The width of one tile in pixels of the input image.</param>
    /// <param name="height">The height of one tile in pixels of the input image.</param>
    /// <param name="columns">The number of tiles per row of the grid.</param>
    /// <param name="sharedScale">False: each tile scaled to its own largest magnitude. True: one scale and a colour bar.</param>
    /// <param name="imageWidth">The image width in pixels, at least 100.</param>
    /// <param name="imageHeight">The image height in pixels, at least 100; 0 (default) fits the grid's shape.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="title"/> is null.</exception>
    /// <exception cref="ArgumentException">There are too few weights, or one is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or count is less than 1, or an image dimension is less than 100.</exception>
    public static string WeightImages(string path, string title, ReadOnlySpan<double> weights, int units, int width, int height, int columns,
        bool sharedScale = false, int imageWidth = DefaultWidth, int imageHeight = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (imageHeight != 0) ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 100);
        CheckCommon(path, title, imageWidth, Math.Max(imageHeight, 100));
        long needed = (long)units * width * height;
        if (weights.Length < needed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{units} tiles of {width} x {height} need {needed} weights, but {weights.Length} were given."), nameof(weights));
        }
        for (int i = 0; i < needed; i++)
        {
            if (!double.IsFinite(weights[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Weight {i} (unit {i / (width * height)}) is {weights[i]}; every weight must be finite."), nameof(weights));
            }
        }

        columns = Math.Min(columns, units);
        int rows = (units + columns - 1) / columns;
        // Layout in data units: a tile is `width` wide; gaps leave room for the labels.
        double gapX = 0.15 * width, gapY = 0.35 * height;
        double cellW = width + gapX, cellH = height + gapY;
        double gridW = columns * cellW - gapX, gridH = rows * cellH;

        if (imageHeight == 0)
        {
            // Square data units: the grid's aspect plus room for the title (and the colour bar on the right).
            double plotWidth = imageWidth - 40 - (sharedScale ? 110 : 0);
            imageHeight = (int)Math.Clamp(plotWidth * gridH / gridW + 110, 100, 4 * imageWidth);
        }

        double globalMax = 0;
        for (int i = 0; i < needed; i++) globalMax = Math.Max(globalMax, Math.Abs(weights[i]));

        var plot = PlotStyle.NewPlot(title, string.Empty, string.Empty);
        PlotStyle.HideTicksAndGrid(plot);
        var colormap = new ScottPlot.Colormaps.CustomInterpolated([PlotStyle.Negative, Colors.White, PlotStyle.Positive]);
        ScottPlot.Plottables.Heatmap? last = null;
        float labelSize = (float)Math.Clamp(imageWidth / (columns * 6.0), 9, 15);
        for (int u = 0; u < units; u++)
        {
            int column = u % columns, row = u / columns;
            // ScottPlot draws nothing for a heatmap one cell high or wide, so such a tile repeats its row or column.
            int drawHeight = Math.Max(height, 2), drawWidth = Math.Max(width, 2);
            var tile = new double[drawHeight, drawWidth];
            double tileMax = 0;
            for (int y = 0; y < drawHeight; y++)
            {
                for (int x = 0; x < drawWidth; x++)
                {
                    double w = weights[u * width * height + y * height / drawHeight * width + x * width / drawWidth];
                    tile[y, x] = w;
                    tileMax = Math.Max(tileMax, Math.Abs(w));
                }
            }
            double scale = sharedScale ? globalMax : tileMax;
            if (scale == 0) scale = 1;
            var heatmap = plot.Add.Heatmap(tile);
            heatmap.Colormap = colormap;
            heatmap.ManualRange = new ScottPlot.Range(-scale, scale);
            double left = column * cellW, top = -row * cellH - gapY;
            heatmap.Rectangle = new CoordinateRect(left, left + width, top - height, top);
            last = heatmap;
            var frame = plot.Add.Rectangle(left, left + width, top - height, top);
            frame.FillColor = Colors.Transparent;
            frame.LineColor = Colors.Gray;
            frame.LineWidth = 1;
            var label = PlotStyle.AddText(plot, "h" + (u + 1).ToString(CultureInfo.InvariantCulture), left + width / 2.0, top,
                labelSize, Colors.Black, Alignment.LowerCenter);
            label.LabelStyle.OffsetY = -1;
        }

        string note = sharedScale
            ? "blue > 0, red < 0, white = 0; one scale for all tiles"
            : "blue > 0, red < 0, white = 0; each tile scaled to its own largest |w|";
        plot.XLabel(note, PlotStyle.LegendSize);
        if (sharedScale && last is not null)
        {
            var bar = plot.Add.ColorBar(last);
            bar.Label = "weight";
            bar.LabelStyle.FontSize = PlotStyle.LegendSize;
        }
        plot.Axes.SetLimits(-gapX / 2, gridW + gapX / 2, -gridH - gapY / 2, gapY / 2);
        plot.Axes.SquareUnits();
        return PlotStyle.Save(plot, path, imageWidth, imageHeight);
    }

    /// <summary>
    /// A two-input classifier's decision regions: the background over a grid covering the points is shaded by the
    /// class <paramref name="classify"/> predicts there, and each point is drawn in its class's colour (the true label,
    /// or the prediction with <paramref name="colorByPrediction"/>). Misclassified points are marked with a black cross,
    /// and the legend counts them.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="classify">The class predicted at a point (x, y), 0-based. Called about <paramref name="resolution"/>² times plus once per point.</param>
    /// <param name="points">The samples: their two inputs and their true class (0-based).</param>
    /// <param name="colorByPrediction">Colour the points by their predicted class instead of their true class.</param>
    /// <param name="classNames">Names for the classes in the legend; default <c>"class 0"</c>, <c>"class 1"</c>, ...</param>
    /// <param name="resolution">The number of grid cells along each axis, from 10 to 2000; default 300.</param>
    /// <param name="xLabel">The label of the x axis (the first input).</param>
    /// <param name="yLabel">The label of the y axis (the second input).</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">There are no points, a coordinate is NaN or infinite, or a class is outside 0 to <see cref="MaxClasses"/> - 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An image dimension is less than 100 or the resolution is out of range.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="classify"/> returned a class outside 0 to <see cref="MaxClasses"/> - 1.</exception>
    public static string DecisionBoundary(string path, string title, Func<double, double, int> classify, IReadOnlyList<(double X, double Y, int Label)> points,
        bool colorByPrediction = false, IReadOnlyList<string>? classNames = null, int resolution = 300, string xLabel = "x1", string yLabel = "x2",
        int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckCommon(path, title, width, height);
        ArgumentNullException.ThrowIfNull(classify);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolution, 2000);
        if (points.Count == 0) throw new ArgumentException("A decision boundary needs at least one point.", nameof(points));

        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int i = 0; i < points.Count; i++)
        {
            var (x, y, label) = points[i];
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Point {i} is ({x}, {y}); coordinates must be finite."), nameof(points));
            }
            if (label is < 0 or >= MaxClasses)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Point {i} has class {label}; classes are 0 to {MaxClasses - 1}."), nameof(points));
            }
            xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
            yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
        }
        double padX = Math.Max(0.08 * (xMax - xMin), 0.5 * (xMax - xMin == 0 ? 1 : 0));
        double padY = Math.Max(0.08 * (yMax - yMin), 0.5 * (yMax - yMin == 0 ? 1 : 0));
        xMin -= padX; xMax += padX; yMin -= padY; yMax += padY;

        // The background: row 0 of a heatmap is its top row.
        var regions = new double[resolution, resolution];
        int classes = 0;
        for (int r = 0; r < resolution; r++)
        {
            double y = yMax - (r + 0.5) * (yMax - yMin) / resolution;
            for (int c = 0; c < resolution; c++)
            {
                double x = xMin + (c + 0.5) * (xMax - xMin) / resolution;
                int predicted = classify(x, y);
                if (predicted is < 0 or >= MaxClasses)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"classify({x}, {y}) returned {predicted}; classes are 0 to {MaxClasses - 1}."));
                }
                regions[r, c] = predicted;
                classes = Math.Max(classes, predicted + 1);
            }
        }
        var predictions = new int[points.Count];
        int wrong = 0;
        for (int i = 0; i < points.Count; i++)
        {
            predictions[i] = classify(points[i].X, points[i].Y);
            if (predictions[i] is < 0 or >= MaxClasses)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"classify returned {predictions[i]} for point {i}; classes are 0 to {MaxClasses - 1}."));
            }
            classes = Math.Max(classes, Math.Max(predictions[i], points[i].Label) + 1);
            if (predictions[i] != points[i].Label) wrong++;
        }

        var plot = PlotStyle.NewPlot(title, xLabel, yLabel);
        var background = plot.Add.Heatmap(regions);
        background.Colormap = new ClassColormap(classes);
        background.ManualRange = new ScottPlot.Range(0, Math.Max(classes - 1, 1));
        background.Rectangle = new CoordinateRect(xMin, xMax, yMin, yMax);

        float size = points.Count > 2000 ? 5 : points.Count > 300 ? 7 : 10;
        for (int k = 0; k < classes; k++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < points.Count; i++)
            {
                int shownClass = colorByPrediction ? predictions[i] : points[i].Label;
                if (shownClass != k) continue;
                xs.Add(points[i].X);
                ys.Add(points[i].Y);
            }
            string name = classNames is not null && k < classNames.Count ? classNames[k] : "class " + k.ToString(CultureInfo.InvariantCulture);
            var scatter = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), PlotStyle.SeriesColor(k));
            scatter.MarkerSize = size;
            scatter.MarkerLineColor = Colors.White;
            scatter.LegendText = colorByPrediction ? "predicted " + name : name;
        }
        var wrongXs = new List<double>();
        var wrongYs = new List<double>();
        for (int i = 0; i < points.Count; i++)
        {
            if (predictions[i] == points[i].Label) continue;
            wrongXs.Add(points[i].X);
            wrongYs.Add(points[i].Y);
        }
        var crosses = plot.Add.Markers(wrongXs.ToArray(), wrongYs.ToArray(), MarkerShape.Eks, size + 5, Colors.Black);
        crosses.MarkerLineWidth = 2;
        crosses.LegendText = string.Create(CultureInfo.InvariantCulture,
            $"misclassified: {wrong} of {points.Count} (accuracy {PlotStyle.Format(1 - wrong / (double)points.Count, 4)})");

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return PlotStyle.Save(plot, path, width, height);
    }

    /// <summary>
    /// Loss and accuracy per epoch in two stacked panels sharing the epoch axis: the loss on top, the training and
    /// test accuracy below (each legend entry gives the final value). With no accuracy the chart is the loss alone.
    /// </summary>
    /// <remarks>The two accuracy curves are named <paramref name="trainLabel"/> and <paramref name="testLabel"/> in the
    /// legend: pass <c>"validation"</c> when the first one is measured on held-out data, as Trainer.Fit's validation accuracy is.</remarks>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="loss">The loss of each epoch.</param>
    /// <param name="trainAccuracy">The accuracy on the training data after each epoch, or null.</param>
    /// <param name="testAccuracy">The accuracy on the test data after each epoch, or null.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <param name="trainLabel">The legend's name for <paramref name="trainAccuracy"/>; default <c>"train"</c>.</param>
    /// <param name="testLabel">The legend's name for <paramref name="testAccuracy"/>; default <c>"test"</c>.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/>, <paramref name="title"/>, <paramref name="loss"/> or a label is null.</exception>
    /// <exception cref="ArgumentException">The loss is empty, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string LossAndAccuracy(string path, string title, IReadOnlyList<double> loss, IReadOnlyList<double>? trainAccuracy,
        IReadOnlyList<double>? testAccuracy, int width = DefaultWidth, int height = DefaultHeight, string trainLabel = "train", string testLabel = "test")
    {
        CheckCommon(path, title, width, height);
        ArgumentNullException.ThrowIfNull(trainLabel);
        ArgumentNullException.ThrowIfNull(testLabel);
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Count == 0) throw new ArgumentException("The loss needs at least one epoch.", nameof(loss));
        double[] losses = ToFinite(loss, "The loss", nameof(loss));
        if (trainAccuracy is null && testAccuracy is null) return LineChart(path, title, "Epoch", "Loss", [("loss", losses)], false, width, height);

        int epochs = Math.Max(losses.Length, Math.Max(trainAccuracy?.Count ?? 0, testAccuracy?.Count ?? 0));
        const float left = 90, right = 30;
        var top = PlotStyle.NewPlot(title, string.Empty, "Loss");
        AddEpochSeries(top, losses, PlotStyle.SeriesColor(3), null);
        top.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        top.Layout.Fixed(new PixelPadding(left, right, 20, 60));

        var bottom = PlotStyle.NewPlot(string.Empty, "Epoch", "Accuracy");
        bottom.Axes.Title.IsVisible = false;
        var drawn = new List<(double X, double Y)>();
        if (trainAccuracy is not null)
        {
            double[] values = ToFinite(trainAccuracy, "The training accuracy", nameof(trainAccuracy));
            if (values.Length > 0)
            {
                var line = AddEpochSeries(bottom, values, PlotStyle.SeriesColor(0), trainLabel + " (final " + PlotStyle.Format(values[^1], 4) + ")");
                drawn.AddRange(PlotStyle.Densify(line.Xs, line.Ys));
            }
        }
        if (testAccuracy is not null)
        {
            double[] values = ToFinite(testAccuracy, "The test accuracy", nameof(testAccuracy));
            if (values.Length > 0)
            {
                var line = AddEpochSeries(bottom, values, PlotStyle.SeriesColor(1), testLabel + " (final " + PlotStyle.Format(values[^1], 4) + ")");
                drawn.AddRange(PlotStyle.Densify(line.Xs, line.Ys));
            }
        }
        bottom.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        bottom.Layout.Fixed(new PixelPadding(left, right, 60, 15));
        if (drawn.Count > 0) PlotStyle.ShowLegendInEmptiestCorner(bottom, drawn);

        double xMax = epochs == 1 ? 2 : epochs + 0.02 * (epochs - 1);
        double xMin = epochs == 1 ? 0 : 1 - 0.02 * (epochs - 1);
        top.Axes.AutoScale();
        top.Axes.SetLimitsX(xMin, xMax);
        bottom.Axes.AutoScale();
        bottom.Axes.SetLimitsX(xMin, xMax);

        var figure = new Multiplot(top);
        figure.AddPlot(bottom);
        figure.Layout = new ScottPlot.MultiplotLayouts.Rows();
        return PlotStyle.Save(figure, path, width, height);
    }

    private static (double[] Xs, double[] Ys) AddEpochSeries(Plot plot, double[] values, Color color, string? name)
    {
        var xs = Enumerable.Range(1, values.Length).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(xs, values, color);
        line.LineWidth = 2.5f;
        line.MarkerSize = values.Length <= MarkerLimit ? 7 : 0;
        if (name is not null) line.LegendText = name;
        return (xs, values);
    }

    /// <summary>Maps a heatmap of class indices (0 .. classes - 1) to pale versions of the class colours.</summary>
    private sealed class ClassColormap : IColormap
    {
        private readonly Color[] _colors;

        internal ClassColormap(int classes)
        {
            _colors = new Color[Math.Max(classes, 2)];
            for (int k = 0; k < _colors.Length; k++) _colors[k] = PlotStyle.SeriesColor(k).MixedWith(Colors.White, 0.72);
        }

        public string Name => "NetGen classes";

        public Color GetColor(double position)
        {
            if (double.IsNaN(position)) return Colors.White;
            int index = (int)Math.Round(Math.Clamp(position, 0, 1) * (_colors.Length - 1));
            return _colors[index];
        }
    }
}
