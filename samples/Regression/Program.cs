// Seed 000: a 2-2-2 sigmoid network fitted to a small synthetic regression set by full-batch gradient descent,
// stopping when the RMSE of an epoch changes by less than 1e-6 from the epoch before (at most 10,000 epochs).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NetGen;
using NetGen.ConsoleUI;
using NetGen.Plotting;
using NetGen.Samples;
using static System.FormattableString;

const int Points = 50;
const int MaxEpochs = 10_000;
const double Alpha = 0.1;           // the tutorial's learning rate
const double RmseTolerance = 1e-6;  // the tutorial's stopping criterion

var options = SampleArgs.Parse(args, "Regression", defaultSeed: 42);
int maxEpochs = options.EpochsOr(MaxEpochs, MaxEpochs);
var total = Stopwatch.StartNew();

// 50 points: inputs x1, x2 uniform in [0, 1); targets y_j = sigmoid(sigmoid(x_j) + 0.1 a) + 0.1 b (the tutorial's formula).
var data = Datasets.SyntheticRegression(Points, options.Seed);

// The tutorial's update is w -= alpha * (sum over the 50 points of the gradient of 1/2 sum_k (y_k - t_k)^2).
// NetGen's Step applies the mean gradient, and with two outputs its MSE (the mean over outputs of (y - t)^2) equals
// that 1/2 sum, so learning rate alpha * 50 = 5 takes exactly the tutorial's steps.
double learningRate = Alpha * data.Count;

// The tutorial draws every weight and bias from N(0, 1) (np.random.randn, biases in the weight matrices' first row).
// Do the same: NetGen's default would be Xavier-uniform weights and zero biases. The draws come from seed + 1, a
// stream apart from the data's (Random(seed) made the inputs, and Box-Muller on the same uniforms would tie them).
var net = new RegressionNet();
var initial = new float[RegressionNet.ParameterCount];
var random = new Random(options.Seed + 1);
for (int i = 0; i < initial.Length; i++) initial[i] = (float)Initializer.StandardNormal(random);
net.LoadParameters(initial);

Console.WriteLine(Invariant($"Seed 000 regression: {string.Join("-", RegressionNet.LayerSizes.ToArray())} sigmoid network ({RegressionNet.ParameterCount} parameters, N(0, 1) initialization), {data.Count} points, seed {options.Seed}"));
Console.WriteLine(Invariant($"Full-batch gradient descent, learning rate {learningRate} (the tutorial's alpha {Alpha} on the summed gradient), at most {maxEpochs} epochs,"));
Console.WriteLine(Invariant($"stopping when the epoch RMSE changes by less than {RmseTolerance:0e0}."));
if (maxEpochs != MaxEpochs) Console.WriteLine(Invariant($"(--epochs {maxEpochs}: the tutorial allows {MaxEpochs}.)"));

// The epoch loss is the mean over points of the mean over outputs of (y - t)^2, each point's output taken before the
// step, as the tutorial computes its RMSE; so the epoch's RMSE is exactly the square root of the epoch's loss.
var rmse = new List<double>();
bool converged = false;
using var stop = new CancellationTokenSource();
var progress = TrainingProgress.Start("Regression (loss = MSE = RMSE^2)", maxEpochs, milestoneEvery: 250);
var trainOptions = new TrainingOptions
{
    Epochs = maxEpochs,
    LearningRate = learningRate,
    BatchSize = data.Count,
    Shuffle = false,
    OnEpoch = report =>
    {
        double value = Math.Sqrt(report.Loss);
        if (rmse.Count > 0 && Math.Abs(value - rmse[^1]) < RmseTolerance)
        {
            converged = true;
            stop.Cancel(); // Fit stops before the next epoch's first batch.
        }
        rmse.Add(value);
        progress.Report(report);
    },
};
var history = Trainer.Fit(net, data, trainOptions, stop.Token);
progress.Dispose();
double trainSeconds = history.Elapsed.TotalSeconds;

