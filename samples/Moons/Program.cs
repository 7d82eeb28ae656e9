// Seed 004: two interleaving half circles, a 2-100-2 network (ReLU hidden layer, softmax output, cross-entropy),
// full-batch gradient descent with learning rate 0.1 for 200 iterations; then the tutorial's 10 runs of 10 iterations.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetGen;
using NetGen.ConsoleUI;
using NetGen.Plotting;
using NetGen.Samples;
using static System.FormattableString;

const int Points = 5000;
const double Noise = 0.1;
const double TrainFraction = 0.7;
const double LearningRate = 0.1;
const int TutorialIterations = 200;
const int ShortIterations = 10;
const int Runs = 10;
const double TargetAccuracy = 0.99;
const double TutorialAccuracy = 0.99, TutorialShortMean = 0.867, TutorialShortStd = 0.045;

var options = SampleArgs.Parse(args, "Moons", defaultSeed: 42);
int iterations = options.EpochsOr(TutorialIterations, TutorialIterations);
var total = Stopwatch.StartNew();

var (train, test) = Datasets.Moons(Points, Noise, options.Seed).Split(TrainFraction, options.Seed);

Console.WriteLine(Invariant($"Seed 004 moons: {Points} points, noise {Noise}, {train.Count} train / {test.Count} test, seed {options.Seed}"));
Console.WriteLine(Invariant($"{string.Join("-", MoonsNet.LayerSizes.ToArray())} network, ReLU hidden layer, softmax output, cross-entropy ({MoonsNet.ParameterCount} parameters);"));
Console.WriteLine(Invariant($"full-batch gradient descent, learning rate {LearningRate}, {iterations} iterations."));
if (iterations != TutorialIterations) Console.WriteLine(Invariant($"(--epochs {iterations}: the tutorial runs {TutorialIterations}.)"));
Console.WriteLine("Initialization as the tutorial's: every weight and every bias drawn from N(0, 1) (see the comparison below).");

// Every initialization draws from one stream, seeded apart from the data's (Random(seed) made the points): the main
// run takes the first draws and each later run the next ones, as the tutorial's calls to np.random.randn do.
var initStream = new Random(options.Seed + 1);

// The main run.
var net = new MoonsNet();
TrainingHistory history;
using (var progress = TrainingProgress.Start("Moons", iterations, accuracy: () => Metrics.Accuracy(net, test), accuracyLabel: "test accuracy"))
{
    history = Train(net, train, iterations, initStream, progress.Report);
}
double accuracy = Metrics.Accuracy(net, test);
Console.WriteLine();
Console.WriteLine(Invariant($"Test accuracy after {history.EpochsRun} iterations: {accuracy:F4}   tutorial: {TutorialAccuracy:F2}   target: >= {TargetAccuracy:F2}"));
Console.WriteLine(Invariant($"Loss {history.EpochLosses[0]:G4} -> {history.FinalLoss:G4}; training time {history.Elapsed.TotalSeconds:F2} s ({history.Elapsed.TotalMilliseconds / history.EpochsRun:F1} ms per iteration)"));

// The tutorial's variance check: 10 fresh initializations, 10 iterations each, on the same data; and the same with
// the full 200 iterations, so the main run's accuracy is not one lucky seed.
Console.WriteLine();
var shortRuns = RepeatedRuns(train, test, ShortIterations, initStream);
Console.WriteLine(Invariant($"{Runs} runs of {ShortIterations} iterations: mean test accuracy {shortRuns.Average():F4}, std {Std(shortRuns):F4}   tutorial: {TutorialShortMean:F3} +- {TutorialShortStd:F3}"));
Console.WriteLine("  " + string.Join(" ", shortRuns.Select(a => Invariant($"{a:F3}"))));
var fullRuns = RepeatedRuns(train, test, iterations, initStream);
Console.WriteLine(Invariant($"{Runs} runs of {iterations} iterations: mean test accuracy {fullRuns.Average():F4}, std {Std(fullRuns):F4}, min {fullRuns.Min():F4}, max {fullRuns.Max():F4}"));
Console.WriteLine("  " + string.Join(" ", fullRuns.Select(a => Invariant($"{a:F3}"))));

// For comparison: NetGen's default initialization (He-scaled weights, zero biases), same data and steps.
var defaultNet = new MoonsNet(options.Seed);
Trainer.Fit(defaultNet, train, new TrainingOptions { Epochs = iterations, LearningRate = LearningRate, BatchSize = train.Count, Shuffle = false });
Console.WriteLine(Invariant($"For comparison, NetGen's default initialization (He weights, zero biases), {iterations} iterations: test accuracy {Metrics.Accuracy(defaultNet, test):F4}"));

