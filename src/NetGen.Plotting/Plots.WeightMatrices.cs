using System;
using System.Globalization;
using ScottPlot;

namespace NetGen.Plotting;

public static partial class Plots
{
    /// <summary>Matrices with at most this many cells get every weight's value written in its cell.</summary>
    private const int CellLabelLimit = 64;

    /// <summary>Layers with at most this many units (or inputs) get their rows (or columns) named.</summary>
    private const int AxisNameLimit = 32;

    /// <summary>
    /// Draws every layer's weight matrix <c>W [out, in]</c> as a heatmap, side by side, input layer's matrix first:
    /// one cell per weight, blue when positive, red when negative, white at zero, on one colour scale for all layers
    /// (shown by a colour bar). Rows are the layer's units (<c>h1</c>, ... or <c>y1</c>, ...), columns its inputs; in
    /// small matrices each cell shows its value. Meant for small networks: for example the parity network's matrices show
    /// which input bits it uses.
    /// For a layer with hundreds of inputs (an image), <see cref="WeightImages(string, string, ReadOnlySpan{double}, int, int, int, int, bool, int, int)"/> is clearer.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="layerSizes">The layer sizes, input first and output last (at least two layers).</param>
    /// <param name="flatParameters">The parameters in NetGen's flat order: for each layer, W row-major <c>[out, in]</c>, then b (biases are not drawn).</param>
    /// <param name="imageWidth">The image width in pixels, at least 100.</param>
    /// <param name="imageHeight">The image height in pixels, at least 100; 0 (default) fits the matrices' shape.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="title"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than two layers, a size below 1, the parameter count does not match the sizes, or a parameter is NaN or infinite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An image dimension is less than 100.</exception>
    public static string WeightMatrices(string path, string title, ReadOnlySpan<int> layerSizes, ReadOnlySpan<double> flatParameters,
        int imageWidth = DefaultWidth, int imageHeight = 0)
    {
        if (imageHeight != 0) ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 100);
        CheckCommon(path, title, imageWidth, Math.Max(imageHeight, 100));
        CheckLayers(layerSizes, flatParameters);

        int layers = layerSizes.Length;
        // Data units: one per cell. Panels sit side by side with a gap; names take room left of and under each panel.
        const double gap = 2.5;
        double totalWidth = 0, tallest = 0;
        for (int l = 1; l < layers; l++)
        {
            totalWidth += layerSizes[l - 1] + (l > 1 ? gap : 0);
            tallest = Math.Max(tallest, layerSizes[l]);
        }
        double maxWeight = 0;
        {
            int offset = 0;
            for (int l = 1; l < layers; l++)
            {
                int count = layerSizes[l] * layerSizes[l - 1];
                for (int i = 0; i < count; i++) maxWeight = Math.Max(maxWeight, Math.Abs(flatParameters[offset + i]));
                offset += count + layerSizes[l];
            }
        }
        if (maxWeight == 0) maxWeight = 1;

        double pxPerUnit = (imageWidth - 200) / (totalWidth + 2);
        if (imageHeight == 0) imageHeight = (int)Math.Clamp(pxPerUnit * (tallest + 2.5) + 130, 200, 4 * imageWidth);

