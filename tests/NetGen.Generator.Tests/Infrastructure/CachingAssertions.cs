using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>
/// Checks that the generator's pipeline is incremental, in the manner of NetEscapades' and System.Text.Json's tests:
/// a second run over an equal compilation, or one with an unrelated edit, finds every named step
/// (<see cref="TrackingNames"/>) Cached or Unchanged; a real edit of the attribute finds the model step Modified;
/// and no step output holds a Roslyn object that would keep a compilation alive or defeat equality.
/// </summary>
public static class CachingAssertions
{
    /// <summary>The values of the public const string fields of <see cref="TrackingNames"/>.</summary>
    public static ImmutableArray<string> TrackingStepNames { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && !f.IsInitOnly && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToImmutableArray();

    /// <summary>Types no step output may hold (directly, or inside tuples, collections or the generator's own model types).</summary>
    private static readonly Type[] BannedTypes =
    {
        typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location),
    };

    /// <summary>
    /// Runs the generator over <paramref name="sources"/>, then again over <c>compilation.Clone()</c> and over the
    /// compilation plus an unrelated syntax tree, and after an unrelated edit appended to the first file, asserting that
    /// every step named in <see cref="TrackingNames"/> and every output step was cached (Cached or Unchanged), that the
    /// named steps produced equal outputs, and that no step output holds a banned Roslyn type.
    /// </summary>
    public static void AssertCached(params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult();
        AssertNoGeneratorFailure(first, "first run");
        AssertSomeStepsTracked(first);
        AssertNoBannedOutputs(first);

        // 1. The same compilation again.
        var clone = compilation.Clone();
        var second = driver.RunGenerators(clone).GetRunResult();
        AssertNoGeneratorFailure(second, "run on compilation.Clone()");
        AssertAllCached(second, "run on compilation.Clone()");
        AssertStepsProducedEqualOutputs(first, second, "run on compilation.Clone()");
        AssertNoBannedOutputs(second);

        // 2. An unrelated edit: a new file that has nothing to do with any network.
        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("internal class Unrelated { public int Value; }", "Unrelated.cs"));
        var third = driver.RunGenerators(edited).GetRunResult();
        AssertNoGeneratorFailure(third, "run after adding an unrelated syntax tree");
        AssertAllCached(third, "run after adding an unrelated syntax tree");
        AssertStepsProducedEqualOutputs(first, third, "run after adding an unrelated syntax tree");
        AssertNoBannedOutputs(third);