double finalRmse = Metrics.RootMeanSquaredError(net, data);
double baseline = MeanPredictorRmse(data);
Console.WriteLine();
Console.WriteLine(converged
    ? Invariant($"Converged after {rmse.Count} epochs: the RMSE changed by {Math.Abs(rmse[^1] - rmse[^2]):0.00e0} < {RmseTolerance:0e0}.")
    : Invariant($"Not converged: {rmse.Count} epochs run, the last RMSE change was {(rmse.Count > 1 ? Math.Abs(rmse[^1] - rmse[^2]) : double.NaN):0.00e0}."));
Console.WriteLine(Invariant($"RMSE: first epoch {rmse[0]:F6}, last epoch {rmse[^1]:F6}; the trained network: {finalRmse:F6}"));
Console.WriteLine(Invariant($"      (predicting each output's mean would give {baseline:F6})"));
Console.WriteLine(Invariant($"Training time: {trainSeconds:F2} s ({1000 * trainSeconds / Math.Max(rmse.Count, 1):F3} ms per epoch)"));

// Pictures.
var prediction = new float[RegressionNet.OutputSize];
var actual = new[] { new double[data.Count], new double[data.Count] };
var predicted = new[] { new double[data.Count], new double[data.Count] };
for (int i = 0; i < data.Count; i++)
{
    net.Predict(data.Input(i), prediction);
    for (int k = 0; k < 2; k++)
    {
        actual[k][i] = data.Target(i)[k];
        predicted[k][i] = prediction[k];
    }
}
var y1 = Metrics.Regression<double>(predicted[0], actual[0], outputSize: 1);
var y2 = Metrics.Regression<double>(predicted[1], actual[1], outputSize: 1);
Console.WriteLine(Invariant($"Per output: Y1 RMSE {y1.RootMeanSquaredError:F6}, R² {y1.RSquared:F3}; Y2 RMSE {y2.RootMeanSquaredError:F6}, R² {y2.RSquared:F3}"));
var pictures = new List<string>
{
    Plots.LineChart(options.PicturePath("regression-rmse.png"), Invariant($"RMSE across epochs ({rmse.Count} epochs, final {rmse[^1]:F4})"),
        "Epoch", "RMSE", [("RMSE", rmse)], logScaleY: true),
    Plots.ActualVsPredicted(options.PicturePath("regression-actual-vs-predicted-y1.png"), "Output Y1: actual vs predicted", actual[0], predicted[0]),
    Plots.ActualVsPredicted(options.PicturePath("regression-actual-vs-predicted-y2.png"), "Output Y2: actual vs predicted", actual[1], predicted[1]),
    Plots.NetworkDiagram(options.PicturePath("regression-network.png"), "Final network after backpropagation", net),
};
Console.WriteLine();
Console.WriteLine("Pictures:");
foreach (string picture in pictures) Console.WriteLine("  " + picture);
Console.WriteLine(Invariant($"Total time: {total.Elapsed.TotalSeconds:F1} s"));
return converged ? 0 : 1;

// The RMSE of the best constant prediction: each output's mean over the set.
static double MeanPredictorRmse(Dataset<float> data)
{
    double sum = 0;
    for (int k = 0; k < data.TargetSize; k++)
    {
        double mean = 0;
        for (int i = 0; i < data.Count; i++) mean += data.Target(i)[k];
        mean /= data.Count;
        for (int i = 0; i < data.Count; i++) sum += (data.Target(i)[k] - mean) * (data.Target(i)[k] - mean);
    }
    return Math.Sqrt(sum / (data.Count * data.TargetSize));
}

/// <summary>The tutorial's network: two inputs, two sigmoid hidden units, two sigmoid outputs, squared error.</summary>
[Mlp(2, 2, 2, Activation = "Sigmoid", Loss = "MSE")]
public partial class RegressionNet { }
