using System;
using System.Globalization;
using System.IO;

namespace NetGen.Samples;

/// <summary>
/// The options every sample takes: <c>--seed N</c>, <c>--full</c> (the seed tutorial's full epoch count where the default
/// is shorter), <c>--epochs N</c> and <c>--out DIR</c> (where pictures go; default <c>artifacts/&lt;sample&gt;</c>).
/// </summary>
public sealed class SampleArgs
{
    private SampleArgs(int seed, bool full, int? epochs, string outputDirectory)
    {
        Seed = seed;
        Full = full;
        Epochs = epochs;
        OutputDirectory = outputDirectory;
    }

    /// <summary>The random seed (initialization, shuffling, splits).</summary>
    public int Seed { get; }

    /// <summary>True when <c>--full</c> asks for the tutorial's full run.</summary>
    public bool Full { get; }

    /// <summary>An explicit epoch count, overriding both the default and <c>--full</c>.</summary>
    public int? Epochs { get; }

    /// <summary>The absolute directory the sample writes its pictures to (created).</summary>
    public string OutputDirectory { get; }

    /// <summary>The epochs to run: <c>--epochs</c>, else the full count with <c>--full</c>, else the default.</summary>
    public int EpochsOr(int quick, int full) => Epochs ?? (Full ? full : quick);

    /// <summary>A file in <see cref="OutputDirectory"/>.</summary>
    public string PicturePath(string fileName) => Path.Combine(OutputDirectory, fileName);

    /// <summary>Parses the arguments; prints usage and exits with code 2 on a bad one.</summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="sample">The sample's name, used for the default output directory.</param>
    /// <param name="defaultSeed">The seed when none is given.</param>
    public static SampleArgs Parse(string[] args, string sample, int defaultSeed = 0, string ownOptions = "")
    {
        int seed = defaultSeed;
        bool full = false;
        int? epochs = null;
        string output = Path.Combine("artifacts", sample);
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int s):
                    seed = s;
                    i++;
                    break;
                case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int e) && e > 0:
                    epochs = e;
                    i++;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--full":
                    full = true;
                    break;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    Console.Error.WriteLine($"Usage: dotnet run --project samples/{sample} -- {ownOptions}[--seed N] [--full] [--epochs N] [--out DIR]");
                    Environment.Exit(2);
                    break;
            }
        }
        string directory = Path.GetFullPath(output);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Before training, not after it: the pictures need the folder.
            Console.Error.WriteLine($"Cannot create the output folder '{output}': {e.Message}");
            Environment.Exit(2);
        }
        return new SampleArgs(seed, full, epochs, directory);
    }
}
