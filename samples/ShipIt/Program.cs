// Classifies points with the moons model compiled into this binary (samples/ShipIt/moons.json, baked in by the
// NetGen generator): no model file to ship, nothing to parse at start-up, no allocation per prediction.
//   ShipIt 0.5 -0.3 1.8 0.1      one line per point: x, y, the moon, both probabilities
//   ShipIt --allocations         bytes allocated by 100,000 predictions (0)
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
    return allocated == 0 ? 0 : 1;
}
if (args.Length == 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: ShipIt x1 y1 [x2 y2 ...]   (pairs of coordinates; prints each point's moon)");
    Console.Error.WriteLine("       ShipIt --allocations");
    return 2;
}
for (int i = 0; i < args.Length; i += 2)
{
    if (!float.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float x)
        || !float.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out float y))
    {
        Console.Error.WriteLine($"not a number: '{args[i]}' or '{args[i + 1]}'");
        return 2;
    }
    var p = MoonsClassifier.Trained.Predict(x, y);
    string moon = p.ArgMax() == 0 ? "outer" : "inner";
    // "R" prints each probability exactly, so the JIT and NativeAOT builds can be compared to the last bit.
    Console.WriteLine(Invariant($"{x} {y} {moon} {p[0].ToString("R", CultureInfo.InvariantCulture)} {p[1].ToString("R", CultureInfo.InvariantCulture)}"));
}
return 0;

/// <summary>The moons classifier of samples/ShipIt.Train, inference-only, with its trained weights compiled in.</summary>
[Mlp(2, 32, 16, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", InferenceOnly = true, Weights = "moons.json")]
public partial class MoonsClassifier { }
