// A user's program: the package's generator writes the network, its runtime trains it.
using System;
using NetGen;

var net = new XorNet(seed: 7);
var history = Trainer.Fit(net, Datasets.Xor(), new TrainingOptions { Epochs = 5000, LearningRate = 0.5, BatchSize = 1, Seed = 7 });
float y = net.Predict(1f, 0f);
Console.WriteLine(FormattableString.Invariant($"Package consumer: 1 XOR 0 = {y:F4} after {history.EpochsRun} epochs"));
return y > 0.5f ? 0 : 1;

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorNet { }
