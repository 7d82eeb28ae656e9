using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Helpers;

/// <summary>Names as generated code and hint names need them.</summary>
internal static class Identifiers
{
    /// <summary>
    /// <paramref name="name"/> as it must be written in code: with '@' when it is a keyword (<c>@class</c>), a contextual
    /// keyword that could change the meaning of a declaration (<c>@record</c>, <c>@async</c>), or lower-case ASCII only,
    /// which the compiler warns about (CS8981) unless escaped.
    /// </summary>
    public static string Escape(string name)
    {
        bool keyword = SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;
        bool lowerAscii = name.Length > 0;
        foreach (char c in name) lowerAscii &= c is >= 'a' and <= 'z';
        return keyword || lowerAscii ? "@" + name : name;
    }

    /// <summary>
    /// A hint-name-safe spelling of a metadata-like name: ASCII letters, digits, '_', '.' and '+' stay; every other
    /// character becomes '-' and its UTF-16 code in hex. '-' never occurs in a C# identifier, so distinct names stay distinct.
    /// </summary>
    public static string ForHintName(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '+') text.Append(c);
            else text.Append('-').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
