using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Xunit;

namespace NetGen.Tests.Runtime;

public class TrainerTests
{
    private static Dataset<double> Data(double[] xs, double[] ts) => new(xs, ts, 1, 1);

    /// <summary>y = 2x + 1 sampled exactly: the MSE minimum is w = 2, b = 1.</summary>
    private static Dataset<double> Line()
    {
        var xs = new[] { -1, -0.5, 0, 0.5, 1, 1.5 };
        return Data(xs, xs.Select(x => 2 * x + 1).ToArray());
    }

    /// <summary>Samples whose input is their index (0 .. n-1), so the order the trainer visits them is visible.</summary>
    private static Dataset<double> Indexed(int n) => Data(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), new double[n]);

    private static void AssertClose(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected),
            $"expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");

    [Fact]
    public void One_full_batch_epoch_takes_the_hand_computed_step()
    {
        // x = 0, 1, 2; t = 1, 3, 5; w = b = 0, so y = 0 and e = y - t = -1, -3, -5.
        // mean dL/dw = mean(2 e x) = (0 - 6 - 20) / 3 = -26/3; mean dL/db = mean(2 e) = (-2 - 6 - 10) / 3 = -6.
        // w = 0 - 0.1 (-26/3) = 13/15, b = 0 - 0.1 (-6) = 0.6; the epoch's loss is mean(e^2) = 35/3.
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Data(new double[] { 0, 1, 2 }, new double[] { 1, 3, 5 }),
            new TrainingOptions { Epochs = 1, LearningRate = 0.1, BatchSize = 3, Shuffle = false });
        Assert.Equal(13.0 / 15, model.W, 12);
        Assert.Equal(0.6, model.B, 12);
        Assert.Equal(35.0 / 3, history.EpochLosses.Single(), 12);
        Assert.Equal(new[] { 3 }, model.StepBatchSizes);
    }

    [Fact]
    public void The_same_step_in_float()
    {
        var model = new LinearModel<float>(0, 0);
        var data = new Dataset<float>(new float[] { 0, 1, 2 }, new float[] { 1, 3, 5 }, 1, 1);
        var history = Trainer.Fit(model, data, new TrainingOptions { Epochs = 1, LearningRate = 0.1, BatchSize = 3, Shuffle = false });
        Assert.Equal(13.0f / 15, model.W, 5);
        Assert.Equal(0.6f, model.B, 5);
        Assert.Equal(35.0 / 3, history.FinalLoss, 5);
    }

    [Fact]
    public void Per_sample_descent_steps_after_every_sample()
    {
        // x = 1, 2; t = 3, 5; lr 0.1; w = b = 0.
        // Sample 1: y = 0, e = -3, loss 9, dw = 2(-3)(1) = -6, db = -6 -> w = 0.6, b = 0.6.
        // Sample 2: y = 0.6*2 + 0.6 = 1.8, e = -3.2, loss 10.24, dw = 2(-3.2)(2) = -12.8, db = -6.4 -> w = 1.88, b = 1.24.
        // Epoch loss = (9 + 10.24) / 2 = 9.62.
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Data(new double[] { 1, 2 }, new double[] { 3, 5 }),
            new TrainingOptions { Epochs = 1, LearningRate = 0.1, BatchSize = 1, Shuffle = false });
        Assert.Equal(1.88, model.W, 12);
        Assert.Equal(1.24, model.B, 12);
        Assert.Equal(9.62, history.FinalLoss, 12);
        Assert.Equal(new[] { 1, 1 }, model.StepBatchSizes);
    }

    [Fact]
    public void Full_batch_gradient_descent_finds_the_least_squares_line()
    {
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 3000, LearningRate = 0.2, BatchSize = 6 });
        Assert.Equal(2.0, model.W, 9);
        Assert.Equal(1.0, model.B, 9);
        Assert.True(history.FinalLoss < 1e-18, history.ToString());
        Assert.Equal(3000, model.StepBatchSizes.Count);
    }

    [Theory]
    [InlineData(1, new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData(3, new[] { 3, 3, 3, 1 })]
    [InlineData(4, new[] { 4, 4, 2 })]
    [InlineData(10, new[] { 10 })]
    [InlineData(25, new[] { 10 })]
    public void Batches_partition_each_epoch_and_keep_the_last_partial_batch(int batchSize, int[] perEpoch)
    {
        var model = new LinearModel<double>(0, 0);
        Trainer.Fit(model, Indexed(10), new TrainingOptions { Epochs = 3, LearningRate = 1e-6, BatchSize = batchSize });
        Assert.Equal(perEpoch.Concat(perEpoch).Concat(perEpoch), model.StepBatchSizes);
        Assert.Equal(30, model.SeenInputs.Count);
    }

    [Fact]
    public void Without_shuffling_every_epoch_visits_the_samples_in_order()
    {
        var model = new LinearModel<double>(0, 0);
        Trainer.Fit(model, Indexed(5), new TrainingOptions { Epochs = 2, LearningRate = 1e-6, Shuffle = false });
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }, model.SeenInputs);
    }

    [Fact]
    public void Shuffling_draws_a_new_order_every_epoch_from_the_seed()
    {
        const int n = 10, seed = 5;
        List<double> Visits(int s)
        {
            var model = new LinearModel<double>(0, 0);
            Trainer.Fit(model, Indexed(n), new TrainingOptions { Epochs = 3, LearningRate = 1e-6, Seed = s });
            return model.SeenInputs;
        }

        var visits = Visits(seed);
        var epochs = Enumerable.Range(0, 3).Select(e => visits.Skip(e * n).Take(n).ToArray()).ToArray();
        foreach (var order in epochs) Assert.Equal(Enumerable.Range(0, n).Select(i => (double)i), order.OrderBy(x => x));
        Assert.NotEqual(epochs[0], epochs[1]);
        Assert.NotEqual(epochs[1], epochs[2]);

        // The first epoch's order is the Fisher-Yates shuffle of 0..n-1 by new Random(Seed).
        var expected = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }
        Assert.Equal(expected.Select(i => (double)i), epochs[0]);

        Assert.Equal(visits, Visits(seed));
        Assert.NotEqual(visits, Visits(seed + 1));
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_results_and_another_seed_does_not()
    {
        (long W, long B, double[] Losses) Run(int seed)
        {
            var model = new LinearModel<double>(0.3, -0.2);
            var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 40, LearningRate = 0.05, BatchSize = 2, Seed = seed });
            return (BitConverter.DoubleToInt64Bits(model.W), BitConverter.DoubleToInt64Bits(model.B), history.EpochLosses.ToArray());
        }

        var first = Run(11);
        var second = Run(11);
        Assert.Equal(first.W, second.W);
        Assert.Equal(first.B, second.B);
        Assert.Equal(first.Losses.Select(BitConverter.DoubleToInt64Bits), second.Losses.Select(BitConverter.DoubleToInt64Bits));
        var other = Run(12);
        Assert.NotEqual((first.W, first.B), (other.W, other.B));
    }

    [Fact]
    public void Without_early_stopping_every_epoch_runs()
    {
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 7 });
        Assert.Equal(StopReason.MaxEpochs, history.StopReason);
        Assert.Equal(7, history.EpochsRun);
        Assert.Equal(7, history.EpochLosses.Count);
        Assert.Equal(history.EpochLosses[6], history.FinalLoss);
        Assert.True(history.EpochLosses[6] < history.EpochLosses[0]);
    }

    [Fact]
    public void Tolerance_stops_at_the_first_epoch_whose_loss_changed_less_than_it()
    {
        const double tolerance = 1e-6;
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 10_000, LearningRate = 0.05, BatchSize = 6, Tolerance = tolerance });
        Assert.Equal(StopReason.Converged, history.StopReason);
        Assert.InRange(history.EpochsRun, 3, 9_999);
        var l = history.EpochLosses;
        Assert.True(Math.Abs(l[^1] - l[^2]) < tolerance);
        for (int e = 1; e < l.Count - 1; e++) Assert.True(Math.Abs(l[e] - l[e - 1]) >= tolerance, $"epoch {e + 1} had already converged");
    }

    [Fact]
    public void TargetLoss_stops_at_the_first_epoch_at_or_below_it()
    {
        const double target = 1e-4;
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 10_000, LearningRate = 0.05, BatchSize = 6, TargetLoss = target });
        Assert.Equal(StopReason.TargetReached, history.StopReason);
        Assert.True(history.FinalLoss <= target);
        Assert.All(history.EpochLosses.Take(history.EpochsRun - 1), loss => Assert.True(loss > target));
        Assert.True(history.EpochsRun < 10_000);
    }

    [Fact]
    public void A_target_met_by_the_first_epoch_stops_after_it()
    {
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 50, TargetLoss = 1e9, Tolerance = 1e9 });
        Assert.Equal(StopReason.TargetReached, history.StopReason);
        Assert.Equal(1, history.EpochsRun);
    }

    [Fact]
    public void OnEpoch_reports_every_epoch_with_its_loss()
    {
        var reports = new List<EpochReport>();
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 5, OnEpoch = reports.Add });
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(5, r.Epochs));
        Assert.Equal(history.EpochLosses, reports.Select(r => r.Loss));
        for (int i = 1; i < reports.Count; i++) Assert.True(reports[i].Elapsed >= reports[i - 1].Elapsed);
        Assert.True(history.Elapsed >= reports[^1].Elapsed);
    }

    [Fact]
    public void Gradients_accumulated_before_training_are_discarded()
    {
        var model = new LinearModel<double>(0, 0);
        model.Forward(new double[] { 100 }, new double[1]);
        model.Backward(new double[] { -100 });
        Trainer.Fit(model, Data(new double[] { 0, 1, 2 }, new double[] { 1, 3, 5 }),
            new TrainingOptions { Epochs = 1, LearningRate = 0.1, BatchSize = 3, Shuffle = false });
        Assert.Equal(13.0 / 15, model.W, 12); // as in One_full_batch_epoch_takes_the_hand_computed_step
        Assert.Equal(0.6, model.B, 12);
    }

    [Fact]
    public void An_infinite_loss_throws_and_restores_the_parameters_of_the_previous_epoch()
    {
        // One sample x = 1, t = 0, full batch, w = 1, b = 0. With s = w + b the loss is s^2 and each step maps
        // s to s (1 - 4 lr): with lr = 2.5e99 that is about -1e100. Losses: epoch 1: 1, epoch 2: ~1e200, epoch 3: ~1e400 = Infinity.
        const double lr = 2.5e99;
        double w1 = 1 - lr * 2, b1 = 0 - lr * 2;
        double s1 = w1 + b1;
        double w2 = w1 - lr * (2 * s1), b2 = b1 - lr * (2 * s1);

        var model = new LinearModel<double>(1, 0);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(model, Data(new double[] { 1 }, new double[] { 0 }), new TrainingOptions { Epochs = 10, LearningRate = lr }));
        Assert.Equal(3, error.Epoch);
        Assert.Equal(double.PositiveInfinity, error.Loss);
        Assert.Equal(
            "Training diverged in epoch 3: the loss of sample 0 became Infinity. " +
            "The parameters were restored to their values at the end of epoch 2. Try a smaller learning rate.",
            error.Message);
        AssertClose(w2, model.W);
        AssertClose(b2, model.B);
        Assert.Equal(0, model.AccumulatedSamples);
    }

    [Fact]
    public void A_loss_that_overflows_in_the_first_epoch_restores_the_initial_parameters()
    {
        var model = new LinearModel<double>(1, 0);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(model, Data(new double[] { 1e200 }, new double[] { 0 }), new TrainingOptions { Epochs = 3 }));
        Assert.Equal(1, error.Epoch);
        Assert.Contains("restored to their values before training", error.Message);
        Assert.Equal(1.0, model.W);
        Assert.Equal(0.0, model.B);
    }

    [Fact]
    public void A_NaN_loss_mid_epoch_rolls_back_the_steps_of_that_epoch()
    {
        var options = new TrainingOptions { Epochs = 5, LearningRate = 0.01, BatchSize = 1, Shuffle = false };
        var data = Line();

        // Where the parameters were at the end of epoch 2, from a run that stops there.
        var reference = new LinearModel<double>(0, 0);
        Trainer.Fit(reference, data, new TrainingOptions { Epochs = 2, LearningRate = 0.01, BatchSize = 1, Shuffle = false });

        // The 15th Backward is sample 2 of epoch 3 (6 samples per epoch).
        double wBeforeFailure = double.NaN;
        var model = new LinearModel<double>(0, 0) { NaNAtBackward = 15 };
        model.AfterStep = (m, step) => { if (step == 14) wBeforeFailure = m.W; };
        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, data, options));

        Assert.Equal(3, error.Epoch);
        Assert.True(double.IsNaN(error.Loss));
        Assert.StartsWith("Training diverged in epoch 3: the loss of sample 2 became NaN.", error.Message);
        Assert.Contains("end of epoch 2", error.Message);
        Assert.Equal(BitConverter.DoubleToInt64Bits(reference.W), BitConverter.DoubleToInt64Bits(model.W));
        Assert.Equal(BitConverter.DoubleToInt64Bits(reference.B), BitConverter.DoubleToInt64Bits(model.B));
        Assert.NotEqual(wBeforeFailure, model.W); // the two steps of epoch 3 were undone
        Assert.Equal(0, model.AccumulatedSamples);
        Assert.Equal(14, model.StepBatchSizes.Count);
    }

    [Fact]
    public void A_parameter_that_becomes_infinite_is_caught_at_the_end_of_the_epoch()
    {
        double w1 = double.NaN, b1 = double.NaN;
        var model = new LinearModel<double>(0, 0)
        {
            AfterStep = (m, step) =>
            {
                if (step == 1) (w1, b1) = (m.W, m.B);
                if (step == 2) m.W = double.PositiveInfinity;
            },
        };
        var error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 5, BatchSize = 6 }));
        Assert.Equal(2, error.Epoch);
        Assert.True(double.IsFinite(error.Loss));
        Assert.Contains("parameter 0 became Infinity", error.Message);
        Assert.Equal(w1, model.W);
        Assert.Equal(b1, model.B);
    }

    [Fact]
    public void Inputs_of_the_wrong_size_are_rejected_with_both_shapes()
    {
        var data = new Dataset<double>(new double[6], new double[3], inputSize: 2, targetSize: 1);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new LinearModel<double>(0, 0), data, new TrainingOptions()));
        Assert.Equal("data", error.ParamName);
        Assert.Contains("2 inputs and 1 targets", error.Message);
        Assert.Contains("takes 1 inputs and gives 1 outputs", error.Message);
    }

    [Fact]
    public void Targets_of_the_wrong_size_are_rejected_with_both_shapes()
    {
        var data = new Dataset<double>(new double[2], new double[6], inputSize: 1, targetSize: 3);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new LinearModel<double>(0, 0), data, new TrainingOptions()));
        Assert.Contains("1 inputs and 3 targets", error.Message);
        Assert.Contains("gives 1 outputs", error.Message);
    }

    [Theory]
    [InlineData("Epochs", 0)]
    [InlineData("Epochs", -3)]
    [InlineData("LearningRate", 0)]
    [InlineData("LearningRate", -0.1)]
    [InlineData("LearningRate", double.NaN)]
    [InlineData("LearningRate", double.PositiveInfinity)]
    [InlineData("BatchSize", 0)]
    [InlineData("Tolerance", 0)]
    [InlineData("Tolerance", -1e-3)]
    [InlineData("Tolerance", double.NaN)]
    [InlineData("TargetLoss", double.NaN)]
    [InlineData("TargetLoss", double.NegativeInfinity)]
    public void An_invalid_option_is_named_and_nothing_is_trained(string option, double value)
    {
        var options = new TrainingOptions();
        switch (option)
        {
            case "Epochs": options.Epochs = (int)value; break;
            case "LearningRate": options.LearningRate = value; break;
            case "BatchSize": options.BatchSize = (int)value; break;
            case "Tolerance": options.Tolerance = value; break;
            case "TargetLoss": options.TargetLoss = value; break;
        }
        var model = new LinearModel<double>(0.5, 0.25);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Line(), options));
        Assert.Equal(option, error.ParamName);
        Assert.Contains($"TrainingOptions.{option} is", error.Message);
        Assert.Empty(model.SeenInputs);
        Assert.Equal(0.5, model.W);
        Assert.Equal(0.25, model.B);
    }

    [Theory]
    [InlineData(1e-50)]
    [InlineData(1e300)]
    public void A_learning_rate_that_float_cannot_hold_is_rejected(double learningRate)
    {
        var data = new Dataset<float>(new float[] { 1 }, new float[] { 1 }, 1, 1);
        var error = Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(new LinearModel<float>(0, 0), data, new TrainingOptions { LearningRate = learningRate }));
        Assert.Equal("LearningRate", error.ParamName);
    }

    [Fact]
    public void Null_arguments_and_an_empty_dataset_are_rejected()
    {
        var model = new LinearModel<double>(0, 0);
        Assert.Throws<ArgumentNullException>(() => Trainer.Fit(null!, Line(), new TrainingOptions()));
        Assert.Throws<ArgumentNullException>(() => Trainer.Fit(model, null!, new TrainingOptions()));
        Assert.Throws<ArgumentNullException>(() => Trainer.Fit(model, Line(), null!));
        var empty = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Line().Slice(0, 0), new TrainingOptions()));
        Assert.Contains("no samples", empty.Message);
    }

    [Fact]
    public void A_token_cancelled_before_training_stops_before_the_first_batch()
    {
        var model = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(model, Line(), new TrainingOptions(), new CancellationToken(canceled: true));
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(0, history.EpochsRun);
        Assert.True(double.IsNaN(history.FinalLoss));
        Assert.Empty(model.SeenInputs);
        Assert.Equal(0.0, model.W);
    }

    [Fact]
    public void Cancelling_between_epochs_keeps_the_completed_epochs()
    {
        using var source = new CancellationTokenSource();
        var model = new LinearModel<double>(0, 0);
        var options = new TrainingOptions { Epochs = 100, OnEpoch = r => { if (r.Epoch == 3) source.Cancel(); } };
        var history = Trainer.Fit(model, Line(), options, source.Token);
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(3, history.EpochsRun);
        Assert.Equal(18, model.SeenInputs.Count);
    }

    [Fact]
    public void Cancelling_mid_epoch_stops_before_the_next_batch_and_keeps_the_steps_taken()
    {
        // 6 samples in batches of 2: 3 steps per epoch; cancelling during step 5 (epoch 2's second batch)
        // stops before epoch 2's third batch.
        using var source = new CancellationTokenSource();
        double wAfterStep5 = double.NaN;
        var model = new LinearModel<double>(0, 0);
        model.AfterStep = (m, step) =>
        {
            if (step != 5) return;
            wAfterStep5 = m.W;
            source.Cancel();
        };
        var history = Trainer.Fit(model, Line(), new TrainingOptions { Epochs = 10, BatchSize = 2 }, source.Token);
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(1, history.EpochsRun);
        Assert.Equal(5, model.StepBatchSizes.Count);
        Assert.Equal(10, model.SeenInputs.Count);
        Assert.Equal(wAfterStep5, model.W);
    }

    [Fact]
    public void The_history_and_the_report_print_in_invariant_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var model = new LinearModel<double>(0, 0);
            var history = Trainer.Fit(model, Data(new double[] { 1, 2 }, new double[] { 3, 5 }),
                new TrainingOptions { Epochs = 1, LearningRate = 0.1, Shuffle = false });
            Assert.StartsWith("1 epoch (MaxEpochs), loss 9.62 -> 9.62, ", history.ToString());
            Assert.Equal("epoch 12/100, loss 0.0123, 35 ms", new EpochReport(12, 100, 0.0123, TimeSpan.FromMilliseconds(35)).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
