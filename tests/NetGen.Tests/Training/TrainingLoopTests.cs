using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen.Tests.Data;
using NetGen.Tests.Runtime;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>Schedules, learning-rate changes, validation, early stopping, checkpoints and divergence in <see cref="Trainer.Fit{T}(INetwork{T}, Dataset{T}, TrainingOptions, System.Threading.CancellationToken)"/>.</summary>
public class TrainingLoopTests
{
    private static readonly double[] Xs = { -1, -0.5, 0, 0.5, 1, 1.5 };

    /// <summary>y = 2x + 1: the training line.</summary>
    private static Dataset<double> Line() => new(Xs, Xs.Select(x => 2 * x + 1).ToArray(), 1, 1);

    /// <summary>y = x + 0.5: halfway between the start (0, 0) and the training optimum (2, 1), so its loss falls, then rises.</summary>
    private static Dataset<double> Halfway() => new(Xs, Xs.Select(x => x + 0.5).ToArray(), 1, 1);

    private static double HalfwayLoss(LinearModel<double> model) => Xs.Average(x => Math.Pow(model.W * x + model.B - (x + 0.5), 2));

    [Fact]
    public void A_step_schedule_runs_each_epoch_at_its_rate_as_separate_fits_would()
    {
        var scheduled = new LinearModel<double>(0, 0);
        var history = Trainer.Fit(scheduled, Line(), new TrainingOptions
        {
            Epochs = 5, LearningRate = 0.1, BatchSize = 2, Shuffle = false, Schedule = LearningRateSchedule.Step(stepSize: 2, gamma: 0.5),
        });
        Assert.Equal(new[] { 0.1, 0.1, 0.05, 0.05, 0.025 }, history.LearningRates);

        var phased = new LinearModel<double>(0, 0);
        foreach (var (epochs, rate) in new[] { (2, 0.1), (2, 0.05), (1, 0.025) })
        {
            Trainer.Fit(phased, Line(), new TrainingOptions { Epochs = epochs, LearningRate = rate, BatchSize = 2, Shuffle = false });
        }
        Assert.Equal(phased.W, scheduled.W);
        Assert.Equal(phased.B, scheduled.B);
    }

    [Fact]
    public void Changing_the_rate_in_OnEpoch_applies_from_the_next_epoch()
    {
        var changed = new LinearModel<double>(0, 0);
        var options = new TrainingOptions { Epochs = 4, LearningRate = 0.1, BatchSize = 3, Shuffle = false };
        options.OnEpoch = report =>
        {
            if (report.Epoch == 2) options.LearningRate = 0.02;
        };
        var history = Trainer.Fit(changed, Line(), options);
        Assert.Equal(new[] { 0.1, 0.1, 0.02, 0.02 }, history.LearningRates);

        var phased = new LinearModel<double>(0, 0);
        Trainer.Fit(phased, Line(), new TrainingOptions { Epochs = 2, LearningRate = 0.1, BatchSize = 3, Shuffle = false });
        Trainer.Fit(phased, Line(), new TrainingOptions { Epochs = 2, LearningRate = 0.02, BatchSize = 3, Shuffle = false });
        Assert.Equal((phased.W, phased.B), (changed.W, changed.B));
    }

