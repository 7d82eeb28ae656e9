using System;
using System.Globalization;
using System.Threading;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Numbers written into generated code are invariant-culture, round-trippable C# literals.</summary>
public class LiteralTests
{
    public static TheoryData<double> Values => new()
    {
        0.0, 1.0, -1.0, 0.5, 2.0 / 3.0, 0.01, 1e-5, 1e-40, -100.0, 123456789.123, double.Epsilon, double.MaxValue, Math.PI,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Double_literals_round_trip_whatever_the_current_culture(double value)
    {
        string literal = WithCulture("de-DE", () => NumberType.Double.Literal(value));
        Assert.EndsWith("d", literal);
        Assert.DoesNotContain(",", literal);
        Assert.Equal(value, double.Parse(literal.TrimEnd('d'), CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Float_literals_round_trip_to_the_nearest_float(double value)
    {
        string literal = WithCulture("fr-FR", () => NumberType.Float.Literal(value));
        if (float.IsInfinity((float)value))
        {
            Assert.Equal("float.PositiveInfinity", literal);
            return;
        }
        Assert.EndsWith("f", literal);
        Assert.DoesNotContain(",", literal);
        Assert.Equal((float)value, float.Parse(literal.TrimEnd('f'), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Non_finite_values_are_named_constants()
    {
        Assert.Equal("double.NaN", NumberType.Double.Literal(double.NaN));
        Assert.Equal("float.PositiveInfinity", NumberType.Float.Literal(double.PositiveInfinity));
        Assert.Equal("double.NegativeInfinity", NumberType.Double.Literal(double.NegativeInfinity));
    }

    private static string WithCulture(string name, Func<string> action)
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}