        // 3. An unrelated edit inside a file that declares a network.
        var firstTree = compilation.SyntaxTrees.First();
        var appended = compilation.ReplaceSyntaxTree(firstTree, firstTree.WithChangedText(
            firstTree.GetText().Replace(firstTree.GetText().Length, 0, "\ninternal class AlsoUnrelated { }\n")));
        var fourth = driver.RunGenerators(appended).GetRunResult();
        AssertNoGeneratorFailure(fourth, "run after an unrelated edit in the network's file");
        AssertAllCached(fourth, "run after an unrelated edit in the network's file");
        AssertStepsProducedEqualOutputs(first, fourth, "run after an unrelated edit in the network's file");
        AssertNoBannedOutputs(fourth);
    }

    /// <summary>
    /// Runs the generator over <paramref name="source"/>, then over the same source with <paramref name="oldText"/>
    /// replaced by <paramref name="newText"/> (for example a layer size), and asserts that each of
    /// <paramref name="modifiedSteps"/> reports a Modified output and that the generated source changed.
    /// </summary>
    public static void AssertModified(string source, string oldText, string newText, params string[] modifiedSteps)
    {
        if (!source.Contains(oldText, StringComparison.Ordinal)) throw new ArgumentException($"'{oldText}' is not in the source.", nameof(oldText));
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult();
        AssertNoGeneratorFailure(first, "first run");

        var tree = compilation.SyntaxTrees.Single();
        var changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(source.Replace(oldText, newText, StringComparison.Ordinal))));
        var second = driver.RunGenerators(changed).GetRunResult();
        AssertNoGeneratorFailure(second, "run after the edit");
        AssertNoBannedOutputs(second);

        var steps = second.Results.Single().TrackedSteps;
        foreach (string name in modifiedSteps)
        {
            if (!steps.TryGetValue(name, out var runs))
            {
                throw new Xunit.Sdk.XunitException($"Step '{name}' was not tracked after the edit. Tracked: {string.Join(", ", steps.Keys)}");
            }
            var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
            if (!reasons.Contains(IncrementalStepRunReason.Modified))
            {
                throw new Xunit.Sdk.XunitException(
                    $"Step '{name}' should report Modified after changing '{oldText}' to '{newText}', but reported: {string.Join(", ", reasons)}");
            }
        }

        string before = string.Join("\n", first.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        string after = string.Join("\n", second.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        if (before == after) throw new Xunit.Sdk.XunitException($"Changing '{oldText}' to '{newText}' did not change the generated source.");
    }

    /// <summary>
    /// Fails unless every output of every step named in <see cref="TrackingNames"/>, and of every output step
    /// (RegisterSourceOutput), is Cached or Unchanged.
    /// </summary>
    public static void AssertAllCached(GeneratorDriverRunResult run, string what)
    {
        var problems = new List<string>();
        var steps = TrackedByName(run).Concat(run.Results.Single().TrackedOutputSteps);
        foreach (var (name, runs) in steps)
        {
            for (int i = 0; i < runs.Length; i++)
            {
                foreach (var (value, reason) in runs[i].Outputs)
                {
                    if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    {
                        problems.Add($"  step '{name}' run {i}: {reason} output {Describe(value)}");
                    }
                }
            }
        }
        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"The {what} should have been cached, but:\n{string.Join("\n", problems)}");
        }
    }

    /// <summary>Fails unless each named step produced the same outputs (by value equality) in both runs.</summary>
    public static void AssertStepsProducedEqualOutputs(GeneratorDriverRunResult first, GeneratorDriverRunResult second, string what)
    {
        var a = TrackedByName(first);
        var b = TrackedByName(second);
        foreach (string name in TrackingStepNames)
        {
            bool inA = a.TryGetValue(name, out var runsA), inB = b.TryGetValue(name, out var runsB);
            if (inA != inB)
            {
                throw new Xunit.Sdk.XunitException($"In the {what}, step '{name}' was {(inB ? "" : "not ")}tracked, but in the first run it was {(inA ? "" : "not")}.");
            }
            if (!inA) continue;
            var outputsA = runsA.SelectMany(r => r.Outputs).Select(o => o.Value).ToList();
            var outputsB = runsB.SelectMany(r => r.Outputs).Select(o => o.Value).ToList();
            if (outputsA.Count != outputsB.Count || !outputsA.Zip(outputsB).All(p => Equals(p.First, p.Second)))
            {
                throw new Xunit.Sdk.XunitException(
                    $"In the {what}, step '{name}' produced different outputs:\n  first:  {string.Join(", ", outputsA.Select(Describe))}\n  second: {string.Join(", ", outputsB.Select(Describe))}");
            }
        }
    }

    /// <summary>
    /// Fails when any output of a step named in <see cref="TrackingNames"/>, or of an output step, holds a banned
    /// Roslyn type. (Roslyn's own internal steps, such as "Compilation", legitimately hold compilations.)
    /// </summary>
    public static void AssertNoBannedOutputs(GeneratorDriverRunResult run)
    {
        var steps = TrackedByName(run).Concat(run.Results.Single().TrackedOutputSteps);
        foreach (var (name, runs) in steps)
        {
            foreach (var step in runs)
            {
                foreach (var (value, _) in step.Outputs)
                {
                    string? path = FindBanned(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
                    if (path is not null)
                    {
                        throw new Xunit.Sdk.XunitException(
                            $"Step '{name}' output holds a Roslyn object that breaks caching and keeps compilations alive: {path}");
                    }
                }
            }
        }
    }

    private static void AssertSomeStepsTracked(GeneratorDriverRunResult run)
    {
        var tracked = TrackedByName(run);
        if (tracked.Count == 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"None of the TrackingNames steps ({string.Join(", ", TrackingStepNames)}) was tracked. Tracked: {string.Join(", ", run.Results.SelectMany(r => r.TrackedSteps.Keys))}");
        }
        var outputsTracked = run.Results.SelectMany(r => r.TrackedOutputSteps.Keys).ToList();
        if (outputsTracked.Count == 0) throw new Xunit.Sdk.XunitException("No output step was tracked: is step tracking on?");
    }

    private static void AssertNoGeneratorFailure(GeneratorDriverRunResult run, string what)
    {
        var exceptions = run.Results.Select(r => r.Exception).OfType<Exception>().ToList();
        var crashes = run.Diagnostics.Where(d => d.Id is "CS8784" or "CS8785").ToList();
        if (exceptions.Count > 0 || crashes.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"The generator threw in the {what}:\n{string.Join("\n", exceptions)}\n{string.Join("\n", crashes)}");
        }
    }

    /// <summary>The runs of the steps named in <see cref="TrackingNames"/>.</summary>
    private static Dictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> TrackedByName(GeneratorDriverRunResult run)
    {
        var steps = run.Results.Single().TrackedSteps;
        return TrackingStepNames
            .Where(steps.ContainsKey)
            .ToDictionary(name => name, name => steps[name]);
    }

    /// <summary>The path to a banned object inside <paramref name="value"/>, or null when there is none.</summary>
    private static string? FindBanned(object? value, string path, HashSet<object> visited, int depth)
    {
        if (value is null || depth > 20) return null;
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return null;
        foreach (var banned in BannedTypes)
        {
            if (banned.IsInstanceOfType(value)) return $"{path}: {type.FullName}";
        }
        if (!type.IsValueType && !visited.Add(value)) return null;

        if (value is ITuple tuple)
        {
            for (int i = 0; i < tuple.Length; i++)
            {
                string? found = FindBanned(tuple[i], $"{path}.Item{i + 1}", visited, depth + 1);
                if (found is not null) return found;
            }
            return null;
        }
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence)
            {
                string? found = FindBanned(item, $"{path}[{i++}]", visited, depth + 1);
                if (found is not null) return found;
            }
            // Fall through for the generator's own collection types, whose fields are walked below too.
        }
        // The generator's own model types (records, EquatableArray, ...): walk their fields.
        if (type.Assembly == typeof(MlpGenerator).Assembly)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                string? found = FindBanned(field.GetValue(value), $"{path}.{FieldName(field)}", visited, depth + 1);
                if (found is not null) return found;
            }
        }
        return null;
    }

    private static string FieldName(FieldInfo field)
    {
        // Record and auto-property backing fields are named <Name>k__BackingField.
        string name = field.Name;
        return name.StartsWith('<') && name.Contains('>') ? name[1..name.IndexOf('>')] : name;
    }

    private static string Describe(object? value)
    {
        string text = value?.ToString() ?? "null";
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}
