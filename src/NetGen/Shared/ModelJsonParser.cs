// This file is compiled into two assemblies: the runtime library (NetGen) and the source generator
// (NetGen.Generator, netstandard2.0, C# 12, EnforceExtendedAnalyzerRules). No file IO, no current culture,
// nothing netstandard2.0 lacks. System.Text.Json does not load inside analyzers on older hosts, hence this reader.
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace NetGen;

/// <summary>The kind of a <see cref="ModelJsonValue"/>.</summary>
internal enum ModelJsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,

    /// <summary><c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c>: not JSON, but what Python's <c>json.dump</c> writes for them, so reported by name.</summary>
    NonFinite,
}

/// <summary>A member of a JSON object: its name, where the name is, and its value.</summary>
internal sealed class ModelJsonMember
{
    public ModelJsonMember(string name, ModelFilePosition namePosition, ModelJsonValue value)
    {
        Name = name;
        NamePosition = namePosition;
        Value = value;
    }

    public string Name { get; }

    public ModelFilePosition NamePosition { get; }

    public ModelJsonValue Value { get; }
}

/// <summary>A parsed JSON value with its position. Numbers keep their exact text.</summary>
internal sealed class ModelJsonValue
{
    private static readonly List<ModelJsonValue> NoItems = new();
    private static readonly List<ModelJsonMember> NoMembers = new();

    public ModelJsonValue(ModelJsonKind kind, ModelFilePosition position, string text, List<ModelJsonValue>? items = null, List<ModelJsonMember>? members = null)
    {
        Kind = kind;
        Position = position;
        Text = text;
        Items = items ?? NoItems;
        Members = members ?? NoMembers;
    }

    public ModelJsonKind Kind { get; }

    public ModelFilePosition Position { get; }

    /// <summary>A string's decoded value, a number's or a literal's exact text; empty for arrays and objects.</summary>
    public string Text { get; }

    /// <summary>An array's elements (empty for other kinds).</summary>
    public List<ModelJsonValue> Items { get; }

    /// <summary>An object's members in file order (empty for other kinds).</summary>
    public List<ModelJsonMember> Members { get; }

    /// <summary>How messages name this kind of value: "a string", "an array", ...</summary>
    public string KindName => Kind switch
    {
        ModelJsonKind.Object => "an object",
        ModelJsonKind.Array => "an array",
        ModelJsonKind.String => "a string",
        ModelJsonKind.Number => "a number",
        ModelJsonKind.True => "true",
        ModelJsonKind.False => "false",
        ModelJsonKind.Null => "null",
        _ => Text,
    };
}

/// <summary>
/// A strict RFC 8259 JSON parser that tracks line and column, bounds nesting depth, keeps each number's text, and never
/// throws on any input except <see cref="System.OperationCanceledException"/>: every problem becomes a
/// <see cref="ModelFileError"/> of kind <see cref="ModelFileErrorKind.Syntax"/> or <see cref="ModelFileErrorKind.TooDeep"/>.
/// </summary>
internal sealed class ModelJsonParser
{
    private const int CancellationCheckInterval = 4096;

    private readonly string _text;
    private readonly CancellationToken _cancellationToken;
    private readonly int _maxDepth;
    private readonly List<object> _path = new(); // string (member name) or int (array index), for messages only
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _untilCancellationCheck = CancellationCheckInterval;
    private ModelFileError? _error;

    private ModelJsonParser(string text, int maxDepth, CancellationToken cancellationToken)
    {
        _text = text;
        _maxDepth = maxDepth;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Parses <paramref name="text"/> as one JSON value; null with <paramref name="error"/> set when it is not JSON.</summary>
    public static ModelJsonValue? Parse(string text, int maxDepth, CancellationToken cancellationToken, out ModelFileError? error)
    {
        var parser = new ModelJsonParser(text ?? "", maxDepth, cancellationToken);
        ModelJsonValue? value = parser.ParseDocument();
        error = parser._error;
        return error is null ? value : null;
    }

    private ModelFilePosition Here => new(_line, _pos - _lineStart + 1, _pos);

    private ModelJsonValue? ParseDocument()
    {
        if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = 1; // a byte-order mark decoded as text
        SkipWhitespace();
        if (_pos >= _text.Length) return Fail("the file is empty (nothing but white space); expected a JSON object");
        ModelJsonValue? value = ParseValue(0);
        if (value is null) return null;
        SkipWhitespace();
        if (_pos < _text.Length) return Fail("unexpected " + Describe(_text[_pos]) + " after the end of the JSON value");
        return value;
    }

    private ModelJsonValue? ParseValue(int depth)
    {
        if (--_untilCancellationCheck <= 0)
        {
            _untilCancellationCheck = CancellationCheckInterval;
            _cancellationToken.ThrowIfCancellationRequested();
        }
        if (_pos >= _text.Length) return FailTruncated("a value");
        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return ParseObject(depth + 1);
            case '[':
                return ParseArray(depth + 1);
            case '"':
            {
                ModelFilePosition at = Here;
                string? s = ParseString();
                return s is null ? null : new ModelJsonValue(ModelJsonKind.String, at, s);
            }
            case 't':
                return ParseLiteral("true", ModelJsonKind.True);
            case 'f':
                return ParseLiteral("false", ModelJsonKind.False);
            case 'n':
                return ParseLiteral("null", ModelJsonKind.Null);
            case 'N':
                return ParseLiteral("NaN", ModelJsonKind.NonFinite);
            case 'I':
                return ParseLiteral("Infinity", ModelJsonKind.NonFinite);
            case '-' when Matches("-Infinity"):
                return ParseLiteral("-Infinity", ModelJsonKind.NonFinite);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                return Fail("unexpected " + Describe(c) + "; expected a value (object, array, string, number, true, false or null)");
        }
    }