    [Fact]
    public void Changing_the_rate_in_OnEpoch_sets_the_optimizers_rate()
    {
        var adam = new Adam(learningRate: 0.1);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 6, Shuffle = false, Optimizer = adam };
        options.OnEpoch = report =>
        {
            if (report.Epoch == 1) options.LearningRate = 0.01;
        };
        var history = Trainer.Fit(new LinearModel<double>(0, 0), Line(), options);
        Assert.Equal(new[] { 0.1, 0.01, 0.01 }, history.LearningRates);
        Assert.Equal(0.01, adam.LearningRate);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Changing_the_rate_in_OnEpoch_to_one_validation_rejects_is_an_error(double rate)
    {
        // TrainingOptions.LearningRate must be greater than 0 (Validate); a rate of 0 set in OnEpoch trained on, frozen.
        var model = new LinearModel<double>(0, 0);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 6, Shuffle = false };
        options.OnEpoch = report =>
        {
            if (report.Epoch == 1) options.LearningRate = rate;
        };
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Line(), options));
        Assert.Equal("LearningRate", error.ParamName);
        Assert.Contains("TrainingOptions.LearningRate", error.Message);
        Assert.Contains("epoch 1", error.Message);
    }

    [Fact]
    public void An_optimizer_rate_the_network_cannot_hold_names_the_optimizer_not_the_options()
    {
        var data = new Dataset<float>(new float[] { 1 }, new float[] { 1 }, 1, 1);
        var error = Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(new LinearModel<float>(0, 0), data, new TrainingOptions { Optimizer = new Adam(learningRate: 1e300) }));
        Assert.Contains("Adam", error.Message);
        Assert.DoesNotContain("TrainingOptions.LearningRate", error.Message);
    }

    [Fact]
    public void An_undefined_monitor_is_refused_when_it_is_set()
    {
        // Undefined, it was read by Fit as "needs validation data" without it, and as a validation accuracy to minimize
        // with it; ReduceOnPlateau refused one already.
        var undefined = (EpochMetric)42;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { Monitor = undefined });
        Assert.Equal("Monitor", error.ParamName);
        Assert.Contains("42", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new Checkpoint(Path.Combine(Path.GetTempPath(), "never-written.json")) { Monitor = undefined });
        Assert.Equal("Monitor", error.ParamName);
        Assert.Contains("42", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.ReduceOnPlateau(monitor: undefined));
    }

    [Fact]
    public void Changing_the_rate_in_OnEpoch_while_a_schedule_sets_it_is_an_error()
    {
        var options = new TrainingOptions { Epochs = 3, Schedule = LearningRateSchedule.Exponential(0.5) };
        options.OnEpoch = _ => options.LearningRate = 0.5;
        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new LinearModel<double>(0, 0), Line(), options));
        Assert.Contains("Schedule", error.Message);
        Assert.Contains("epoch 1", error.Message);
    }

    [Fact]
    public void A_schedule_drives_the_optimizers_rate()
    {
        var sgd = new Sgd(learningRate: 0.2, momentum: 0.5);
        var history = Trainer.Fit(new LinearModel<double>(0, 0), Line(), new TrainingOptions
        {
            Epochs = 4, BatchSize = 6, Optimizer = sgd, Schedule = LearningRateSchedule.Cosine(epochs: 4, warmupEpochs: 1),
        });
        // Warm-up: 0.2 * 1/2; then cosine over 3 epochs from 0.2 to 0: 0.2, 0.2 (1 + cos(pi/3))/2, 0.2 (1 + cos(2pi/3))/2.
        double[] expected = { 0.1, 0.2, 0.15, 0.05 };
        for (int e = 0; e < 4; e++) Assert.Equal(expected[e], history.LearningRates[e], 15);
        Assert.Equal(0.2, sgd.LearningRate); // put back: the schedule starts from it again in the next Fit
    }

    [Fact]
    public void The_same_options_with_a_schedule_and_an_optimizer_train_the_same_way_twice()
    {
        // The schedule writes each epoch's rate into the optimizer; left there, the second Fit's cosine started from
        // the first one's last rate, 0, and trained nothing.
        var sgd = new Sgd(learningRate: 0.1);
        var options = new TrainingOptions { Epochs = 4, BatchSize = 2, Shuffle = false, Optimizer = sgd, Schedule = LearningRateSchedule.Cosine(epochs: 3) };
        var first = new LinearModel<double>(0, 0);
        var firstHistory = Trainer.Fit(first, Line(), options);
        sgd.Reset();
        var second = new LinearModel<double>(0, 0);
        var secondHistory = Trainer.Fit(second, Line(), options);

        // Cosine over 3 epochs from 0.1: 0.1, 0.1 (1 + cos(pi/3))/2 = 0.075, 0.1 (1 + cos(2pi/3))/2 = 0.025, then 0.
        double[] expected = { 0.1, 0.075, 0.025, 0 };
        for (int e = 0; e < 4; e++)
        {
            Assert.Equal(expected[e], firstHistory.LearningRates[e], 15);
            Assert.Equal(firstHistory.LearningRates[e], secondHistory.LearningRates[e]);
        }
        Assert.Equal((first.W, first.B), (second.W, second.B));
        Assert.NotEqual(0.0, second.W);
        Assert.Equal(0.1, sgd.LearningRate);
    }

    [Fact]
    public void A_fit_that_throws_puts_the_optimizers_rate_back_too()
    {
        var adam = new Adam(learningRate: 0.02);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 6, Optimizer = adam, Schedule = LearningRateSchedule.Step(stepSize: 1, gamma: 0.5) };
        options.OnEpoch = report =>
        {
            if (report.Epoch == 3) throw new TimeoutException("stop here");
        };
        Assert.Throws<TimeoutException>(() => Trainer.Fit(new LinearModel<double>(0, 0), Line(), options));
        Assert.Equal(0.02, adam.LearningRate);
    }

    [Fact]
    public void Validation_fraction_holds_out_the_last_samples_and_reports_their_loss_and_accuracy()
    {
        var data = new Dataset<double>(Enumerable.Range(0, 10).Select(i => i / 10.0).ToArray(), Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? 0.2 : 0.9).ToArray(), 1, 1);
        var model = new LinearModel<double>(0.1, 0.1);
        var handLosses = new System.Collections.Generic.List<double>();
        var handAccuracies = new System.Collections.Generic.List<double>();
        var history = Trainer.Fit(model, data, new TrainingOptions
        {
            Epochs = 3, LearningRate = 0.1, BatchSize = 1, Shuffle = false, ValidationFraction = 0.3,
            OnEpoch = _ =>
            {
                // Samples 7, 8, 9: x = 0.7, 0.8, 0.9 with targets 0.9, 0.2, 0.9.
                double[] x = { 0.7, 0.8, 0.9 }, t = { 0.9, 0.2, 0.9 };
                handLosses.Add(Enumerable.Range(0, 3).Average(i => Math.Pow(model.W * x[i] + model.B - t[i], 2)));
                handAccuracies.Add(Enumerable.Range(0, 3).Count(i => (model.W * x[i] + model.B >= 0.5) == (t[i] >= 0.5)) / 3.0);
            },
        });
        Assert.Equal(Enumerable.Range(0, 7).Select(i => i / 10.0).ToArray(), model.SeenInputs.Take(7));
        Assert.DoesNotContain(model.SeenInputs, x => x >= 0.7);
        Assert.Equal(3, history.ValidationLosses.Count);
        for (int e = 0; e < 3; e++) Assert.Equal(handLosses[e], history.ValidationLosses[e], 14);
        Assert.Equal(handAccuracies, history.ValidationAccuracies);
    }

    [Fact]
    public void Early_stopping_restores_the_best_epoch_which_equals_its_checkpoint()
    {
        using var folder = new TempDirectory();
        string path = folder.File("best.json");
        var model = new LinearModel<double>(0, 0);
        var parametersByEpoch = new System.Collections.Generic.List<(double W, double B)>();
        var handLosses = new System.Collections.Generic.List<double>();
        var history = Trainer.Fit(model, Line(), Halfway(), new TrainingOptions
        {
            Epochs = 200, LearningRate = 0.05, BatchSize = 6, Shuffle = false,
            EarlyStopping = new EarlyStopping { Monitor = EpochMetric.ValidationLoss, Patience = 3 },
            Checkpoint = new Checkpoint(path),
            OnEpoch = _ =>
            {
                parametersByEpoch.Add((model.W, model.B));
                handLosses.Add(HalfwayLoss(model));
            },
        });

        int best = handLosses.IndexOf(handLosses.Min()) + 1;
        Assert.Equal(StopReason.EarlyStopped, history.StopReason);
        Assert.True(best > 3, $"the validation loss should fall for a few epochs first; best epoch {best}");
        Assert.Equal(best, history.BestEpoch);
        Assert.Equal(best + 3, history.EpochsRun);
        Assert.Equal(parametersByEpoch[best - 1], (model.W, model.B));

        using var checkpoint = JsonDocument.Parse(File.ReadAllText(path));
        var parameters = checkpoint.RootElement.GetProperty("parameters");
        Assert.Equal(model.W, parameters.GetProperty("W1")[0][0].GetDouble());
        Assert.Equal(model.B, parameters.GetProperty("b1")[0].GetDouble());
        Assert.Equal("netgen-mlp", checkpoint.RootElement.GetProperty("format").GetString());
        Assert.Equal(new[] { 1, 1 }, checkpoint.RootElement.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Early_stopping_min_delta_counts_small_gains_as_none()
    {
        // The training loss keeps falling, by less and less: with a large MinDelta training stops soon after the gains shrink.
        var strict = Trainer.Fit(new LinearModel<double>(0, 0), Line(), new TrainingOptions
        {
            Epochs = 500, LearningRate = 0.05, BatchSize = 6, Shuffle = false,
            EarlyStopping = new EarlyStopping { Monitor = EpochMetric.TrainingLoss, Patience = 2, MinDelta = 1e-3 },
        });
        var lenient = Trainer.Fit(new LinearModel<double>(0, 0), Line(), new TrainingOptions
        {
            Epochs = 500, LearningRate = 0.05, BatchSize = 6, Shuffle = false,
            EarlyStopping = new EarlyStopping { Monitor = EpochMetric.TrainingLoss, Patience = 2 },
        });
        Assert.Equal(StopReason.EarlyStopped, strict.StopReason);
        var losses = strict.EpochLosses;
        // Stopped exactly when two epochs in a row gained at most MinDelta over the best.
        int n = strict.EpochsRun;
        Assert.True(losses[n - 3] - losses[n - 2] <= 1e-3 && losses[n - 3] - losses[n - 1] <= 1e-3);
        Assert.True(lenient.EpochsRun > strict.EpochsRun);
    }

    [Fact]
    public void Checkpoints_every_n_epochs_write_one_file_each()
    {
        using var folder = new TempDirectory();
        Trainer.Fit(new LinearModel<double>(0, 0), Line(), new TrainingOptions
        {
            Epochs = 7, BatchSize = 6,
            Checkpoint = new Checkpoint(folder.File("model-{epoch}.json")) { BestOnly = false, EveryEpochs = 2 },
        });
        Assert.Equal(new[] { "model-2.json", "model-4.json", "model-6.json" },
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void A_checkpoint_folder_that_cannot_be_made_is_an_IOException_naming_the_checkpoint_and_the_epoch()
    {
        using var folder = new TempDirectory();
        string file = folder.File("a-file");
        File.WriteAllText(file, "not a folder");
        var error = Assert.Throws<IOException>(() => Trainer.Fit(new LinearModel<double>(0, 0), Line(), new TrainingOptions
        {
            Epochs = 2, BatchSize = 6,
            Checkpoint = new Checkpoint(Path.Combine(file, "sub", "model.json")) { BestOnly = false },
        }));
        Assert.Contains("checkpoint of epoch 1", error.Message);
        Assert.Contains(Path.Combine(file, "sub", "model.json"), error.Message);
    }

    [Fact]
    public void Monitoring_validation_figures_without_validation_data_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new LinearModel<double>(0, 0), Line(),
            new TrainingOptions { EarlyStopping = new EarlyStopping() }));
        Assert.Contains("ValidationFraction", error.Message);
        Assert.Throws<ArgumentException>(() => Trainer.Fit(new LinearModel<double>(0, 0), Line(), Halfway(), new TrainingOptions { ValidationFraction = 0.2 }));
        Assert.Contains("ValidationFraction", Assert.Throws<ArgumentException>(() => new TrainingOptions { ValidationFraction = 1 }.Validate()).Message);
    }

    [Fact]
    public void Divergence_with_an_optimizer_names_the_epoch_and_restores_parameters_and_state()
    {
        var adam = new Adam(learningRate: 0.1);
        var model = new LinearModel<double>(0, 0) { NaNAtBackward = 9 };
        (double, double) afterFirst = default;
        long stepsAfterFirst = 0;
        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, Line(), new TrainingOptions
        {
            Epochs = 3, BatchSize = 1, Shuffle = false, Optimizer = adam,
            OnEpoch = _ =>
            {
                afterFirst = (model.W, model.B);
                stepsAfterFirst = adam.StepCount;
            },
        }));
        Assert.Equal(2, error.Epoch);
        Assert.Contains("epoch 2", error.Message);
        Assert.Equal(afterFirst, (model.W, model.B));
        Assert.Equal(6, stepsAfterFirst);
        Assert.Equal(stepsAfterFirst, adam.StepCount);
        Assert.Equal(0.1, adam.LearningRate);
    }

    [Fact]
    public void Training_with_adam_validation_and_early_stopping_is_deterministic()
    {
        var data = Datasets.Moons(300, 0.2, seed: 5).Convert<double>();
        (long[] Bits, TrainingHistory History) Run()
        {
            var network = new MoonsTrainNet(seed: 4);
            var history = Trainer.Fit(network, data, new TrainingOptions
            {
                Epochs = 15, BatchSize = 16, Seed = 3, ValidationFraction = 0.2, Optimizer = new Adam(learningRate: 0.01),
                Schedule = LearningRateSchedule.ReduceOnPlateau(patience: 1, factor: 0.5),
                EarlyStopping = new EarlyStopping { Monitor = EpochMetric.ValidationAccuracy, Patience = 4 },
            });
            return (OptimizerTests.Bits(network.Parameters.ToArray()), history);
        }
        var (first, a) = Run();
        var (second, b) = Run();
        Assert.Equal(first, second);
        Assert.Equal(a.EpochLosses, b.EpochLosses);
        Assert.Equal(a.ValidationLosses, b.ValidationLosses);
        Assert.Equal(a.LearningRates, b.LearningRates);
        Assert.True(a.ValidationAccuracies.Max() > 0.8, string.Join(", ", a.ValidationAccuracies));
    }
}
