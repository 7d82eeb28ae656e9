using System.Globalization;
using Microsoft.CodeAnalysis;

namespace NetGen.Testing;

/// <summary>A diagnostic (from the generator, or from compiling the source with the generated code), as plain data.</summary>
/// <param name="Id">The diagnostic ID, e.g. <c>NG0004</c> or <c>CS0246</c>.</param>
/// <param name="Severity">Error, Warning, Info or Hidden.</param>
/// <param name="Message">The message, in invariant culture.</param>
/// <param name="FilePath">The source file it points into (<c>Source0.cs</c>, ... for the sources given to the run, or a generated file's hint name); empty when it has no location.</param>
/// <param name="Line">The 1-based line of its start, 0 when it has no location.</param>
/// <param name="Column">The 1-based column of its start, 0 when it has no location.</param>
public sealed record GeneratorMessage(string Id, DiagnosticSeverity Severity, string Message, string FilePath, int Line, int Column)
{
    internal static GeneratorMessage From(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        bool located = diagnostic.Location != Location.None;
        return new GeneratorMessage(
            diagnostic.Id,
            diagnostic.Severity,
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            located ? FileOf(span.Path) : "",
            located ? span.StartLinePosition.Line + 1 : 0,
            located ? span.StartLinePosition.Character + 1 : 0);
    }

    /// <summary>
    /// A source's own name, or a generated file's hint name: the compiler names a generated tree
    /// <c>{generator assembly}/{generator type}/{hint name}</c>, and <see cref="GeneratorOutput"/> indexes files by hint name.
    /// </summary>
    private static string FileOf(string path)
    {
        string generated = typeof(NetGen.Generator.MlpGenerator).Assembly.GetName().Name + "/" + typeof(NetGen.Generator.MlpGenerator).FullName + "/";
        return path.StartsWith(generated, System.StringComparison.Ordinal) ? path.Substring(generated.Length) : path;
    }

    /// <summary>One line: <c>Source0.cs(3,2): error NG0004: message</c>, as the compiler prints it.</summary>
    public override string ToString()
    {
        string severity = Severity.ToString().ToLowerInvariant();
        return FilePath.Length == 0
            ? $"{severity} {Id}: {Message}"
            : string.Create(CultureInfo.InvariantCulture, $"{FilePath}({Line},{Column}): {severity} {Id}: {Message}");
    }
}
