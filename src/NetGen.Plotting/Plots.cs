using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace NetGen.Plotting;

/// <summary>
/// PNG charts of training runs and networks: curves per epoch, actual vs predicted, the network drawn with its
/// weights, first-layer weights as images, decision boundaries, loss and accuracy. Every method renders one PNG to the
/// given path (creating its directory), replaces any file there, and returns the file's full path.
/// </summary>
/// <remarks>
/// Rendering uses ScottPlot and SkiaSharp (its Linux build without fontconfig, which reads fonts from
/// <c>/usr/share/fonts</c>). Text needs a font installed there: without one the charts are drawn with no text at all.
/// On Debian or Ubuntu the package <c>fonts-dejavu-core</c> provides one. Numbers in labels use the invariant culture.
/// </remarks>
public static partial class Plots
{
    /// <summary>The default image width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>The default image height in pixels.</summary>
    public const int DefaultHeight = 600;

    /// <summary>
    /// The most classes <see cref="DecisionBoundary"/> draws (one colour and one legend entry each); a class of this
    /// number or more is an error rather than a plot of nothing.
    /// </summary>
    public const int MaxClasses = 256;

    /// <summary>Series with at most this many points are drawn with a marker on every point.</summary>
    private const int MarkerLimit = 60;

    /// <summary>
    /// A line chart of one or more series against the 1-based epoch (or step) number: for example the loss or the
    /// RMSE of every epoch. A legend appears when there is more than one series.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The label of the x axis, for example <c>"Epoch"</c>.</param>
    /// <param name="yLabel">The label of the y axis, for example <c>"RMSE"</c>.</param>
    /// <param name="series">Each series' legend name and values; value <c>i</c> is drawn at x = <c>i + 1</c>.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">An argument or a series' values is null.</exception>
    /// <exception cref="ArgumentException">There is no series, every series is empty, or a value is NaN or infinite.</exception>
    public static string LineChart(string path, string title, string xLabel, string yLabel, params (string Name, IReadOnlyList<double> Values)[] series) =>
        LineChart(path, title, xLabel, yLabel, (IReadOnlyList<(string Name, IReadOnlyList<double> Values)>)series);

    /// <summary>
    /// A line chart of one or more series against the 1-based epoch (or step) number, optionally with a logarithmic
    /// y axis (useful for a loss that falls over several orders of magnitude).
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The label of the x axis, for example <c>"Epoch"</c>.</param>
    /// <param name="yLabel">The label of the y axis, for example <c>"Loss"</c>.</param>
    /// <param name="series">Each series' legend name and values; value <c>i</c> is drawn at x = <c>i + 1</c>.</param>
    /// <param name="logScaleY">Draws the y axis on a log10 scale; every value must then be greater than 0.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">An argument or a series' values is null.</exception>
    /// <exception cref="ArgumentException">
    /// There is no series, every series is empty, a value is NaN or infinite, or (with <paramref name="logScaleY"/>) a value is not positive.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string LineChart(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series,
        bool logScaleY = false, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckCommon(path, title, width, height);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("A line chart needs at least one series.", nameof(series));

