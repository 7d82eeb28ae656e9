using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="MlpGenerator"/> over C# source text through <see cref="CSharpGeneratorDriver"/>, the way the
/// compiler does, and returns what it produced: its diagnostics, its sources, and the diagnostics of the compilation
/// that includes them.
/// </summary>
/// <remarks>
/// Compilations use C# 12, nullable enabled, the highest warning level, the .NET 8 reference assemblies from
/// Basic.Reference.Assemblies and the NetGen runtime library built for net8.0 (copied next to the tests by the
/// project file; the net10.0 build in the test's bin cannot be mixed with .NET 8 reference assemblies).
/// </remarks>
public static class GeneratorHarness
{
    /// <summary>The folder, under the test output directory, holding the net8.0 build of the runtime library.</summary>
    public const string Net8RuntimeFolder = "netgen-net8";

    /// <summary>The parse options of every tree the harness compiles.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    /// <summary>The compilation options: a library, nullable enabled, every warning wave.</summary>
    public static CSharpCompilationOptions CompilationOptions { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999,
        deterministic: true,
        // The generated docs may refer to runtime members: missing XML comments are not the generator's concern.
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Suppress });

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(RuntimeAssemblyPath))
            .ToImmutableArray());

    /// <summary>The .NET 8 reference assemblies plus the NetGen runtime library.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>The path of the NetGen runtime assembly the compilations reference (its net8.0 build).</summary>
    public static string RuntimeAssemblyPath
    {
        get
        {
            string net8 = Path.Combine(AppContext.BaseDirectory, Net8RuntimeFolder, "NetGen.dll");
            if (File.Exists(net8)) return net8;
            throw new InvalidOperationException(
                $"The net8.0 build of the NetGen runtime was not found at {net8}. " +
                "The test project's CopyNet8Runtime target puts it there; rebuild the test project.");
        }
    }

    /// <summary>Parses one source text into a syntax tree with the harness's options.</summary>
    public static SyntaxTree Parse(string source, string path = "") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A compilation of the given sources (files named Source0.cs, Source1.cs, ...), before the generator runs.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "NetGenTests_" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => Parse(source, $"Source{i}.cs")),
            References,
            CompilationOptions);

    /// <summary>A driver for a fresh <see cref="MlpGenerator"/>, tracking incremental steps.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalTexts = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new MlpGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Compiles <paramref name="sources"/>, runs the generator over them and returns what it produced.</summary>
    public static GeneratorResult Run(params string[] sources) => Run(CreateCompilation(sources));

    /// <summary>Runs a fresh generator over <paramref name="compilation"/>.</summary>
    public static GeneratorResult Run(CSharpCompilation compilation) => Run(compilation, Array.Empty<AdditionalText>());

    /// <summary>Runs a fresh generator over <paramref name="compilation"/> with the project's additional files (e.g. Weights files).</summary>
    public static GeneratorResult Run(CSharpCompilation compilation, IEnumerable<AdditionalText> additionalTexts)
    {
        var driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorResult(compilation, output, driver, driver.GetRunResult(), generatorDiagnostics);
    }
}

/// <summary>A generated source file.</summary>
/// <param name="HintName">The name the generator gave it (unique per generator).</param>
/// <param name="Text">Its text.</param>
public sealed record GeneratedSource(string HintName, string Text);

