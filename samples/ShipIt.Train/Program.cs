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
        case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out seed): i++; break;
        case "--output" when i + 1 < args.Length: output = args[++i]; break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
            Console.Error.WriteLine("usage: ShipIt.Train [--seed N] [--output path]");
            return 2;
    }
}

// The folder first: a path that cannot be written is reported before training, not after.
try
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot write {output}: {e.Message}");
    return 2;
}
var (network, accuracy) = MoonsModel.Train(seed);
try
{
    network.Save(output, MoonsModel.Metadata(seed, accuracy));
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot write {output}: {e.Message}");
    return 2;
}
Console.WriteLine(Invariant($"Trained a {string.Join("-", MoonsNet.LayerSizes.ToArray())} network ({MoonsNet.ParameterCount} parameters) on moons, seed {seed}: test accuracy {accuracy:F3}"));
Console.WriteLine($"Saved {Path.GetFullPath(output)} ({new FileInfo(output).Length:N0} bytes)");
return accuracy >= 0.95 ? 0 : 1;
