using System;
using System.IO;

namespace NetGen;

/// <summary>
/// A model file (JSON, format v1) or a <c>.npy</c> parameter file that cannot be loaded: not JSON or truncated, not a
/// NetGen model file, a newer version, an architecture that differs from the network's, a parameter of the wrong
/// shape, missing, extra, not a number, not finite or too large for the network's precision. The message names the
/// file, the line and column and the JSON path (<c>$.parameters.W1[1]</c>) of the problem, and says what is wrong.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), so code that handles I/O failures
/// around a load handles a bad file too; catch <see cref="ModelFileException"/> to tell the two apart.
/// </remarks>
public class ModelFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message, naming the file and the problem.</param>
    /// <param name="filePath">The file (or the source name given for a stream).</param>
    /// <param name="line">The 1-based line of the problem, when it has one.</param>
    /// <param name="column">The 1-based column of the problem, when it has one.</param>
    /// <param name="jsonPath">The JSON path of the problem (<c>$</c> is the whole document), when it has one.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ModelFileException(string message, string filePath, int? line = null, int? column = null, string? jsonPath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        JsonPath = jsonPath;
    }

    /// <summary>The file (or the source name given for a stream).</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the problem; null when the problem has no position (a <c>.npy</c> header, say).</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the problem, counted in characters; null when the problem has no position.</summary>
    public int? Column { get; }

    /// <summary>The JSON path of the value at fault, e.g. <c>$.parameters.W1[1]</c>; null for non-JSON files.</summary>
    public string? JsonPath { get; }

    internal static ModelFileException From(ModelFileError error, string source) =>
        new(error.Describe(source), source, error.Line, error.Column, error.Path);
}
