using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Weight initialization, shared by every generated network so that each scheme is defined once.
/// Deterministic: the same <see cref="Random"/> seed gives the same weights on every platform.
/// </summary>
public static class Initializer
{
    /// <summary>Fills one layer's weights (row-major <c>[fanOut, fanIn]</c>) by <paramref name="scheme"/>.</summary>
    /// <param name="weights">The layer's weights.</param>
    /// <param name="fanIn">The layer's input count.</param>
    /// <param name="fanOut">The layer's output count.</param>
    /// <param name="scheme">The scheme; <see cref="WeightInit.Auto"/> must already be resolved by the caller.</param>
    /// <param name="random">The source of randomness, advanced by the number of draws.</param>
    public static void FillWeights<T>(Span<T> weights, int fanIn, int fanOut, WeightInit scheme, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (scheme)
        {
            case WeightInit.Xavier:
                double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateChecked((2.0 * random.NextDouble() - 1.0) * limit);
                break;
            case WeightInit.He:
                double std = Math.Sqrt(2.0 / fanIn);
                for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateChecked(std * StandardNormal(random));
                break;
            case WeightInit.Normal:
                for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateChecked(StandardNormal(random));
                break;
            case WeightInit.Uniform:
                for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateChecked(2.0 * random.NextDouble() - 1.0);
                break;
            case WeightInit.Zero:
                weights.Clear();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Resolve WeightInit.Auto (or an undefined value) before filling weights.");
        }
    }

    /// <summary>One draw from N(0, 1) by the Box-Muller transform.</summary>
    public static double StandardNormal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble(); // in (0, 1]: keeps the logarithm finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
