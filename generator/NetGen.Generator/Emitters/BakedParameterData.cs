using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The baked parameters as read-only data in the assembly: <c>static ReadOnlySpan&lt;float&gt; Parameters => new float[] { ... }</c>.
/// With every element a constant, the C# compiler stores the values in the assembly's data section and the property
/// returns a span over them (RuntimeHelpers.CreateSpan on .NET 7 and later): no heap array, no start-up work.
/// </summary>
internal sealed class BakedParameterData
{
    /// <summary>Values per source line of the initializer.</summary>
    private const int ValuesPerLine = 8;

    private readonly EmitContext _context;
    private readonly BakedWeights _weights;

    public BakedParameterData(EmitContext context, BakedWeights weights)
    {
        _context = context;
        _weights = weights;
    }

    /// <summary>The property's name.</summary>
    public const string Name = "Parameters";

    public void Emit()
    {
        var w = _context.W;
        string t = _context.Keyword;
        w.Line($"/// <summary>Every trained parameter from {Xml(_weights.FileName)}, in the flat order (per layer: W row-major, then b), as read-only data in the assembly.</summary>");
        w.Line($"public static {EmitContext.ReadOnlySpan}<{t}> {Name} => new {t}[]");
        w.Line("{");
        var line = new StringBuilder();
        int count = _weights.Literals.Count;
        for (int k = 0; k < count; k++)
        {
            if (k % ValuesPerLine == 0)
            {
                if (line.Length > 0) w.Line(line.ToString());
                line.Clear().Append("    ");
            }
            else line.Append(' ');
            line.Append(_weights.Literals[k]).Append(',');
        }
        if (line.Length > 0) w.Line(line.ToString());
        w.Line("};");
        w.Line();
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
