using System.Globalization;

namespace NetGen.Generator.Model;

/// <summary>How float or double is spelled in generated code.</summary>
internal sealed class NumberType
{
    public static readonly NumberType Float = new("float", "global::System.MathF", "f");
    public static readonly NumberType Double = new("double", "global::System.Math", "d");

    private readonly string _suffix;

    private NumberType(string keyword, string math, string suffix)
    {
        Keyword = keyword;
        Math = math;
        _suffix = suffix;
    }

    /// <summary><c>float</c> or <c>double</c>.</summary>
    public string Keyword { get; }

    /// <summary>The class with Exp, Log, Tanh for this type.</summary>
    public string Math { get; }

    public static NumberType For(bool usesDouble) => usesDouble ? Double : Float;

    /// <summary>A round-trippable literal in invariant culture, e.g. <c>0.5f</c> or <c>1E-05d</c>.</summary>
    public string Literal(double value)
    {
        // Narrow first: a double beyond float's range becomes an infinity, which needs its named constant too.
        if (Keyword == "float") value = (float)value;
        if (double.IsNaN(value)) return Keyword + ".NaN";
        if (double.IsPositiveInfinity(value)) return Keyword + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return Keyword + ".NegativeInfinity";
        string digits = Keyword == "float"
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        return digits + _suffix;
    }
}
