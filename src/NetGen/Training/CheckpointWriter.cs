using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace NetGen;

/// <summary>Writes the checkpoints of <see cref="Checkpoint"/>: a model file (<see cref="ModelFile.Save{T}(IPredictor{T}, string, IReadOnlyDictionary{string, string}?)"/>, atomic) naming the epoch in its metadata.</summary>
internal static class CheckpointWriter
{
    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/>, creating the folder if needed.</summary>
    public static void Save<T>(IPredictor<T> network, string path, int epoch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        ModelFile.Save(network, path, new Dictionary<string, string> { ["checkpoint"] = "epoch " + epoch.ToString(CultureInfo.InvariantCulture) });
    }
}
