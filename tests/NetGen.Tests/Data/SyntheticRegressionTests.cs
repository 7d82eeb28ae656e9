using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Data;

public class SyntheticRegressionTests
{
    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    [Fact]
    public void Default_is_the_tutorials_50_points_with_two_inputs_and_two_outputs()
    {
        var data = Datasets.SyntheticRegression();
        Assert.Equal((50, 2, 2), (data.Count, data.InputSize, data.TargetSize));
        foreach (float x in data.Features) Assert.InRange(x, 0f, 1f);
        // x in [0, 1) -> sigmoid(x) in [0.5, 0.7311) -> + 0.1 a in [0.5, 0.8311) -> sigmoid in [0.6225, 0.6966) -> + 0.1 b.
        foreach (float y in data.Targets) Assert.InRange(y, 0.6224f, 0.7967f);
    }

    [Fact]
    public void Values_follow_the_documented_construction_draw_for_draw()
    {
        // A plain re-derivation from the documentation: x1, x2 of each point from System.Random(seed), then a, then b;
        // y_j = sigmoid(sigmoid(x_j) + 0.1 a) + 0.1 b.
        const int count = 50, seed = 42;
        var random = new Random(seed);
        var x = new double[count * 2];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble();
        double a = random.NextDouble(), b = random.NextDouble();

        var data = Datasets.SyntheticRegression<double>(count, seed);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], data.Features[i], 15);
            Assert.Equal(Sigmoid(Sigmoid(x[i]) + 0.1 * a) + 0.1 * b, data.Targets[i], 14);
        }
        var floats = Datasets.SyntheticRegression(count, seed);
        Assert.Equal((float)data.Targets[7], floats.Targets[7]);
    }

    [Fact]
    public void Each_output_is_an_increasing_function_of_its_own_input()
    {
        // The noise of the tutorial is one shared offset, so sorting by x_j sorts y_j too.
        var data = Datasets.SyntheticRegression<double>(200, seed: 9);
        for (int j = 0; j < 2; j++)
        {
            var pairs = Enumerable.Range(0, data.Count).Select(i => (X: data.Input(i)[j], Y: data.Target(i)[j])).OrderBy(p => p.X).ToArray();
            for (int k = 1; k < pairs.Length; k++) Assert.True(pairs[k].Y >= pairs[k - 1].Y);
        }
    }

    [Fact]
    public void The_seed_decides_the_set()
    {
        Assert.Equal(Datasets.SyntheticRegression(50, 1).Features.ToArray(), Datasets.SyntheticRegression(50, 1).Features.ToArray());
        Assert.NotEqual(Datasets.SyntheticRegression(50, 1).Features.ToArray(), Datasets.SyntheticRegression(50, 2).Features.ToArray());
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.SyntheticRegression(0)).ParamName);
    }
}
