using System;
using System.Collections.Generic;
using ScottPlot;
using SkiaSharp;

namespace NetGen.Plotting;

/// <summary>
/// Many straight line segments, each with its own colour and width, drawn by one plottable (tens of thousands of
/// separate line plottables would make a large network slow to render). Drawn in the order added.
/// </summary>
/// <remarks>
/// ScottPlot may render a figure more than once while it settles the layout; the rasterized segments are kept and
/// reused while the data area and axis limits stay the same. Above <see cref="AntiAliasLimit"/> segments, lines are
/// drawn without anti-aliasing, which is several times faster and hardly visible in such a dense picture.
/// </remarks>
internal sealed class Segments : IPlottable, IDisposable
{
    internal const int AntiAliasLimit = 5000;

    private readonly List<(Coordinates Start, Coordinates End, Color Color, float Width)> _segments = [];
    private SKImage? _cache;
    private (PixelRect Rect, double Left, double Right, double Bottom, double Top) _cacheKey;

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new ScottPlot.Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    internal void Add(Coordinates start, Coordinates end, Color color, float width)
    {
        _segments.Add((start, end, color, width));
        Invalidate();
    }

    public AxisLimits GetAxisLimits()
    {
        if (_segments.Count == 0) return AxisLimits.NoLimits;
        var points = new List<Coordinates>(_segments.Count * 2);
        foreach (var segment in _segments)
        {
            points.Add(segment.Start);
            points.Add(segment.End);
        }
        return new AxisLimits(points);
    }

    public void Render(RenderPack rp)
    {
        PixelRect rect = rp.DataRect;
        int width = (int)Math.Ceiling(rect.Width), height = (int)Math.Ceiling(rect.Height);
        if (width < 1 || height < 1) return;
        var key = (rect, Axes.XAxis.Min, Axes.XAxis.Max, Axes.YAxis.Min, Axes.YAxis.Max);
        if (_cache is null || !_cacheKey.Equals(key))
        {
            Invalidate();
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            if (surface is null) return;
            SKCanvas canvas = surface.Canvas;
            canvas.Clear(SKColors.Transparent);
            canvas.Translate(-rect.Left, -rect.Top);
            using var paint = new SKPaint
            {
                IsAntialias = _segments.Count <= AntiAliasLimit,
                Style = SKPaintStyle.Stroke,
                StrokeCap = SKStrokeCap.Round,
            };
            foreach (var (start, end, color, lineWidth) in _segments)
            {
                Pixel a = Axes.GetPixel(start), b = Axes.GetPixel(end);
                paint.Color = color.ToSKColor();
                paint.StrokeWidth = lineWidth;
                canvas.DrawLine(a.X, a.Y, b.X, b.Y, paint);
            }
            _cache = surface.Snapshot();
            _cacheKey = key;
        }
        rp.Canvas.DrawImage(_cache, rect.Left, rect.Top);
    }

    public void Dispose() => Invalidate();

    private void Invalidate()
    {
        _cache?.Dispose();
        _cache = null;
    }
}
