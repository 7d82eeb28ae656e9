// A user's program: the package's generator writes the networks, its runtime trains, saves and loads them, and a
// model file is compiled into BakedXor. The data is the user's own (the NetGen package alone); the NetGen.Datasets
// package's XOR must be the same four rows.
using System;
using System.IO;
using System.Linq;
using NetGen;

var xor = new Dataset<float>(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });
var packaged = Datasets.Xor();
if (!packaged.Features.SequenceEqual(xor.Features) || !packaged.Targets.SequenceEqual(xor.Targets))
{
    Console.WriteLine("Package consumer: NetGen.Datasets' Xor() is not the four XOR rows");
    return 1;
}
Console.WriteLine($"Package consumer: NetGen.Datasets gives {packaged}, {Datasets.Moons(100, 0.1, seed: 1)}");

var net = new XorNet(seed: 7);
var history = Trainer.Fit(net, xor, new TrainingOptions { Epochs = 5000, LearningRate = 0.5, BatchSize = 1, Seed = 7 });
float y = net.Predict(1f, 0f);
Console.WriteLine(FormattableString.Invariant($"Package consumer: 1 XOR 0 = {y:F4} after {history.EpochsRun} epochs"));
if (y <= 0.5f) return 1;

// Save and load: the loaded network predicts exactly what the trained one does.
string path = Path.Combine(Path.GetTempPath(), $"netgen-consumer-{Environment.ProcessId}.json");
try
{
    net.Save(path);
    var loaded = XorNet.Load(path);
    if (loaded.Predict(1f, 0f) != y) { Console.WriteLine("Package consumer: the loaded network predicts differently"); return 1; }
    Console.WriteLine($"Package consumer: saved and loaded {new FileInfo(path).Length} bytes, same predictions");
}
finally
{
    File.Delete(path);
}

// Baked: xor.json is compiled into BakedXor.Trained; Load of the same file predicts the same, bit for bit.
var fromFile = BakedXor.Load(Path.Combine(AppContext.BaseDirectory, "xor.json"));
foreach (var (a, b) in new[] { (0f, 0f), (0f, 1f), (1f, 0f), (1f, 1f) })
{
    float baked = BakedXor.Trained.Predict(a, b);
    if (baked != fromFile.Predict(a, b) || (baked > 0.5f) != ((a + b) == 1f))
    {
        Console.WriteLine($"Package consumer: baked XOR({a}, {b}) = {baked}, loaded {fromFile.Predict(a, b)}");
        return 1;
    }
}
Console.WriteLine(FormattableString.Invariant($"Package consumer: baked xor.json: XOR(1, 0) = {BakedXor.Trained.Predict(1f, 0f):F4}, equal to Load of the file"));
return 0;

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorNet { }

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", InferenceOnly = true, Weights = "xor.json")]
public partial class BakedXor { }
