using System;
using System.Numerics;

namespace NetGen;

public static partial class Metrics
{
    /// <summary>
    /// The class a row of outputs (or a target row) stands for: with one value, 1 when it is at least 0.5 and 0
    /// otherwise; with several, the index of the largest (the first one on ties).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">One sample's outputs or targets.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ClassOf<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.Length == 1) return values[0] >= T.CreateChecked(0.5) ? 1 : 0;
        return Kernels.ArgMax(values);
    }
}
