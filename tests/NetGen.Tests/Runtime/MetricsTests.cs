using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// Metrics on <see cref="EchoNetwork"/>, whose prediction is its input: each dataset's inputs are the predictions.
/// </summary>
public class MetricsTests
{
    [Fact]
    public void Accuracy_with_one_output_thresholds_at_one_half()
    {
        // 0.2 vs 0: right; 0.7 vs 1: right; 0.5 vs 0: wrong (0.5 counts as class 1); 0.49 vs 1: wrong; 0.5 vs 0.5: right.
        var data = new Dataset<double>(new[] { 0.2, 0.7, 0.5, 0.49, 0.5 }, new[] { 0, 1, 0, 1, 0.5 }, 1, 1);
        Assert.Equal(3.0 / 5, Metrics.Accuracy(new EchoNetwork(1), data), 15);
    }

    [Fact]
    public void Accuracy_with_several_outputs_compares_the_argmax()
    {
        var predictions = new[] { 0.1, 0.7, 0.2, /**/ 0.5, 0.5, 0.0, /**/ 0.3, 0.3, 0.4, /**/ 0.0, 0.0, 0.0 };
        var targets = new double[] { 0, 1, 0, /**/ 1, 0, 0, /**/ 1, 0, 0, /**/ 0, 0, 1 };
        // right (1 = 1); right (tie -> first index, 0 = 0); wrong (2 vs 0); wrong (all equal -> 0 vs 2).
        var data = new Dataset<double>(predictions, targets, 3, 3);
        Assert.Equal(0.5, Metrics.Accuracy(new EchoNetwork(3), data));
        Assert.Equal(0.5, Metrics.Accuracy<double>(predictions, targets, 3));
    }

    [Fact]
    public void Accuracy_on_raw_spans_with_one_output()
    {
        Assert.Equal(0.75, Metrics.Accuracy<float>(new[] { 0.9f, 0.1f, 0.6f, 0.4f }, new[] { 1f, 0f, 0f, 0f }, 1));
    }

    [Fact]
    public void Accuracy_per_class_divides_each_class_hits_by_its_samples()
    {
        // Targets: class 1, class 0, class 0, class 1, class 1; predicted classes 1, 0, 2, 0, 1.
        // Class 0: 1 of 2 right; class 1: 2 of 3 right; class 2: no samples -> 0.
        var predictions = new[] { 0.1, 0.8, 0.1, /**/ 0.6, 0.3, 0.1, /**/ 0.2, 0.2, 0.6, /**/ 0.5, 0.4, 0.1, /**/ 0.0, 0.9, 0.1 };
        var targets = new double[] { 0, 1, 0, /**/ 1, 0, 0, /**/ 1, 0, 0, /**/ 0, 1, 0, /**/ 0, 1, 0 };
        double[] perClass = Metrics.AccuracyPerClass(new EchoNetwork(3), new Dataset<double>(predictions, targets, 3, 3));
        Assert.Equal(new[] { 0.5, 2.0 / 3, 0.0 }, perClass);
    }

    [Fact]
    public void Accuracy_per_class_needs_two_outputs()
    {
        var data = new Dataset<double>(new[] { 0.2 }, new[] { 0.0 }, 1, 1);
        var error = Assert.Throws<ArgumentException>(() => Metrics.AccuracyPerClass(new EchoNetwork(1), data));
        Assert.Contains("at least two outputs", error.Message);
    }

    [Fact]
    public void Mean_squared_error_averages_over_samples_and_outputs()
    {
        // Squared errors: (1-0)^2 = 1, (2-0)^2 = 4, (3-3)^2 = 0, (4-7)^2 = 9: sum 14 over 4 values.
        var data = new Dataset<double>(new double[] { 1, 2, 3, 4 }, new double[] { 0, 0, 3, 7 }, 2, 2);
        var network = new EchoNetwork(2);
        Assert.Equal(3.5, Metrics.MeanSquaredError(network, data), 15);
        Assert.Equal(Math.Sqrt(3.5), Metrics.RootMeanSquaredError(network, data), 15);
        Assert.Equal(3.5, Metrics.MeanSquaredError<double>(new double[] { 1, 2, 3, 4 }, new double[] { 0, 0, 3, 7 }), 15);
        Assert.Equal(Math.Sqrt(3.5), Metrics.RootMeanSquaredError<double>(new double[] { 1, 2, 3, 4 }, new double[] { 0, 0, 3, 7 }), 15);
    }

    [Fact]
    public void Mean_loss_averages_the_networks_own_loss()
    {
        // EchoNetwork's loss is sum |y - t|: sample 0: 1 + 2 = 3; sample 1: 0 + 3 = 3; sample 2: 0.5 + 0.5 = 1. Mean 7/3.
        var data = new Dataset<double>(new double[] { 1, 2, 3, 4, 0, 1 }, new double[] { 0, 0, 3, 7, 0.5, 0.5 }, 2, 2);
        Assert.Equal(7.0 / 3, Metrics.MeanLoss(new EchoNetwork(2), data), 15);
    }

    [Fact]
    public void Metrics_use_one_prediction_per_sample()
    {
        var network = new EchoNetwork(2);
        var data = new Dataset<double>(new double[8], new double[8], 2, 2);
        Metrics.MeanSquaredError(network, data);
        Assert.Equal(4, network.PredictCalls);
    }

    [Fact]
    public void Wide_outputs_are_measured_too()
    {
        // 300 outputs (more than fit the stack scratch): every prediction 1, every target 0 except one column at 1.
        const int width = 300;
        var inputs = Enumerable.Repeat(1.0, 2 * width).ToArray();
        var targets = new double[2 * width];
        targets[7] = 1;           // sample 0: argmax of target 7, of prediction 0 -> wrong
        targets[width + 0] = 1;   // sample 1: both 0 -> right
        var data = new Dataset<double>(inputs, targets, width, width);
        var network = new EchoNetwork(width);
        Assert.Equal((2.0 * width - 2) / (2 * width), Metrics.MeanSquaredError(network, data), 15);
        Assert.Equal(0.5, Metrics.Accuracy(network, data));
    }

    [Fact]
    public void A_dataset_of_the_wrong_shape_is_rejected()
    {
        var data = new Dataset<double>(new double[4], new double[4], 2, 2);
        var error = Assert.Throws<ArgumentException>(() => Metrics.Accuracy(new EchoNetwork(3), data));
        Assert.Contains("2 inputs and 2 targets", error.Message);
        Assert.Contains("takes 3 inputs and gives 3 outputs", error.Message);
        Assert.Throws<ArgumentException>(() => Metrics.MeanSquaredError(new EchoNetwork(3), data));
        Assert.Throws<ArgumentException>(() => Metrics.MeanLoss(new EchoNetwork(3), data));
    }

    [Fact]
    public void An_empty_dataset_is_rejected()
    {
        var empty = new Dataset<double>(Array.Empty<double>(), Array.Empty<double>(), 1, 1);
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy(new EchoNetwork(1), empty));
        Assert.Throws<ArgumentException>(() => Metrics.MeanLoss(new EchoNetwork(1), empty));
    }

    [Fact]
    public void Raw_spans_of_different_or_ragged_lengths_are_rejected()
    {
        Assert.Contains("3 values", Assert.Throws<ArgumentException>(() => Metrics.MeanSquaredError<double>(new double[3], new double[2])).Message);
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy<double>(new double[5], new double[5], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.Accuracy<double>(new double[4], new double[4], 0));
        Assert.Throws<ArgumentException>(() => Metrics.MeanSquaredError(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty));
    }
}
