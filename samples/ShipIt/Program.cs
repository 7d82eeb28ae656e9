// Classifies points with the moons model compiled into this binary (samples/ShipIt/moons.json, baked in by the
// NetGen generator): no model file to ship, nothing to parse at start-up, no allocation per prediction.
//   ShipIt 0.5 -0.3 1.8 0.1      one line per point: x, y, the moon, both probabilities
//   ShipIt --batch 0.5 -0.3 ...  the same, all points in one PredictBatch call
//   ShipIt --allocations         bytes allocated by 100,000 predictions, one by one and in batches (0)
using System;
using System.Globalization;
using NetGen;
using static System.FormattableString;

if (args.Length == 1 && args[0] == "--allocations")
{
    float sink = 0;
    MoonsClassifier.Trained.Predict(0.5f, 0.5f); // first call outside the measurement (JIT builds compile here)
    long before = GC.GetAllocatedBytesForCurrentThread();
    for (int i = 0; i < 100_000; i++) sink += MoonsClassifier.Trained.Predict(i * 1e-5f, 0.25f)[1];
    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    Console.WriteLine(Invariant($"allocated {allocated} bytes in 100000 predictions (checksum {sink:F3})"));

    // The same number of rows through PredictBatch, 100 rows per call, into buffers made before the measurement.
    var inputs = new float[100 * MoonsClassifier.InputSize];
    var outputs = new float[100 * MoonsClassifier.OutputSize];
    for (int i = 0; i < inputs.Length; i++) inputs[i] = i * 1e-3f - 0.1f;
    MoonsClassifier.Trained.PredictBatch(inputs, outputs);
    before = GC.GetAllocatedBytesForCurrentThread();
    for (int call = 0; call < 1_000; call++)
    {
        MoonsClassifier.Trained.PredictBatch(inputs, outputs);
        sink += outputs[1];
    }
    long batchAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
    Console.WriteLine(Invariant($"allocated {batchAllocated} bytes in 1000 PredictBatch calls of 100 rows (checksum {sink:F3})"));
    return allocated == 0 && batchAllocated == 0 ? 0 : 1;
}
bool batch = args.Length > 0 && args[0] == "--batch";
var coordinates = batch ? args[1..] : args;
if (coordinates.Length == 0 || coordinates.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: ShipIt x1 y1 [x2 y2 ...]   (pairs of coordinates; prints each point's moon)");
    Console.Error.WriteLine("       ShipIt --batch x1 y1 [x2 y2 ...]   (the same, all points in one PredictBatch call)");
    Console.Error.WriteLine("       ShipIt --allocations");
    return 2;
}
var points = new float[coordinates.Length];
for (int i = 0; i < coordinates.Length; i++)
{
    // float.TryParse accepts "NaN" and "Infinity", and turns 1e40 into infinity: none of them is a point.
    if (!float.TryParse(coordinates[i], NumberStyles.Float, CultureInfo.InvariantCulture, out points[i]) || !float.IsFinite(points[i]))
    {
        Console.Error.WriteLine($"not a finite number: '{coordinates[i]}'");
        return 2;
    }
}
int count = points.Length / MoonsClassifier.InputSize;
var probabilities = new float[count * MoonsClassifier.OutputSize];
if (batch)
{
    MoonsClassifier.Trained.PredictBatch(points, probabilities);
}
else
{
    for (int i = 0; i < count; i++)
    {
        var p = MoonsClassifier.Trained.Predict(points[2 * i], points[2 * i + 1]);
        probabilities[2 * i] = p[0];
        probabilities[2 * i + 1] = p[1];
    }
}
for (int i = 0; i < count; i++)
{
    float x = points[2 * i], y = points[2 * i + 1], outer = probabilities[2 * i], inner = probabilities[2 * i + 1];
    string moon = Kernels.ArgMax<float>(probabilities.AsSpan(2 * i, 2)) == 0 ? "outer" : "inner";
    // "R" prints each probability exactly, so the JIT and NativeAOT builds can be compared to the last bit.
    Console.WriteLine(Invariant($"{x} {y} {moon} {outer.ToString("R", CultureInfo.InvariantCulture)} {inner.ToString("R", CultureInfo.InvariantCulture)}"));
}
return 0;

/// <summary>The moons classifier of samples/ShipIt.Train, inference-only, with its trained weights compiled in.</summary>
[Mlp(2, 32, 16, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", InferenceOnly = true, Weights = "moons.json")]
public partial class MoonsClassifier { }
