using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace NetGen;

/// <summary>
/// Replaces a file atomically: the new content goes to a temporary file in the same folder, is flushed to disk, and is
/// renamed over the target. Readers see the old file or the new one, never a mix; a failure at any point (an exception
/// while writing, a full disk, a killed process) leaves the old file as it was.
/// </summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".netgen-tmp";

    /// <summary>Numbers this process's temporary files, so that saves running at once never share one.</summary>
    private static int s_lastSave;

    /// <summary>
    /// A new temporary file name for <paramref name="fullPath"/>, beside it (a rename across folders may not be atomic):
    /// <c>.name.{process id}-{n}.netgen-tmp</c>. Every save has its own, so saves of one target running at once cannot
    /// write into each other's file (with one shared name, a second save truncated the first's file between its
    /// close and its rename, and the rename published the second's partial bytes). The process id lets a later save
    /// recognize, and delete, what a killed process left (<see cref="DeleteLeftovers"/>).
    /// </summary>
    internal static string NewTemporaryPath(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? "", TemporaryPrefix(fullPath)
            + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-"
            + Interlocked.Increment(ref s_lastSave).ToString(CultureInfo.InvariantCulture) + TemporarySuffix);

    /// <summary>Whether <paramref name="path"/> is one of <paramref name="fullPath"/>'s temporary files; its writer's process id.</summary>
    internal static bool IsTemporaryFileOf(string fullPath, string path, out int processId)
    {
        processId = 0;
        string name = Path.GetFileName(path), prefix = TemporaryPrefix(fullPath);
        if (name.Length <= prefix.Length + TemporarySuffix.Length
            || !name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(TemporarySuffix, StringComparison.Ordinal)) return false;
        string middle = name.Substring(prefix.Length, name.Length - prefix.Length - TemporarySuffix.Length);
        int dash = middle.IndexOf('-');
        return dash > 0
            && int.TryParse(middle.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out processId)
            && int.TryParse(middle.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>
    /// <c>.name.</c>, with the name cut (at a character boundary) to <see cref="MaxPrefixNameBytes"/> UTF-8 bytes: file
    /// systems limit a name to 255 bytes, and a target name near that limit must leave room for the process id, the
    /// counter and the suffix (a 240-byte name failed to save, "path too long", though the target's name was valid).
    /// </summary>
    private static string TemporaryPrefix(string fullPath)
    {
        string name = Path.GetFileName(fullPath);
        int bytes = 0, length = 0;
        while (length < name.Length)
        {
            int step = char.IsHighSurrogate(name[length]) && length + 1 < name.Length && char.IsLowSurrogate(name[length + 1]) ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(name.AsSpan(length, step));
            if (bytes > MaxPrefixNameBytes) break;
            length += step;
        }
        return "." + name.Substring(0, length) + ".";
    }

    /// <summary>The most UTF-8 bytes of the target's name in a temporary file's name: 255 less the rest's at most 34 (dots, two 10-digit numbers, dash, suffix).</summary>
    private const int MaxPrefixNameBytes = 200;

    /// <summary>Writes the file at <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the previous file, if any, is unchanged.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath)) throw new IOException($"Cannot save to '{path}': it is a folder.");
        DeleteLeftovers(fullPath);
        string temporary = NewTemporaryPath(fullPath);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            KeepMode(fullPath, temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e.Message.Contains(temporary, StringComparison.Ordinal))
        {
            TryDelete(temporary);
            // The temporary file is this class's business: a message naming it ("Could not find a part of the path
            // '/x/.out.json.123-1.netgen-tmp'") sends the reader looking for a file they never asked for. Same reason, the target's name.
            throw NamingTarget(e, e.Message.Replace(temporary, fullPath, StringComparison.Ordinal));
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Gives the temporary file the permissions of the file it replaces: a new file gets the default mode (0644 under
    /// the usual umask), so a model kept private (0600) became readable by every user at its next save.
    /// </summary>
    private static void KeepMode(string fullPath, string temporary)
    {
        if (OperatingSystem.IsWindows()) return;
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // no file to replace (or none readable): the new file keeps the default
        }
        File.SetUnixFileMode(temporary, mode);
    }

    /// <summary>An exception of <paramref name="e"/>'s kind (the common ones) with <paramref name="message"/>, <paramref name="e"/> inside.</summary>
    private static Exception NamingTarget(Exception e, string message) => e switch
    {
        UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
        DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
        FileNotFoundException => new FileNotFoundException(message, e),
        PathTooLongException => new PathTooLongException(message, e),
        _ => new IOException(message, e),
    };

    /// <summary>
    /// Deletes the temporary files of <paramref name="fullPath"/> whose process has ended (a save killed mid-write), so
    /// that they do not accumulate. Files of running processes, this one included, may be saves under way: kept.
    /// </summary>
    private static void DeleteLeftovers(string fullPath)
    {
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is null) return;
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*" + TemporarySuffix))
            {
                if (IsTemporaryFileOf(fullPath, file, out int processId) && processId != Environment.ProcessId && !IsRunning(processId)) TryDelete(file);
            }
        }
        catch (IOException)
        {
            // The folder cannot be listed (the save itself will say what is wrong, if anything): nothing to tidy.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or NotSupportedException)
        {
            return true; // cannot tell: keep the file
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
            // The disk is gone, or the file is held: a later save deletes it once its process has ended.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
