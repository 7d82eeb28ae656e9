using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Runtime;

public class DatasetTests
{
    private static double[] Row(ReadOnlySpan<double> span) => span.ToArray();

    /// <summary>n samples: inputs (i, 10 i), target 100 i, so every value tells which sample it came from.</summary>
    private static Dataset<double> Numbered(int n)
    {
        var features = new double[n, 2];
        var targets = new double[n, 1];
        for (int i = 0; i < n; i++)
        {
            features[i, 0] = i;
            features[i, 1] = 10 * i;
            targets[i, 0] = 100 * i;
        }
        return new Dataset<double>(features, targets);
    }

    private static int[] SampleIds(Dataset<double> data) =>
        Enumerable.Range(0, data.Count).Select(i => (int)data.Input(i)[0]).ToArray();

    [Fact]
    public void Rectangular_arrays_give_one_row_per_sample()
    {
        var data = new Dataset<double>(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, new double[,] { { 7 }, { 8 }, { 9 } });
        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.InputSize);
        Assert.Equal(1, data.TargetSize);
        Assert.Equal(new double[] { 3, 4 }, Row(data.Input(1)));
        Assert.Equal(new double[] { 9 }, Row(data.Target(2)));
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, Row(data.Features));
        Assert.Equal(new double[] { 7, 8, 9 }, Row(data.Targets));
    }

    [Fact]
    public void Flat_arrays_are_read_row_major_and_copied()
    {
        var features = new double[] { 1, 2, 3, 4, 5, 6 };
        var targets = new double[] { 10, 11, 20, 21, 30, 31 };
        var data = new Dataset<double>(features, targets, inputSize: 2, targetSize: 2);
        features[2] = -1;
        targets[2] = -1;
        Assert.Equal(3, data.Count);
        Assert.Equal(new double[] { 3, 4 }, Row(data.Input(1)));
        Assert.Equal(new double[] { 20, 21 }, Row(data.Target(1)));
    }

    [Fact]
    public void Different_row_counts_are_rejected_with_both_counts()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Dataset<double>(new double[3, 2], new double[2, 1]));
        Assert.Contains("3 rows", error.Message);
        Assert.Contains("has 2", error.Message);

        var flat = Assert.Throws<ArgumentException>(() =>
            new Dataset<double>(new double[6], new double[4], inputSize: 2, targetSize: 1));
        Assert.Contains("3 rows", flat.Message);
        Assert.Contains("4 rows", flat.Message);
    }

    [Fact]
    public void A_flat_length_that_is_not_whole_rows_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Dataset<double>(new double[7], new double[3], inputSize: 2, targetSize: 1));
        Assert.Equal("features", error.ParamName);
        Assert.Contains("7 values", error.Message);
        var targets = Assert.Throws<ArgumentException>(() =>
            new Dataset<double>(new double[6], new double[5], inputSize: 2, targetSize: 2));
        Assert.Equal("targets", targets.ParamName);
        Assert.Contains("5 values", targets.Message);
    }

    [Theory]
    [InlineData(0, 1, "inputSize")]
    [InlineData(1, 0, "targetSize")]
    [InlineData(-2, 1, "inputSize")]
    public void Row_sizes_below_one_are_rejected(int inputSize, int targetSize, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Dataset<double>(new double[4], new double[4], inputSize, targetSize));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Arrays_without_columns_are_rejected()
    {
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[2, 0], new double[2, 1])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[2, 1], new double[2, 0])).ParamName);
    }

    [Fact]
    public void A_non_finite_feature_is_reported_by_row_and_column()
    {
        var features = new double[,] { { 1, 2 }, { 3, 4 }, { 5, double.NaN } };
        var error = Assert.Throws<ArgumentException>(() => new Dataset<double>(features, new double[3, 1]));
        Assert.Equal("features", error.ParamName);
        Assert.Contains("Feature at row 2, column 1 is NaN", error.Message);
    }

    [Fact]
    public void A_non_finite_target_is_reported_by_row_and_column()
    {
        // Flat: targets of size 2, the value at flat index 3 is row 1, column 1.
        var targets = new float[] { 0, 0, 0, float.NegativeInfinity, float.PositiveInfinity, 0 };
        var error = Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[3], targets, 1, 2));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("Target at row 1, column 1 is -Infinity", error.Message);
    }

    [Fact]
    public void The_first_non_finite_value_is_the_one_reported()
    {
        var features = new double[] { 0, 0, 0, double.PositiveInfinity, double.NaN, 0 };
        var error = Assert.Throws<ArgumentException>(() => new Dataset<double>(features, new double[3], 2, 1));
        Assert.Contains("Feature at row 1, column 1 is Infinity", error.Message);
    }

    [Fact]
    public void Null_arrays_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Dataset<double>(null!, new double[1, 1]));
        Assert.Throws<ArgumentNullException>(() => new Dataset<double>(new double[1], null!, 1, 1));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void An_index_outside_the_dataset_throws(int index)
    {
        var data = Numbered(3);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => data.Input(index).Length);
        Assert.Contains("3 samples", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Target(index).Length);
    }

    [Fact]
    public void Shuffle_is_the_Fisher_Yates_permutation_of_System_Random()
    {
        // Reference: the textbook Fisher-Yates shuffle (Durstenfeld), driven by System.Random(seed).
        const int n = 12, seed = 42;
        var expected = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        var data = Numbered(n);
        var shuffled = data.Shuffle(seed);
        Assert.Equal(expected, SampleIds(shuffled));
        // Rows move whole: the target still belongs to its input.
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(10 * shuffled.Input(i)[0], shuffled.Input(i)[1]);
            Assert.Equal(100 * shuffled.Input(i)[0], shuffled.Target(i)[0]);
        }
        // The original is untouched.
        Assert.Equal(Enumerable.Range(0, n), SampleIds(data));
    }

    [Fact]
    public void Shuffle_is_deterministic_per_seed_and_differs_between_seeds()
    {
        var data = Numbered(20);
        Assert.Equal(SampleIds(data.Shuffle(7)), SampleIds(data.Shuffle(7)));
        Assert.NotEqual(SampleIds(data.Shuffle(7)), SampleIds(data.Shuffle(8)));
        Assert.Equal(Enumerable.Range(0, 20), SampleIds(data.Shuffle(8)).OrderBy(i => i));
    }

    [Fact]
    public void Split_without_a_seed_keeps_the_order()
    {
        var (train, test) = Numbered(10).Split(0.7);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6 }, SampleIds(train));
        Assert.Equal(new[] { 7, 8, 9 }, SampleIds(test));
        Assert.Equal(600, train.Target(6)[0]);
    }

    [Fact]
    public void Split_gives_the_first_700_of_1024_to_train_and_the_other_324_to_test()
    {
        var (train, test) = Numbered(1024).Split(700.0 / 1024);
        Assert.Equal(700, train.Count);
        Assert.Equal(324, test.Count);
        Assert.Equal(699, train.Input(699)[0]);
        Assert.Equal(700, test.Input(0)[0]);
        Assert.Equal(1023, test.Input(323)[0]);
    }

    [Fact]
    public void Split_with_a_seed_is_disjoint_complete_and_deterministic()
    {
        var data = Numbered(50);
        var (train, test) = data.Split(0.8, seed: 3);
        Assert.Equal(40, train.Count);
        Assert.Equal(10, test.Count);
        var trainIds = SampleIds(train);
        var testIds = SampleIds(test);
        Assert.Empty(trainIds.Intersect(testIds));
        Assert.Equal(Enumerable.Range(0, 50), trainIds.Concat(testIds).OrderBy(i => i));
        Assert.Equal(SampleIds(data.Shuffle(3)), trainIds.Concat(testIds));
        var (again, _) = data.Split(0.8, seed: 3);
        Assert.Equal(trainIds, SampleIds(again));
        Assert.NotEqual(Enumerable.Range(0, 40), trainIds);
    }

    [Theory]
    [InlineData(0.0, 0, 4)]
    [InlineData(1.0, 4, 0)]
    [InlineData(0.5, 2, 2)]
    [InlineData(0.3, 1, 3)]
    public void Split_rounds_the_train_count_to_the_nearest_sample(double fraction, int trainCount, int testCount)
    {
        var (train, test) = Numbered(4).Split(fraction);
        Assert.Equal(trainCount, train.Count);
        Assert.Equal(testCount, test.Count);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Split_rejects_a_fraction_outside_0_to_1(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(4).Split(fraction));
        Assert.Equal("trainFraction", error.ParamName);
    }

    [Fact]
    public void Slice_takes_a_contiguous_range()
    {
        var slice = Numbered(10).Slice(3, 4);
        Assert.Equal(new[] { 3, 4, 5, 6 }, SampleIds(slice));
        Assert.Equal(new double[] { 500 }, Row(slice.Target(2)));
        Assert.Equal(0, Numbered(10).Slice(10, 0).Count);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(8, 3)]
    [InlineData(0, 11)]
    [InlineData(2, -1)]
    public void Slice_outside_the_dataset_throws(int start, int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(10).Slice(start, count));
        Assert.Contains("10 samples", error.Message);
    }

    [Fact]
    public void Subset_picks_samples_in_the_given_order()
    {
        var subset = Numbered(6).Subset(new[] { 5, 0, 5, 2 });
        Assert.Equal(new[] { 5, 0, 5, 2 }, SampleIds(subset));
        Assert.Equal(200, subset.Target(3)[0]);
    }

    [Fact]
    public void Subset_names_the_position_of_a_bad_index()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(6).Subset(new[] { 1, 2, 6 }));
        Assert.Contains("indices[2] is 6", error.Message);
    }

    [Fact]
    public void A_subset_too_large_for_an_array_is_an_argument_error()
    {
        // One sample of 2^20 inputs picked 2^11 times: 2^31 values, one more than an int counts.
        var wide = new Dataset<float>(new float[1 << 20], new float[1], 1 << 20, 1);
        var error = Assert.Throws<ArgumentException>(() => wide.Subset(new int[1 << 11]));
        Assert.Equal("indices", error.ParamName);
        Assert.Contains("2048", error.Message);
    }

    [Fact]
    public void Convert_changes_the_number_type()
    {
        var data = new Dataset<double>(new[] { 0.1, 2.5 }, new[] { -1.25, 3.0 }, 1, 1);
        var floats = data.Convert<float>();
        Assert.Equal(new[] { 0.1f, 2.5f }, floats.Features.ToArray());
        Assert.Equal(new[] { -1.25f, 3.0f }, floats.Targets.ToArray());
        Assert.Equal((double)0.1f, floats.Convert<double>().Input(0)[0]);
    }

    [Fact]
    public void Convert_rejects_a_value_too_large_for_the_new_type()
    {
        var data = new Dataset<double>(new[] { 1.0, 2.0 }, new[] { 0.0, 1e300 }, 1, 1);
        var error = Assert.Throws<ArgumentException>(() => data.Convert<float>());
        Assert.Contains("Target at row 1, column 0 is Infinity", error.Message);
    }

    [Fact]
    public void Xor_holds_the_four_cases_of_exclusive_or()
    {
        var data = Datasets.Xor();
        Assert.Equal(4, data.Count);
        Assert.Equal(2, data.InputSize);
        Assert.Equal(1, data.TargetSize);
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, data.Features.ToArray());
        Assert.Equal(new float[] { 0, 1, 1, 0 }, data.Targets.ToArray());
        var doubles = Datasets.Xor<double>();
        Assert.Equal(new double[] { 1, 0 }, doubles.Input(2).ToArray());
        Assert.Equal(1.0, doubles.Target(2)[0]);
    }

    [Fact]
    public void ToString_states_the_shape()
    {
        Assert.Equal("Dataset: 4 samples, InputSize 2, TargetSize 1", Datasets.Xor().ToString());
    }
}
