using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator;

namespace NetGen.Testing;

/// <summary>
/// Runs the NetGen source generator over C# source, the way the compiler does in a build, and returns what it wrote.
/// For snapshot tests of a project's own networks: with any snapshot library, with plain files, or with none.
/// </summary>
/// <example>
/// <code>
/// var output = NetGenGenerator.Run("""
///     using NetGen;
///     namespace Demo;
///     [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
///     public partial class XorNet { }
///     """);
/// Assert.Empty(output.Diagnostics);
/// string code = output["Demo.XorNet.g.cs"].Text;
/// </code>
/// </example>
public static class NetGenGenerator
{
    /// <summary>Runs the generator over one source file (named <c>Source0.cs</c> in diagnostics).</summary>
    /// <param name="source">C# source with <c>[Mlp]</c> declarations.</param>
    /// <param name="options">Language version, additional files, extra references; defaults when null.</param>
    /// <returns>The generated files in the generator's order, its diagnostics, and the diagnostics of compiling the result.</returns>
    /// <exception cref="InvalidOperationException">The generator threw (a NetGen bug: it reports every problem with the
    /// source as a diagnostic), or the framework assemblies cannot be located (a single-file or NativeAOT app).</exception>
    public static GeneratorOutput Run(string source, GeneratorRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Run(new[] { source }, options);
    }

    /// <summary>Runs the generator over several source files (named <c>Source0.cs</c>, <c>Source1.cs</c>, ... in diagnostics).</summary>
    /// <inheritdoc cref="Run(string, GeneratorRunOptions?)"/>
    public static GeneratorOutput Run(IEnumerable<string> sources, GeneratorRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new GeneratorRunOptions();
        options.Validate();
        var parseOptions = new CSharpParseOptions(options.LanguageVersion, DocumentationMode.Parse);
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(
            text ?? throw new ArgumentException($"Source {i} is null.", nameof(sources)), parseOptions, $"Source{i}.cs"));
        var compilation = CSharpCompilation.Create(
            options.AssemblyName,
            trees,
            FrameworkReferences.Value.Concat(options.References),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var additionalTexts = options.AdditionalFiles
            .Select(pair => (AdditionalText)new InMemoryAdditionalText(pair.Key, pair.Value))
            .ToImmutableArray();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new MlpGenerator().AsSourceGenerator() },
            additionalTexts,
            parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out var generatorDiagnostics);

        var run = driver.GetRunResult();
        var exception = run.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (exception is not null)
        {
            throw new InvalidOperationException($"The NetGen generator threw {exception.GetType().Name}: {exception.Message}", exception);
        }
        var files = run.Results
            .SelectMany(r => r.GeneratedSources)
            .Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString().Replace("\r\n", "\n", StringComparison.Ordinal)))
            .ToList();
        var compileMessages = outputCompilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(GeneratorMessage.From)
            .ToList();
        return new GeneratorOutput(files, generatorDiagnostics.Select(GeneratorMessage.From).ToList(), compileMessages, driver);
    }

    /// <summary>The running .NET's framework assemblies plus the NetGen runtime, which every network's code needs.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
    {
        string coreLibrary = typeof(object).Assembly.Location;
        string runtime = typeof(MlpAttribute).Assembly.Location;
        if (coreLibrary.Length == 0 || runtime.Length == 0)
        {
            throw new InvalidOperationException(
                "NetGen.Testing compiles against the running app's framework assemblies, whose files it cannot locate here " +
                "(a single-file or NativeAOT app). Run the tests as a normal test project (dotnet test).");
        }
        // The framework's own assemblies (not the test's dependencies) from the trusted platform assemblies list.
        string frameworkFolder = Path.GetDirectoryName(coreLibrary)!;
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? coreLibrary)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkFolder, StringComparison.Ordinal))
            .Append(runtime)
            .Distinct(StringComparer.Ordinal);
        return paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    });

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
