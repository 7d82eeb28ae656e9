using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
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
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(path);
        // A UTF-8 byte order mark (Notepad writes one) is skipped, as model files and CSVs skip it; JsonDocument refuses it.
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(bytes).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        Check(root, path, "");
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

    /// <summary>
    /// Checks what <see cref="JsonDocument"/> leaves to its getters, so that the readers' <c>GetString</c> and
    /// <c>TryGetProperty</c> cannot fail or mislead later: every string and property name decodes (the parser accepts
    /// invalid UTF-8 inside strings and lone surrogate escapes such as <c>"\ud800"</c>, and <c>GetString</c> then throws
    /// an <see cref="InvalidOperationException"/> that names no file), and no object repeats a key (the parser keeps
    /// both, and which one a reader sees would be an accident).
    /// </summary>
    private static void Check(JsonElement element, string path, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string key = Decode(() => property.Name, path, where.Length == 0 ? "a key" : $"a key of {where}");
                    string field = where.Length == 0 ? $"\"{key}\"" : $"{where}.\"{key}\"";
                    if (!keys.Add(key)) throw new InvalidDataException($"{path}: the key {field} appears twice; each key may appear once.");
                    Check(property.Value, path, field);
                }
                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray()) Check(item, path, $"{where}[{index++}]");
                break;
            case JsonValueKind.String:
                Decode(element.GetString, path, where.Length == 0 ? "the value" : where);
                break;
        }
    }

    /// <summary>A string of the document, or an error naming the file and <paramref name="what"/> if it does not decode.</summary>
    private static string Decode(Func<string?> read, string path, string what)
    {
        try
        {
            return read()!;
        }
        catch (Exception e) when (e is InvalidOperationException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{path}: {what} is not valid text (invalid UTF-8, or an unpaired surrogate escape such as \\ud800): {e.Message}", e);
        }
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
