using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing of generated sources with Verify.SourceGenerators' conventions (Verify itself is not available
/// here), so that moving to Verify later is mechanical:
/// <list type="bullet">
/// <item>one file per generated source, <c>Snapshots/{TestClass}.{TestMethod}#{HintName minus .cs}.verified.cs</c>,
/// whose first line is <c>//HintName: {HintName}</c>;</item>
/// <item>the generator's diagnostics, when there are any, in <c>Snapshots/{TestClass}.{TestMethod}.verified.txt</c>;</item>
/// <item>on a mismatch or a missing verified file, a <c>.received.</c> file is written beside it (gitignored) and the
/// test fails with a compact diff;</item>
/// <item>with the environment variable <c>NETGEN_ACCEPT=1</c>, the received text overwrites the verified files
/// (and stale verified files of the test are deleted) instead of failing.</item>
/// </list>
/// Nothing is scrubbed: the generated text holds no version (VersionStabilityTests), so it is compared as written,
/// with line endings normalized to \n.
/// </summary>
public static class Snapshot
{
    /// <summary>Set this environment variable to 1 (or true) to accept new output as the verified snapshots.</summary>
    public const string AcceptVariable = "NETGEN_ACCEPT";

    /// <summary>Lines of unchanged context shown around each change in a diff.</summary>
    private const int ContextLines = 3;

    /// <summary>At most this many diff lines per file are shown.</summary>
    private const int MaxDiffLines = 150;

    /// <summary>True when <see cref="AcceptVariable"/> asks to accept received output.</summary>
    public static bool Accepting =>
        Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true" or "True" or "TRUE";

    /// <summary>
    /// Compares every generated source, and the generator's diagnostics, with the verified snapshots of the calling test.
    /// </summary>
    /// <param name="result">The generator run.</param>
    /// <param name="testClass">The snapshot name's class part; by default the calling file's name (one test class per file).</param>
    /// <param name="testMethod">The snapshot name's method part; by default the calling method.</param>
    /// <param name="sourceFile">Supplied by the compiler: locates the Snapshots folder in the source tree.</param>
    public static void Verify(
        GeneratorResult result,
        string? testClass = null,
        [CallerMemberName] string testMethod = "",
        [CallerFilePath] string sourceFile = "")
    {
        string name = (testClass ?? Path.GetFileNameWithoutExtension(sourceFile)) + "." + testMethod;
        string folder = SnapshotsFolder(sourceFile);
        ClaimName(name, sourceFile);

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in result.GeneratedSources)
        {
            string hint = source.HintName.EndsWith(".cs", StringComparison.Ordinal) ? source.HintName[..^3] : source.HintName;
            expected[Path.Combine(folder, $"{name}#{hint}.verified.cs")] = $"//HintName: {source.HintName}\n" + NormalizeLineEndings(source.Text);
        }
        if (result.GeneratorDiagnostics.Length > 0)
        {
            expected[Path.Combine(folder, name + ".verified.txt")] = FormatDiagnostics(result.GeneratorDiagnostics);
        }

