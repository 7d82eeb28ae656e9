using System;
using System.IO;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// The small JSON side files saved beside a model (label encoders, feature scalers): an object
/// <c>{"format": "...", "version": 1, ...}</c>, written atomically and read back with errors that name the file.
/// </summary>
internal static class JsonFiles
{
    /// <summary>The only version of every side file so far.</summary>
    public const int Version = 1;

    /// <summary>Writes <paramref name="path"/> atomically: the format and version, then what <paramref name="writeBody"/> adds.</summary>
    public static void Write(string path, string format, Action<Utf8JsonWriter> writeBody)
    {
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", format);
            json.WriteNumber("version", Version);
            writeBody(json);
            json.WriteEndObject();
        });
    }

    /// <summary>The root object of <paramref name="path"/>, checked to carry <paramref name="format"/> and <see cref="Version"/>.</summary>
    public static JsonElement Read(string path, string format)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The file {path} does not exist.", path);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != format)
        {
            throw new InvalidDataException($"{path}: \"format\" must be \"{format}\".");
        }
        if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version) || version != Version)
        {
            throw new InvalidDataException($"{path}: \"version\" must be {Version}.");
        }
        return root;
    }

    /// <summary>The elements of the array property <paramref name="name"/> of <paramref name="root"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing or not an array (the message names the file).</exception>
    public static JsonElement.ArrayEnumerator Array(JsonElement root, string path, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: \"{name}\" is missing or not an array.");
        }
        return array.EnumerateArray();
    }

    /// <summary>Builds the object the file describes; a value the constructor rejects becomes an error naming the file.</summary>
    public static TResult Construct<TResult>(string path, Func<TResult> construct)
    {
        try
        {
            return construct();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
