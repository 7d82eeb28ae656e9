using System;
using System.IO;

namespace NetGen;

/// <summary>
/// Replaces a file atomically: the new content goes to a temporary file in the same folder, is flushed to disk, and is
/// renamed over the target. Readers see the old file or the new one, never a mix; a failure at any point (an exception
/// while writing, a full disk, a killed process) leaves the old file as it was.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// The temporary file for <paramref name="fullPath"/>: one fixed name per target, beside it (a rename across folders
    /// may not be atomic). A temporary file left by a killed process is overwritten by the next save and renamed away,
    /// so it never accumulates; two saves to the same target at once collide on it, and the second fails cleanly.
    /// </summary>
    internal static string TemporaryPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? "", "." + Path.GetFileName(fullPath) + ".netgen-tmp");

    /// <summary>Writes the file at <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the previous file, if any, is unchanged.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath)) throw new IOException($"Cannot save to '{path}': it is a folder.");
        string temporary = TemporaryPathFor(fullPath);
        // FileShare.None: a concurrent save of the same target fails here, before touching anything, instead of
        // interleaving bytes; that temporary file is the other save's, so it is not deleted below.
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another save holds it, or the disk is gone: the next save overwrites it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
