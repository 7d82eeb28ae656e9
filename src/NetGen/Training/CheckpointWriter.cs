using System;
using System.IO;
using System.Numerics;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Writes a network as a model file (format v1 of the design: UTF-8 JSON with layers, activations, loss, precision,
/// <c>W{l}</c> as <c>[out][in]</c> and <c>b{l}</c>, numbers in shortest round-trip form), atomically.
/// </summary>
/// <remarks>
/// The seam checkpoints write through. It stays internal and small so that it can hand over to the public model-file
/// API (<c>ModelFile.Save</c>) once that lands, without changing what checkpoints write.
/// </remarks>
internal static class CheckpointWriter
{
    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/>: a temporary file beside it, flushed, renamed over it.</summary>
    public static void Save<T>(IPredictor<T> network, string path, int epoch) where T : unmanaged, IFloatingPointIeee754<T> =>
        AtomicFile.Write(path, stream => Write(network, stream, epoch));

    private static void Write<T>(IPredictor<T> network, Stream stream, int epoch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var description = network.Description;
        var parameters = new T[network.ParameterCount];
        network.CopyParametersTo(parameters);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", "netgen-mlp");
        json.WriteNumber("version", 1);
        json.WriteStartArray("layers");
        foreach (int size in description.LayerSizes) json.WriteNumberValue(size);
        json.WriteEndArray();
        json.WriteStartArray("activations");
        foreach (var activation in description.Activations) json.WriteStringValue(NetworkDescription.NameOf(activation));
        json.WriteEndArray();
        json.WriteString("loss", NetworkDescription.NameOf(description.Loss));
        json.WriteString("precision", description.Precision.ToString());
        json.WriteStartObject("parameters");
        foreach (var layer in description.Layers)
        {
            json.WriteStartArray(layer.WeightName);
            for (int row = 0; row < layer.Outputs; row++)
            {
                json.WriteStartArray();
                for (int column = 0; column < layer.Inputs; column++) WriteNumber(json, parameters[layer.WeightOffset + (long)row * layer.Inputs + column]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray(layer.BiasName);
            for (int row = 0; row < layer.Outputs; row++) WriteNumber(json, parameters[layer.BiasOffset + row]);
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteStartObject("metadata");
        json.WriteString("checkpoint", "epoch " + epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // Utf8JsonWriter writes the shortest text that reads back to the same float or double.
    private static void WriteNumber<T>(Utf8JsonWriter json, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) json.WriteNumberValue(float.CreateTruncating(value));
        else json.WriteNumberValue(double.CreateTruncating(value));
    }
}
