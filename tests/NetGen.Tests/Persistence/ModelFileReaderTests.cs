using System;
using System.Threading;
using Xunit;

namespace NetGen.Tests.Persistence;

/// <summary>
/// The model-file reader shared by the runtime and the generator: what it accepts, and for each kind of bad file,
/// the kind, JSON path, line, column and message it reports.
/// </summary>
public class ModelFileReaderTests
{
    /// <summary>The issue's example file, as a user would write it (one member per line).</summary>
    internal const string Xor = """
        {
          "format": "netgen-mlp",
          "version": 1,
          "layers": [2, 2, 1],
          "activations": ["Sigmoid", "Sigmoid"],
          "loss": "BCE",
          "precision": "Float",
          "parameters": {
            "W1": [[0.15, 0.2], [0.25, 0.3]], "b1": [0.35, 0.35],
            "W2": [[0.4, 0.45]],             "b2": [0.6]
          },
          "metadata": { "anything": "the user adds: dataset, accuracy, date" }
        }
        """;

    internal static ModelFileData ReadValid(string text)
    {
        ModelFileData? data = ModelFileReader.Read(text, CancellationToken.None, out ModelFileError? error);
        Assert.True(error is null, error?.ToString());
        return data!;
    }

    internal static ModelFileError ReadInvalid(string text)
    {
        ModelFileData? data = ModelFileReader.Read(text, CancellationToken.None, out ModelFileError? error);
        Assert.Null(data);
        Assert.NotNull(error);
        return error!;
    }

    private static ModelFileError Replace(string oldText, string newText)
    {
        Assert.Contains(oldText, Xor);
        return ReadInvalid(Xor.Replace(oldText, newText));
    }

    [Fact]
    public void The_example_file_reads_with_every_field()
    {
        ModelFileData data = ReadValid(Xor);
        Assert.Equal(1, data.Version);
        Assert.Equal(new[] { 2, 2, 1 }, data.LayerSizes);
        Assert.Equal(new[] { "Sigmoid", "Sigmoid" }, data.Activations);
        Assert.Equal("BCE", data.Loss);
        Assert.Equal("Float", data.Precision);
        Assert.Equal(new[] { "0.15", "0.2", "0.25", "0.3", "0.35", "0.35", "0.4", "0.45", "0.6" }, data.ParameterTexts);
        Assert.Equal(new[] { 0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.6 }, data.ParameterValues);
        var pair = Assert.Single(data.Metadata);
        Assert.Equal("anything", pair.Key);
        Assert.Equal("the user adds: dataset, accuracy, date", pair.Value);
        // "W1": [[0.15, ... is on line 9; 0.15 starts at column 13. "b2": [0.6] on line 10, 0.6 at column 45.
        Assert.Equal((9, 13), (data.ParameterPositions[0].Line, data.ParameterPositions[0].Column));
        Assert.Equal((10, 45), (data.ParameterPositions[8].Line, data.ParameterPositions[8].Column));
        Assert.Equal("$.parameters.W1[1][0]", data.ParameterPath(2));
        Assert.Equal("$.parameters.b1[1]", data.ParameterPath(5));
        Assert.Equal("$.parameters.W2[0][1]", data.ParameterPath(7));
        Assert.Equal("$.parameters.b2[0]", data.ParameterPath(8));
    }

    [Fact]
    public void Names_are_read_case_insensitively_and_returned_canonical_and_optional_fields_may_be_absent()
    {
        string text = """{"version":1,"format":"netgen-mlp","layers":[1,2,1],"activations":["relu","leakyrelu"],"parameters":{"b2":[0],"W2":[[1,2]],"W1":[[3],[4]],"b1":[5,6]}}""";
        ModelFileData data = ReadValid(text);
        Assert.Equal(new[] { "ReLU", "LeakyReLU" }, data.Activations);
        Assert.Null(data.Loss);
        Assert.Null(data.Precision);
        Assert.Empty(data.Metadata);
        // Members in any order; parameters land in the flat order W1, b1, W2, b2.
        Assert.Equal(new[] { "3", "4", "5", "6", "1", "2", "0" }, data.ParameterTexts);
        ModelFileData lower = ReadValid(Xor.Replace("\"BCE\"", "\"crossentropy\"").Replace("\"Float\"", "\"double\""));
        Assert.Equal("CrossEntropy", lower.Loss);
        Assert.Equal("Double", lower.Precision);
    }

