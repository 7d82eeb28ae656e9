using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace NetGen;

/// <summary>
/// Reads and writes one-dimensional float32/float64 arrays in NumPy's <c>.npy</c> format (what <c>np.save</c> writes and
/// <c>np.load</c> reads): the tutorial's way of keeping a network's flat parameter vector.
/// </summary>
/// <remarks>
/// Written files use format version 1.0 exactly as NumPy writes a 1-D array: the magic <c>\x93NUMPY</c>, version 1.0,
/// a little-endian 16-bit header length, the header <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (n,), }</c>
/// padded with spaces and a final newline to a multiple of 64 bytes, then the values little-endian. Versions 2.0 and
/// 3.0 (longer headers) are read too. Only 1-D, C-order, little-endian <c>&lt;f4</c> and <c>&lt;f8</c> arrays are
/// accepted; anything else is a <see cref="ModelFileException"/> that says what the file holds.
/// </remarks>
public static class NpyFile
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    // NumPy pads the header so that the data starts on a 64-byte boundary, after leaving room for the shape's first
    // number to grow to 21 digits (numpy/lib/format.py: ARRAY_ALIGN, GROWTH_AXIS_MAX_DIGITS).
    private const int ArrayAlign = 64;
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Writes <paramref name="values"/> to <paramref name="path"/> as a 1-D <c>.npy</c> array, atomically (temporary file, flush, rename).</summary>
    /// <typeparam name="T"><see cref="float"/> (written as <c>&lt;f4</c>) or <see cref="double"/> (<c>&lt;f8</c>).</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
    public static void Write<T>(string path, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        T[] copy = values.ToArray();
        Descriptor<T>();
        AtomicFile.Write(path, stream => Write<T>(stream, copy));
    }

    /// <summary>Writes <paramref name="values"/> to <paramref name="stream"/> (left open) as a 1-D <c>.npy</c> array.</summary>
    /// <inheritdoc cref="Write{T}(string, ReadOnlySpan{T})"/>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        string header = "{'descr': '" + Descriptor<T>() + "', 'fortran_order': False, 'shape': (" + values.Length.ToString(CultureInfo.InvariantCulture) + ",), }";
        header += new string(' ', GrowthAxisMaxDigits - values.Length.ToString(CultureInfo.InvariantCulture).Length);
        int prefix = Magic.Length + 2 + 2; // magic, version, 16-bit length
        int padding = ArrayAlign - (prefix + header.Length + 1) % ArrayAlign;
        header += new string(' ', padding) + "\n";

        Span<byte> start = stackalloc byte[prefix];
        Magic.CopyTo(start);
        start[6] = 1; // version 1.0
        start[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(start[8..], (ushort)header.Length);
        stream.Write(start);
        stream.Write(Encoding.ASCII.GetBytes(header));
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            var bytes = new byte[values.Length * Marshal.SizeOf<T>()];
            for (int i = 0; i < values.Length; i++)
            {
                if (typeof(T) == typeof(float)) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), float.CreateTruncating(values[i]));
                else BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), double.CreateTruncating(values[i]));
            }
            stream.Write(bytes);
        }
    }

    /// <summary>Reads a 1-D float32 or float64 <c>.npy</c> array as <typeparamref name="T"/> values.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>; float64 files read into float are rounded, and a value beyond float's range is an error.</typeparam>
    /// <exception cref="ModelFileException">The file is not a <c>.npy</c> array NetGen reads; the message names the file and the problem.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read (a folder, for instance).</exception>
    public static T[] Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Descriptor<T>();
        return Parse<T>(ModelFile.ReadFile(path), path);
    }

    /// <summary>Reads a 1-D float32 or float64 <c>.npy</c> array from <paramref name="stream"/> (read to the end, left open).</summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="sourceName">How messages name the stream.</param>
    /// <inheritdoc cref="Read{T}(string)"/>
    public static T[] Read<T>(Stream stream, string sourceName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        Descriptor<T>();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse<T>(buffer.ToArray(), sourceName);
    }

    private static string Descriptor<T>() =>
        typeof(T) == typeof(float) ? "<f4"
        : typeof(T) == typeof(double) ? "<f8"
        : throw new NotSupportedException($".npy files are read and written as float (<f4) or double (<f8), not {typeof(T).Name}.");

    private static T[] Parse<T>(byte[] bytes, string source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelFileException Error(string problem) => new($"{source}: {problem}", source);

        if (bytes.Length < Magic.Length + 2 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Error("not a .npy file (it does not start with the NumPy magic \\x93NUMPY).");
        }
        int major = bytes[6], minor = bytes[7];
        int lengthSize = major == 1 ? 2 : major is 2 or 3 ? 4 : throw Error($"unsupported .npy format version {major}.{minor} (NetGen reads 1.0, 2.0 and 3.0).");
        int headerStart = Magic.Length + 2 + lengthSize;
        if (bytes.Length < headerStart) throw Error("truncated: the file ends inside the header length.");
        long headerLength = lengthSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (bytes.Length - headerStart < headerLength)
        {
            throw Error($"truncated: the header is {headerLength} bytes long but only {bytes.Length - headerStart} bytes follow.");
        }
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, (int)headerLength);
        Dictionary<string, object>? fields = NpyHeader.Parse(header);
        if (fields is null) throw Error($"the header is not a dictionary as NumPy writes it: {header.Trim()}");
        if (fields.Count != 3 || !fields.ContainsKey("descr") || !fields.ContainsKey("fortran_order") || !fields.ContainsKey("shape"))
        {
            throw Error($"the header must have exactly 'descr', 'fortran_order' and 'shape': {header.Trim()}");
        }
        if (fields["descr"] is not string descr) throw Error($"'descr' is not a string: {header.Trim()}");
        int itemSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            ">f4" or ">f8" => throw Error($"the array is big-endian ('{descr}'); save it little-endian: np.save(path, a.astype('<{descr[1..]}')."),
            _ => throw Error($"the array's dtype is '{descr}'; NetGen reads float32 ('<f4') or float64 ('<f8'): np.save(path, a.astype(np.float32))."),
        };
        if (fields["fortran_order"] is not bool fortranOrder) throw Error($"'fortran_order' is not True or False: {header.Trim()}");
        if (fortranOrder) throw Error("the array is in Fortran order; NetGen reads C order (np.save(path, np.ascontiguousarray(a))).");
        if (fields["shape"] is not long[] shape) throw Error($"'shape' is not a tuple of whole numbers: {header.Trim()}");
        if (shape.Length != 1)
        {
            throw Error($"the array has shape ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}); NetGen reads a flat vector, shape (n,): np.save(path, a.ravel()).");
        }
        long count = shape[0];
        long dataStart = headerStart + headerLength;
        long available = bytes.Length - dataStart;
        if (count > int.MaxValue / itemSize) throw Error($"the shape ({count},) is too large.");
        if (available < count * itemSize)
        {
            throw Error($"truncated: the header promises {count} values ({count * itemSize} bytes) but only {available} bytes of data follow.");
        }
        if (available > count * itemSize)
        {
            throw Error($"{available - count * itemSize} bytes follow the {count} values the header promises; the file is not one array.");
        }
        var values = new T[count];
        ReadOnlySpan<byte> data = bytes.AsSpan((int)dataStart);
        for (int i = 0; i < values.Length; i++)
        {
            if (itemSize == 4)
            {
                values[i] = T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]));
                continue;
            }
            double value = BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
            if (typeof(T) == typeof(float) && ModelFileReader.OverflowsFloat(value))
            {
                throw Error($"element {i} is {value.ToString("R", CultureInfo.InvariantCulture)}, too large for float (the largest float is 3.4028235E+38).");
            }
            values[i] = T.CreateTruncating(value);
        }
        return values;
    }
}

