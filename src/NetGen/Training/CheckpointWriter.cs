using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace NetGen;

/// <summary>Writes the checkpoints of <see cref="Checkpoint"/>: a model file (<see cref="ModelFile.Save{T}(IPredictor{T}, string, IReadOnlyDictionary{string, string}?)"/>, atomic) naming the epoch in its metadata.</summary>
internal static class CheckpointWriter
{
    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/>, creating the folder if needed.</summary>
    /// <exception cref="IOException">The file or its folder cannot be written; the message names the checkpoint and the epoch.</exception>
    public static void Save<T>(IPredictor<T> network, string path, int epoch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string epochText = epoch.ToString(CultureInfo.InvariantCulture);
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new IOException($"The checkpoint of epoch {epochText} cannot be written to '{path}': its folder cannot be created ({e.Message}).", e);
        }
        ModelFile.Save(network, path, new Dictionary<string, string> { ["checkpoint"] = "epoch " + epochText });
    }
}
