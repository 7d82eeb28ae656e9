// Trains the moons classifier and saves it as a NetGen model file, for samples/ShipIt to compile in.
//   dotnet run --project samples/ShipIt.Train [-- --seed N] [--output path]
using System;
using System.IO;
using NetGen;
using ShipIt.Train;
using static System.FormattableString;

int seed = MoonsModel.DefaultSeed;
string output = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "ShipIt", "moons.json");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--output" when i + 1 < args.Length: output = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: ShipIt.Train [--seed N] [--output path]");
            return 2;
    }
}

var (network, accuracy) = MoonsModel.Train(seed);
network.Save(output, MoonsModel.Metadata(seed, accuracy));
Console.WriteLine(Invariant($"Trained a {string.Join("-", MoonsNet.LayerSizes.ToArray())} network ({MoonsNet.ParameterCount} parameters) on moons, seed {seed}: test accuracy {accuracy:F3}"));
Console.WriteLine($"Saved {Path.GetFullPath(output)} ({new FileInfo(output).Length:N0} bytes)");
return accuracy >= 0.95 ? 0 : 1;
