using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Data;
using NetGen.Tests.Runtime;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>Confusion matrix, classification and regression metrics on hand-worked cases; batch prediction.</summary>
public class EvaluationTests
{
    // actual 0 0 0 0 1 1 1 2 2 2, predicted 0 0 1 2 1 1 0 2 2 1:
    //            predicted 0  1  2   support
    //   actual 0          2  1  1   4
    //   actual 1          1  2  0   3
    //   actual 2          0  1  2   3
    //   column sums       3  4  3
    private static readonly int[] Actual = { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 };
    private static readonly int[] Predicted = { 0, 0, 1, 2, 1, 1, 0, 2, 2, 1 };

    [Fact]
    public void Confusion_matrix_counts_and_per_class_figures_match_the_hand_worked_table()
    {
        var matrix = ConfusionMatrix.FromClasses(Actual, Predicted, 3);
        long[,] expected = { { 2, 1, 1 }, { 1, 2, 0 }, { 0, 1, 2 } };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) Assert.Equal(expected[i, j], matrix[i, j]);
        }
        Assert.Equal(10, matrix.Total);
        Assert.Equal(0.6, matrix.Accuracy, 15);
        // Precision = diagonal / column sum: 2/3, 2/4, 2/3. Recall = diagonal / row sum: 2/4, 2/3, 2/3.
        Assert.Equal(new[] { 2.0 / 3, 0.5, 2.0 / 3 }, Enumerable.Range(0, 3).Select(matrix.Precision), new Close(1e-15));
        Assert.Equal(new[] { 0.5, 2.0 / 3, 2.0 / 3 }, Enumerable.Range(0, 3).Select(matrix.Recall), new Close(1e-15));
        // F1 = 2PR / (P + R): (2/3)/(7/6) = 4/7 for classes 0 and 1, 2/3 for class 2.
        Assert.Equal(new[] { 4.0 / 7, 4.0 / 7, 2.0 / 3 }, Enumerable.Range(0, 3).Select(matrix.F1), new Close(1e-15));
        Assert.Equal(new long[] { 4, 3, 3 }, Enumerable.Range(0, 3).Select(matrix.Support));
    }

    [Fact]
    public void Macro_and_weighted_averages_match_the_hand_worked_values()
    {
        var matrix = ConfusionMatrix.FromClasses(Actual, Predicted, 3);
        Assert.Equal(11.0 / 18, matrix.MacroPrecision, 15);   // (2/3 + 1/2 + 2/3) / 3
        Assert.Equal(11.0 / 18, matrix.MacroRecall, 15);      // (1/2 + 2/3 + 2/3) / 3
        Assert.Equal(38.0 / 63, matrix.MacroF1, 15);          // (4/7 + 4/7 + 2/3) / 3
        Assert.Equal(37.0 / 60, matrix.WeightedPrecision, 15); // (4 * 2/3 + 3 * 1/2 + 3 * 2/3) / 10
        Assert.Equal(0.6, matrix.WeightedRecall, 15);          // equals the accuracy
        Assert.Equal(0.6, matrix.WeightedF1, 15);              // (4 * 4/7 + 3 * 4/7 + 3 * 2/3) / 10
    }

    [Fact]
    public void A_class_never_predicted_or_never_present_scores_zero_not_nan()
    {
        // Class 2 never occurs and is never predicted; class 1 is never predicted.
        var matrix = ConfusionMatrix.FromClasses(new[] { 0, 1, 1 }, new[] { 0, 0, 0 }, 3);
        Assert.Equal(0.0, matrix.Precision(1));
        Assert.Equal(0.0, matrix.Recall(2));
        Assert.Equal(0.0, matrix.F1(2));
        Assert.Equal(1.0 / 3, matrix.Precision(0), 15);
        Assert.Equal(1.0, matrix.Recall(0));
        Assert.Contains("position 1", Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromClasses(new[] { 0, 3 }, new[] { 0, 0 }, 3)).Message);
    }

    [Fact]
    public void Confusion_matrix_prints_a_readable_table()
    {
        var matrix = ConfusionMatrix.FromClasses(Actual, Predicted, 3, new[] { "cat", "dog", "emu" });
        Assert.Equal(
            "actual \\ predicted  cat  dog  emu" + Environment.NewLine +
            "cat                   2    1    1" + Environment.NewLine +
            "dog                   1    2    0" + Environment.NewLine +
            "emu                   0    1    2",
            matrix.ToString());
        string report = matrix.Report(digits: 2);
        Assert.Contains("         cat       0.67       0.50       0.57          4", report);
        Assert.Contains("    accuracy" + new string(' ', 29) + "0.60         10", report);
        Assert.Contains("weighted avg       0.62       0.60       0.60         10", report);
    }

    [Fact]
    public void Compute_reads_classes_from_the_network_outputs_and_the_targets()
    {
        // The echo network predicts its input, so the inputs are the scores: rows' argmax are the predicted classes.
        var scores = new double[] { 0.9, 0.1, 0.0, /**/ 0.2, 0.7, 0.1, /**/ 0.5, 0.1, 0.4, /**/ 0.0, 0.3, 0.7, /**/ 0.1, 0.1, 0.8 };
        var targets = new double[] { 1, 0, 0, /**/ 0, 1, 0, /**/ 0, 0, 1, /**/ 0, 0, 1, /**/ 0, 1, 0 };
        var data = new Dataset<double>(scores, targets, 3, 3);
        var matrix = ConfusionMatrix.Compute(new EchoNetwork(3), data);
        // Predicted 0, 1, 0, 2, 2 against actual 0, 1, 2, 2, 1.
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[1, 1]);
        Assert.Equal(1, matrix[1, 2]);
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(1, matrix[2, 2]);
        Assert.Equal(5, matrix.Total);

        var classes = new int[5];
        Prediction.Classify(new EchoNetwork(3), data, classes);
        Assert.Equal(new[] { 0, 1, 0, 2, 2 }, classes);
    }

    [Fact]
    public void Batch_prediction_fills_the_callers_buffer_over_many_blocks()
    {
        // 600 rows: more than two blocks of 256, so the block boundaries are crossed.
        var features = Enumerable.Range(0, 1200).Select(i => i * 0.5).ToArray();
        var data = new Dataset<double>(features, new double[1200], 2, 2);
        var outputs = new double[1201];
        outputs[^1] = -7;
        Prediction.Predict(new EchoNetwork(2), data, outputs);
        Assert.Equal(features, outputs.Take(1200));
        Assert.Equal(-7, outputs[^1]);

        var rows = new double[6];
        Prediction.Predict(new EchoNetwork(2), features.AsSpan(10, 6), rows);
        Assert.Equal(features.Skip(10).Take(6), rows);
        Assert.Contains("length 5", Assert.Throws<ArgumentException>(() => Prediction.Predict(new EchoNetwork(2), data, new double[5])).Message);
        Assert.Throws<ArgumentException>(() => Prediction.Predict(new EchoNetwork(2), features.AsSpan(0, 3), rows));
    }

    [Fact]
    public void Regression_figures_match_the_hand_worked_values()
    {
        // Predictions 1 2 3 4, targets 1.5 2 2 5: residuals -0.5 0 1 -1.
        // MSE = 2.25 / 4 = 0.5625, RMSE 0.75, MAE = 2.5 / 4 = 0.625;
        // mean target 2.625, SS_tot = 1.125^2 + 0.625^2 + 0.625^2 + 2.375^2 = 7.6875, R^2 = 1 - 2.25 / 7.6875 = 29/41.
        double[] predictions = { 1, 2, 3, 4 }, targets = { 1.5, 2, 2, 5 };
        var report = Metrics.Regression<double>(predictions, targets, 1);
        Assert.Equal(0.5625, report.MeanSquaredError, 15);
        Assert.Equal(0.75, report.RootMeanSquaredError, 15);
        Assert.Equal(0.625, report.MeanAbsoluteError, 15);
        Assert.Equal(29.0 / 41, report.RSquared, 15);
        Assert.Equal(0.625, Metrics.MeanAbsoluteError<double>(predictions, targets), 15);

        // Through a network: the echo network predicts its inputs.
        var data = new Dataset<double>(predictions, targets, 1, 1);
        Assert.Equal(report, Metrics.Regression(new EchoNetwork(1), data));
        Assert.Equal(29.0 / 41, Metrics.RSquared(new EchoNetwork(1), data), 15);
    }

    [Fact]
    public void R_squared_averages_over_outputs_and_scores_exactly_predicted_constants_as_one()
    {
        // Output 0 as above (29/41); output 1 has constant targets 3, predicted exactly: 1. Uniform average: (29/41 + 1) / 2.
        double[] predictions = { 1, 3, 2, 3, 3, 3, 4, 3 }, targets = { 1.5, 3, 2, 3, 2, 3, 5, 3 };
        Assert.Equal((29.0 / 41 + 1) / 2, Metrics.RSquared<double>(predictions, targets, 2), 15);
        // The same constant output predicted wrongly scores 0.
        predictions[1] = 4;
        Assert.Equal(29.0 / 41 / 2, Metrics.RSquared<double>(predictions, targets, 2), 15);
    }

    [Fact]
    public void Constant_targets_whose_sum_rounds_still_score_zero_when_predicted_wrongly()
    {
        // Output 1's targets are all 0.1: in double, (0.1 + 0.1 + 0.1) / 3 is 0.10000000000000002, not 0.1, so a mean taken
        // by summing leaves SS_tot = 3 * (1.4e-17)^2 = 6e-34 instead of 0, and 1 - SS_res / SS_tot is about -2e31.
        // The targets are equal, so the output scores 0 (predicted wrongly), as scikit-learn's force_finite intends.
        // Output 0: predictions 1 2 3, targets 1 2 4: SS_res 1, mean 7/3, SS_tot = 16/9 + 1/9 + 25/9 = 42/9, R^2 = 1 - 9/42 = 11/14.
        double[] predictions = { 1, 0.2, 2, 0.1, 3, 0.1 }, targets = { 1, 0.1, 2, 0.1, 4, 0.1 };
        Assert.Equal(11.0 / 14 / 2, Metrics.RSquared<double>(predictions, targets, 2), 15);
        var report = Metrics.Regression(new EchoNetwork(2), new Dataset<double>(predictions, targets, 2, 2));
        Assert.Equal(11.0 / 14 / 2, report.RSquared, 15);
        // Predicted exactly, they score 1.
        predictions[1] = 0.1;
        Assert.Equal((11.0 / 14 + 1) / 2, Metrics.RSquared<double>(predictions, targets, 2), 15);
    }

    [Fact]
    public void Standardization_is_fitted_on_training_data_and_applied_unchanged_to_others()
    {
        // Feature 0: 1, 3, 5 -> mean 3, population std sqrt(8/3); feature 1 is constant 10 -> scale 1.
        var train = new Dataset<double>(new double[] { 1, 10, 3, 10, 5, 10 }, new double[] { 0, 1, 0 }, 2, 1);
        var scaler = FeatureScaler.Standardize(train);
        Assert.Equal(new[] { 3.0, 10.0 }, scaler.Offsets);
        Assert.Equal(Math.Sqrt(8.0 / 3), scaler.Scales[0], 15);
        Assert.Equal(1.0, scaler.Scales[1]);

        var test = new Dataset<double>(new double[] { 3 + Math.Sqrt(8.0 / 3), 12 }, new double[] { 7 }, 2, 1);
        var scaled = scaler.Transform(test);
        Assert.Equal(1.0, scaled.Input(0)[0], 15);
        Assert.Equal(2.0, scaled.Input(0)[1], 15);
        Assert.Equal(7.0, scaled.Target(0)[0]);

        var row = new[] { 5.0, 10.0 };
        scaler.Transform<double>(row);
        scaler.InverseTransform<double>(row);
        Assert.Equal(5.0, row[0], 14);
        Assert.Equal(10.0, row[1], 14);
    }

    [Fact]
    public void A_constant_feature_whose_mean_is_inexact_still_gets_scale_1()
    {
        // 0.1 + 0.1 + 0.1 = 0.30000000000000004 in double, so the mean is 0.10000000000000002 and the deviations are
        // -1.4e-17, not 0: the feature is constant all the same, and scale 1 keeps it from being blown up.
        var train = new Dataset<double>(new double[] { 0.1, 1, 0.1, 2, 0.1, 3 }, new double[] { 0, 1, 0 }, 2, 1);
        var scaler = FeatureScaler.Standardize(train);
        Assert.Equal(1.0, scaler.Scales[0]);
        var row = new[] { 0.2, 2.0 };
        scaler.Transform<double>(row);
        Assert.Equal(0.1, row[0], 15);
        Assert.All(scaler.Transform(train).Features.ToArray().Where((_, i) => i % 2 == 0), v => Assert.Equal(0.0, v, 15));
    }

    [Fact]
    public void A_spread_too_wide_for_double_names_the_training_data_and_the_feature()
    {
        // Finite features whose squared deviations (1e400) or range (3.4e308) overflow a double.
        var wide = new Dataset<double>(new double[] { 0, 1e200, 0, -1e200 }, new double[] { 0, 1 }, 2, 1);
        var standardize = Assert.Throws<ArgumentException>(() => FeatureScaler.Standardize(wide));
        Assert.Equal("training", standardize.ParamName);
        Assert.Contains("feature 1", standardize.Message);
        var range = new Dataset<double>(new double[] { 1.7e308, -1.7e308 }, new double[] { 0, 1 }, 1, 1);
        var minMax = Assert.Throws<ArgumentException>(() => FeatureScaler.MinMax(range));
        Assert.Equal("training", minMax.ParamName);
        Assert.Contains("feature 0", minMax.Message);
    }

    [Fact]
    public void Min_max_scaling_maps_the_training_range_to_0_1()
    {
        var train = new Dataset<float>(new float[] { 1, 10, 3, 10, 5, 10 }, new float[] { 0, 1, 0 }, 2, 1);
        var scaler = FeatureScaler.MinMax(train);
        var scaled = scaler.Transform(train);
        Assert.Equal(new float[] { 0, 0, 0.5f, 0, 1, 0 }, scaled.Features.ToArray());
        Assert.Contains("2 features", Assert.Throws<ArgumentException>(() => scaler.Transform(new Dataset<float>(new float[] { 1 }, new float[] { 1 }, 1, 1))).Message);
    }

    [Fact]
    public void Scaler_and_label_encoder_saved_beside_a_model_load_back_exactly()
    {
        using var folder = new TempDirectory();
        var train = new Dataset<double>(new[] { 0.1, 7.3, 2.9, -1.7, 5.5, 3.3 }, new double[] { 0, 1, 0 }, 2, 1);
        var scaler = FeatureScaler.Standardize(train);
        scaler.Save(folder.File("scaler.json"));
        var loaded = FeatureScaler.Load(folder.File("scaler.json"));
        Assert.Equal(scaler.Method, loaded.Method);
        Assert.Equal(scaler.Offsets, loaded.Offsets);
        Assert.Equal(scaler.Scales, loaded.Scales);

        var labels = LabelEncoder.Fit(new[] { "virginica", "setosa", "versicolor", "setosa" });
        labels.Save(folder.File("labels.json"));
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, LabelEncoder.Load(folder.File("labels.json")).Classes);

        File.WriteAllText(folder.File("bad.json"), "{\"format\": \"netgen-scaler\", \"version\": 1, \"method\": \"MinMax\", \"offsets\": [1], \"scales\": [0]}");
        var error = Assert.Throws<InvalidDataException>(() => FeatureScaler.Load(folder.File("bad.json")));
        Assert.Contains("bad.json", error.Message);
        Assert.Contains("Scale 0", error.Message);
        Assert.Contains("\"format\"", Assert.Throws<InvalidDataException>(() => LabelEncoder.Load(folder.File("scaler.json"))).Message);
    }

    [Theory]
    [InlineData("{\"format\": \"netgen-labels\", \"version\": 1.5, \"classes\": [\"a\"]}", "\"version\" must be 1.")]
    [InlineData("{\"format\": \"netgen-labels\", \"version\": 2, \"classes\": [\"a\"]}", "\"version\" must be 1.")]
    [InlineData("{\"format\": \"netgen-labels\", \"version\": 1, \"classes\": \"a\"}", "\"classes\" is missing or not an array.")]
    [InlineData("{\"format\": \"netgen-labels\", \"version\": 1, \"classes\": [\"a\", 3]}", "every class must be a string, found Number.")]
    [InlineData("{\"format\": \"netgen-labels\", \"version\": 1, \"classes\": [\"a\", \"a\"]}", "The class \"a\" appears twice.")]
    public void A_malformed_label_file_names_the_file_and_the_problem(string json, string problem)
    {
        using var folder = new TempDirectory();
        string path = folder.File("labels.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<InvalidDataException>(() => LabelEncoder.Load(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Label_encoder_maps_labels_to_sorted_classes_and_back()
    {
        var labels = new[] { "virginica", "setosa", "versicolor", "setosa" };
        var encoder = LabelEncoder.Fit(labels);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, encoder.Classes);
        Assert.Equal(new[] { 2, 0, 1, 0 }, encoder.Encode(labels));
        Assert.Equal("versicolor", encoder.Decode(1));
        Assert.Equal(new double[] { 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0 }, encoder.OneHot<double>(labels));
        var error = Assert.Throws<ArgumentException>(() => encoder.Encode("rose"));
        Assert.Contains("\"rose\"", error.Message);
        Assert.Contains("\"setosa\"", error.Message);
        Assert.False(encoder.TryEncode("rose", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Decode(3));
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new LabelEncoder(new[] { "a", "a" })).Message);
    }

    [Fact]
    public void One_hot_rows_too_many_for_an_array_are_an_argument_error()
    {
        // 2^15 labels of 2^16 classes: 2^31 values, one more than an int counts.
        var encoder = new LabelEncoder(Enumerable.Range(0, 1 << 16).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var error = Assert.Throws<ArgumentException>(() => encoder.OneHot<float>(Enumerable.Repeat("7", 1 << 15).ToArray()));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("32768", error.Message);
    }

    private sealed class Close : System.Collections.Generic.IEqualityComparer<double>
    {
        private readonly double _tolerance;

        public Close(double tolerance) => _tolerance = tolerance;

        public bool Equals(double x, double y) => Math.Abs(x - y) <= _tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