        VerifyFiles(folder, name, expected);
    }

    /// <summary>Compares a single text with <c>Snapshots/{TestClass}.{TestMethod}.verified.{extension}</c>.</summary>
    public static void VerifyText(
        string text,
        string extension = "txt",
        string? testClass = null,
        [CallerMemberName] string testMethod = "",
        [CallerFilePath] string sourceFile = "")
    {
        string name = (testClass ?? Path.GetFileNameWithoutExtension(sourceFile)) + "." + testMethod;
        string folder = SnapshotsFolder(sourceFile);
        ClaimName(name, sourceFile);
        VerifyFiles(folder, name, new Dictionary<string, string> { [Path.Combine(folder, $"{name}.verified.{extension}")] = NormalizeLineEndings(text) }, checkStale: false);
    }

    /// <summary>The text with its line endings normalized to \n, so snapshots compare the same on every OS.</summary>
    private static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n");

    /// <summary>One diagnostic per line: severity, id, file(line,col)-(line,col), message.</summary>
    public static string FormatDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var builder = new StringBuilder();
        foreach (var d in diagnostics
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            string where = "(no location)";
            // Source locations, and the external-file locations generators rebuild from plain data (LocationInfo).
            if (d.Location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile)
            {
                var span = d.Location.GetLineSpan();
                where = $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})";
            }
            builder.Append(d.Severity).Append(' ').Append(d.Id).Append(' ').Append(where).Append(": ")
                .Append(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        return builder.ToString();
    }

    /// <summary>The source file that used each snapshot name first in this run.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> NameOwners = new(StringComparer.Ordinal);

    /// <summary>
    /// Throws when a test in another file already used <paramref name="name"/>: two classes of one name (in different
    /// namespaces) with a method of one name would each delete the other's files as stale.
    /// </summary>
    private static void ClaimName(string name, string sourceFile)
    {
        string owner = NameOwners.GetOrAdd(name, sourceFile);
        if (owner != sourceFile)
        {
            throw new InvalidOperationException(
                $"The snapshot name '{name}' is used by tests in {owner} and in {sourceFile}; their snapshots would overwrite each other. Pass testClass to tell them apart.");
        }
    }

    private static void VerifyFiles(string folder, string name, Dictionary<string, string> expected, bool checkStale = true)
    {
        bool accept = Accepting;
        var failures = new List<string>();
        Directory.CreateDirectory(folder);

        foreach (var (verifiedPath, actual) in expected)
        {
            string receivedPath = ReceivedPath(verifiedPath);
            string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
            if (verified == actual)
            {
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                continue;
            }
            if (accept)
            {
                File.WriteAllText(verifiedPath, actual);
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                continue;
            }
            File.WriteAllText(receivedPath, actual);
            failures.Add(verified is null
                ? $"New snapshot (no verified file): {Path.GetFileName(verifiedPath)}\n  received: {receivedPath}\n{Head(actual)}"
                : $"Snapshot mismatch: {Path.GetFileName(verifiedPath)}\n  received: {receivedPath}\n{Diff(verified, actual)}");
        }

        if (checkStale)
        {
            // Verified files of this test that the run no longer produces (a renamed hint name, diagnostics gone).
            var stale = Directory.EnumerateFiles(folder, name + "*.verified.*")
                .Where(path => IsSnapshotOf(Path.GetFileName(path), name) && !expected.ContainsKey(path))
                .ToList();
            foreach (string path in stale)
            {
                if (accept) File.Delete(path);
                else failures.Add($"Stale snapshot (not produced by this run): {Path.GetFileName(path)}");
            }
        }

        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                string.Join("\n\n", failures) + $"\n\nIf the new output is right, rerun with {AcceptVariable}=1 to accept it (or move the .received. files over the .verified. ones).");
        }
    }

    /// <summary>True for "{name}#....verified.cs" and "{name}.verified.txt", not for "{name}Longer...".</summary>
    private static bool IsSnapshotOf(string fileName, string name) =>
        fileName.StartsWith(name + "#", StringComparison.Ordinal) || fileName.StartsWith(name + ".verified.", StringComparison.Ordinal);

    private static string ReceivedPath(string verifiedPath)
    {
        int index = verifiedPath.LastIndexOf(".verified.", StringComparison.Ordinal);
        return verifiedPath[..index] + ".received." + verifiedPath[(index + ".verified.".Length)..];
    }

    /// <summary>The first lines of a new snapshot.</summary>
    private static string Head(string text)
    {
        var lines = text.Split('\n');
        var shown = lines.Take(20).Select((line, i) => $"  {i + 1,5} + {line}");
        return string.Join("\n", shown) + (lines.Length > 20 ? $"\n  ... ({lines.Length - 20} more lines)" : "");
    }

    /// <summary>A unified-style diff: hunks of changed lines with <see cref="ContextLines"/> lines of context and line numbers.</summary>
    public static string Diff(string verified, string received)
    {
        var diff = Differ.Instance.CreateLineDiffs(verified, received, ignoreWhitespace: false, ignoreCase: false);
        var oldLines = diff.PiecesOld;
        var newLines = diff.PiecesNew;
        var blocks = diff.DiffBlocks;
        if (blocks.Count == 0) return "  (texts differ only in line endings or a trailing newline)";

        var output = new List<string>();
        int b = 0;
        while (b < blocks.Count)
        {
            // Merge blocks whose context would overlap into one hunk.
            int first = b, last = b;
            while (last + 1 < blocks.Count
                && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * ContextLines)
            {
                last++;
            }

            int oldStart = Math.Max(0, blocks[first].DeleteStartA - ContextLines);
            int newStart = blocks[first].InsertStartB - (blocks[first].DeleteStartA - oldStart);
            int oldEnd = Math.Min(oldLines.Count, blocks[last].DeleteStartA + blocks[last].DeleteCountA + ContextLines);
            int newEnd = Math.Min(newLines.Count, blocks[last].InsertStartB + blocks[last].InsertCountB + ContextLines);
            output.Add($"  @@ -{oldStart + 1},{oldEnd - oldStart} +{newStart + 1},{newEnd - newStart} @@");

            int o = oldStart, n = newStart;
            for (int k = first; k <= last; k++)
            {
                var block = blocks[k];
                for (; o < block.DeleteStartA; o++, n++) output.Add($"  {o + 1,5} {n + 1,5}   {oldLines[o]}");
                for (int i = 0; i < block.DeleteCountA; i++, o++) output.Add($"  {o + 1,5}       - {oldLines[o]}");
                for (int i = 0; i < block.InsertCountB; i++, n++) output.Add($"        {n + 1,5} + {newLines[n]}");
            }
            for (; o < oldEnd && n < newEnd; o++, n++) output.Add($"  {o + 1,5} {n + 1,5}   {oldLines[o]}");

            b = last + 1;
        }

        if (output.Count > MaxDiffLines)
        {
            int hidden = output.Count - MaxDiffLines;
            output = output.Take(MaxDiffLines).ToList();
            output.Add($"  ... ({hidden} more diff lines; compare the .received. file)");
        }
        return string.Join("\n", output);
    }

    /// <summary>tests/NetGen.Generator.Tests/Snapshots, found from the calling source file (or, failing that, the output directory).</summary>
    private static string SnapshotsFolder(string sourceFile)
    {
        const string ProjectFile = "NetGen.Generator.Tests.csproj";
        foreach (string? start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ProjectFile))) return Path.Combine(dir.FullName, "Snapshots");
                string nested = Path.Combine(dir.FullName, "tests", "NetGen.Generator.Tests");
                if (File.Exists(Path.Combine(nested, ProjectFile))) return Path.Combine(nested, "Snapshots");
            }
        }
        throw new InvalidOperationException($"Could not find {ProjectFile} above {sourceFile} or {AppContext.BaseDirectory}.");
    }
}
