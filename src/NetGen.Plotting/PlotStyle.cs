using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ScottPlot;

namespace NetGen.Plotting;

/// <summary>The look shared by every chart: fonts, sizes, colours, and saving.</summary>
internal static class PlotStyle
{
    internal const float TitleSize = 22;
    internal const float AxisLabelSize = 17;
    internal const float TickLabelSize = 14;
    internal const float LegendSize = 14;
    internal const float AnnotationSize = 13;

    /// <summary>Blue, for positive weights (the same blue as the first series colour).</summary>
    internal static readonly Color Positive = Color.FromHex("#1f77b4");

    /// <summary>Red, for negative weights.</summary>
    internal static readonly Color Negative = Color.FromHex("#d62728");

    private static readonly Color[] s_series =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    private static readonly Lazy<string> s_font = new(FindFont);

    /// <summary>
    /// A sans-serif family that exists on this machine. SkiaSharp's Linux build without fontconfig falls back to the
    /// first family it finds (often a serif one) for unknown names, so the name is checked before it is used.
    /// </summary>
    internal static string Font => s_font.Value;

    /// <summary>The colour of series or class <paramref name="index"/> (Matplotlib's "tab10" order).</summary>
    internal static Color SeriesColor(int index) => s_series[((index % s_series.Length) + s_series.Length) % s_series.Length];

    /// <summary>A new plot with the shared fonts, a title and axis labels.</summary>
    internal static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, TitleSize);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickLabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickLabelSize;
        plot.Axes.Right.TickLabelStyle.FontSize = TickLabelSize;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = Font;
        return plot;
    }

    /// <summary>
    /// Hides ticks, tick labels, the frame and the grid, keeping the title and the axis labels (ScottPlot's
    /// <c>HideAxesAndGrid</c> hides the title too).
    /// </summary>
    internal static void HideTicksAndGrid(Plot plot)
    {
        plot.HideGrid();
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.IsVisible = false;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Width = 0;
        }
    }

    /// <summary>Adds a text label in the shared font.</summary>
    internal static ScottPlot.Plottables.Text AddText(Plot plot, string text, double x, double y, float size, Color color, Alignment alignment)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelStyle.FontName = Font;
        label.LabelStyle.FontSize = size;
        label.LabelStyle.ForeColor = color;
        label.LabelStyle.Alignment = alignment;
        return label;
    }

    /// <summary>Shows the legend in the corner of the data area that the data leaves the most empty.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="points">Where the data is (lines densified).</param>
    /// <param name="limits">The axis limits the plot will have; null: what autoscaling gives.</param>
    internal static void ShowLegendInEmptiestCorner(Plot plot, IEnumerable<(double X, double Y)> points, AxisLimits? limits = null)
    {
        if (limits is null)
        {
            plot.Axes.AutoScale();
            limits = plot.Axes.GetLimits();
        }
        ShowLegendInEmptiestCorner(plot, points, limits.Value);
    }

    private static void ShowLegendInEmptiestCorner(Plot plot, IEnumerable<(double X, double Y)> points, AxisLimits limits)
    {
        double width = limits.Right - limits.Left, height = limits.Top - limits.Bottom;
        // Counts per corner: upper left, upper right, lower left, lower right.
        Span<int> counts = stackalloc int[4];
        if (width > 0 && height > 0)
        {
            foreach (var (x, y) in points)
            {
                double u = (x - limits.Left) / width, v = (y - limits.Bottom) / height;
                bool left = u < 0.45, right = u > 0.55, low = v < 0.4, high = v > 0.6;
                if (high && left) counts[0]++;
                if (high && right) counts[1]++;
                if (low && left) counts[2]++;
                if (low && right) counts[3]++;
            }
        }
        // Prefer the upper right on ties, then the lower right, the upper left, the lower left.
        ReadOnlySpan<int> preference = [1, 3, 0, 2];
        int best = preference[0];
        foreach (int corner in preference)
        {
            if (counts[corner] < counts[best]) best = corner;
        }
        plot.ShowLegend(best switch
        {
            0 => Alignment.UpperLeft,
            1 => Alignment.UpperRight,
            2 => Alignment.LowerLeft,
            _ => Alignment.LowerRight,
        });
    }

    /// <summary>Samples a polyline densely, so that a sparse line still claims the corners it crosses.</summary>
    internal static IEnumerable<(double X, double Y)> Densify(double[] xs, double[] ys, int samplesPerSegment = 20)
    {
        if (xs.Length == 1) yield return (xs[0], ys[0]);
        for (int i = 0; i + 1 < xs.Length; i++)
        {
            for (int k = 0; k < samplesPerSegment; k++)
            {
                double t = k / (double)samplesPerSegment;
                yield return (xs[i] + t * (xs[i + 1] - xs[i]), ys[i] + t * (ys[i + 1] - ys[i]));
            }
        }
        if (xs.Length > 1) yield return (xs[^1], ys[^1]);
    }

    /// <summary>Renders <paramref name="plot"/> to a PNG at <paramref name="path"/> (creating its directory) and returns the full path.</summary>
    internal static string Save(Plot plot, string path, int width, int height)
    {
        string full = PrepareFile(path);
        plot.SavePng(full, width, height);
        return full;
    }

    /// <summary>Renders <paramref name="multiplot"/> to a PNG at <paramref name="path"/> (creating its directory) and returns the full path.</summary>
    internal static string Save(Multiplot multiplot, string path, int width, int height)
    {
        string full = PrepareFile(path);
        multiplot.SavePng(full, width, height);
        return full;
    }

    private static string PrepareFile(string path)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return full;
    }

    /// <summary>A number for a label: up to <paramref name="digits"/> significant digits, invariant culture.</summary>
    internal static string Format(double value, int digits = 3) =>
        value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A weight or bias for a label: two decimals (-1.55), up to two more for small values (-0.0072), invariant culture.</summary>
    internal static string FormatWeight(double value) =>
        value.ToString(Math.Abs(value) >= 0.01 ? "0.00" : "0.00##", CultureInfo.InvariantCulture);

    private static string FindFont()
    {
        foreach (string family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "Open Sans", "Segoe UI", "Verdana" })
        {
            var typeface = Fonts.GetTypeface(family, false, false);
            if (typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase)) return family;
        }
        return Fonts.Default;
    }
}
