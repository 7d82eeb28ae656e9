using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using ScottPlot;

namespace NetGen.Plotting;

public static partial class Plots
{
    /// <summary>Networks with at most this many weights get every weight's value written on its edge.</summary>
    public const int EdgeLabelLimit = 30;

    /// <summary>Layers with at most this many nodes get node names and bias values written beside the nodes.</summary>
    private const int NodeLabelLimit = 12;

    /// <summary>
    /// Draws a network: its nodes layer by layer (input on the left, output on the right) and every weight as an edge,
    /// blue when positive and red when negative, as wide as its magnitude (relative to the largest). With at most
    /// <see cref="EdgeLabelLimit"/> weights each edge is labelled with its value; each node of a small layer is named
    /// (<c>x1</c>, <c>h1</c>, <c>y1</c>, ...) and labelled with its bias. Nodes of larger layers are filled with their
    /// bias's colour instead.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="layerSizes">The layer sizes, input first and output last (at least two layers).</param>
    /// <param name="flatParameters">
    /// The parameters in NetGen's flat order (what <see cref="IPredictor{T}.CopyParametersTo"/> writes): for each layer,
    /// its weights row-major <c>[out, in]</c>, then its biases.
    /// </param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="title"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than two layers, a size below 1, the parameter count does not match the sizes, or a parameter is NaN or infinite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string NetworkDiagram(string path, string title, ReadOnlySpan<int> layerSizes, ReadOnlySpan<double> flatParameters,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckCommon(path, title, width, height);
        CheckLayers(layerSizes, flatParameters);
        return DrawNetwork(path, title, layerSizes.ToArray(), flatParameters.ToArray(), width, height);
    }

    /// <summary>Draws a network from <see cref="float"/> parameters; see <see cref="NetworkDiagram(string, string, ReadOnlySpan{int}, ReadOnlySpan{double}, int, int)"/>.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="layerSizes">The layer sizes, input first and output last (at least two layers).</param>
    /// <param name="flatParameters">The parameters in NetGen's flat order: for each layer, W row-major <c>[out, in]</c>, then b.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="title"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than two layers, a size below 1, the parameter count does not match the sizes, or a parameter is NaN or infinite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string NetworkDiagram(string path, string title, ReadOnlySpan<int> layerSizes, ReadOnlySpan<float> flatParameters,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        var values = new double[flatParameters.Length];
        for (int i = 0; i < values.Length; i++) values[i] = flatParameters[i];
        return NetworkDiagram(path, title, layerSizes, values, width, height);
    }

    /// <summary>Draws <paramref name="network"/> with its current parameters; see <see cref="NetworkDiagram(string, string, ReadOnlySpan{int}, ReadOnlySpan{double}, int, int)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="network">The network; its parameters are copied, not changed.</param>
    /// <param name="width">The image width in pixels, at least 100.</param>
    /// <param name="height">The image height in pixels, at least 100.</param>
    /// <returns>The full path of the PNG.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 100.</exception>
    public static string NetworkDiagram<T>(string path, string title, IPredictor<T> network, int width = DefaultWidth, int height = DefaultHeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var parameters = new T[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var values = new double[parameters.Length];
        for (int i = 0; i < values.Length; i++) values[i] = double.CreateChecked(parameters[i]);
        return NetworkDiagram(path, title, network.LayerSizes, values, width, height);
    }

    /// <summary>Checks the layer sizes, that they account for exactly the given parameters, and that every parameter is finite.</summary>
    internal static void CheckLayers(ReadOnlySpan<int> layerSizes, ReadOnlySpan<double> flatParameters)
    {
        int parameterCount = flatParameters.Length;
        if (layerSizes.Length < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"A network needs at least two layer sizes (input and output), but {layerSizes.Length} were given."), nameof(layerSizes));
        }
        long expected = 0;
        for (int l = 0; l < layerSizes.Length; l++)
        {
            if (layerSizes[l] < 1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Layer {l} has size {layerSizes[l]}; every layer needs at least one node."), nameof(layerSizes));
            }
            if (l > 0) expected += (long)layerSizes[l] * layerSizes[l - 1] + layerSizes[l];
        }
        if (expected != parameterCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Layer sizes [{string.Join(", ", layerSizes.ToArray())}] need {expected} parameters (per layer W [out, in] then b), but {parameterCount} were given."),
                nameof(flatParameters));
        }
        for (int i = 0; i < flatParameters.Length; i++)
        {
            if (!double.IsFinite(flatParameters[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Parameter {i} is {flatParameters[i]}; every parameter must be finite."), nameof(flatParameters));
            }
        }
    }

    private static string DrawNetwork(string path, string title, int[] sizes, double[] parameters, int width, int height)
    {
        int layers = sizes.Length;
        int widest = sizes.Max();
        int weightCount = 0;
        for (int l = 1; l < layers; l++) weightCount += sizes[l] * sizes[l - 1];
        bool labelEdges = weightCount <= EdgeLabelLimit;
        bool big = weightCount > 2000;
        bool anyBigLayer = sizes.Skip(1).Any(n => n > NodeLabelLimit);

        // Vertical layout in data units: in a network of at most 16 nodes per layer the widest layer has one unit
        // between nodes; a wider layer is squeezed into 15 units. Smaller layers spread out over the same height
        // (up to one unit per node more than the widest layer's spacing), so their nodes and labels have room.
        double span = widest <= 16 ? Math.Max(widest - 1, 1) : 15;
        double[] spacing = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            int n = sizes[l];
            spacing[l] = n == 1 ? 0 : Math.Min(span / (n - 1), Math.Max(1, span / n));
        }
        double NodeY(int layer, int node) => ((sizes[layer] - 1) / 2.0 - node) * spacing[layer];

        // Pixels per data unit, estimated from the room left by the title and legend, and the pixel margins above
        // the top node (its radius) and below the bottom node (bias label, layer name).
        const double topMarginPx = 30, bottomMarginPx = 80;
        double dataHeightPx = height - (anyBigLayer ? 175 : 150);
        double units = span / Math.Max(0.2, 1 - (topMarginPx + bottomMarginPx) / dataHeightPx);
        double pxPerUnit = dataHeightPx / units;
        double columnPx = (width - 60) / (layers - 1 + 0.6);
        float[] nodeSize = new float[layers];
        for (int l = 0; l < layers; l++)
        {
            double room = sizes[l] == 1 ? 80 : spacing[l] * pxPerUnit;
            nodeSize[l] = (float)Math.Clamp(Math.Min(0.6 * room, 0.25 * columnPx), 3, 44);
        }

        var plot = PlotStyle.NewPlot(title, string.Empty, string.Empty);
        PlotStyle.HideTicksAndGrid(plot);

        // Edges: the largest magnitude sets the scale; the strongest are drawn last, on top.
        double maxWeight = 0;
        var edges = new List<(int Layer, int To, int From, double Weight)>(weightCount);
        var biases = new List<double[]>();
        int offset = 0;
        for (int l = 1; l < layers; l++)
        {
            int fanIn = sizes[l - 1], fanOut = sizes[l];
            for (int o = 0; o < fanOut; o++)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    double w = parameters[offset + o * fanIn + i];
                    edges.Add((l, o, i, w));
                    maxWeight = Math.Max(maxWeight, Math.Abs(w));
                }
            }
            offset += fanOut * fanIn;
            biases.Add(parameters.AsSpan(offset, fanOut).ToArray());
            offset += fanOut;
        }
        if (maxWeight == 0) maxWeight = 1;
        edges.Sort((a, b) => Math.Abs(a.Weight).CompareTo(Math.Abs(b.Weight)));

        // Each block of edges between two layers gets at most so much opacity that a dense block stays see-through.
        var blockAlpha = new double[layers];
        for (int l = 1; l < layers; l++) blockAlpha[l] = Math.Min(0.85, 40 / Math.Sqrt(sizes[l] * sizes[l - 1]));
        float maxLineWidth = big ? 2.5f : weightCount > 200 ? 4f : 9f;
        using var segments = new Segments();
        foreach (var (l, to, from, w) in edges)
        {
            double strength = Math.Abs(w) / maxWeight;
            // Small networks: every edge clearly visible. Larger ones: faint weak edges, so the strong ones stand out.
            double alpha = weightCount <= 200 ? 0.85 : 0.03 + (blockAlpha[l] - 0.03) * strength * strength;
            segments.Add(new Coordinates(l - 1, NodeY(l - 1, from)), new Coordinates(l, NodeY(l, to)),
                (w >= 0 ? PlotStyle.Positive : PlotStyle.Negative).WithAlpha(alpha), (float)(0.4 + (maxLineWidth - 0.4) * strength));
        }
        plot.Add.Plottable(segments);

        if (labelEdges)
        {
            // A label sits a third of the way along its edge: edges from one node fan out there, and labels of edges
            // that cross in the middle stay apart.
            foreach (var (l, to, from, w) in edges)
            {
                double x0 = l - 1, y0 = NodeY(l - 1, from), y1 = NodeY(l, to);
                const double t = 0.32;
                var text = PlotStyle.AddText(plot, PlotStyle.FormatWeight(w), x0 + t, y0 + t * (y1 - y0), 15,
                    w >= 0 ? PlotStyle.Positive : PlotStyle.Negative, Alignment.MiddleCenter);
                text.LabelStyle.Bold = true;
                text.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.85);
                text.LabelStyle.Padding = 2;
            }
        }

        // Nodes: named when there is room; biases written under the node when there is room, else shown as the fill.
        double maxBias = 0;
        foreach (var b in biases) foreach (double v in b) maxBias = Math.Max(maxBias, Math.Abs(v));
        if (maxBias == 0) maxBias = 1;
        bool biasAsFill = false;
        for (int l = 0; l < layers; l++)
        {
            int n = sizes[l];
            float size = nodeSize[l];
            bool output = l == layers - 1;
            bool nameNodes = n <= NodeLabelLimit && (size >= 24 || l == 0 || output);
            bool inside = size >= 24;
            // A hidden node's bias goes under it (room for a line of text between nodes); an output node's to its right.
            double roomPx = spacing[l] * pxPerUnit;
            bool writeBias = l > 0 && n <= NodeLabelLimit && (n == 1 || roomPx >= (output ? 20 : 34));
            for (int j = 0; j < n; j++)
            {
                double x = l, y = NodeY(l, j);
                Color fill = l == 0 ? Color.FromHex("#eeeeee") : Colors.White;
                if (l > 0 && !writeBias)
                {
                    double b = biases[l - 1][j];
                    fill = (b >= 0 ? PlotStyle.Positive : PlotStyle.Negative).WithAlpha(0.2 + 0.8 * Math.Abs(b) / maxBias);
                    biasAsFill = true;
                }
                plot.Add.Marker(x, y, MarkerShape.FilledCircle, size, fill);
                if (size >= 8)
                {
                    var ring = plot.Add.Marker(x, y, MarkerShape.OpenCircle, size, Colors.Black);
                    ring.MarkerLineWidth = size >= 18 ? 2 : 1;
                }
                if (nameNodes)
                {
                    // Inside the node when it is big enough; beside it (outside the network) for the input and output layers.
                    var name = PlotStyle.AddText(plot, NodeName(l, j, layers), x, y, inside ? Math.Min(size * 0.42f, 16) : 13, Colors.Black,
                        inside ? Alignment.MiddleCenter : l == 0 ? Alignment.MiddleRight : Alignment.MiddleLeft);
                    name.LabelStyle.Bold = true;
                    if (!inside) name.OffsetX = (l == 0 ? -1 : 1) * (size / 2 + 4);
                }
                if (writeBias)
                {
                    double b = biases[l - 1][j];
                    var bias = PlotStyle.AddText(plot, "b = " + PlotStyle.FormatWeight(b), x, y, 14,
                        b >= 0 ? PlotStyle.Positive : PlotStyle.Negative, output ? Alignment.MiddleLeft : Alignment.UpperCenter);
                    bias.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.85);
                    bias.LabelStyle.Padding = 2;
                    if (!output) bias.OffsetY = size / 2 + 3;
                    // Right of the node, and right of its name when the name is outside too.
                    else bias.OffsetX = size / 2 + 6 + (nameNodes && !inside ? 10 * NodeName(l, j, layers).Length : 0);
                }
            }
        }

        // Layer names under the layers.
        double lowest = -span / 2;
        for (int l = 0; l < layers; l++)
        {
            string role = l == 0 ? "input" : l == layers - 1 ? "output" : "hidden";
            var name = PlotStyle.AddText(plot, string.Create(CultureInfo.InvariantCulture, $"{role} ({sizes[l]})"), l, lowest, 15,
                Colors.Black, Alignment.UpperCenter);
            name.OffsetY = (float)(bottomMarginPx - 26);
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "positive weight", LineColor = PlotStyle.Positive, LineWidth = 4 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "negative weight", LineColor = PlotStyle.Negative, LineWidth = 4 });
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "width ∝ |w|, largest |w| = " + PlotStyle.Format(maxWeight),
            LineColor = Colors.Gray,
            LineWidth = 1,
        });
        if (biasAsFill)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = "node fill: bias (colour = sign, depth = size)",
                MarkerShape = MarkerShape.FilledCircle,
                MarkerFillColor = PlotStyle.Positive.WithAlpha(0.6),
                MarkerSize = 12,
            });
        }
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;

        // Room on the right for the output biases, and the output names when they are beside the nodes.
        double rightPx = nodeSize[^1] / 2 + (nodeSize[^1] >= 24 ? 100 : 140);
        plot.Axes.SetLimits(-0.3, layers - 1 + Math.Max(0.3, rightPx / columnPx), lowest - bottomMarginPx / pxPerUnit, span / 2 + topMarginPx / pxPerUnit);
        return PlotStyle.Save(plot, path, width, height);
    }

    private static string NodeName(int layer, int node, int layers)
    {
        string number = (node + 1).ToString(CultureInfo.InvariantCulture);
        if (layer == 0) return "x" + number;
        if (layer == layers - 1) return "y" + number;
        return layers == 3 ? "h" + number : string.Create(CultureInfo.InvariantCulture, $"h{layer}.{number}");
    }
}
