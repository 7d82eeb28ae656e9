using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace NetGen.Testing;

/// <summary>What one run of the NetGen generator produced: the generated files and the diagnostics.</summary>
public sealed class GeneratorOutput
{
    internal GeneratorOutput(IReadOnlyList<GeneratedFile> files, IReadOnlyList<GeneratorMessage> diagnostics,
        IReadOnlyList<GeneratorMessage> compilationDiagnostics, GeneratorDriver driver)
    {
        Files = files;
        Diagnostics = diagnostics;
        CompilationDiagnostics = compilationDiagnostics;
        Driver = driver;
    }

    /// <summary>The generated files, one per valid <c>[Mlp]</c> class, in the generator's order.</summary>
    public IReadOnlyList<GeneratedFile> Files { get; }

    /// <summary>The generator's own diagnostics (<c>NG0001</c>...): empty when every declaration is valid.</summary>
    public IReadOnlyList<GeneratorMessage> Diagnostics { get; }

    /// <summary>The errors and warnings of compiling the source together with the generated files (empty when all is well).</summary>
    public IReadOnlyList<GeneratorMessage> CompilationDiagnostics { get; }

    /// <summary>
    /// The Roslyn driver after the run, for snapshot libraries that take one: with Verify.SourceGenerators,
    /// <c>return Verify(output.Driver);</c>.
    /// </summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The generated file with this hint name (e.g. <c>Demo.XorNet.g.cs</c>).</summary>
    /// <exception cref="KeyNotFoundException">No file has that name; the message lists the generated ones.</exception>
    public GeneratedFile this[string hintName] =>
        Files.FirstOrDefault(f => string.Equals(f.HintName, hintName, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException(
            $"The generator wrote no file named '{hintName}'. It wrote: {(Files.Count == 0 ? "none" : string.Join(", ", Files.Select(f => f.HintName)))}"
            + (Diagnostics.Count == 0 ? "." : $". Its diagnostics:\n{string.Join("\n", Diagnostics)}"));

    /// <summary>
    /// Everything in one text, for a snapshot library that compares strings: each file after a
    /// <c>//HintName: ...</c> line (Verify.SourceGenerators' convention), then the diagnostics, one per line.
    /// </summary>
    public string ToSnapshot()
    {
        var text = new StringBuilder();
        foreach (var file in Files)
        {
            text.Append("//HintName: ").Append(file.HintName).Append('\n').Append(file.Text);
            if (!file.Text.EndsWith('\n')) text.Append('\n');
        }
        if (Diagnostics.Count > 0)
        {
            text.Append("//Diagnostics:\n");
            foreach (var diagnostic in Diagnostics) text.Append(diagnostic).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Writes each generated file into <paramref name="directory"/> under its hint name (and <c>diagnostics.txt</c> when
    /// there are diagnostics), creating the folder, so the files can be committed and compared with <c>git diff</c>.
    /// The folder's other <c>*.g.cs</c> files, and a <c>diagnostics.txt</c> when there are no diagnostics now, are
    /// deleted: they are an earlier run's, and a network removed or renamed, or a diagnostic fixed, then shows in
    /// <c>git diff</c> too. Other files and subfolders are left alone.
    /// </summary>
    /// <param name="directory">The snapshot folder, for example one beside the test's source file (not the current
    /// directory, which under <c>dotnet test</c> is the build output).</param>
    /// <returns>The paths written.</returns>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var file in Files)
        {
            string path = Path.Combine(directory, file.HintName);
            File.WriteAllText(path, file.Text);
            written.Add(path);
        }
        string diagnostics = Path.Combine(directory, "diagnostics.txt");
        if (Diagnostics.Count > 0)
        {
            File.WriteAllText(diagnostics, string.Join("\n", Diagnostics) + "\n");
            written.Add(diagnostics);
        }
        else if (File.Exists(diagnostics))
        {
            File.Delete(diagnostics);
        }
        var current = new HashSet<string>(written.Select(Path.GetFullPath), StringComparer.Ordinal);
        foreach (string stale in Directory.EnumerateFiles(directory, "*.g.cs"))
        {
            if (!current.Contains(Path.GetFullPath(stale))) File.Delete(stale);
        }
        return written;
    }
}
