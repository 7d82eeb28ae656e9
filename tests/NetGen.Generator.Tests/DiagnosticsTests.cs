using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Malformed [Mlp] usages: each must give the right NG diagnostic (ID, location and message), no generated source for
/// that type, and never an exception from the generator (no CS8784/CS8785).
/// </summary>
public class DiagnosticsTests
{
    private const string ValidNames = "Sigmoid, Tanh, ReLU, LeakyReLU, Linear, Softmax";

    private static string Source(string declaration) => "using NetGen;\nnamespace Demo;\n" + declaration;

    /// <summary>Runs the generator on one declaration of class Net and returns its diagnostics.</summary>
    private static Diagnostic[] Diagnose(string declaration)
    {
        var result = GeneratorHarness.Run(Source(declaration));
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratedSources);
        return result.GeneratorDiagnostics.ToArray();
    }

    private static Diagnostic Single(string declaration, string id) => SingleAt(declaration, id).Diagnostic;

    /// <summary>The one diagnostic of <paramref name="declaration"/>, which must have <paramref name="id"/>, and the source text it points at.</summary>
    private static (Diagnostic Diagnostic, string LocatedText) SingleAt(string declaration, string id)
    {
        var diagnostic = Assert.Single(Diagnose(declaration));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile, "the diagnostic has no location");
        string located = Source(declaration).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        return (diagnostic, located);
    }

    [Fact]
    public void NG0001_type_not_partial_is_reported_at_its_name()
    {
        var (d, located) = SingleAt("[Mlp(2, 1)] public class Net { }", "NG0001");
        Assert.Equal("Net", located);
        Assert.Equal("'Net' must be declared partial so that NetGen can add the network's members to it", d.GetMessage());
    }

    [Fact]
    public void NG0001_containing_type_not_partial()
    {
        var (d, located) = SingleAt("public class Outer { [Mlp(2, 1)] public partial class Net { } }", "NG0001");
        Assert.Equal("Outer", located);
        Assert.Equal("'Outer' must be declared partial so that NetGen can add the network's members to it (it contains the network 'Net')", d.GetMessage());
    }

    [Theory]
    [InlineData("[Mlp(4)]", "1")]
    [InlineData("[Mlp]", "0")]
    [InlineData("[Mlp()]", "0")]
    [InlineData("[Mlp(null)]", "0")]
    [InlineData("[Mlp(new int[0])]", "0")]
    public void NG0002_fewer_than_two_sizes(string attribute, string count)
    {
        var (d, located) = SingleAt(attribute + " public partial class Net { }", "NG0002");
        Assert.Equal(attribute.Trim('[', ']'), located);
        Assert.Equal($"[Mlp] on 'Net' gives {count} layer size(s); give at least two, the input size first and the output size last, e.g. [Mlp(2, 4, 1)]", d.GetMessage());
    }

    [Theory]
    [InlineData("[Mlp(2, 0, 1)]", "Layer size 0 (position 1) of 'Net' must be at least 1")]
    [InlineData("[Mlp(2, -3, 1)]", "Layer size -3 (position 1) of 'Net' must be at least 1")]
    [InlineData("[Mlp(-1, 1)]", "Layer size -1 (position 0) of 'Net' must be at least 1")]
    [InlineData("[Mlp(2, int.MinValue)]", "Layer size -2147483648 (position 1) of 'Net' must be at least 1")]
    public void NG0003_size_below_one(string attribute, string message)
    {
        var d = Single(attribute + " public partial class Net { }", "NG0003");
        Assert.Equal(message, d.GetMessage());
    }

    [Theory]
    [InlineData("Activation = \"Sigmod\"", "Sigmod", "Activation", "; did you mean 'Sigmoid'?")]
    [InlineData("Activation = \"relu6\"", "relu6", "Activation", "; did you mean 'ReLU'?")]
    [InlineData("Activation = \"Swish\"", "Swish", "Activation", "")]
    [InlineData("Activation = \"\"", "", "Activation", "")]
    [InlineData("Activation = null", "null", "Activation", "")]
    [InlineData("Activation = \"ReLU,Tahn\"", "Tahn", "Activation", "; did you mean 'Tanh'?")]
    [InlineData("OutputActivation = \"Sotfmax\"", "Sotfmax", "OutputActivation", "; did you mean 'Softmax'?")]
    [InlineData("OutputActivation = \"\"", "", "OutputActivation", "")]
    public void NG0004_unknown_activation_lists_valid_names_and_suggests_the_closest(string setting, string name, string property, string suggestion)
    {
        var d = Single($"[Mlp(2, 3, 1, {setting})] public partial class Net {{ }}", "NG0004");
        Assert.Equal($"Unknown activation '{name}' in {property}; valid names are {ValidNames}{suggestion}", d.GetMessage());
    }

    [Theory]
    [InlineData("\"MAE\"", "MAE", "; did you mean 'MSE'?")]
    [InlineData("\"BSE\"", "BSE", "; did you mean 'MSE', 'SSE' or 'BCE'?")]
    [InlineData("\"SE\"", "SE", "; did you mean 'MSE' or 'SSE'?")]
    [InlineData("\"crossentropy \"", null, null)]
    [InlineData("\"Hinge\"", "Hinge", "")]
    [InlineData("\"\"", "", "")]
    [InlineData("null", "null", "")]
    public void NG0005_unknown_loss(string value, string? name, string? suggestion)
    {
        if (name is null)
        {
            // Names are case-insensitive and trimmed: this one is valid, and needs a Softmax output.
            Assert.Equal("NG0007", Assert.Single(Diagnose($"[Mlp(2, 3, Loss = {value})] public partial class Net {{ }}")).Id);
            return;
        }
        var d = Single($"[Mlp(2, 3, 1, Loss = {value})] public partial class Net {{ }}", "NG0005");
        Assert.Equal($"Unknown loss '{name}'; valid names are MSE, SSE, BCE, CrossEntropy{suggestion}", d.GetMessage());
    }

    [Fact]
    public void NG0006_softmax_on_a_hidden_layer()
    {
        var d = Single("[Mlp(4, 8, 3, Activation = \"Softmax\", Loss = \"CrossEntropy\")] public partial class Net { }", "NG0006");
        Assert.Equal("Hidden layer 1 of 'Net' uses Softmax, which is only allowed as the output activation; use Sigmoid, Tanh, ReLU, LeakyReLU or Linear", d.GetMessage());
    }

    [Fact]
    public void NG0007_cross_entropy_without_softmax()
    {
        var d = Single("[Mlp(4, 8, 3, Activation = \"ReLU\", Loss = \"CrossEntropy\")] public partial class Net { }", "NG0007");
        Assert.Equal("Loss CrossEntropy needs OutputActivation = \"Softmax\", but the output activation of 'Net' is ReLU", d.GetMessage());
    }

    [Fact]
    public void NG0008_softmax_without_cross_entropy()
    {
        var d = Single("[Mlp(4, 8, 3, Activation = \"ReLU\", OutputActivation = \"softmax\", Loss = \"MSE\")] public partial class Net { }", "NG0008");
        Assert.Equal("The Softmax output of 'Net' needs Loss = \"CrossEntropy\" (NetGen fuses their gradient), but the loss is MSE", d.GetMessage());
    }

    [Theory]
    [InlineData("Tanh")]
    [InlineData("ReLU")]
    [InlineData("Linear")]
    [InlineData("LeakyReLU")]
    public void NG0009_bce_on_an_output_outside_0_1(string output)
    {
        var d = Single($"[Mlp(2, 2, 1, OutputActivation = \"{output}\", Loss = \"BCE\")] public partial class Net {{ }}", "NG0009");
        Assert.Equal($"Loss BCE takes the logarithm of each output, so the outputs of 'Net' must lie in (0, 1): use OutputActivation = \"Sigmoid\" instead of {output}", d.GetMessage());
    }

    [Fact]
    public void NG0010_undefined_precision()
    {
        var d = Single("[Mlp(2, 1, Precision = (Precision)7)] public partial class Net { }", "NG0010");
        Assert.Equal("Precision value 7 is not defined; use Precision.Float or Precision.Double", d.GetMessage());
    }

    [Fact]
    public void NG0011_undefined_init()
    {
        var d = Single("[Mlp(2, 1, Init = (WeightInit)42)] public partial class Net { }", "NG0011");
        Assert.Equal("Init value 42 is not defined; use one of WeightInit.Auto, Xavier, He, Normal, Uniform, Zero", d.GetMessage());
    }

    [Theory]
    [InlineData("[Mlp(2, 3, 3, 1, Activation = \"ReLU,Tanh,Sigmoid,Linear\")]", "4", "2", "3")]
    [InlineData("[Mlp(2, 1, Activation = \"ReLU,Tanh\")]", "2", "0", "1")]
    [InlineData("[Mlp(2, 3, 3, 1, Activation = \"ReLU,Tanh,Sigmoid\", OutputActivation = \"Linear\")]", "3", "2", "3")]
    public void NG0012_activation_list_length(string attribute, string given, string hidden, string layers)
    {
        var d = Single(attribute + " public partial class Net { }", "NG0012");
        Assert.Equal($"Activation lists {given} names, but 'Net' has {hidden} hidden layer(s) and {layers} non-input layer(s); give one name, one per hidden layer, or one per non-input layer (then leave OutputActivation unset)", d.GetMessage());
    }

    [Theory]
    [InlineData("[Mlp(2, 1)] public partial class Net<T> { }")]
    [InlineData("public partial class Outer<T> { [Mlp(2, 1)] public partial class Net { } }")]
    public void NG0013_generic_types(string declaration)
    {
        var d = Single(declaration, "NG0013");
        Assert.StartsWith("'Net' is generic or nested in a generic type", d.GetMessage());
    }

    [Theory]
    [InlineData("[Mlp(100000, 100000, 10)]", "'Net' is too large: 10,001,100,010 parameters; NetGen supports at most 100,000,000 parameters")]
    [InlineData("[Mlp(int.MaxValue, int.MaxValue)]", "'Net' is too large: 4,611,686,016,279,904,256 parameters; NetGen supports at most 100,000,000 parameters")]
    [InlineData("[Mlp(40000, 1)]", "'Net' is too large: 40,000 units; NetGen supports at most 32,768 units in the input layer and in all other layers together")]
    public void NG0014_huge_networks(string attribute, string message)
    {
        var d = Single(attribute + " public partial class Net { }", "NG0014");
        Assert.Equal(message, d.GetMessage());
    }

    [Fact]
    public void NG0015_negative_unroll_threshold()
    {
        var d = Single("[Mlp(2, 1, UnrollThreshold = -1)] public partial class Net { }", "NG0015");
        Assert.Equal("UnrollThreshold is -1; give 0 (loops everywhere) or a positive number of weights per layer", d.GetMessage());
    }

    [Theory]
    [InlineData("[Mlp(2, 1)] public partial struct Net { }", "struct")]
    [InlineData("[Mlp(2, 1)] public partial record Net { }", "record")]
    [InlineData("[Mlp(2, 1)] public partial record struct Net { }", "record struct")]
    public void NG0016_structs_and_records(string declaration, string kind)
    {
        var d = Single(declaration, "NG0016");
        Assert.StartsWith($"'Net' is a {kind}; [Mlp] networks must be classes", d.GetMessage());
    }

    [Fact]
    public void NG0017_static_class()
    {
        var d = Single("[Mlp(2, 1)] public static partial class Net { }", "NG0017");
        Assert.Equal("'Net' is static; a network has parameters per instance, so declare a non-static partial class", d.GetMessage());
    }

    [Fact]
    public void Several_problems_are_all_reported()
    {
        var ids = Diagnose("[Mlp(2, 0, Loss = \"X\", Precision = (Precision)3)] public class Net { }").Select(d => d.Id).OrderBy(id => id);
        Assert.Equal(new[] { "NG0001", "NG0003", "NG0005", "NG0010" }, ids);
    }

    [Theory]
    [InlineData("[Mlp(\"2\", 1)]")]
    [InlineData("[Mlp(2.5, 1)]")]
    [InlineData("[Mlp(2, 1, Activation = 5)]")]
    [InlineData("[Mlp(2, 1, Loss = Loss.MSE)]")]
    [InlineData("[Mlp(2, 1, Bogus = 1)]")]
    [InlineData("[Mlp(2, 1, Precision = \"Double\")]")]
    [InlineData("[Mlp(2, 1, UnrollThreshold = 1.5)]")]
    [InlineData("[Mlp(2,")]
    public void Usages_the_compiler_rejects_get_no_generator_diagnostic_and_no_exception(string attribute)
    {
        var result = GeneratorHarness.Run("using NetGen;\nnamespace Demo;\n" + attribute + " public partial class Net { }");
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains(result.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS"));
    }

    [Fact]
    public void A_valid_network_beside_an_invalid_one_is_still_generated()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;
            namespace Demo;
            [Mlp(2, 1, Loss = "Nope")] public partial class Bad { }
            [Mlp(2, 1)] public partial class Good { }
            """);
        result.AssertDidNotThrow();
        Assert.Equal("NG0005", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Equal("Demo.Good.g.cs", result.SingleSource.HintName);
    }
}
