using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Tests.Infrastructure;

namespace NetGen.Generator.Tests.Fuzzing;

/// <summary>What went wrong in one case, if anything.</summary>
public enum FuzzOutcome
{
    /// <summary>Compiled cleanly with its generated code, or NG / compiler errors only at the user's code.</summary>
    Fine,

    /// <summary>The generator threw (CS8784/CS8785, or an exception in the run result).</summary>
    Crash,

    /// <summary>An error or warning in generated code, or a new error at user code that the generated code caused.</summary>
    NonCompiling,

    /// <summary>No NG and no compiler error, yet an annotated class did not get the network's members.</summary>
    Silent,

    /// <summary>An NG on an attribute the compiler already rejects.</summary>
    ExtraNg,
}

/// <summary>The result of one case: its outcome and, when not fine, why.</summary>
public sealed record FuzzResult(FuzzCase Case, FuzzOutcome Outcome, string Detail);

/// <summary>Runs fuzz cases through the generator and then the compiler, and classifies each.</summary>
public static class FuzzRunner
{
    public static IReadOnlyList<FuzzResult> RunAll(IEnumerable<FuzzCase> cases)
    {
        var list = cases.ToList();
        var results = new FuzzResult[list.Count];
        Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i => results[i] = Run(list[i]));
        return results;
    }

    public static FuzzResult Run(FuzzCase fuzzCase)
    {
        var parseOptions = new CSharpParseOptions(fuzzCase.LanguageVersion, DocumentationMode.Diagnose);
        var trees = fuzzCase.Sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, $"Source{i}.cs")).ToArray();
        var input = CSharpCompilation.Create("Fuzz_" + Guid.NewGuid().ToString("N"), trees, GeneratorHarness.References, GeneratorHarness.CompilationOptions);
        var driver = CSharpGeneratorDriver.Create(new[] { new MlpGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
        driver = (CSharpGeneratorDriver)driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult();

        var exceptions = run.Results.Select(r => r.Exception).OfType<Exception>().ToList();
        var crash = generatorDiagnostics.FirstOrDefault(d => d.Id is "CS8784" or "CS8785");
        if (exceptions.Count > 0 || crash is not null)
        {
            return new FuzzResult(fuzzCase, FuzzOutcome.Crash, crash?.GetMessage() ?? exceptions[0].ToString());
        }

        var userTrees = new HashSet<SyntaxTree>(trees);
        var ngs = generatorDiagnostics.Where(d => d.Id.StartsWith("NG", StringComparison.Ordinal)).ToList();
        // The generator's diagnostics carry file locations (paths), not trees.
        var userPaths = new HashSet<string>(trees.Select(t => t.FilePath));
        var misplaced = ngs.FirstOrDefault(d => d.Location.Kind != LocationKind.None && !userPaths.Contains(d.Location.GetLineSpan().Path));
        if (misplaced is not null) return new FuzzResult(fuzzCase, FuzzOutcome.NonCompiling, "NG outside user code: " + misplaced);

        var inputErrors = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var outputDiagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        var inGenerated = outputDiagnostics.FirstOrDefault(d => d.Location.SourceTree is { } tree && !userTrees.Contains(tree));
        if (inGenerated is not null) return new FuzzResult(fuzzCase, FuzzOutcome.NonCompiling, "in generated code: " + inGenerated);

        var known = new HashSet<string>(inputErrors.Select(Key));
        var caused = outputDiagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error && !known.Contains(Key(d)));
        if (caused is not null) return new FuzzResult(fuzzCase, FuzzOutcome.NonCompiling, "new error at user code: " + caused);

        // An NG at an attribute the compiler already rejects is a second opinion the docs promise never to give.
        var mlpAttributes = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            .Where(a => a.Name.ToString() is "Mlp" or "NetGen.Mlp" or "MlpAttribute" or "NetGen.MlpAttribute").ToList();
        foreach (var ng in ngs)
        {
            var attribute = mlpAttributes.FirstOrDefault(a => a.SyntaxTree.FilePath == ng.Location.GetLineSpan().Path && a.Span.IntersectsWith(ng.Location.SourceSpan));
            if (attribute is null) continue;
            var error = inputErrors.FirstOrDefault(e => e.Location.SourceTree == attribute.SyntaxTree && attribute.Span.Contains(e.Location.SourceSpan));
            if (error is not null) return new FuzzResult(fuzzCase, FuzzOutcome.ExtraNg, $"{ng.Id} beside {error}");
        }

        // Silent: nothing reported anywhere, yet an annotated class lacks the network's members.
        if (ngs.Count == 0 && !outputDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            foreach (var tree in output.SyntaxTrees.Where(userTrees.Contains))
            {
                var model = output.GetSemanticModel(tree);
                foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
                {
                    if (!declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => mlpAttributes.Contains(a))) continue;
                    if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol symbol) continue;
                    if (symbol.GetAttributes().All(a => a.AttributeClass?.ToDisplayString() != "NetGen.MlpAttribute")) continue;
                    if (symbol.GetMembers("Step").IsEmpty) return new FuzzResult(fuzzCase, FuzzOutcome.Silent, $"'{symbol.ToDisplayString()}' has no generated members and nothing was reported");
                }
            }
        }
        return new FuzzResult(fuzzCase, FuzzOutcome.Fine, "");
    }

    private static string Key(Diagnostic d) => $"{d.Id}@{d.Location.SourceTree?.FilePath}:{d.Location.SourceSpan}";

    /// <summary>The counts line of the report: tried / crashes / non-compiling / silent / extra NG.</summary>
    public static string Counts(IReadOnlyList<FuzzResult> results) =>
        $"tried {results.Count} / crashes {Count(results, FuzzOutcome.Crash)} / non-compiling {Count(results, FuzzOutcome.NonCompiling)} / " +
        $"silent {Count(results, FuzzOutcome.Silent)} / extra NG {Count(results, FuzzOutcome.ExtraNg)}";

    private static int Count(IReadOnlyList<FuzzResult> results, FuzzOutcome outcome) => results.Count(r => r.Outcome == outcome);
}
