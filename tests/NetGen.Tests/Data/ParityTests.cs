using System;
using Xunit;

namespace NetGen.Tests.Data;

public class ParityTests
{
    [Fact]
    public void Ten_bits_give_1024_numbers_in_order_with_their_bits_and_parity()
    {
        var data = Datasets.Parity(10);
        Assert.Equal((1024, 10, 2), (data.Count, data.InputSize, data.TargetSize));
        for (int row = 0; row < data.Count; row++)
        {
            // Read the bits back as a binary number, most significant first: row n must be the number n.
            var bits = data.Input(row);
            int value = 0;
            foreach (float bit in bits)
            {
                Assert.True(bit == 0f || bit == 1f);
                value = value * 2 + (int)bit;
            }
            Assert.Equal(row, value);
            Assert.Equal(row % 2 == 0 ? new float[] { 1, 0 } : new float[] { 0, 1 }, data.Target(row).ToArray());
        }
    }

    [Fact]
    public void Known_rows()
    {
        var data = Datasets.Parity(10);
        Assert.Equal(new float[10], data.Input(0).ToArray());
        Assert.Equal(new float[] { 1, 0 }, data.Target(0).ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 }, data.Input(5).ToArray());
        Assert.Equal(new float[] { 0, 1 }, data.Target(5).ToArray());
        // 700 = 512 + 128 + 32 + 16 + 8 + 4 = 1010111100 in binary, even.
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 1, 1, 1, 0, 0 }, data.Input(700).ToArray());
        Assert.Equal(new float[] { 1, 0 }, data.Target(700).ToArray());
        Assert.Equal(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, data.Input(1023).ToArray());
        Assert.Equal(new float[] { 0, 1 }, data.Target(1023).ToArray());
    }

    [Fact]
    public void The_seed_002_split_is_the_first_700_then_the_other_324()
    {
        var (train, test) = Datasets.Parity(10).Split(700.0 / 1024);
        Assert.Equal(700, train.Count);
        Assert.Equal(324, test.Count);
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 1, 1, 1, 0, 0 }, test.Input(0).ToArray());
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 1, 1, 0, 1, 1 }, train.Input(699).ToArray()); // 699
        // 350 even and 350 odd numbers among 0..699; 162 of each among 700..1023.
        Assert.Equal(350f, Sum(train, 0));
        Assert.Equal(162f, Sum(test, 1));
    }

    private static float Sum(Dataset<float> data, int target)
    {
        float sum = 0;
        for (int i = 0; i < data.Count; i++) sum += data.Target(i)[target];
        return sum;
    }

    [Fact]
    public void One_bit_and_double_precision()
    {
        var data = Datasets.Parity<double>(1);
        Assert.Equal(new double[] { 0, 1 }, data.Features.ToArray());
        Assert.Equal(new double[] { 1, 0, 0, 1 }, data.Targets.ToArray());
        Assert.Equal(1 << 20, Datasets.Parity(20).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    [InlineData(-3)]
    public void Bits_outside_1_to_20_are_rejected(int bits)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Parity(bits));
        Assert.Equal("bits", error.ParamName);
        Assert.Contains("1 to 20", error.Message);
    }
}
