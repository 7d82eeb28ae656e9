// Seed 002, first experiment: a 10-3-2 sigmoid network learns whether a 10-bit number is even or odd, from the first
// 700 numbers, and is tested on the other 324. Then its weights show which input it learned to look at.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetGen;
using NetGen.ConsoleUI;
using NetGen.Plotting;
using NetGen.Samples;
using static System.FormattableString;

const int Bits = 10;
const int TrainCount = 700;
const int TutorialEpochs = 1000;
const int BatchSize = 8;
const double TutorialEta = 0.3;
const double TutorialAccuracy = 1.0;
const double TutorialFirstError = 0.48236, TutorialFinalError = 0.00004026;

var options = SampleArgs.Parse(args, "Parity", defaultSeed: 0);
int epochs = options.EpochsOr(TutorialEpochs, TutorialEpochs);
var total = Stopwatch.StartNew();

// Inputs: the bits, most significant first; targets: one-hot [even, odd]. The numbers are in order, so the test set
// is 700..1023, as in the tutorial.
var all = Datasets.Parity(Bits);
var train = all.Slice(0, TrainCount);
var test = all.Slice(TrainCount, all.Count - TrainCount);

// The tutorial's per-sample error is E = sum_k (y_k - a_k)^2 and its step is eta * (mean gradient of E) with eta 0.3.
// NetGen's SSE is 1/2 sum_k (y_k - a_k)^2, half of E, so its gradient is half as large: learning rate 2 * 0.3 = 0.6
// on SSE takes exactly the tutorial's steps, and the tutorial's reported error is 2 * NetGen's loss.
double learningRate = 2 * TutorialEta;
var net = new ParityNet(options.Seed);

Console.WriteLine(Invariant($"Seed 002 parity: {string.Join("-", ParityNet.LayerSizes.ToArray())} sigmoid network ({ParityNet.ParameterCount} parameters), seed {options.Seed}"));
Console.WriteLine(Invariant($"Train on numbers 0..{TrainCount - 1}, test on {TrainCount}..{all.Count - 1} ({test.Count} numbers); batches of {BatchSize}, {epochs} epochs,"));
Console.WriteLine(Invariant($"learning rate {learningRate} on SSE = 1/2 sum (y - a)^2 (the tutorial's eta {TutorialEta} on its error sum (y - a)^2)."));
if (epochs != TutorialEpochs) Console.WriteLine(Invariant($"(--epochs {epochs}: the tutorial runs {TutorialEpochs}.)"));

var trainOptions = new TrainingOptions
{
    Epochs = epochs,
    LearningRate = learningRate,
    BatchSize = BatchSize,
    Shuffle = true,
    Seed = options.Seed,
};
TrainingHistory history;
using (TrainingProgress.Attach(trainOptions, "Parity", accuracy: () => Metrics.Accuracy(net, test), accuracyLabel: "test accuracy"))
{
    history = Trainer.Fit(net, train, trainOptions);
}

double accuracy = Metrics.Accuracy(net, test);
double trainAccuracy = Metrics.Accuracy(net, train);
Console.WriteLine();
Console.WriteLine(Invariant($"Test accuracy:  {accuracy:F4} ({Math.Round(accuracy * test.Count)} of {test.Count})   tutorial: {TutorialAccuracy:F4}"));
Console.WriteLine(Invariant($"Train accuracy: {trainAccuracy:F4}"));
Console.WriteLine(Invariant($"Error, as the tutorial measures it (mean over samples of sum (y - a)^2):"));
Console.WriteLine(Invariant($"  epoch 1: {2 * history.EpochLosses[0]:G5}   tutorial's epoch 0: {TutorialFirstError:G5}"));
Console.WriteLine(Invariant($"  epoch {history.EpochsRun}: {2 * history.FinalLoss:G5}   tutorial's epoch 999: {TutorialFinalError:G5}"));
Console.WriteLine(Invariant($"Training time: {history.Elapsed.TotalSeconds:F2} s ({history.Elapsed.TotalMilliseconds / history.EpochsRun:F3} ms per epoch)"));

// Which input does the hidden layer listen to? Sum the magnitudes of each input's weights into the three hidden units.
// Input i is bit (9 - i): the last input is the least significant bit, the one that decides parity.
var w1 = net.W1.ToArray();
var influence = new double[Bits];
for (int i = 0; i < Bits; i++)
{
    for (int j = 0; j < 3; j++) influence[i] += Math.Abs(w1[j * Bits + i]);
}
int dominant = Array.IndexOf(influence, influence.Max());
double runnerUp = influence.Where((_, i) => i != dominant).Max();
Console.WriteLine();
Console.WriteLine("Sum of |weight| from each input to the hidden layer (input 1 is the most significant bit):");
Console.WriteLine("  " + string.Join("  ", influence.Select((v, i) => Invariant($"x{i + 1}:{v:F2}"))));
Console.WriteLine(Invariant($"Dominant input: x{dominant + 1} = bit {Bits - 1 - dominant}{(dominant == Bits - 1 ? ", the least significant bit" : "")}, {influence[dominant] / runnerUp:F1} times the next largest."));

// Pictures.
var pictures = new List<string>
{
    Plots.LineChart(options.PicturePath("parity-error.png"), "Parity: training error per epoch", history, "SSE", logScaleY: true),
    // One strip per hidden unit, one cell per weight: h_j's weights from x1..x10, and h_j's weights to y1, y2.
    Plots.WeightImages(options.PicturePath("parity-hidden-weights.png"), "Weights into h1-h3 from x1 (MSB) ... x10 (LSB)",
        Strips(w1, 3, Bits, transpose: false), units: 3, width: Bits, height: 1, columns: 1, sharedScale: true),
    Plots.WeightImages(options.PicturePath("parity-output-weights.png"), "Weights out of h1-h3 to y1 (even), y2 (odd)",
        Strips(net.W2.ToArray(), 2, 3, transpose: true), units: 3, width: 2, height: 1, columns: 3, sharedScale: true),
    Plots.NetworkDiagram(options.PicturePath("parity-network.png"), "Trained parity network (x10 = least significant bit)", net),
};
Console.WriteLine();
Console.WriteLine("Pictures:");
foreach (string picture in pictures) Console.WriteLine("  " + picture);
Console.WriteLine(Invariant($"Total time: {total.Elapsed.TotalSeconds:F1} s"));
return accuracy >= TutorialAccuracy ? 0 : 1;

// A [rows, columns] row-major matrix, or its transpose, as one strip per row: the layout WeightImages takes for tiles
// `columns` wide (`rows` wide when transposed) and one pixel high.
static double[] Strips(float[] matrix, int rows, int columns, bool transpose)
{
    int units = transpose ? columns : rows, length = transpose ? rows : columns;
    var strips = new double[units * length];
    for (int u = 0; u < units; u++)
    {
        for (int i = 0; i < length; i++) strips[u * length + i] = transpose ? matrix[i * columns + u] : matrix[u * columns + i];
    }
    return strips;
}

/// <summary>The tutorial's network: ten input bits, three sigmoid hidden units, two sigmoid outputs [even, odd], squared error.</summary>
[Mlp(10, 3, 2, Activation = "Sigmoid", Loss = "SSE")]
public partial class ParityNet { }
