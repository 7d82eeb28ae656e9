using System;
using System.Text;

namespace NetGen.Generator.Helpers;

/// <summary>An indenting text writer for generated source; <see cref="Block"/> closes the braces it opens.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result writes the closing brace.</summary>
    public BlockScope Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        _indent++;
        return new BlockScope(this, closing);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct BlockScope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closing;

        public BlockScope(SourceWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_closing);
        }
    }
}
