// Seed 003: the hand-worked 2-2-2 backpropagation example, number by number, then 10,000 training steps.
using System;
using NetGen;
using static System.FormattableString;

double[] initial = { .15, .20, .25, .30, .35, .35, .40, .45, .50, .55, .60, .60 }; // W1, b1, W2, b2 (flat order)
double[] input = { .05, .10 };
double[] target = { .01, .99 };
const double LearningRate = 0.5;
if (args.Length > 0)
{
    Console.Error.WriteLine($"Unknown arguments '{string.Join(" ", args)}': the worked example has fixed numbers and takes none.");
    Console.Error.WriteLine("Usage: dotnet run --project samples/WorkedExample");
    return 2;
}

// The walk-through's published numbers (its first output printed as 0.75136079 is a misprint of 0.75136507): the sample
// fails when one of them is not reproduced to the digits published.
double[] publishedOutputs = { 0.75136507, 0.772928465 };
const double PublishedError = 0.298371109;
double[] publishedW1 = { 0.149780716, 0.19956143, 0.24975114, 0.29950229 };
double[] publishedW2 = { 0.35891648, 0.408666186, 0.511301270, 0.561370121 };
int mismatches = 0;
void Check(string what, double actual, double published)
{
    // Published to 8 or 9 decimals: agreement to half a unit in the 8th.
    if (Math.Abs(actual - published) > 5e-9)
    {
        Console.WriteLine(Invariant($"  MISMATCH {what}: {actual:F9}, the walk-through has {published}"));
        mismatches++;
    }
}

var net = new WorkedNet();
net.LoadParameters(initial);

Console.WriteLine("Forward pass (i1 = 0.05, i2 = 0.10; targets 0.01, 0.99)");
var output = new double[2];
net.Forward(input, output);
for (int j = 0; j < 2; j++)
{
    // The hidden layer's net input and output, spelled out from W1 and b1 as the walk-through does.
    double netInput = net.W1[j * 2] * input[0] + net.W1[j * 2 + 1] * input[1] + net.B1[j];
    Console.WriteLine(Invariant($"  net h{j + 1} = {net.W1[j * 2]} * {input[0]} + {net.W1[j * 2 + 1]} * {input[1]} + {net.B1[j]} = {netInput:F9}   out h{j + 1} = sigmoid(net h{j + 1}) = {1 / (1 + Math.Exp(-netInput)):F9}"));
}
for (int k = 0; k < 2; k++)
{
    double error = 0.5 * (target[k] - output[k]) * (target[k] - output[k]);
    Console.WriteLine(Invariant($"  out o{k + 1} = {output[k]:F9}   E o{k + 1} = 1/2 (target - out)^2 = {error:F9}"));
}
double total = net.Backward(target);
Console.WriteLine(Invariant($"  E total = {total:F9}"));
for (int k = 0; k < 2; k++) Check($"out o{k + 1}", output[k], publishedOutputs[k]);
Check("E total", total, PublishedError);
Console.WriteLine();

Console.WriteLine(Invariant($"Backward pass and one step with learning rate {LearningRate}"));
var gradient = new double[WorkedNet.ParameterCount];
net.CopyGradientsTo(gradient);
net.Step(LearningRate);
var updated = new double[WorkedNet.ParameterCount];
net.CopyParametersTo(updated);
// The walk-through numbers its weights w1..w4 (input -> hidden) and w5..w8 (hidden -> output).
string[] names = { "w1", "w2", "w3", "w4", "b1 (h1)", "b1 (h2)", "w5", "w6", "w7", "w8", "b2 (o1)", "b2 (o2)" };
foreach (int i in new[] { 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 10, 11 })
{
    Console.WriteLine(Invariant($"  {names[i],-8} dE/d{names[i].Split(' ')[0]} = {gradient[i],13:F9}   new = {initial[i]} - {LearningRate} * {gradient[i]:F9} = {updated[i]:F9}"));
}
Console.WriteLine("  (the walk-through updates the eight weights; NetGen also updates the biases, as every layer here learns its bias)");
for (int i = 0; i < 4; i++)
{
    Check(names[i], updated[i], publishedW1[i]);
    Check(names[6 + i], updated[6 + i], publishedW2[i]);
}
var after = new double[2];
net.Predict(input, after);
Console.WriteLine(Invariant($"  after one step: out = [{after[0]:F9}, {after[1]:F9}], E total = {WorkedNet.Loss(after, target):F9}"));
Console.WriteLine();

Console.WriteLine("Training 10,000 steps on this one sample (biases learned):");
for (int step = 2; step <= 10_000; step++)
{
    net.Forward(input, output);
    net.Backward(target);
    net.Step(LearningRate);
    if (step is 10 or 100 or 1000 or 10_000)
    {
        net.Predict(input, after);
        Console.WriteLine(Invariant($"  step {step,6}: E total = {WorkedNet.Loss(after, target):E6}   out = [{after[0]:F6}, {after[1]:F6}]"));
    }
}

Console.WriteLine();
Console.WriteLine(mismatches == 0
    ? "Every published number of the walk-through is reproduced."
    : $"{mismatches} published numbers are not reproduced.");
return mismatches == 0 ? 0 : 1;

/// <summary>The walk-through's network: 2 inputs, 2 sigmoid hidden units, 2 sigmoid outputs, the SSE loss, in double.</summary>
[Mlp(2, 2, 2, Activation = "Sigmoid", Loss = "SSE", Precision = Precision.Double)]
public partial class WorkedNet { }
