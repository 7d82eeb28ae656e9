// Saves a 784-512-256-10 network (535,818 parameters, about 6 MB of JSON) over the file named on the command line, in
// a loop, with seeds 1, 2, 3, ...: the crash-safety test kills this process while a save is under way and checks that
// the file is still a complete model file. Each save records its seed in the metadata, so the test can rebuild the
// network that file must hold.
using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NetGen.CrashSaver <model.json>");
    return 2;
}
for (int seed = 1; ; seed++)
{
    var network = new CrashNet(seed);
    network.Save(args[0], new Dictionary<string, string> { ["seed"] = seed.ToString(CultureInfo.InvariantCulture) });
}

/// <summary>The same declaration as the tests' HeapStoredNet, so the same seed gives the same parameters.</summary>
[Mlp(784, 512, 256, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
internal partial class CrashNet { }
