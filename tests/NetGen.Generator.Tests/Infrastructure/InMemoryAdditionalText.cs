using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>An additional file (as <c>&lt;AdditionalFiles Include="..." /&gt;</c> gives the compiler), held in memory.</summary>
public sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText? _text;

    /// <summary>
    /// A file at <paramref name="path"/> with <paramref name="text"/>; null text means the compiler could not read it.
    /// <paramref name="encoding"/> is the one the compiler found (UTF-8 unless given).
    /// </summary>
    public InMemoryAdditionalText(string path, string? text, System.Text.Encoding? encoding = null)
    {
        Path = path;
        _text = text is null ? null : SourceText.From(text, encoding ?? System.Text.Encoding.UTF8);
    }

    /// <inheritdoc/>
    public override string Path { get; }

    /// <inheritdoc/>
    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
}
