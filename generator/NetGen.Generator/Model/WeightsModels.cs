using System;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>A network that names a <c>Weights</c> file, with where to report the file's problems (its attribute).</summary>
internal sealed record WeightsRequest(NetworkSpec Network, LocationInfo? Location);

/// <summary>
/// One additional file that a network's <c>Weights</c> may name, read and checked by the shared
/// <see cref="NetGen.ModelFileReader"/>. Equal when the path and the text are equal (compared by length and checksum),
/// so an unchanged file stays cached; <see cref="Data"/> and <see cref="Error"/> follow from the text.
/// </summary>
internal sealed class WeightsFile : IEquatable<WeightsFile>
{
    public WeightsFile(string path, int length, EquatableArray<byte> checksum, NetGen.ModelFileData? data, NetGen.ModelFileError? error)
    {
        Path = path;
        Length = length;
        Checksum = checksum;
        Data = data;
        Error = error;
    }

    /// <summary>The additional file's path, as the compiler gives it.</summary>
    public string Path { get; }

    /// <summary>The text's length in characters.</summary>
    public int Length { get; }

    /// <summary>The text's checksum (SourceText.GetChecksum).</summary>
    public EquatableArray<byte> Checksum { get; }

    /// <summary>The model file, when it was read (not too large) and is valid.</summary>
    public NetGen.ModelFileData? Data { get; }

    /// <summary>Why the file is not a valid model file; null when it is, or when it was too large to read.</summary>
    public NetGen.ModelFileError? Error { get; }

    public bool Equals(WeightsFile? other) =>
        other is not null && Path == other.Path && Length == other.Length && Checksum.Equals(other.Checksum);

    public override bool Equals(object? obj) => Equals(obj as WeightsFile);

    public override int GetHashCode() => unchecked(Path.GetHashCode() * 31 + Length);
}

/// <summary>A network's <c>Weights</c> request with the additional files its name matches (none, one, or several).</summary>
internal sealed record WeightsMatch(WeightsRequest Request, EquatableArray<WeightsFileRef> Files);

/// <summary>An equatable reference to a <see cref="WeightsFile"/> (records need equatable members for their arrays).</summary>
internal sealed record WeightsFileRef(WeightsFile File);

/// <summary>The outcome of baking one network: the network with its trained parameters, or the diagnostics saying why not.</summary>
internal sealed record BakeResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics);
