using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// What <see cref="ModelFile.Load{T}(IPredictor{T}, string, System.Action{string}?)"/> found in a model file besides
/// the parameters it loaded: the file's loss and precision as written, its metadata, and the warnings of the load.
/// </summary>
public sealed class ModelFileInfo
{
    internal ModelFileInfo(string source, int version, LossFunction? loss, Precision? precision, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> warnings)
    {
        Source = source;
        Version = version;
        Loss = loss;
        Precision = precision;
        Metadata = metadata;
        Warnings = warnings;
    }

    /// <summary>The file path, or the source name given for a stream.</summary>
    public string Source { get; }

    /// <summary>The file's format version.</summary>
    public int Version { get; }

    /// <summary>The loss the file names, or null when it names none.</summary>
    public LossFunction? Loss { get; }

    /// <summary>The precision the file names, or null when it names none.</summary>
    public Precision? Precision { get; }

    /// <summary>The file's <c>metadata</c> (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Things worth knowing that did not stop the load, each naming the file, line and column: today, a loss in the
    /// file that differs from the network's (the file may come from another trainer; the loss matters only for training).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }
}