// Pictures: the test points coloured by the predicted class over the decision regions, and the loss curve.
var points = new List<(double X, double Y, int Label)>(test.Count);
for (int i = 0; i < test.Count; i++)
{
    points.Add((test.Input(i)[0], test.Input(i)[1], OneHot.ArgMax(test.Target(i))));
}
var pictures = new List<string>
{
    Plots.DecisionBoundary(options.PicturePath("moons-decision-boundary.png"),
        Invariant($"Moons test set: predictions after {history.EpochsRun} iterations"),
        (x, y) => net.Predict((float)x, (float)y).ArgMax(), points, colorByPrediction: true,
        classNames: new[] { "outer moon (class 0)", "inner moon (class 1)" }),
    Plots.LineChart(options.PicturePath("moons-loss.png"), "Moons: training loss per iteration", "Iteration (one full-batch step)",
        "Mean cross-entropy", [("cross-entropy", history.EpochLosses)], logScaleY: true),
};
Console.WriteLine();
Console.WriteLine("Pictures:");
foreach (string picture in pictures) Console.WriteLine("  " + picture);

// The trained network as a model file, for `netgen inspect/convert/predict/verify` and for baking into an app.
string modelPath = options.PicturePath("moons.json");
ModelFile.Save(net, modelPath, new Dictionary<string, string>
{
    ["dataset"] = "moons, 5,000 points, noise 0.1, 70/30 split",
    ["test-accuracy"] = Invariant($"{accuracy:F4}"),
});
Console.WriteLine("Model: " + modelPath);
Console.WriteLine(Invariant($"Total time: {total.Elapsed.TotalSeconds:F1} s"));
return accuracy >= TargetAccuracy ? 0 : 1;

// Initializes the network as the tutorial does, then runs full-batch gradient descent.
static TrainingHistory Train(MoonsNet net, Dataset<float> train, int iterations, Random initStream, Action<EpochReport> onEpoch)
{
    InitializeLikeTutorial(net, initStream);
    return Trainer.Fit(net, train, new TrainingOptions
    {
        Epochs = iterations,
        LearningRate = LearningRate,
        BatchSize = train.Count, // one step per iteration on the mean gradient of all training points
        Shuffle = false,
        OnEpoch = onEpoch,
    });
}

// The tutorial builds W1 as randn(3, 100) and W2 as randn(101, 2): the last row of each is the bias, so weights and
// biases alike start as draws from N(0, 1). Those large random biases spread the ReLU units' kinks over the data and
// are what lets 200 plain gradient steps reach 0.99; NetGen's default (He-scaled weights, zero biases) puts every
// kink through the origin and gets about 0.90. So draw all parameters from N(0, 1) and load them.
static void InitializeLikeTutorial(MoonsNet net, Random random)
{
    var parameters = new float[MoonsNet.ParameterCount];
    for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)Initializer.StandardNormal(random);
    net.LoadParameters(parameters);
}

// Runs of `iterations` steps from fresh initializations; returns each run's test accuracy. For long runs one
// progress display covers them all: its count is the iterations of all runs together, with a line at the end of each run.
static double[] RepeatedRuns(Dataset<float> train, Dataset<float> test, int iterations, Random initStream)
{
    var accuracies = new double[Runs];
    var net = new MoonsNet();
    var clock = Stopwatch.StartNew();
    using var progress = TrainingProgress.Start(Invariant($"Moons, {Runs} runs x {iterations} iterations"), Runs * iterations,
        milestoneEvery: iterations, accuracy: () => Metrics.Accuracy(net, test), accuracyLabel: "test accuracy",
        mode: iterations >= 100 ? ProgressMode.Auto : ProgressMode.None);
    for (int r = 0; r < Runs; r++)
    {
        int done = r * iterations;
        Train(net, train, iterations, initStream, report =>
            progress.Report(new EpochReport(done + report.Epoch, Runs * iterations, report.Loss, clock.Elapsed)));
        accuracies[r] = Metrics.Accuracy(net, test);
    }
    return accuracies;
}

// The population standard deviation, as numpy's std() computes it.
static double Std(double[] values)
{
    double mean = values.Average();
    return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
}

/// <summary>The tutorial's network: two inputs, 100 ReLU hidden units, a two-class softmax output, cross-entropy.</summary>
[Mlp(2, 100, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MoonsNet { }
