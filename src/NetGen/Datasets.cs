using System.Numerics;

namespace NetGen;

/// <summary>Small built-in datasets for examples and tests.</summary>
public static class Datasets
{
    /// <summary>
    /// Exclusive or, in <see cref="float"/>: the four inputs (0, 0), (0, 1), (1, 0), (1, 1), in that order,
    /// with one target each: 0, 1, 1, 0.
    /// </summary>
    public static Dataset<float> Xor() => Xor<float>();

    /// <summary>
    /// Exclusive or: the four inputs (0, 0), (0, 1), (1, 0), (1, 1), in that order, with one target each: 0, 1, 1, 0.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static Dataset<T> Xor<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T o = T.Zero, l = T.One;
        return new Dataset<T>(
            new[] { o, o, o, l, l, o, l, l },
            new[] { o, l, l, o },
            inputSize: 2,
            targetSize: 1);
    }
}
