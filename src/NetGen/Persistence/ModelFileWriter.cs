using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;

namespace NetGen;

/// <summary>
/// Writes model files, format v1: UTF-8 JSON without a byte-order mark, "\n" line ends, one weight row per line,
/// numbers in the shortest form that parses back to the same float or double (invariant culture). The
/// output depends only on the description, the parameters and the metadata, so saving twice gives the same bytes.
/// </summary>
internal static class ModelFileWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the file. The caller has checked that there are <see cref="NetworkDescription.ParameterCount"/> finite values.</summary>
    public static void Write<TValue>(Stream stream, NetworkDescription description, TValue[] parameters, IReadOnlyDictionary<string, string>? metadata)
        where TValue : unmanaged, IFloatingPointIeee754<TValue>
    {
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.Write("{\n");
        writer.Write("  \"format\": \"" + ModelFileReader.FormatName + "\",\n");
        writer.Write("  \"version\": " + ModelFileReader.CurrentVersion.ToString(CultureInfo.InvariantCulture) + ",\n");
        writer.Write("  \"layers\": [");
        for (int i = 0; i < description.LayerSizes.Count; i++)
        {
            if (i > 0) writer.Write(", ");
            writer.Write(description.LayerSizes[i].ToString(CultureInfo.InvariantCulture));
        }
        writer.Write("],\n  \"activations\": [");
        for (int i = 0; i < description.Activations.Count; i++)
        {
            if (i > 0) writer.Write(", ");
            writer.Write("\"" + NetworkDescription.NameOf(description.Activations[i]) + "\"");
        }
        writer.Write("],\n");
        writer.Write("  \"loss\": \"" + NetworkDescription.NameOf(description.Loss) + "\",\n");
        writer.Write("  \"precision\": \"" + NetworkFacts.PrecisionNames[(int)description.Precision] + "\",\n");
        writer.Write("  \"parameters\": {\n");
        Span<char> number = stackalloc char[64];
        foreach (LayerDescription layer in description.Layers)
        {
            writer.Write("    \"" + layer.WeightName + "\": [\n");
            for (int row = 0; row < layer.Outputs; row++)
            {
                writer.Write("      [");
                WriteNumbers(writer, parameters.AsSpan((int)(layer.WeightOffset + (long)row * layer.Inputs), layer.Inputs), number);
                writer.Write(row + 1 < layer.Outputs ? "],\n" : "]\n");
            }
            writer.Write("    ],\n");
            writer.Write("    \"" + layer.BiasName + "\": [");
            WriteNumbers(writer, parameters.AsSpan((int)layer.BiasOffset, layer.Outputs), number);
            writer.Write(layer.Index < description.Layers.Count ? "],\n" : "]\n");
        }
        writer.Write("  },\n");
        writer.Write("  \"metadata\": {");
        if (metadata is null || metadata.Count == 0)
        {
            writer.Write("}\n");
        }
        else
        {
            writer.Write('\n');
            int written = 0;
            foreach (KeyValuePair<string, string> pair in metadata)
            {
                writer.Write("    ");
                WriteString(writer, pair.Key);
                writer.Write(": ");
                WriteString(writer, pair.Value);
                writer.Write(++written < metadata.Count ? ",\n" : "\n");
            }
            writer.Write("  }\n");
        }
        writer.Write("}\n");
    }

    /// <summary>The shortest text that parses back to <paramref name="value"/> exactly ("R" is shortest round-trip since .NET Core 3.0).</summary>
    public static string Format<TValue>(TValue value) where TValue : IFloatingPointIeee754<TValue> =>
        value.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteNumbers<TValue>(StreamWriter writer, ReadOnlySpan<TValue> values, Span<char> buffer)
        where TValue : unmanaged, IFloatingPointIeee754<TValue>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) writer.Write(", ");
            if (!values[i].TryFormat(buffer, out int length, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException("A number did not fit its buffer.");
            writer.Write(buffer[..length]);
        }
    }

    /// <summary>Writes a JSON string: quotes, backslashes and control characters escaped; a lone surrogate as \uXXXX (it has no UTF-8 form).</summary>
    private static void WriteString(StreamWriter writer, string text)
    {
        writer.Write('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': writer.Write("\\\""); break;
                case '\\': writer.Write("\\\\"); break;
                case '\n': writer.Write("\\n"); break;
                case '\r': writer.Write("\\r"); break;
                case '\t': writer.Write("\\t"); break;
                default:
                    bool pairedSurrogate = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                        : char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]);
                    if (c < ' ' || (char.IsSurrogate(c) && !pairedSurrogate)) writer.Write("\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else writer.Write(c);
                    break;
            }
        }
        writer.Write('"');
    }
}