/// <summary>What one run of the generator produced.</summary>
public sealed class GeneratorResult
{
    internal GeneratorResult(CSharpCompilation input, Compilation output, GeneratorDriver driver, GeneratorDriverRunResult runResult, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        InputCompilation = input;
        OutputCompilation = output;
        Driver = driver;
        RunResult = runResult;
        GeneratorDiagnostics = generatorDiagnostics;
        GeneratorExceptions = runResult.Results.Select(r => r.Exception).OfType<Exception>().ToImmutableArray();
        GeneratedSources = runResult.Results
            .SelectMany(r => r.GeneratedSources)
            .Select(s => new GeneratedSource(s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();
        CompilationDiagnostics = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToImmutableArray();
    }

    /// <summary>The compilation the generator ran on.</summary>
    public CSharpCompilation InputCompilation { get; }

    /// <summary>The compilation with the generated sources added.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The driver after the run (run it again to test caching).</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The driver's run result, with the tracked steps.</summary>
    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>The diagnostics the generator reported (including CS8784/CS8785 when it threw).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The exceptions the generator threw.</summary>
    public ImmutableArray<Exception> GeneratorExceptions { get; }

    /// <summary>The generated sources, in the order the generator added them.</summary>
    public ImmutableArray<GeneratedSource> GeneratedSources { get; }

    /// <summary>The errors and warnings of the output compilation (user code plus generated code).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics { get; }

    /// <summary>True when the generator threw: an exception in the run result, or CS8784/CS8785 among the diagnostics.</summary>
    public bool GeneratorThrew =>
        GeneratorExceptions.Length > 0 || GeneratorDiagnostics.Any(d => d.Id is "CS8784" or "CS8785");

    /// <summary>The only generated source; fails when there is not exactly one.</summary>
    public GeneratedSource SingleSource
    {
        get
        {
            if (GeneratedSources.Length != 1)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Expected exactly one generated source, got {GeneratedSources.Length}: {string.Join(", ", GeneratedSources.Select(s => s.HintName))}");
            }
            return GeneratedSources[0];
        }
    }

    /// <summary>The generated source with this hint name; fails when there is none.</summary>
    public GeneratedSource Source(string hintName) =>
        GeneratedSources.FirstOrDefault(s => s.HintName == hintName)
        ?? throw new Xunit.Sdk.XunitException(
            $"No generated source named '{hintName}'. Generated: {string.Join(", ", GeneratedSources.Select(s => s.HintName))}");

    /// <summary>Fails unless the generator ran without throwing and reported no diagnostic.</summary>
    public GeneratorResult AssertNoGeneratorDiagnostics()
    {
        AssertDidNotThrow();
        if (GeneratorDiagnostics.Length > 0)
        {
            throw new Xunit.Sdk.XunitException("The generator reported diagnostics:\n" + Format(GeneratorDiagnostics));
        }
        return this;
    }

    /// <summary>Fails when the generator threw.</summary>
    public GeneratorResult AssertDidNotThrow()
    {
        if (GeneratorThrew)
        {
            throw new Xunit.Sdk.XunitException(
                "The generator threw.\n" + string.Join("\n", GeneratorExceptions.Select(e => e.ToString())) + "\n" + Format(GeneratorDiagnostics));
        }
        return this;
    }

    /// <summary>Fails unless the output compilation (user code plus generated code) has no error and no warning.</summary>
    public GeneratorResult AssertCompilesWithoutWarnings()
    {
        if (CompilationDiagnostics.Length > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"The output compilation has {CompilationDiagnostics.Length} error(s)/warning(s):\n" + Format(CompilationDiagnostics, OutputCompilation));
        }
        return this;
    }

    /// <summary>Emits the output compilation and loads it into a collectible load context; dispose the result to unload it.</summary>
    public LoadedAssembly Load() => LoadedAssembly.Emit(OutputCompilation);

    /// <summary>Diagnostics one per line, with the offending source line for those in generated code.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics, Compilation? compilation = null)
    {
        var lines = new List<string>();
        foreach (var diagnostic in diagnostics.Take(50))
        {
            lines.Add(diagnostic.ToString());
            var tree = diagnostic.Location.SourceTree;
            if (compilation is not null && tree is not null)
            {
                var text = tree.GetText();
                int line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
                if (line >= 0 && line < text.Lines.Count) lines.Add("    > " + text.Lines[line].ToString().Trim());
            }
        }
        return string.Join("\n", lines);
    }
}
