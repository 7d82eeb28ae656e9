using System;
using System.Numerics;

namespace NetGen;

/// <summary>The datasets that are computed rather than read: parity, moons, the seed-000 regression set.</summary>
internal static class Generated
{
    public const int MaxParityBits = 20;

    /// <summary>Every <paramref name="bits"/>-bit number in order; features are its bits (most significant first), targets [even, odd].</summary>
    public static Dataset<T> Parity<T>(int bits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bits < 1 || bits > MaxParityBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits,
                $"Parity needs from 1 to {MaxParityBits} bits (2^{MaxParityBits} = {1 << MaxParityBits} samples at most), but bits is {bits}.");
        }
        int count = 1 << bits;
        var features = new T[count * bits];
        var targets = new T[count * 2];
        for (int n = 0; n < count; n++)
        {
            for (int b = 0; b < bits; b++)
            {
                // Column b holds bit (bits - 1 - b): the most significant bit comes first, as in '{0:010b}'.
                if (((n >> (bits - 1 - b)) & 1) != 0) features[n * bits + b] = T.One;
            }
            targets[n * 2 + (n & 1)] = T.One; // [1, 0] for even, [0, 1] for odd
        }
        return new Dataset<T>(features, targets, bits, 2);
    }

    /// <summary>scikit-learn's make_moons: count / 2 points on the outer arc, the rest on the inner one, shuffled, then noise.</summary>
    public static Dataset<T> Moons<T>(int count, double noise, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"Moons needs at least 2 points (one per moon), but count is {count}.");
        }
        if (!(noise >= 0.0) || double.IsInfinity(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise,
                "The noise is the standard deviation of the Gaussian noise added to each coordinate: a finite number, 0 or more.");
        }
        int outer = count / 2, inner = count - outer;
        var x = new double[count];
        var y = new double[count];
        var label = new int[count];
        for (int i = 0; i < outer; i++)
        {
            double t = Linspace(i, outer);
            x[i] = Math.Cos(t);
            y[i] = Math.Sin(t);
        }
        for (int i = 0; i < inner; i++)
        {
            double t = Linspace(i, inner);
            x[outer + i] = 1.0 - Math.Cos(t);
            y[outer + i] = 1.0 - Math.Sin(t) - 0.5;
            label[outer + i] = 1;
        }

        var random = new Random(seed);
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        ShuffleInPlace(order, random);

        var features = new T[count * 2];
        var targets = new T[count * 2];
        for (int k = 0; k < count; k++)
        {
            int i = order[k];
            double px = x[i], py = y[i];
            if (noise > 0.0)
            {
                px += noise * Initializer.StandardNormal(random);
                py += noise * Initializer.StandardNormal(random);
            }
            features[2 * k] = T.CreateChecked(px);
            features[2 * k + 1] = T.CreateChecked(py);
            targets[2 * k + label[i]] = T.One;
        }
        return new Dataset<T>(features, targets, 2, 2);
    }

    /// <summary>
    /// Fisher-Yates, the draws <see cref="Dataset{T}.Shuffle"/> makes: for i from the end down to 1, swap item i with
    /// item <c>random.Next(i + 1)</c>. Written here because Moons draws its noise from the same <see cref="Random"/>
    /// after the shuffle (MoonsTests checks that the order equals <c>Shuffle(seed)</c> of the unshuffled points).
    /// </summary>
    private static void ShuffleInPlace(Span<int> order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>numpy.linspace(0, pi, n)[i]: i * (pi / (n - 1)), with the last value exactly pi.</summary>
    private static double Linspace(int i, int n)
    {
        if (n == 1) return 0.0;
        if (i == n - 1) return Math.PI;
        return i * (Math.PI / (n - 1));
    }

    /// <summary>The seed-000 construction: x uniform in [0, 1)^2, y = sigmoid(sigmoid(x) + 0.1 a) + 0.1 b with one a and one b.</summary>
    public static Dataset<T> SyntheticRegression<T>(int count, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The regression set needs at least 1 point, but count is {count}.");
        }
        var random = new Random(seed);
        var x = new double[count * 2];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble();
        double inside = random.NextDouble() * 0.1;
        double outside = random.NextDouble() * 0.1;

        var features = new T[count * 2];
        var targets = new T[count * 2];
        for (int i = 0; i < x.Length; i++)
        {
            features[i] = T.CreateChecked(x[i]);
            targets[i] = T.CreateChecked(Sigmoid(Sigmoid(x[i]) + inside) + outside);
        }
        return new Dataset<T>(features, targets, 2, 2);
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
