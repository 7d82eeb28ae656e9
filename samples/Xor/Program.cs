// XOR, the quickstart: a 2-2-1 sigmoid network with binary cross-entropy, trained by per-sample SGD.
using System;
using System.Globalization;
using NetGen;

int seed = 7;
if (args.Length > 0 && !(args.Length == 2 && args[0] == "--seed" && int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed)))
{
    Console.Error.WriteLine($"Unknown or incomplete arguments '{string.Join(" ", args)}'.");
    Console.Error.WriteLine("Usage: dotnet run --project samples/Xor [-- --seed N]   (N an integer; default 7)");
    return 2;
}

var net = new XorNet(seed);
var data = Datasets.Xor();
var options = new TrainingOptions
{
    Epochs = 5000,
    LearningRate = 0.5,
    BatchSize = 1,
    Seed = seed,
    OnEpoch = report =>
    {
        if (report.Epoch % 500 == 0 || report.Epoch == 1)
        {
            Console.WriteLine(FormattableString.Invariant($"epoch {report.Epoch,5}/{report.Epochs}  loss {report.Loss:F6}  {report.Elapsed.TotalMilliseconds,6:F0} ms"));
        }
    },
};

Console.WriteLine($"Training XOR on a {string.Join("-", XorNet.LayerSizes.ToArray())} network ({XorNet.ParameterCount} parameters), seed {seed}");
var history = Trainer.Fit(net, data, options);
Console.WriteLine(history);
Console.WriteLine();

int correct = 0;
for (int i = 0; i < data.Count; i++)
{
    float a = data.Input(i)[0], b = data.Input(i)[1], expected = data.Target(i)[0];
    float y = net.Predict(a, b);
    bool right = (y >= 0.5f) == (expected >= 0.5f);
    if (right) correct++;
    Console.WriteLine(FormattableString.Invariant($"{a} XOR {b} = {y:F4}  (expected {expected}) {(right ? "ok" : "WRONG")}"));
}
Console.WriteLine(FormattableString.Invariant($"final loss {history.FinalLoss:F6}, {correct}/4 correct"));
return correct == 4 ? 0 : 1;

/// <summary>The network: two inputs, two sigmoid hidden units, one sigmoid output, binary cross-entropy.</summary>
[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorNet { }
