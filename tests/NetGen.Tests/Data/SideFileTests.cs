using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>The JSON side files (feature scaler, label encoder) given hostile bytes: every problem is an error naming the file.</summary>
public class SideFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Scaler(string method = "\"MinMax\"") =>
        "{\"format\": \"netgen-scaler\", \"version\": 1, \"method\": " + method + ", \"offsets\": [1, 2], \"scales\": [3, 4]}";

    private static string Labels(string classes) => "{\"format\": \"netgen-labels\", \"version\": 1, \"classes\": " + classes + "}";

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    private static byte[] WithBom(string text) => new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8(text)).ToArray();

    private InvalidDataException Refused<T>(Func<string, T> load, byte[] bytes, string expected)
    {
        string path = _dir.Write("side.json", bytes);
        var error = Assert.Throws<InvalidDataException>(() => load(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
        return error;
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_names_the_file_and_the_field()
    {
        byte[] bytes = Utf8(Scaler("\"MinMaX\""));
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        var error = Refused(FeatureScaler.Load, bytes, "\"method\" is not valid text");
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void A_lone_surrogate_escape_names_the_file_and_the_field()
    {
        Refused(LabelEncoder.Load, Utf8("{\"format\":\"netgen-labels\",\"version\":1,\"classes\":[\"\\ud800\"]}"), "\"classes\"[0] is not valid text");
        Refused(LabelEncoder.Load, Utf8(Labels("[\"a\", \"b\\udc00\"]")), "\"classes\"[1] is not valid text");
        Refused(FeatureScaler.Load, Utf8("{\"format\":\"\\udc00\",\"version\":1}"), "\"format\" is not valid text");
        Refused(FeatureScaler.Load, Utf8("{\"\\ud800\": 1, \"format\":\"netgen-scaler\",\"version\":1}"), "a key is not valid text");
    }

    [Fact]
    public void A_class_that_is_not_valid_text_is_refused_when_the_encoder_is_made_not_changed_by_a_save()
    {
        // Found by a hostile-input probe: Save wrote U+FFFD for the lone surrogate and Load gave back another class.
        var error = Assert.Throws<ArgumentException>(() => new LabelEncoder(new[] { "a", "b\ud800" }));
        Assert.Equal("classes", error.ParamName);
        Assert.StartsWith("Class 1 is not valid Unicode text (it holds an unpaired surrogate)", error.Message);
        Assert.Throws<ArgumentException>(() => LabelEncoder.Fit(new[] { "\udc00x" }));
        Assert.Throws<ArgumentException>(() => new LabelEncoder(new[] { "\ud83d" })); // a high surrogate at the end
        // A surrogate pair is valid text and round-trips.
        var emoji = new LabelEncoder(new[] { "\ud83d\ude00", "b" });
        string path = _dir.File("emoji.json");
        emoji.Save(path);
        Assert.Equal(emoji.Classes, LabelEncoder.Load(path).Classes);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"0\"")]
    [InlineData("\"Standardize,MinMax\"")]
    [InlineData("\"MinMax, Standardize\"")]
    [InlineData("\" MinMax\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    public void A_method_that_is_not_one_of_the_names_is_refused(string method)
    {
        Refused(FeatureScaler.Load, Utf8(Scaler(method)), "\"method\" must be \"Standardize\" or \"MinMax\".");
    }

    [Theory]
    [InlineData("\"MinMax\"", ScalingMethod.MinMax)]
    [InlineData("\"minmax\"", ScalingMethod.MinMax)]
    [InlineData("\"Standardize\"", ScalingMethod.Standardize)]
    [InlineData("\"STANDARDIZE\"", ScalingMethod.Standardize)]
    public void The_method_names_are_read_in_any_case(string method, ScalingMethod expected)
    {
        Assert.Equal(expected, FeatureScaler.Load(_dir.Write("scaler.json", Scaler(method))).Method);
    }

    [Fact]
    public void A_repeated_key_names_the_file_and_the_key()
    {
        Refused(FeatureScaler.Load,
            Utf8("{\"format\": \"netgen-scaler\", \"version\": 1, \"method\": \"MinMax\", \"method\": \"Standardize\", \"offsets\": [1], \"scales\": [1]}"),
            "the key \"method\" appears twice");
        Refused(LabelEncoder.Load, Utf8(Labels("[\"a\"], \"classes\": [\"b\"]")), "the key \"classes\" appears twice");
        Refused(LabelEncoder.Load, Utf8(Labels("[\"a\"], \"extra\": {\"x\": 1, \"x\": 2}")), "the key \"extra\".\"x\" appears twice");
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_the_file_loads_the_same()
    {
        var plain = FeatureScaler.Load(_dir.Write("plain.json", Utf8(Scaler())));
        var bom = FeatureScaler.Load(_dir.Write("bom.json", WithBom(Scaler())));
        Assert.Equal(ScalingMethod.MinMax, bom.Method);
        Assert.Equal(plain.Offsets, bom.Offsets);
        Assert.Equal(plain.Scales, bom.Scales);
        Assert.Equal(new[] { 1.0, 2.0 }, bom.Offsets);

        Assert.Equal(new[] { "a", "b" }, LabelEncoder.Load(_dir.Write("labels.json", Utf8(Labels("[\"a\", \"b\"]")))).Classes);
        Assert.Equal(new[] { "a", "b" }, LabelEncoder.Load(_dir.Write("labels-bom.json", WithBom(Labels("[\"a\", \"b\"]")))).Classes);

        // Only one: a second mark is not JSON.
        Refused(LabelEncoder.Load, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(WithBom(Labels("[\"a\"]"))).ToArray(), "not valid JSON");
    }

    [Fact]
    public void Saved_files_with_escapes_and_non_ascii_labels_load_back()
    {
        var encoder = new LabelEncoder(new[] { "a\"b", "\u00e9t\u00e9", "\U0001F600", "x\\y" });
        string path = _dir.File("labels.json");
        encoder.Save(path);
        Assert.Equal(encoder.Classes, LabelEncoder.Load(path).Classes);
        // A correctly paired surrogate escape is text.
        Assert.Equal(new[] { "\U0001F600" }, LabelEncoder.Load(_dir.Write("pair.json", Labels("[\"\\ud83d\\ude00\"]"))).Classes);
    }
}
