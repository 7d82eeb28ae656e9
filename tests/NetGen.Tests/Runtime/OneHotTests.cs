using System;
using Xunit;

namespace NetGen.Tests.Runtime;

public class OneHotTests
{
    [Fact]
    public void Encode_sets_one_at_the_label()
    {
        Assert.Equal(new float[] { 0, 0, 1, 0 }, OneHot.Encode<float>(2, 4));
        Assert.Equal(new double[] { 1 }, OneHot.Encode<double>(0, 1));
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(3, 3)]
    public void Encode_rejects_a_label_that_is_not_a_class(int label, int classes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>(label, classes));
        Assert.Equal("label", error.ParamName);
        Assert.Contains($"label {label}", error.Message);
    }

    [Fact]
    public void Encode_rejects_fewer_than_one_class()
    {
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>(0, 0)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>(ReadOnlySpan<int>.Empty, 0)).ParamName);
    }

    [Fact]
    public void Encode_of_many_labels_gives_one_row_each()
    {
        var rows = OneHot.Encode<double>(new[] { 1, 0, 2, 1 }, 3);
        var expected = new double[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } };
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Encode_of_many_labels_names_the_index_and_the_label_out_of_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<float>(new[] { 0, 1, 5, 2 }, 3));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("labels[2] is 5", error.Message);
    }

    [Fact]
    public void ArgMax_finds_the_largest_and_the_first_on_ties()
    {
        Assert.Equal(2, OneHot.ArgMax<double>(new[] { 0.1, -3, 0.7, 0.2 }));
        Assert.Equal(1, OneHot.ArgMax<float>(new[] { 0.1f, 0.9f, 0.9f }));
        Assert.Equal(0, OneHot.ArgMax<double>(new[] { -1.0 }));
        Assert.Equal(3, OneHot.ArgMax<double>(OneHot.Encode<double>(3, 5)));
    }

    [Fact]
    public void ArgMax_of_nothing_throws()
    {
        Assert.Throws<ArgumentException>(() => OneHot.ArgMax(ReadOnlySpan<double>.Empty));
    }
}
