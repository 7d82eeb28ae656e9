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
    /// <paramref name="encoding"/> is the one the compiler decoded it with: unless given, UTF-8 that throws on invalid
    /// bytes, as for a file without a byte-order mark whose bytes are all UTF-8 (its encoder replaces, so that the
    /// checksum of a fuzzed text with a lone surrogate, which no decoded file holds, can be taken).
    /// </summary>
    public InMemoryAdditionalText(string path, string? text, System.Text.Encoding? encoding = null)
    {
        Path = path;
        _text = text is null ? null : SourceText.From(text, encoding ?? StrictUtf8);
    }

    private static readonly System.Text.Encoding StrictUtf8 =
        System.Text.Encoding.GetEncoding("utf-8", System.Text.EncoderFallback.ReplacementFallback, System.Text.DecoderFallback.ExceptionFallback);

    /// <inheritdoc/>
    public override string Path { get; }

    /// <inheritdoc/>
    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
}