    private ModelJsonValue? ParseObject(int depth)
    {
        ModelFilePosition at = Here;
        if (depth > _maxDepth) return Fail("arrays and objects are nested more than " + _maxDepth.ToString(CultureInfo.InvariantCulture) + " deep", ModelFileErrorKind.TooDeep);
        _pos++; // {
        var members = new List<ModelJsonMember>();
        SkipWhitespace();
        if (_pos < _text.Length && _text[_pos] == '}')
        {
            _pos++;
            return new ModelJsonValue(ModelJsonKind.Object, at, "", members: members);
        }
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length) return FailTruncated("a member name in quotes");
            if (_text[_pos] != '"') return Fail("unexpected " + Describe(_text[_pos]) + "; expected a member name in double quotes");
            ModelFilePosition nameAt = Here;
            string? name = ParseString();
            if (name is null) return null;
            SkipWhitespace();
            if (_pos >= _text.Length) return FailTruncated("':'");
            if (_text[_pos] != ':') return Fail("unexpected " + Describe(_text[_pos]) + "; expected ':' after the member name \"" + name + "\"");
            _pos++;
            SkipWhitespace();
            _path.Add(name);
            ModelJsonValue? value = ParseValue(depth);
            if (value is null) return null;
            _path.RemoveAt(_path.Count - 1);
            members.Add(new ModelJsonMember(name, nameAt, value));
            SkipWhitespace();
            if (_pos >= _text.Length) return FailTruncated("',' or '}'");
            char c = _text[_pos++];
            if (c == '}') return new ModelJsonValue(ModelJsonKind.Object, at, "", members: members);
            if (c != ',')
            {
                _pos--;
                return Fail("unexpected " + Describe(c) + "; expected ',' or '}' after an object member");
            }
        }
    }

    private ModelJsonValue? ParseArray(int depth)
    {
        ModelFilePosition at = Here;
        if (depth > _maxDepth) return Fail("arrays and objects are nested more than " + _maxDepth.ToString(CultureInfo.InvariantCulture) + " deep", ModelFileErrorKind.TooDeep);
        _pos++; // [
        var items = new List<ModelJsonValue>();
        SkipWhitespace();
        if (_pos < _text.Length && _text[_pos] == ']')
        {
            _pos++;
            return new ModelJsonValue(ModelJsonKind.Array, at, "", items);
        }
        _path.Add(0);
        while (true)
        {
            SkipWhitespace();
            _path[_path.Count - 1] = items.Count;
            ModelJsonValue? value = ParseValue(depth);
            if (value is null) return null;
            items.Add(value);
            SkipWhitespace();
            if (_pos >= _text.Length) return FailTruncated("',' or ']'");
            char c = _text[_pos++];
            if (c == ']')
            {
                _path.RemoveAt(_path.Count - 1);
                return new ModelJsonValue(ModelJsonKind.Array, at, "", items);
            }
            if (c != ',')
            {
                _pos--;
                return Fail("unexpected " + Describe(c) + "; expected ',' or ']' after an array element");
            }
        }
    }

    /// <summary>Parses a string starting at the opening quote; returns its decoded value, or null after a failure.</summary>
    private string? ParseString()
    {
        ModelFilePosition start = Here;
        _pos++; // opening quote
        StringBuilder? decoded = null;
        int runStart = _pos;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                FailAt(start, "unterminated string (the file ends inside it)", ModelFileErrorKind.Syntax);
                return null;
            }
            char c = _text[_pos];
            if (c == '"')
            {
                string result = decoded is null ? _text.Substring(runStart, _pos - runStart) : decoded.Append(_text, runStart, _pos - runStart).ToString();
                _pos++;
                return result;
            }
            if (c < ' ')
            {
                Fail(c == '\n' || c == '\r' ? "unterminated string (a line break inside a string must be written \\n)" : "control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " inside a string must be escaped");
                return null;
            }
            if (c != '\\')
            {
                _pos++;
                continue;
            }
            decoded ??= new StringBuilder();
            decoded.Append(_text, runStart, _pos - runStart);
            if (_pos + 1 >= _text.Length)
            {
                FailAt(start, "unterminated string (the file ends inside it)", ModelFileErrorKind.Syntax);
                return null;
            }
            char e = _text[_pos + 1];
            switch (e)
            {
                case '"': decoded.Append('"'); break;
                case '\\': decoded.Append('\\'); break;
                case '/': decoded.Append('/'); break;
                case 'b': decoded.Append('\b'); break;
                case 'f': decoded.Append('\f'); break;
                case 'n': decoded.Append('\n'); break;
                case 'r': decoded.Append('\r'); break;
                case 't': decoded.Append('\t'); break;
                case 'u':
                {
                    int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int at = _pos + 2 + i;
                        int digit = at < _text.Length ? HexValue(_text[at]) : -1;
                        if (digit < 0)
                        {
                            Fail("invalid escape: \\u must be followed by four hexadecimal digits");
                            return null;
                        }
                        code = code * 16 + digit;
                    }
                    decoded.Append((char)code);
                    _pos += 4;
                    break;
                }
                default:
                    Fail("invalid escape \\" + (e < ' ' ? Describe(e) : e.ToString()) + " in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                    return null;
            }
            _pos += 2;
            runStart = _pos;
        }
    }

    private ModelJsonValue? ParseNumber()
    {
        ModelFilePosition at = Here;
        int start = _pos;
        if (_text[_pos] == '-') _pos++;
        if (_pos >= _text.Length) return FailTruncated("a digit after '-'");
        if (_text[_pos] == '0')
        {
            _pos++;
            if (_pos < _text.Length && IsDigit(_text[_pos])) return Fail("invalid number: a leading zero must not be followed by digits");
        }
        else if (IsDigit(_text[_pos]))
        {
            while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
        }
        else
        {
            return Fail("invalid number: expected a digit after '-', found " + Describe(_text[_pos]));
        }
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            if (_pos >= _text.Length) return FailTruncated("a digit after the decimal point");
            if (!IsDigit(_text[_pos])) return Fail("invalid number: expected a digit after the decimal point, found " + Describe(_text[_pos]));
            while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
        }
        if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
        {
            _pos++;
            if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
            if (_pos >= _text.Length) return FailTruncated("a digit in the exponent");
            if (!IsDigit(_text[_pos])) return Fail("invalid number: expected a digit in the exponent, found " + Describe(_text[_pos]));
            while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
        }
        return new ModelJsonValue(ModelJsonKind.Number, at, _text.Substring(start, _pos - start));
    }

    private ModelJsonValue? ParseLiteral(string literal, ModelJsonKind kind)
    {
        ModelFilePosition at = Here;
        if (!Matches(literal))
        {
            int end = _pos;
            while (end < _text.Length && end - _pos < 20 && char.IsLetterOrDigit(_text[end])) end++;
            string word = end > _pos ? _text.Substring(_pos, end - _pos) : _text[_pos].ToString();
            return Fail("unexpected '" + word + "'; expected a value (object, array, string, number, true, false or null)");
        }
        _pos += literal.Length;
        return new ModelJsonValue(kind, at, literal);
    }

    private bool Matches(string literal) => _pos + literal.Length <= _text.Length && string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) == 0;

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == ' ' || c == '\t')
            {
                _pos++;
            }
            else if (c == '\n')
            {
                _pos++;
                NewLine();
            }
            else if (c == '\r')
            {
                _pos++;
                if (_pos < _text.Length && _text[_pos] == '\n') _pos++;
                NewLine();
            }
            else
            {
                return;
            }
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _pos;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static int HexValue(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

    /// <summary>How a message shows a character: <c>'x'</c>, or <c>U+0001</c> for one that does not print or looks like another (a no-break space like a space).</summary>
    private static string Describe(char c) =>
        c < ' ' || c == '\u007F' || char.IsSurrogate(c) || c == '\uFEFF' || (c > '\u007F' && (char.IsWhiteSpace(c) || char.IsControl(c))) ? "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";

    private ModelJsonValue? FailTruncated(string expected) =>
        Fail("unexpected end of file; expected " + expected + " (is the file truncated?)");

    private ModelJsonValue? Fail(string problem, ModelFileErrorKind kind = ModelFileErrorKind.Syntax)
    {
        FailAt(Here, problem, kind);
        return null;
    }

    private void FailAt(ModelFilePosition position, string problem, ModelFileErrorKind kind)
    {
        _error ??= new ModelFileError(kind, PathText(), position, problem);
    }

    private string PathText()
    {
        var text = new StringBuilder("$");
        foreach (object segment in _path)
        {
            if (segment is int index) text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else ModelFileReader.AppendMemberName(text, (string)segment);
        }
        return text.ToString();
    }
}