    [Fact]
    public void Number_texts_are_kept_exactly_as_written()
    {
        string text = Xor.Replace("0.15", "-1.5E-7").Replace("0.2]", "0.100000001490116119384765625]").Replace("[0.6]", "[-0]");
        ModelFileData data = ReadValid(text);
        Assert.Equal("-1.5E-7", data.ParameterTexts[0]);
        Assert.Equal(-1.5E-7, data.ParameterValues[0]);
        Assert.Equal("0.100000001490116119384765625", data.ParameterTexts[1]);
        Assert.Equal(0.1f, float.Parse(data.ParameterTexts[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("-0", data.ParameterTexts[8]);
        Assert.True(double.IsNegative(data.ParameterValues[8]));
    }

    [Fact]
    public void A_byte_order_mark_and_CRLF_line_ends_are_accepted_and_lines_count_right()
    {
        string text = "\uFEFF" + Xor.Replace("\n", "\r\n");
        ModelFileData data = ReadValid(text);
        Assert.Equal(9, data.ParameterPositions[0].Line);
        ModelFileError error = ReadInvalid("\uFEFF" + Xor.Replace("\n", "\r\n").Replace("0.25, 0.3]", "0.25, 0.3, 1]"));
        Assert.Equal((9, 25), (error.Line, error.Column)); // the row's '['
    }

    // ---- Not JSON: line, column, path, message ----

    [Theory]
    [InlineData("", 1, 1, "$", "the file is empty")]
    [InlineData("   \n  ", 2, 3, "$", "the file is empty")]
    [InlineData("{\"format\": \"netgen-mlp\",", 1, 25, "$", "unexpected end of file; expected a member name in quotes (is the file truncated?)")]
    [InlineData("{\"a\": [1, 2", 1, 12, "$.a[1]", "unexpected end of file; expected ',' or ']' (is the file truncated?)")]
    [InlineData("{\"a\": [1, 2,]}", 1, 13, "$.a[2]", "unexpected ']'; expected a value")]
    [InlineData("{\"a\": 1,}", 1, 9, "$", "unexpected '}'; expected a member name in double quotes")]
    [InlineData("{\"a\" 1}", 1, 6, "$", "unexpected '1'; expected ':' after the member name \"a\"")]
    [InlineData("{\"a\": [1 2]}", 1, 10, "$.a[0]", "unexpected '2'; expected ',' or ']' after an array element")]
    [InlineData("{\"a\": \"x", 1, 7, "$.a", "unterminated string (the file ends inside it)")]
    [InlineData("{\"a\": \"x\ny\"}", 1, 9, "$.a", "unterminated string (a line break inside a string must be written \\n)")]
    [InlineData("{\"a\": \"\\q\"}", 1, 8, "$.a", "invalid escape \\q in a string")]
    [InlineData("{\"a\": \"\\u12G4\"}", 1, 8, "$.a", "invalid escape: \\u must be followed by four hexadecimal digits")]
    [InlineData("{\"a\": 012}", 1, 8, "$.a", "invalid number: a leading zero must not be followed by digits")]
    [InlineData("{\"a\": 1.}", 1, 9, "$.a", "invalid number: expected a digit after the decimal point, found '}'")]
    [InlineData("{\"a\": 1e}", 1, 9, "$.a", "invalid number: expected a digit in the exponent, found '}'")]
    [InlineData("{\"a\": -x}", 1, 8, "$.a", "invalid number: expected a digit after '-', found 'x'")]
    [InlineData("{\"a\": .5}", 1, 7, "$.a", "unexpected '.'; expected a value")]
    [InlineData("{\"a\": +5}", 1, 7, "$.a", "unexpected '+'; expected a value")]
    [InlineData("{\"a\": tru}", 1, 7, "$.a", "unexpected 'tru'; expected a value")]
    [InlineData("{\"a\": nan}", 1, 7, "$.a", "unexpected 'nan'; expected a value")]
    [InlineData("{'a': 1}", 1, 2, "$", "unexpected '''; expected a member name in double quotes")]
    [InlineData("{\"a\": 1} x", 1, 10, "$", "unexpected 'x' after the end of the JSON value")]
    [InlineData("{\"a\": 1}\n{}", 2, 1, "$", "unexpected '{' after the end of the JSON value")]
    [InlineData("{\"a\": \"\u0001\"}", 1, 8, "$.a", "control character U+0001 inside a string must be escaped")]
    [InlineData("{\"a\":\u00a01}", 1, 6, "$.a", "unexpected character U+00A0; expected a value")] // a no-break space, once shown as ' '
    [InlineData("{\"a\": 1,\u2028\"b\": 2}", 1, 9, "$", "unexpected character U+2028; expected a member name")]
    [InlineData("{\"a\": [[1], [2, {\"b\": [true, fals]}]]}", 1, 30, "$.a[1][1].b[1]", "unexpected 'fals'; expected a value")]
    public void Text_that_is_not_JSON_is_reported_with_line_column_and_path(string text, int line, int column, string path, string message)
    {
        ModelFileError error = ReadInvalid(text);
        Assert.Equal(ModelFileErrorKind.Syntax, error.Kind);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Problem);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Equal($"xor.json, line {line}, column {column}: {error.Message}", error.Describe("xor.json"));
    }

    [Fact]
    public void A_truncated_file_names_the_end_and_its_position()
    {
        string cut = Xor.Substring(0, Xor.IndexOf("0.25", StringComparison.Ordinal) + 2);
        ModelFileError error = ReadInvalid(cut);
        Assert.Equal(ModelFileErrorKind.Syntax, error.Kind);
        Assert.Equal("$.parameters.W1[1][0]", error.Path);
        Assert.Equal((9, 28), (error.Line, error.Column));
        Assert.Contains("unexpected end of file", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow()
    {
        ModelFileError error = ReadInvalid(new string('[', 1_000_000));
        Assert.Equal(ModelFileErrorKind.TooDeep, error.Kind);
        Assert.Equal((1, ModelFileReader.MaxDepth + 1), (error.Line, error.Column));
        Assert.Contains("nested more than 64 deep", error.Message);
        string deepObject = string.Concat(System.Linq.Enumerable.Repeat("{\"a\":", 100));
        Assert.Equal(ModelFileErrorKind.TooDeep, ReadInvalid(deepObject).Kind);
        // Exactly at the limit is still JSON (then not a model file).
        string atLimit = new string('[', ModelFileReader.MaxDepth) + new string(']', ModelFileReader.MaxDepth);
        Assert.Equal(ModelFileErrorKind.Format, ReadInvalid(atLimit).Kind);
    }

    // ---- JSON, but not a model file of this version ----

    [Fact]
    public void A_document_that_is_not_an_object_is_not_a_model_file()
    {
        ModelFileError error = ReadInvalid("[1, 2]");
        Assert.Equal(ModelFileErrorKind.Format, error.Kind);
        Assert.Equal("$: expected a JSON object starting with \"format\": \"netgen-mlp\", found an array (this is not a NetGen model file)", error.Message);
    }

    [Fact]
    public void A_missing_or_wrong_format_is_named()
    {
        ModelFileError missing = Replace("\"format\": \"netgen-mlp\",", "");
        Assert.Equal(ModelFileErrorKind.Format, missing.Kind);
        Assert.Equal("$", missing.Path);
        Assert.Contains("missing \"format\"", missing.Message);

        ModelFileError wrong = Replace("\"netgen-mlp\"", "\"keras\"");
        Assert.Equal(ModelFileErrorKind.Format, wrong.Kind);
        Assert.Equal("$.format: format is \"keras\", expected \"netgen-mlp\" (this is not a NetGen model file)", wrong.Message);
        Assert.Equal((2, 13), (wrong.Line, wrong.Column));
        Assert.Contains("format is a number", Replace("\"netgen-mlp\"", "3").Message);
    }

    [Fact]
    public void A_newer_version_says_to_update()
    {
        ModelFileError error = Replace("\"version\": 1", "\"version\": 2");
        Assert.Equal(ModelFileErrorKind.Version, error.Kind);
        Assert.Equal("$.version: version 2 is newer than this NetGen supports (1); update NetGen to read this file", error.Message);
        Assert.Equal((3, 14), (error.Line, error.Column));
        // A newer file may have other members: the version is reported, not the unknown member.
        Assert.Equal(ModelFileErrorKind.Version, ReadInvalid(Xor.Replace("\"version\": 1", "\"version\": 7, \"future\": true")).Kind);
    }

    [Theory]
    [InlineData("\"version\": 0", "version 0 is not valid; versions start at 1")]
    [InlineData("\"version\": 1.0", "expected a whole number, found 1.0")]
    [InlineData("\"version\": \"1\"", "expected a whole number, found \"1\"")]
    [InlineData("\"version\": 1, \"version\": 1", "duplicate member \"version\"")]
    public void An_invalid_version_is_named(string replacement, string message)
    {
        ModelFileError error = Replace("\"version\": 1", replacement);
        Assert.Contains(message, error.Message);
        Assert.StartsWith("$.version: ", error.Message);
    }

    [Fact]
    public void A_missing_version_is_named()
    {
        ModelFileError error = Replace("\"version\": 1,", "");
        Assert.Equal(ModelFileErrorKind.Version, error.Kind);
        Assert.Contains("missing \"version\"", error.Message);
    }

    [Fact]
    public void Unknown_and_duplicate_members_are_named()
    {
        ModelFileError unknown = Replace("\"loss\": \"BCE\"", "\"los\": \"BCE\"");
        Assert.Equal(ModelFileErrorKind.Schema, unknown.Kind);
        Assert.Equal("$.los", unknown.Path);
        Assert.Contains("unknown member \"los\"", unknown.Message);
        Assert.Equal((6, 3), (unknown.Line, unknown.Column));
        ModelFileError odd = Replace("\"loss\": \"BCE\"", "\"a b\": 1");
        Assert.Equal("$[\"a b\"]", odd.Path);

        ModelFileError duplicate = Replace("\"b1\": [0.35, 0.35]", "\"b1\": [0.35, 0.35], \"b1\": [1, 1]");
        Assert.Equal("$.parameters.b1: duplicate member \"b1\"", duplicate.Message);
    }

    [Theory]
    [InlineData("[2, 2, 1]", "[2]", "$.layers", "expected an array of at least two layer sizes (input first, e.g. [2, 2, 1]), found 1 sizes")]
    [InlineData("[2, 2, 1]", "\"2,2,1\"", "$.layers", "found a string")]
    [InlineData("[2, 2, 1]", "[2, 0, 1]", "$.layers[1]", "a layer size must be a whole number of at least 1, found 0")]
    [InlineData("[2, 2, 1]", "[2, 2.5, 1]", "$.layers[1]", "found 2.5")]
    [InlineData("[2, 2, 1]", "[2, -2, 1]", "$.layers[1]", "found -2")]
    [InlineData("[2, 2, 1]", "[2, 99999999999, 1]", "$.layers[1]", "found 99999999999")]
    [InlineData("[2, 2, 1]", "[2, 100000, 100000, 1]", "$.layers", "need more than 2147483647 parameters")]
    [InlineData("[\"Sigmoid\", \"Sigmoid\"]", "[\"Sigmoid\"]", "$.activations", "expected an array of 2 activation names (one per non-input layer of 3 layers), found 1 names")]
    [InlineData("[\"Sigmoid\", \"Sigmoid\"]", "\"Sigmoid\"", "$.activations", "found a string")]
    [InlineData("[\"Sigmoid\", \"Sigmoid\"]", "[\"Sigmoid\", \"Swish\"]", "$.activations[1]", "unknown activation \"Swish\"; expected one of Sigmoid, Tanh, ReLU, LeakyReLU, Linear, Softmax")]
    [InlineData("[\"Sigmoid\", \"Sigmoid\"]", "[\"Sigmoid\", 3]", "$.activations[1]", "unknown activation 3")]
    [InlineData("[\"Sigmoid\", \"Sigmoid\"]", "[\"softmax\", \"Sigmoid\"]", "$.activations[0]", "Softmax is for the output layer only; layer 1 of 2 is a hidden layer")]
    [InlineData("\"BCE\"", "\"Hinge\"", "$.loss", "unknown loss \"Hinge\"; expected one of MSE, SSE, BCE, CrossEntropy")]
    [InlineData("\"Float\"", "\"Half\"", "$.precision", "unknown precision \"Half\"; expected one of Float, Double")]
    [InlineData("{ \"anything\": \"the user adds: dataset, accuracy, date\" }", "[]", "$.metadata", "expected an object of names and strings, found an array")]
    [InlineData("{ \"anything\": \"the user adds: dataset, accuracy, date\" }", "{ \"x\": null }", "$.metadata.x", "metadata values must be strings (or numbers or booleans), found null")]
    [InlineData("\"parameters\": {", "\"parameters\": 1, \"p\": {", "$.p", "unknown member \"p\"")]
    public void Invalid_fields_are_named_with_their_path(string oldText, string newText, string path, string message)
    {
        ModelFileError error = Replace(oldText, newText);
        Assert.Equal(ModelFileErrorKind.Schema, error.Kind);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("\"layers\": [2, 2, 1],", "missing \"layers\"")]
    [InlineData("\"activations\": [\"Sigmoid\", \"Sigmoid\"],", "missing \"activations\" (one name per non-input layer: 2 here)")]
    public void Missing_required_fields_are_named(string removed, string message)
    {
        ModelFileError error = Replace(removed, "");
        Assert.Equal(ModelFileErrorKind.Schema, error.Kind);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Missing_parameters_are_named()
    {
        string text = Xor.Substring(0, Xor.IndexOf("\"parameters\"", StringComparison.Ordinal)) + "\"metadata\": {} }";
        ModelFileError error = ReadInvalid(text);
        Assert.Equal("$: missing \"parameters\" (an object with W1, b1, W2, b2, ...)", error.Message);
        string notObject = Xor.Substring(0, Xor.IndexOf("\"parameters\"", StringComparison.Ordinal)) + "\"parameters\": [1] }";
        Assert.Equal("$.parameters: expected an object with W1, b1, W2, b2, ..., found an array", ReadInvalid(notObject).Message);
    }

    // ---- Parameters ----

    [Fact]
    public void A_missing_weight_matrix_or_bias_vector_is_named_with_its_shape()
    {
        ModelFileError w = Replace("\"W2\": [[0.4, 0.45]],", "");
        Assert.Equal(ModelFileErrorKind.MissingParameter, w.Kind);
        Assert.Equal("$.parameters: missing W2 (layer 2 weights: 1 rows of 2 numbers, [out][in])", w.Message);
        Assert.Equal((8, 17), (w.Line, w.Column));
        ModelFileError b = Replace("\"b1\": [0.35, 0.35],", "");
        Assert.Equal(ModelFileErrorKind.MissingParameter, b.Kind);
        Assert.Equal("$.parameters: missing b1 (layer 1 biases: 2 numbers)", b.Message);
    }

    [Theory]
    [InlineData("\"b2\": [0.6]", "\"b2\": [0.6], \"W3\": [[1]]", "$.parameters.W3", "unexpected parameter \"W3\"; a network with 2 layers [2, 2, 1] has W1, b1 ... W2, b2 (names are case-sensitive)")]
    [InlineData("\"b2\": [0.6]", "\"b2\": [0.6], \"bias\": [1]", "$.parameters.bias", "unexpected parameter \"bias\"")]
    [InlineData("\"W1\"", "\"w1\"", "$.parameters.w1", "unexpected parameter \"w1\"")]
    [InlineData("\"b2\": [0.6]", "\"b2\": [0.6], \"b0\": [1]", "$.parameters.b0", "unexpected parameter \"b0\"")]
    [InlineData("\"b2\": [0.6]", "\"b2\": [0.6], \"W01\": [1]", "$.parameters.W01", "unexpected parameter \"W01\"")]
    public void An_extra_parameter_is_named(string oldText, string newText, string path, string message)
    {
        ModelFileError error = Replace(oldText, newText);
        Assert.Equal(ModelFileErrorKind.ExtraParameter, error.Kind);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("[[0.15, 0.2], [0.25, 0.3]]", "[[0.15, 0.2]]", "$.parameters.W1", "W1 must be 2 rows (one per unit of layer 1) of 2 numbers (one per input), [out][in]; found 1 row")]
    [InlineData("[[0.15, 0.2], [0.25, 0.3]]", "[0.15, 0.2, 0.25, 0.3]", "$.parameters.W1", "found 4 rows")]
    [InlineData("[[0.15, 0.2], [0.25, 0.3]]", "{}", "$.parameters.W1", "found an object")]
    [InlineData("[[0.15, 0.2], [0.25, 0.3]]", "[[0.15, 0.2], [0.25, 0.3, 0.1]]", "$.parameters.W1[1]", "row 1 of W1 must have 2 numbers (layer 1 has 2 inputs), found 3 values")]
    [InlineData("[[0.15, 0.2], [0.25, 0.3]]", "[[0.15, 0.2], 0.25]", "$.parameters.W1[1]", "row 1 of W1 must have 2 numbers (layer 1 has 2 inputs), found a number")]
    [InlineData("[[0.4, 0.45]]", "[[0.4], [0.45]]", "$.parameters.W2", "W2 must be 1 row (one per unit of layer 2) of 2 numbers (one per input), [out][in]; found 2 rows")]
    [InlineData("[0.35, 0.35]", "[0.35]", "$.parameters.b1", "b1 must be an array of 2 numbers (one per unit of layer 1), found 1 value")]
    [InlineData("[0.6]", "[[0.6]]", "$.parameters.b2[0]", "expected a number, found an array")]
    [InlineData("[0.6]", "0.6", "$.parameters.b2", "b2 must be an array of 1 number (one per unit of layer 2), found a number")]
    public void A_parameter_of_the_wrong_shape_names_the_layer_and_row(string oldText, string newText, string path, string message)
    {
        ModelFileError error = Replace(oldText, newText);
        Assert.Equal(path, error.Path);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(message, error.Message);
        Assert.Equal(message.StartsWith("expected a number", StringComparison.Ordinal) ? ModelFileErrorKind.NotANumber : ModelFileErrorKind.Shape, error.Kind);
    }

    [Theory]
    [InlineData("\"0.3\"", "expected a number, found \"0.3\"")]
    [InlineData("null", "expected a number, found null")]
    [InlineData("true", "expected a number, found true")]
    [InlineData("{}", "expected a number, found an object")]
    public void A_parameter_that_is_not_a_number_is_named(string value, string message)
    {
        ModelFileError error = Replace("0.25, 0.3]", "0.25, " + value + "]");
        Assert.Equal(ModelFileErrorKind.NotANumber, error.Kind);
        Assert.Equal("$.parameters.W1[1][1]: " + message, error.Message);
        Assert.Equal((9, 32), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void NaN_and_infinity_as_Python_writes_them_are_named(string token)
    {
        ModelFileError error = Replace("[0.6]", "[" + token + "]");
        Assert.Equal(ModelFileErrorKind.NotFinite, error.Kind);
        Assert.Equal("$.parameters.b2[0]: " + token + " is not allowed; parameters must be finite numbers", error.Message);
        Assert.Equal((10, 45), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("-1.8e308")]
    [InlineData("1e99999999999999999999")]
    public void A_number_beyond_double_is_an_overflow(string token)
    {
        ModelFileError error = Replace("[0.6]", "[" + token + "]");
        Assert.Equal(ModelFileErrorKind.Overflow, error.Kind);
        Assert.Equal("$.parameters.b2[0]: " + token + " overflows double (parameters must be finite numbers)", error.Message);
    }

    [Fact]
    public void Tiny_and_long_numbers_are_not_errors()
    {
        ModelFileData data = ReadValid(Xor.Replace("[0.6]", "[1e-99999]").Replace("0.45", "0." + new string('4', 5000)));
        Assert.Equal(0.0, data.ParameterValues[8]);
        Assert.Equal(0.4444444444444444, data.ParameterValues[7]);
    }

    // ---- Comparing with a network ----

    [Fact]
    public void Architecture_mismatches_name_both_values_and_the_class()
    {
        ModelFileData file = ReadValid(Xor.Replace("[\"Sigmoid\", \"Sigmoid\"]", "[\"Tanh\", \"Sigmoid\"]"));
        ModelFileError activation = ModelFileReader.CheckArchitecture(file, new[] { 2, 2, 1 }, new[] { "sigmoid", "Sigmoid" }, "XorNet")!;
        Assert.Equal(ModelFileErrorKind.Architecture, activation.Kind);
        Assert.Equal("$.activations[0]: layer 1 activation: file has Tanh, XorNet has Sigmoid", activation.Message);
        Assert.Equal((5, 19), (activation.Line, activation.Column));

        ModelFileError size = ModelFileReader.CheckArchitecture(file, new[] { 2, 3, 1 }, new[] { "Tanh", "Sigmoid" }, "XorNet")!;
        Assert.Equal("$.layers[1]: layer 1 size: file has 2, XorNet has 3 (file [2, 2, 1], XorNet [2, 3, 1])", size.Message);
        Assert.Equal((4, 17), (size.Line, size.Column));
        Assert.StartsWith("$.layers[0]: input size: file has 2, XorNet has 3", ModelFileReader.CheckArchitecture(file, new[] { 3, 2, 1 }, new[] { "Tanh", "Sigmoid" }, "XorNet")!.Message);
        Assert.StartsWith("$.layers[2]: layer 2 (output) size: file has 1, XorNet has 4", ModelFileReader.CheckArchitecture(file, new[] { 2, 2, 4 }, new[] { "Tanh", "Sigmoid" }, "XorNet")!.Message);

        ModelFileError count = ModelFileReader.CheckArchitecture(file, new[] { 2, 2, 2, 1 }, new[] { "Tanh", "Tanh", "Sigmoid" }, "DeepNet")!;
        Assert.Equal("$.layers: layer sizes: file has 3 [2, 2, 1], DeepNet has 4 [2, 2, 2, 1]", count.Message);

        Assert.Null(ModelFileReader.CheckArchitecture(file, new[] { 2, 2, 1 }, new[] { "TANH", "sigmoid" }, "XorNet"));
    }

    [Fact]
    public void A_differing_loss_is_a_warning_and_an_absent_or_equal_loss_is_none()
    {
        ModelFileData file = ReadValid(Xor);
        ModelFileError warning = ModelFileReader.CompareLoss(file, "MSE", "XorNet")!;
        Assert.Equal(ModelFileErrorKind.LossDiffers, warning.Kind);
        Assert.Equal("$.loss: loss: file has BCE, XorNet has MSE; the parameters were loaded anyway (the loss only matters for training)", warning.Message);
        Assert.Equal((6, 11), (warning.Line, warning.Column));
        Assert.Null(ModelFileReader.CompareLoss(file, "bce", "XorNet"));
        Assert.Null(ModelFileReader.CompareLoss(ReadValid(Xor.Replace("\"loss\": \"BCE\",", "")), "MSE", "XorNet"));
    }

    [Fact]
    public void Float_overflow_is_found_at_the_first_value_that_rounds_to_infinity()
    {
        // float.MaxValue = (2 - 2^-23) 2^127; halfway to 2^128 is 2^128 - 2^103, which rounds (to even) to infinity.
        double halfway = Math.Pow(2, 128) - Math.Pow(2, 103);
        Assert.True(ModelFileReader.OverflowsFloat(halfway));
        Assert.True(ModelFileReader.OverflowsFloat(-halfway));
        Assert.False(ModelFileReader.OverflowsFloat(Math.BitDecrement(halfway)));
        Assert.False(ModelFileReader.OverflowsFloat(float.MaxValue));
        Assert.False(ModelFileReader.OverflowsFloat(1e-300));
        Assert.False(ModelFileReader.OverflowsFloat(double.PositiveInfinity)); // not a finite value: reported elsewhere

        ModelFileData file = ReadValid(Xor.Replace("0.3]", "3.4028235e38]").Replace("[0.6]", "[-3.5e38]"));
        ModelFileError error = ModelFileReader.CheckFitsFloat(file, "XorNet")!;
        Assert.Equal(ModelFileErrorKind.Overflow, error.Kind);
        Assert.Equal("$.parameters.b2[0]: -3.5e38 overflows float (the largest float is 3.4028235E+38); XorNet has Float precision", error.Message);
        Assert.Equal((10, 45), (error.Line, error.Column));
        Assert.Null(ModelFileReader.CheckFitsFloat(ReadValid(Xor), "XorNet"));
    }

    [Fact]
    public void A_canceled_token_stops_the_reader_with_OperationCanceledException()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        string big = BigFile(200, 200);
        Assert.Throws<OperationCanceledException>(() => ModelFileReader.Read(big, source.Token, out _));
    }

    /// <summary>A valid file with one hidden layer: inputs -> hidden -> 1, every weight a distinct number.</summary>
    internal static string BigFile(int inputs, int hidden)
    {
        var text = new System.Text.StringBuilder();
        text.Append("{\"format\":\"netgen-mlp\",\"version\":1,\"layers\":[").Append(inputs).Append(',').Append(hidden).Append(",1],");
        text.Append("\"activations\":[\"Tanh\",\"Linear\"],\"parameters\":{\"W1\":[");
        for (int r = 0; r < hidden; r++)
        {
            if (r > 0) text.Append(',');
            text.Append('[');
            for (int c = 0; c < inputs; c++) text.Append(c > 0 ? "," : "").Append(((r * inputs + c) * 1e-4).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            text.Append(']');
        }
        text.Append("],\"b1\":[").Append(string.Join(",", new string('0', hidden).ToCharArray())).Append("],\"W2\":[[");
        text.Append(string.Join(",", new string('1', hidden).ToCharArray())).Append("]],\"b2\":[0]}}");
        return text.ToString();
    }
}