        var plot = PlotStyle.NewPlot(title, xLabel, logScaleY ? yLabel + " (log scale)" : yLabel);
        var drawn = new List<(double X, double Y)>();
        int longest = 0;
        double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
        for (int s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            if (values is null) throw new ArgumentNullException(nameof(series), $"Series {s} ('{name}') has no values (null).");
            var xs = new double[values.Count];
            var ys = new double[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                double value = values[i];
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Series {s} ('{name}') has value {value} at index {i}; every value must be finite."), nameof(series));
                }
                if (logScaleY && value <= 0)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Series {s} ('{name}') has value {value} at index {i}; a log-scale chart needs values greater than 0."), nameof(series));
                }
                xs[i] = i + 1;
                ys[i] = logScaleY ? Math.Log10(value) : value;
                lowest = Math.Min(lowest, ys[i]);
                highest = Math.Max(highest, ys[i]);
            }
            if (values.Count == 0) continue;
            longest = Math.Max(longest, values.Count);
            var line = plot.Add.Scatter(xs, ys, PlotStyle.SeriesColor(s));
            line.LineWidth = 2.5f;
            line.MarkerSize = values.Count <= MarkerLimit ? 7 : 0;
            if (series.Count > 1) line.LegendText = name ?? string.Empty;
            drawn.AddRange(PlotStyle.Densify(xs, ys));
        }
        if (longest == 0) throw new ArgumentException("Every series is empty; a line chart needs at least one value.", nameof(series));

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        if (longest == 1) plot.Axes.SetLimitsX(0, 2);
        if (logScaleY) SetLogTicks(plot, lowest, highest);
        if (series.Count > 1) PlotStyle.ShowLegendInEmptiestCorner(plot, drawn);
        return PlotStyle.Save(plot, path, width, height);
    }

    /// <summary>
    /// The loss of every epoch of a training run (<see cref="TrainingHistory.EpochLosses"/>) against the 1-based epoch.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="history">The run, as <see cref="Trainer.Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, System.Threading.CancellationToken)"/> returned it.</param>
    /// <param name="yLabel">The label of the y axis; default <c>"Loss"</c>.</param>
    /// <param name="logScaleY">Draws the y axis on a log10 scale.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The run completed no epoch, or (with <paramref name="logScaleY"/>) a loss is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string LineChart(string path, string title, TrainingHistory history, string yLabel = "Loss", bool logScaleY = false,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(history);
        return LineChart(path, title, "Epoch", yLabel, [(yLabel, history.EpochLosses)], logScaleY, width, height);
    }

    /// <summary>
    /// A scatter plot of predicted against actual values, one point per sample, with the line y = x on which a
    /// perfect prediction lies. The legend gives the RMSE and the coefficient of determination R².
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="actual">The true values.</param>
    /// <param name="predicted">The network's outputs, in the same order.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty, their lengths differ, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string ActualVsPredicted(string path, string title, IReadOnlyList<double> actual, IReadOnlyList<double> predicted,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        return ActualVsPredicted(path, title, [("predictions", actual, predicted)], width, height);
    }

    /// <summary>
    /// Predicted against actual values for several outputs in one chart, one colour per output, with the line y = x.
    /// Each output's legend entry gives its RMSE and R².
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="outputs">Per output: its name (for example <c>"Y1"</c>), the true values and the predicted values.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">An argument or a list is null.</exception>
    /// <exception cref="ArgumentException">There is no output, a list is empty, two lengths differ, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string ActualVsPredicted(string path, string title,
        IReadOnlyList<(string Name, IReadOnlyList<double> Actual, IReadOnlyList<double> Predicted)> outputs,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckCommon(path, title, width, height);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0) throw new ArgumentException("At least one output is needed.", nameof(outputs));

        var plot = PlotStyle.NewPlot(title, "Actual", "Predicted");
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        var drawn = new List<(double X, double Y)>();
        var sets = new List<(string Name, double[] Actual, double[] Predicted)>();
        for (int o = 0; o < outputs.Count; o++)
        {
            var (name, actual, predicted) = outputs[o];
            string label = name ?? string.Create(CultureInfo.InvariantCulture, $"output {o + 1}");
            if (actual is null || predicted is null) throw new ArgumentNullException(nameof(outputs), $"Output '{label}' has a null list.");
            if (actual.Count == 0) throw new ArgumentException($"Output '{label}' has no values.", nameof(outputs));
            if (actual.Count != predicted.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Output '{label}' has {actual.Count} actual values but {predicted.Count} predicted ones; they must pair up."), nameof(outputs));
            }
            double[] xs = ToFinite(actual, label + " actual", nameof(outputs));
            double[] ys = ToFinite(predicted, label + " predicted", nameof(outputs));
            low = Math.Min(low, Math.Min(xs.Min(), ys.Min()));
            high = Math.Max(high, Math.Max(xs.Max(), ys.Max()));
            sets.Add((label, xs, ys));
        }
        if (high - low < 1e-12)
        {
            low -= 0.5;
            high += 0.5;
        }
        double pad = 0.05 * (high - low);
        low -= pad;
        high += pad;

        // The diagonal runs past the limits: square units widen one axis's range at render time.
        double reach = 10 * (high - low);
        var diagonal = plot.Add.Line(low - reach, low - reach, high + reach, high + reach);
        diagonal.LineColor = Colors.Gray;
        diagonal.LineWidth = 2;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "y = x (perfect prediction)";
        drawn.AddRange(PlotStyle.Densify([low, high], [low, high]));

        for (int o = 0; o < sets.Count; o++)
        {
            var (name, xs, ys) = sets[o];
            var points = plot.Add.ScatterPoints(xs, ys, PlotStyle.SeriesColor(o).WithAlpha(0.75));
            points.MarkerSize = xs.Length > 1000 ? 4 : 8;
            points.LegendText = string.Create(CultureInfo.InvariantCulture,
                $"{name}: RMSE {PlotStyle.Format(Rmse(xs, ys))}, R² {PlotStyle.Format(RSquared(xs, ys))}");
            for (int i = 0; i < xs.Length; i++) drawn.Add((xs[i], ys[i]));
        }
        plot.Axes.SetLimits(low, high, low, high);
        plot.Axes.SquareUnits();
        PlotStyle.ShowLegendInEmptiestCorner(plot, drawn, new AxisLimits(low, high, low, high));
        return PlotStyle.Save(plot, path, width, height);
    }

    private static double Rmse(double[] actual, double[] predicted)
    {
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) sum += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
        return Math.Sqrt(sum / actual.Length);
    }

    private static double RSquared(double[] actual, double[] predicted)
    {
        double mean = actual.Average(), total = 0, residual = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            total += (actual[i] - mean) * (actual[i] - mean);
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
        }
        return total == 0 ? double.NaN : 1 - residual / total;
    }

    /// <summary>
    /// Ticks for a log10 axis (the data is plotted as log10 of the values; the labels show the values). Over a decade
    /// or more: one major tick per power of ten, minor ticks at 2..9 times it. Over less than a decade: round values
    /// (1-2-5 steps) at their log positions, since powers of ten would leave the axis without ticks.
    /// </summary>
    private static void SetLogTicks(Plot plot, double lowestExponent, double highestExponent)
    {
        if (highestExponent - lowestExponent >= 1)
        {
            plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = exponent =>
                {
                    double rounded = Math.Round(exponent);
                    return rounded < -3 || rounded > 4
                        ? "1e" + rounded.ToString(CultureInfo.InvariantCulture)
                        : PlotStyle.Format(Math.Pow(10, rounded));
                },
            };
            return;
        }
        var (positions, labels, bottom, top) = NarrowLogTicks(lowestExponent, highestExponent);
        plot.Axes.Left.SetTicks(positions, labels);
        // The axis spans the ticks: left to itself, the axis of a flat line spans far more than its ticks, which then
        // pile up in one place.
        plot.Axes.SetLimitsY(bottom, top);
    }

    /// <summary>
    /// The ticks of a log10 axis over less than a decade (exponents of the lowest and highest value): round values in
    /// 1-2-5 steps at their log positions, each label with as many digits as its step needs (so no two are alike), and
    /// the axis limits around them. A flat series (one value) gets a span of 10% either side of it.
    /// </summary>
    internal static (double[] Positions, string[] Labels, double Bottom, double Top) NarrowLogTicks(double lowestExponent, double highestExponent)
    {
        double low = Math.Pow(10, lowestExponent), high = Math.Pow(10, highestExponent);
        if (high <= low)
        {
            low /= 1.1;
            high *= 1.1;
        }
        double step = NiceStep((high - low) / 8);
        // Significant digits that tell values one step apart (0.50001 and 0.50002 need 5), at least 4 as before, and at
        // least the integer digits, so that 12000 reads 12000 rather than 1.2E+04.
        int magnitude = (int)Math.Floor(Math.Log10(high));
        int digits = Math.Clamp(Math.Max(Math.Max(4, magnitude + 1), magnitude - (int)Math.Floor(Math.Log10(step)) + 1), 1, 15);
        var positions = new List<double>();
        var labels = new List<string>();
        for (double value = Math.Ceiling(low / step) * step; value <= high + step * 1e-9; value += step)
        {
            if (value <= 0) continue;
            positions.Add(Math.Log10(value));
            labels.Add(PlotStyle.Format(Math.Round(value / step) * step, digits));
        }
        double margin = 0.05 * (Math.Log10(high) - Math.Log10(low));
        return (positions.ToArray(), labels.ToArray(), Math.Log10(low) - margin, Math.Log10(high) + margin);
    }

    /// <summary>The 1, 2 or 5 times a power of ten nearest above <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    internal static void CheckCommon(string path, string title, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
    }

    private static double[] ToFinite(IReadOnlyList<double> values, string what, string parameterName)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            double value = values[i];
            if (!double.IsFinite(value))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{what} has value {value} at index {i}; every value must be finite."), parameterName);
            }
            result[i] = value;
        }
        return result;
    }
}
