using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Every problem with a <c>Weights</c> file is an NG diagnostic at the attribute, with no code for that network and no
/// exception from the generator; the message names the file, the network and what is wrong (line, column, JSON path).
/// </summary>
public class WeightsDiagnosticsTests
{
    private const string Declaration = "[Mlp(2, 2, 1, Activation = \"Sigmoid\", Loss = \"BCE\", Weights = \"xor.json\")]";

    private static string Source(string attribute) => "using NetGen;\nnamespace Demo;\n" + attribute + "\npublic partial class XorNet { }\n";

    private static GeneratorResult Run(string attribute, params (string Path, string? Text)[] files) =>
        GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source(attribute)),
            files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)));

    /// <summary>The one diagnostic, which must have <paramref name="id"/>, be an error at the attribute, and leave no source.</summary>
    private static string Single(string id, string json, string attribute = Declaration, string path = "/project/xor.json")
    {
        var result = Run(attribute, (path, json));
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string located = Source(attribute).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.StartsWith("Mlp(2, 2, 1", located);
        return diagnostic.GetMessage();
    }

    private static string Xor(string parameters = "\"W1\": [[1, 2], [3, 4]], \"b1\": [5, 6], \"W2\": [[7, 8]], \"b2\": [9]",
        string layers = "[2, 2, 1]", string activations = "[\"Sigmoid\", \"Sigmoid\"]", string head = "\"format\": \"netgen-mlp\", \"version\": 1") =>
        "{\n  " + head + ",\n  \"layers\": " + layers + ",\n  \"activations\": " + activations + ",\n  \"parameters\": {\n    " + parameters + "\n  }\n}\n";

    [Fact]
    public void A_valid_file_compiles_with_no_diagnostic()
    {
        var result = Run(Declaration, ("/project/xor.json", Xor()));
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Contains("a2[0] = Sigmoid(7f * a1[0] + 8f * a1[1] + 9f);", result.SingleSource.Text);
    }

    [Theory]
    [InlineData("xor.json", "/project/xor.json")]
    [InlineData("models/xor.json", "/project/models/xor.json")]
    [InlineData("./models/xor.json", "/project/models/xor.json")]
    [InlineData("models\\\\xor.json", "C:\\project\\models\\xor.json")]
    [InlineData("XOR.json", "/project/xor.json")]
    public void The_file_is_matched_by_name_or_relative_path(string weights, string path)
    {
        var result = Run(Declaration.Replace("xor.json", weights), (path, Xor()), ("/project/other/xor.jsonx", "not json"));
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Contains("class Trained", result.SingleSource.Text);
    }

    [Theory]
    [InlineData("x\\ny.json", "x\ny.json")]
    [InlineData("x\\r\\nint y;.json", "x\r\nint y;.json")]
    [InlineData("x\\u2028y.json", "x\u2028y.json")]
    [InlineData("x\\u2029y.json", "x\u2029y.json")]
    [InlineData("x\\u0085y.json", "x\u0085y.json")]
    public void A_file_name_with_a_line_break_compiles(string weights, string fileName)
    {
        // The name is shown in comments of the generated code; a line break in it left the rest of the name as code (CS0116...).
        var result = Run(Declaration.Replace("xor.json", weights), ("/project/" + fileName, Xor()));
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Contains("class Trained", result.SingleSource.Text);
    }

    [Fact]
    public void NG0030_the_file_is_not_among_the_additional_files()
    {
        var result = Run(Declaration, ("/project/other.json", Xor()), ("/project/myxor.json", Xor()));
        Assert.Empty(result.GeneratedSources);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0030", d.Id);
        Assert.Equal("The Weights file 'xor.json' of 'XorNet' is not among the project's additional files; add <AdditionalFiles Include=\"xor.json\" /> " +
            "to the project file (the generator reads only additional files, matched by file name or relative path)", d.GetMessage());
    }

    [Fact]
    public void NG0031_the_name_matches_several_files()
    {
        var result = Run(Declaration, ("/project/a/xor.json", Xor()), ("/project/b/xor.json", Xor()));
        Assert.Empty(result.GeneratedSources);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0031", d.Id);
        Assert.Equal("The Weights file 'xor.json' of 'XorNet' matches 2 additional files (/project/a/xor.json, /project/b/xor.json); " +
            "name it by a longer relative path, e.g. \"models/xor.json\"", d.GetMessage());
    }

    [Fact]
    public void NG0032_a_file_over_the_limit_is_not_read()
    {
        string huge = Xor() + new string(' ', MlpGenerator.MaxWeightsFileLength);
        string message = Single("NG0032", huge);
        Assert.Equal($"The Weights file 'xor.json' of 'XorNet' has {huge.Length:N0} characters; NetGen bakes files of at most 16,777,216 characters " +
            "(a network that large belongs in a file loaded at run time with Load)", message.Replace("\u00a0", ","));
    }

    [Fact]
    public void NG0033_not_json_names_line_and_column()
    {
        string message = Single("NG0033", "{\n  \"format\": \"netgen-mlp\",\n  \"version\": 1,\n  \"layers\": [2, 2 1]\n}");
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' cannot be read: line 4, column ", message);
        Assert.Contains("$.layers", message);
    }

    [Fact]
    public void NG0033_a_truncated_file()
    {
        string json = Xor();
        string message = Single("NG0033", json.Substring(0, json.Length / 2));
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' cannot be read: line ", message);
    }

    [Fact]
    public void NG0034_another_format()
    {
        string message = Single("NG0034", Xor(head: "\"format\": \"keras\", \"version\": 1"));
        Assert.Equal("The Weights file 'xor.json' of 'XorNet' is not a NetGen model file: line 2, column 13, $.format: format is \"keras\", " +
            "expected \"netgen-mlp\" (this is not a NetGen model file)", message);
    }

    [Fact]
    public void NG0035_a_newer_version()
    {
        string message = Single("NG0035", Xor(head: "\"format\": \"netgen-mlp\", \"version\": 2"));
        Assert.Equal("The Weights file 'xor.json' of 'XorNet' has an unsupported version: line 2, column 38, $.version: " +
            "version 2 is newer than this NetGen supports (1); update NetGen to read this file", message);
    }

    [Fact]
    public void NG0036_layer_sizes_differ_and_the_message_names_both()
    {
        string message = Single("NG0036", Xor(layers: "[2, 3, 1]", parameters: "\"W1\": [[1, 2], [3, 4], [5, 6]], \"b1\": [5, 6, 7], \"W2\": [[7, 8, 9]], \"b2\": [9]"));
        Assert.Equal("The Weights file 'xor.json' does not fit 'XorNet': line 3, column 17, $.layers[1]: layer 1 size: file has 3, XorNet has 2 " +
            "(file [2, 3, 1], XorNet [2, 2, 1])", message);
    }

    [Fact]
    public void NG0036_an_activation_differs_and_the_message_names_both()
    {
        string message = Single("NG0036", Xor(activations: "[\"Tanh\", \"Sigmoid\"]"));
        Assert.Equal("The Weights file 'xor.json' does not fit 'XorNet': line 4, column 19, $.activations[0]: layer 1 activation: file has Tanh, XorNet has Sigmoid", message);
    }

    [Fact]
    public void NG0037_a_row_of_the_wrong_length()
    {
        string message = Single("NG0037", Xor(parameters: "\"W1\": [[1, 2], [3, 4, 5]], \"b1\": [5, 6], \"W2\": [[7, 8]], \"b2\": [9]"));
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' has a parameter of the wrong shape: line 6, column ", message);
        Assert.Contains("$.parameters.W1[1]", message);
    }

    [Fact]
    public void NG0038_a_missing_parameter()
    {
        string message = Single("NG0038", Xor(parameters: "\"W1\": [[1, 2], [3, 4]], \"b1\": [5, 6], \"W2\": [[7, 8]]"));
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' has a missing or extra parameter: ", message);
        Assert.Contains("b2", message);
    }

    [Fact]
    public void NG0038_an_extra_parameter()
    {
        string message = Single("NG0038", Xor(parameters: "\"W1\": [[1, 2], [3, 4]], \"b1\": [5, 6], \"W2\": [[7, 8]], \"b2\": [9], \"W3\": [[1]]"));
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' has a missing or extra parameter: ", message);
        Assert.Contains("W3", message);
    }

    [Theory]
    [InlineData("\"1.5\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public void NG0039_values_that_are_not_numbers(string value)
    {
        var result = Run(Declaration, ("/project/xor.json", Xor(parameters: "\"W1\": [[1, 2], [3, " + value + "]], \"b1\": [5, 6], \"W2\": [[7, 8]], \"b2\": [9]")));
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratedSources);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0039", d.Id);
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' has a value that is not a usable number: line 6, column 24, $.parameters.W1[1][1]: ", d.GetMessage());
        Assert.Contains(value.Trim('"'), d.GetMessage());
    }

    [Fact]
    public void NG0039_a_value_that_overflows_float()
    {
        string message = Single("NG0039", Xor(parameters: "\"W1\": [[1, 2], [3, 4]], \"b1\": [5, 6], \"W2\": [[7, 1e39]], \"b2\": [9]"));
        Assert.Equal("The Weights file 'xor.json' of 'XorNet' has a value that is not a usable number: line 6, column 54, $.parameters.W2[0][1]: " +
            "1e39 overflows float (the largest float is 3.4028235E+38); XorNet has Float precision", message);
    }

    [Fact]
    public void A_value_beyond_float_is_fine_in_a_double_network()
    {
        var result = Run(Declaration.Replace(")]", ", Precision = Precision.Double)]"),
            ("/project/xor.json", Xor(parameters: "\"W1\": [[1, 2], [3, 4]], \"b1\": [5, 6], \"W2\": [[7, 1e39]], \"b2\": [9]")));
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Contains("7d * a1[0] + 1e39d * a1[1] + 9d", result.SingleSource.Text);
    }

    [Fact]
    public void NG0040_a_schema_problem()
    {
        string message = Single("NG0040", Xor(head: "\"format\": \"netgen-mlp\", \"version\": 1, \"colour\": \"red\""));
        Assert.StartsWith("The Weights file 'xor.json' of 'XorNet' is not a valid model file: line ", message);
        Assert.Contains("colour", message);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    public void NG0041_an_empty_weights_name(string value)
    {
        var result = Run(Declaration.Replace("\"xor.json\"", value), ("/project/xor.json", Xor()));
        Assert.Empty(result.GeneratedSources);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0041", d.Id);
        Assert.Equal("Weights is empty; name a model file that is among the project's additional files, e.g. Weights = \"model.json\", or remove the setting", d.GetMessage());
    }

    [Fact]
    public void NG0042_another_loss_is_a_warning_and_the_weights_are_baked()
    {
        var result = Run(Declaration, ("/project/xor.json", Xor(head: "\"format\": \"netgen-mlp\", \"version\": 1, \"loss\": \"MSE\"")));
        result.AssertDidNotThrow().AssertCompilesWithoutWarnings();
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0042", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("The Weights file 'xor.json' of 'XorNet' names another loss (loss: file has MSE, XorNet has BCE); the weights are compiled in anyway: " +
            "the loss only matters for training (fine-tuning with Trained.Create() uses the attribute's loss)", d.GetMessage());
        Assert.Contains("class Trained", result.SingleSource.Text);
    }

    [Fact]
    public void A_file_the_compiler_cannot_read_is_NG0033()
    {
        var result = Run(Declaration, ("/project/xor.json", null));
        Assert.Empty(result.GeneratedSources);
        Assert.Equal("NG0033", Assert.Single(result.GeneratorDiagnostics).Id);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("iso-8859-1")]
    public void A_file_the_compiler_did_not_read_as_UTF8_is_NG0033(string webName)
    {
        // The compiler reads a UTF-16 file by its byte-order mark, and a file with bytes that are not UTF-8 in the system's
        // code page; Load reads UTF-8 only and rejects both, so the generator does too.
        var encoding = System.Text.Encoding.GetEncoding(webName);
        var result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source(Declaration)),
            new[] { (AdditionalText)new InMemoryAdditionalText("/project/xor.json", Xor(), encoding) });
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratedSources);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0033", d.Id);
        Assert.Equal($"The Weights file 'xor.json' of 'XorNet' cannot be read: line 1, column 1, $: not UTF-8 text (the compiler read it as {encoding.WebName}); a model file is UTF-8 JSON", d.GetMessage());
    }

    [Fact]
    public void A_file_with_a_byte_that_is_not_UTF8_is_NG0033_at_the_byte()
    {
        // Strict UTF-8 failed, so the compiler decoded the file replacing the invalid byte (in the metadata) by U+FFFD.
        string xor = Xor();
        string json = xor.Substring(0, xor.LastIndexOf('}')).TrimEnd() + ",\n  \"metadata\": { \"note\": \"\uFFFD\" }\n}\n";
        var replacing = System.Text.Encoding.GetEncoding("utf-8", System.Text.EncoderFallback.ReplacementFallback, System.Text.DecoderFallback.ReplacementFallback);
        var result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source(Declaration)),
            new[] { (AdditionalText)new InMemoryAdditionalText("/project/xor.json", json, replacing) });
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0033", d.Id);
        int line = json.Substring(0, json.IndexOf('\uFFFD')).Split('\n').Length;
        int column = json.IndexOf('\uFFFD') - json.LastIndexOf('\n', json.IndexOf('\uFFFD'));
        Assert.Equal($"The Weights file 'xor.json' of 'XorNet' cannot be read: line {line}, column {column}, $: not UTF-8 text (a byte that is not UTF-8 here); a model file is UTF-8 JSON", d.GetMessage());
        Assert.Empty(result.GeneratedSources);

        // The same character written in a UTF-8 file decoded strictly is text like any other.
        var strict = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source(Declaration)),
            new[] { (AdditionalText)new InMemoryAdditionalText("/project/xor.json", json) });
        strict.AssertNoGeneratorDiagnostics();
        Assert.Contains("class Trained", strict.SingleSource.Text);
    }

    [Fact]
    public void A_UTF8_file_with_a_byte_order_mark_is_baked()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source(Declaration)),
            new[] { (AdditionalText)new InMemoryAdditionalText("/project/xor.json", Xor(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true)) });
        result.AssertNoGeneratorDiagnostics();
        Assert.Contains("class Trained", result.SingleSource.Text);
    }

    [Fact]
    public void A_bad_file_stops_only_its_network()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source(Declaration), """
            namespace Demo;
            [NetGen.Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", Weights = "good.json")]
            public partial class GoodNet { }
            [NetGen.Mlp(2, 2, 1)]
            public partial class PlainNet { }
            """);
        var result = GeneratorHarness.Run(compilation, new AdditionalText[]
        {
            new InMemoryAdditionalText("/p/xor.json", "{"), new InMemoryAdditionalText("/p/good.json", Xor()),
        });
        result.AssertDidNotThrow().AssertCompilesWithoutWarnings();
        Assert.Equal(new[] { "Demo.GoodNet.g.cs", "Demo.PlainNet.g.cs" }, result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n));
        Assert.Equal("NG0033", Assert.Single(result.GeneratorDiagnostics).Id);
    }
}
