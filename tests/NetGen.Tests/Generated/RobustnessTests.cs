using System;
using System.IO;
using System.Text;
using NetGen.Tests.Data;
using Xunit;

namespace NetGen.Tests.Generated;

[Mlp(2, 1, Activation = "ReLU", Loss = "MSE", Init = WeightInit.Zero)]
public partial class ReluProbe { }

/// <summary>The runtime probes of issue 7: each bad input now gets a clear exception or a documented result.</summary>
public class RobustnessTests
{
    private static readonly XorData Xor = new();

    private sealed class XorData
    {
        public Dataset<float> Data { get; } = new(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Step_rejects_a_non_finite_rate_and_changes_nothing(float rate)
    {
        var net = new Xor221(seed: 1);
        var before = net.Parameters.ToArray();
        net.Forward(new float[] { 1, 0 }, new float[1]);
        net.Backward(new float[] { 1 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.Step(rate));
        Assert.Equal("learningRate", e.ParamName);
        Assert.StartsWith("The learning rate must be a finite number.", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void Backward_before_any_Forward_throws_and_accumulates_nothing()
    {
        // Backward back-propagates what the last Forward kept; a new network has kept nothing (its zeros gave the gradients
        // of no sample, silently), and Predict keeps nothing either.
        var net = new Xor221(seed: 1);
        net.Predict(new float[] { 1, 0 }, new float[1]);
        var e = Assert.Throws<InvalidOperationException>(() => net.Backward(new float[] { 1 }));
        Assert.Contains("call Forward(input, output) for the sample first", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, net.AccumulatedSamples);
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));

        // After a Forward, Backward runs, and again on the same Forward (the last Forward's activations stay).
        net.Forward(new float[] { 1, 0 }, new float[1]);
        float loss = net.Backward(new float[] { 1 });
        Assert.Equal(loss, net.Backward(new float[] { 1 }));
        Assert.Equal(2, net.AccumulatedSamples);

        // The looped form (UnrollThreshold = 0: every layer a loop) the same way.
        var looped = new CheckSigmoidTanhMSE();
        Assert.Throws<InvalidOperationException>(() => looped.Backward(new double[2]));
        looped.Forward(new double[4], new double[2]);
        looped.Backward(new double[2]);
        Assert.Equal(1, looped.AccumulatedSamples);
    }

    [Fact]
    public void Fit_reports_a_NaN_parameter_set_by_hand_before_training()
    {
        var net = new Xor221(seed: 1);
        net.W1[3] = float.NaN;
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(net, Xor.Data, new TrainingOptions { Epochs = 3, LearningRate = 0.5 }));
        Assert.Equal(0, e.Epoch);
        Assert.Equal("Parameter 3 of the network is NaN before training; every parameter must be finite (call InitializeParameters, or LoadParameters with finite values).", e.Message);
    }

    [Fact]
    public void Fit_reports_a_saturating_learning_rate_instead_of_finishing()
    {
        var net = new Xor221(seed: 1);
        var before = net.Parameters.ToArray();
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(net, Xor.Data, new TrainingOptions { Epochs = 5, LearningRate = 1e30 }));
        Assert.Equal(1, e.Epoch);
        Assert.Contains("beyond ±1e15, where the outputs saturate", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void ReLU_propagates_NaN_like_every_other_activation()
    {
        var net = new ReluProbe();
        Assert.True(float.IsNaN(net.Predict(float.NaN, 1f)));
        Assert.Equal(0f, net.Predict(-1f, 1f));
    }

    [Fact]
    public void An_IDX_header_promising_more_than_the_file_holds_fails_before_allocating()
    {
        using var dir = new TempDirectory();
        // Magic 0x00000803 (unsigned bytes, 3 dimensions), then 2,100,000,000 images of 1 x 1: 16 bytes of header, 3 of data.
        var bytes = new byte[] { 0, 0, 8, 3, 0x7d, 0x2b, 0x75, 0x00, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3 };
        string path = dir.Write("huge.idx", bytes);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(e.Message.Contains("is truncated: its header promises", StringComparison.Ordinal), e.Message);
        Assert.Contains("but only 3 bytes follow", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 10_000_000, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void A_CSV_with_a_second_byte_order_mark_names_it()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("bom.csv", Encoding.UTF8.GetPreamble());
        File.AppendAllText(path, "\uFEFFx,y\n1,2\n", new UTF8Encoding(true));
        var e = Assert.Throws<InvalidDataException>(() => Csv.Load(path, "y"));
        Assert.Equal($"'{path}' line 1, column 1: the header's name contains a byte-order mark (U+FEFF) at position 1; the file was probably saved with a second byte-order mark or in another encoding (save it as UTF-8 with at most one BOM).", e.Message);
    }

    [Fact]
    public void A_CSV_cell_with_a_NUL_is_not_a_number()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("nul.csv", "x,y\n1\0,2\n");
        var e = Assert.Throws<InvalidDataException>(() => Csv.Load(path, "y"));
        Assert.Equal($"'{path}' line 2, column 'x': the cell contains a NUL character (U+0000) at position 2; the file is probably binary or not UTF-8.", e.Message);
    }
}
