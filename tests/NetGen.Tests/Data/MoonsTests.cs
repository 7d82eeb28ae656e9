using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Data;

public class MoonsTests
{
    private static int Label(Dataset<double> data, int i) => data.Target(i)[0] == 1.0 ? 0 : 1;

    [Theory]
    [InlineData(5000, 2500, 2500)]
    [InlineData(7, 3, 4)]
    [InlineData(2, 1, 1)]
    public void Count_splits_into_count_over_2_outer_and_the_rest_inner(int count, int outer, int inner)
    {
        var data = Datasets.Moons<double>(count, 0.1, seed: 42);
        Assert.Equal((count, 2, 2), (data.Count, data.InputSize, data.TargetSize));
        int outerSeen = 0, innerSeen = 0;
        for (int i = 0; i < count; i++)
        {
            var t = data.Target(i);
            Assert.True((t[0], t[1]) is (1, 0) or (0, 1), "each target is one-hot");
            if (t[0] == 1) outerSeen++; else innerSeen++;
        }
        Assert.Equal(outer, outerSeen);
        Assert.Equal(inner, innerSeen);
    }

    [Fact]
    public void Without_noise_every_point_lies_exactly_on_its_arc()
    {
        var data = Datasets.Moons<double>(1001, 0.0, seed: 5);
        for (int i = 0; i < data.Count; i++)
        {
            double x = data.Input(i)[0], y = data.Input(i)[1];
            if (Label(data, i) == 0)
            {
                Assert.Equal(1.0, x * x + y * y, 12);                       // the unit circle
                Assert.True(y >= -1e-15, $"outer point {i} is on the upper half: y = {y}");
            }
            else
            {
                Assert.Equal(1.0, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 12); // the circle around (1, 0.5)
                Assert.True(y <= 0.5 + 1e-15, $"inner point {i} is on the lower half: y = {y}");
            }
        }
    }

    [Fact]
    public void Without_noise_t_is_evenly_spaced_over_0_to_pi_ends_included()
    {
        // Six points: three per arc at t = 0, pi/2, pi.
        var data = Datasets.Moons<double>(6, 0.0, seed: 1);
        var points = new List<(int, double, double)>();
        for (int i = 0; i < 6; i++) points.Add((Label(data, i), Math.Round(data.Input(i)[0], 12), Math.Round(data.Input(i)[1], 12)));
        var expected = new[]
        {
            (0, 1.0, 0.0), (0, 0.0, 1.0), (0, -1.0, 0.0),   // outer: (cos t, sin t)
            (1, 0.0, 0.5), (1, 1.0, -0.5), (1, 2.0, 0.5),   // inner: (1 - cos t, 1 - sin t - 0.5)
        };
        Assert.Equal(expected.OrderBy(p => p).ToArray(), points.OrderBy(p => p).ToArray());
    }

    [Fact]
    public void The_points_are_shuffled()
    {
        var data = Datasets.Moons<double>(1000, 0.1, seed: 42);
        int outerInFirstHalf = Enumerable.Range(0, 500).Count(i => Label(data, i) == 0);
        Assert.InRange(outerInFirstHalf, 200, 300); // unshuffled it would be 500
    }

    [Fact]
    public void The_shuffle_is_the_one_Dataset_Shuffle_draws_from_the_same_seed()
    {
        // The points in make_moons' order, built here from the documented formulas, then shuffled by the core library.
        const int count = 9, outer = count / 2, inner = count - outer;
        var features = new double[count * 2];
        var targets = new double[count * 2];
        for (int i = 0; i < count; i++)
        {
            bool isOuter = i < outer;
            int k = isOuter ? i : i - outer, n = isOuter ? outer : inner;
            double t = k == n - 1 ? Math.PI : k * (Math.PI / (n - 1));
            features[2 * i] = isOuter ? Math.Cos(t) : 1 - Math.Cos(t);
            features[2 * i + 1] = isOuter ? Math.Sin(t) : 1 - Math.Sin(t) - 0.5;
            targets[2 * i + (isOuter ? 0 : 1)] = 1;
        }
        var expected = new Dataset<double>(features, targets, 2, 2).Shuffle(seed: 17);
        var moons = Datasets.Moons<double>(count, 0.0, seed: 17);
        Assert.Equal(expected.Targets.ToArray(), moons.Targets.ToArray());
        Assert.Equal(expected.Features.ToArray(), moons.Features.ToArray());
    }

    [Fact]
    public void The_same_seed_gives_the_same_points_and_another_seed_other_points()
    {
        var a = Datasets.Moons(500, 0.2, seed: 11);
        var b = Datasets.Moons(500, 0.2, seed: 11);
        var c = Datasets.Moons(500, 0.2, seed: 12);
        Assert.Equal(a.Features.ToArray(), b.Features.ToArray());
        Assert.Equal(a.Targets.ToArray(), b.Targets.ToArray());
        Assert.NotEqual(a.Features.ToArray(), c.Features.ToArray());
    }

    [Fact]
    public void The_noise_is_gaussian_with_the_given_standard_deviation()
    {
        // The shuffle is drawn before the noise, so the same seed without noise gives the same points in the same
        // order: the difference is the noise itself.
        const int count = 20000;
        var clean = Datasets.Moons<double>(count, 0.0, seed: 3);
        var noisy = Datasets.Moons<double>(count, 0.1, seed: 3);
        Assert.Equal(clean.Targets.ToArray(), noisy.Targets.ToArray());
        var noise = new double[2 * count];
        for (int i = 0; i < noise.Length; i++) noise[i] = noisy.Features[i] - clean.Features[i];
        double mean = noise.Average();
        double std = Math.Sqrt(noise.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.003, 0.003);    // standard error 0.1 / sqrt(40000) = 0.0005
        Assert.InRange(std, 0.098, 0.102);
        // About 68.3% of a normal sample lies within one standard deviation.
        double within = noise.Count(v => Math.Abs(v) < 0.1) / (double)noise.Length;
        Assert.InRange(within, 0.673, 0.693);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(1, 0.1, 0)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(10, -0.1, 0)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(10, double.NaN, 0)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(10, double.PositiveInfinity, 0)).ParamName);
    }
}