        var plot = PlotStyle.NewPlot(title, string.Empty, string.Empty);
        PlotStyle.HideTicksAndGrid(plot);
        var colormap = new ScottPlot.Colormaps.CustomInterpolated([PlotStyle.Negative, Colors.White, PlotStyle.Positive]);
        ScottPlot.Plottables.Heatmap? last = null;
        float cellFont = (float)Math.Clamp(pxPerUnit * 0.28, 8, 14);
        float nameFont = (float)Math.Clamp(pxPerUnit * 0.35, 8, 14);
        double left = 0;
        int start = 0;
        for (int l = 1; l < layers; l++)
        {
            int fanIn = layerSizes[l - 1], fanOut = layerSizes[l];
            var cells = new double[fanOut, fanIn];
            for (int o = 0; o < fanOut; o++)
            {
                for (int i = 0; i < fanIn; i++) cells[o, i] = flatParameters[start + o * fanIn + i];
            }
            var heatmap = plot.Add.Heatmap(cells);
            heatmap.Colormap = colormap;
            heatmap.ManualRange = new ScottPlot.Range(-maxWeight, maxWeight);
            heatmap.Rectangle = new CoordinateRect(left, left + fanIn, -fanOut, 0);
            last = heatmap;
            var frame = plot.Add.Rectangle(left, left + fanIn, -fanOut, 0);
            frame.FillColor = Colors.Transparent;
            frame.LineColor = Colors.Gray;
            frame.LineWidth = 1;

            string inputName = l == 1 ? "x" : layers == 3 || l == 2 ? "h" : string.Create(CultureInfo.InvariantCulture, $"h{l - 1}.");
            var caption = PlotStyle.AddText(plot, string.Create(CultureInfo.InvariantCulture, $"W{l}  ({fanOut} x {fanIn})"),
                left + fanIn / 2.0, 0, PlotStyle.LegendSize, Colors.Black, Alignment.LowerCenter);
            caption.LabelStyle.Bold = true;
            caption.OffsetY = -4;
            if (fanIn * fanOut <= CellLabelLimit && pxPerUnit >= 28)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    for (int i = 0; i < fanIn; i++)
                    {
                        double w = cells[o, i];
                        PlotStyle.AddText(plot, PlotStyle.FormatWeight(w), left + i + 0.5, -o - 0.5, cellFont,
                            Math.Abs(w) > 0.6 * maxWeight ? Colors.White : Colors.Black, Alignment.MiddleCenter);
                    }
                }
            }
            if (fanOut <= AxisNameLimit)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    var name = PlotStyle.AddText(plot, NodeName(l, o, layers), left, -o - 0.5, nameFont, Colors.Black, Alignment.MiddleRight);
                    name.OffsetX = -3;
                }
            }
            if (fanIn <= AxisNameLimit)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    var name = PlotStyle.AddText(plot, NodeName(l - 1, i, layers), left + i + 0.5, -fanOut, nameFont, Colors.Black, Alignment.UpperCenter);
                    name.OffsetY = 3;
                }
            }
            left += fanIn + gap;
            start += fanOut * fanIn + fanOut;
        }

        plot.XLabel("rows: a layer's units; columns: its inputs; blue > 0, red < 0", PlotStyle.LegendSize);
        if (last is not null)
        {
            var bar = plot.Add.ColorBar(last);
            bar.Label = "weight";
            bar.LabelStyle.FontSize = PlotStyle.LegendSize;
        }
        plot.Axes.SetLimits(-1.2, totalWidth + 0.3, -tallest - 1.2, 1.3);
        plot.Axes.SquareUnits();
        return PlotStyle.Save(plot, path, imageWidth, imageHeight);
    }

    /// <summary>Draws every layer's weight matrix from <see cref="float"/> parameters; see <see cref="WeightMatrices(string, string, ReadOnlySpan{int}, ReadOnlySpan{double}, int, int)"/>.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="layerSizes">The layer sizes, input first and output last (at least two layers).</param>
    /// <param name="flatParameters">The parameters in NetGen's flat order: for each layer, W row-major <c>[out, in]</c>, then b.</param>
    /// <param name="imageWidth">The image width in pixels, at least 100.</param>
    /// <param name="imageHeight">The image height in pixels, at least 100; 0 (default) fits the matrices' shape.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="title"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than two layers, a size below 1, the parameter count does not match the sizes, or a parameter is NaN or infinite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An image dimension is less than 100.</exception>
    public static string WeightMatrices(string path, string title, ReadOnlySpan<int> layerSizes, ReadOnlySpan<float> flatParameters,
        int imageWidth = DefaultWidth, int imageHeight = 0)
    {
        var values = new double[flatParameters.Length];
        for (int i = 0; i < values.Length; i++) values[i] = flatParameters[i];
        return WeightMatrices(path, title, layerSizes, values, imageWidth, imageHeight);
    }
}