/// <summary>
/// Parses the Python dictionary literal of a <c>.npy</c> header: string keys, and values that are strings, True/False
/// or tuples of whole numbers (all NumPy writes). Null when the text is anything else.
/// </summary>
internal static class NpyHeader
{
    public static Dictionary<string, object>? Parse(string text)
    {
        int pos = 0;
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        SkipSpace(text, ref pos);
        if (!Take(text, ref pos, '{')) return null;
        while (true)
        {
            SkipSpace(text, ref pos);
            if (Take(text, ref pos, '}')) break;
            string? key = ParseString(text, ref pos);
            if (key is null) return null;
            SkipSpace(text, ref pos);
            if (!Take(text, ref pos, ':')) return null;
            SkipSpace(text, ref pos);
            object? value = ParseValue(text, ref pos);
            if (value is null || !result.TryAdd(key, value)) return null;
            SkipSpace(text, ref pos);
            if (Take(text, ref pos, ',')) continue;
            SkipSpace(text, ref pos);
            if (Take(text, ref pos, '}')) break;
            return null;
        }
        SkipSpace(text, ref pos);
        return pos == text.Length ? result : null;
    }

    private static object? ParseValue(string text, ref int pos)
    {
        if (pos >= text.Length) return null;
        if (text[pos] is '\'' or '"') return ParseString(text, ref pos);
        if (string.CompareOrdinal(text, pos, "True", 0, 4) == 0) { pos += 4; return true; }
        if (string.CompareOrdinal(text, pos, "False", 0, 5) == 0) { pos += 5; return false; }
        if (!Take(text, ref pos, '(')) return null;
        var numbers = new List<long>();
        while (true)
        {
            SkipSpace(text, ref pos);
            if (Take(text, ref pos, ')')) return numbers.ToArray();
            int start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == start || pos - start > 18) return null;
            numbers.Add(long.Parse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture));
            if (pos < text.Length && text[pos] == 'L') pos++; // Python 2 long literals
            SkipSpace(text, ref pos);
            if (Take(text, ref pos, ',')) continue;
            SkipSpace(text, ref pos);
            if (Take(text, ref pos, ')')) return numbers.ToArray();
            return null;
        }
    }

    private static string? ParseString(string text, ref int pos)
    {
        if (pos >= text.Length || text[pos] is not ('\'' or '"')) return null;
        char quote = text[pos];
        int end = text.IndexOf(quote, pos + 1);
        if (end < 0) return null;
        string value = text.Substring(pos + 1, end - pos - 1);
        pos = end + 1;
        return value;
    }

    private static bool Take(string text, ref int pos, char c)
    {
        if (pos < text.Length && text[pos] == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && text[pos] is ' ' or '\n' or '\r' or '\t') pos++;
    }
}
