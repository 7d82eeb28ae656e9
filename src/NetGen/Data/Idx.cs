using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (the magic number
/// <c>00 00 type dims</c>, then one 32-bit size per dimension) followed by the values. Files may be raw or gzip
/// compressed (<c>.gz</c>); which one is told by the first two bytes (<c>1f 8b</c> is gzip), not by the name.
/// </summary>
/// <remarks>
/// Every problem with a file's content is an <see cref="InvalidDataException"/> whose message names the file and
/// what is wrong: a wrong magic number, a header that promises more bytes than the file has (a truncated file),
/// bytes past the end of what the header promises, header sizes whose product is more than an array holds, or a broken
/// gzip stream (including a trailer whose CRC-32 or length does not match the data, or bytes after the gzip stream; a
/// file of several concatenated gzip members is not supported and is refused the same way). A file that does not exist is a
/// <see cref="FileNotFoundException"/> that names the file.
/// </remarks>
public static class Idx
{
    /// <summary>The magic number of an image file: unsigned bytes (type <c>0x08</c>) in 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of a label file: unsigned bytes (type <c>0x08</c>) in 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an IDX image file (magic number <c>0x00000803</c>): unsigned-byte images of rows x columns pixels.</summary>
    /// <param name="path">The file, raw or gzip compressed.</param>
    /// <returns>The images, flat and row-major.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX image file (the message names the file and the problem).</exception>
    public static IdxImages ReadImages(string path)
    {
        var (dims, data) = Read(path, ImagesMagic, "image");
        return new IdxImages(data, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads an IDX label file (magic number <c>0x00000801</c>): one unsigned byte per sample.</summary>
    /// <param name="path">The file, raw or gzip compressed.</param>
    /// <returns>The labels, a new array the caller owns.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX label file (the message names the file and the problem).</exception>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "label").Data;

    /// <summary>
    /// An IDX image file and its IDX label file (the MNIST format, raw or gzip) as a dataset, in <see cref="float"/>:
    /// each image becomes one row of inputs, its pixels row-major and divided by 255 (so from 0 to 1), and each label a
    /// one-hot row of <paramref name="classes"/> targets. Samples keep the files' order.
    /// </summary>
    /// <param name="imagesPath">The image file (magic number <c>0x00000803</c>), raw or gzip compressed.</param>
    /// <param name="labelsPath">The label file (magic number <c>0x00000801</c>), raw or gzip compressed.</param>
    /// <param name="classes">The number of classes, at least 1; every label must be below it.</param>
    /// <returns>A new dataset of <c>rows * columns</c> inputs and <paramref name="classes"/> targets per image.</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1, or so large that the one-hot targets would not fit an array.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">
    /// A file is malformed (wrong magic number, truncated, bytes past the end, broken gzip), the counts of images and
    /// labels differ, an image has no pixels, or a label is not a class. The message names the file and the problem.
    /// </exception>
    public static Dataset<float> Load(string imagesPath, string labelsPath, int classes = 10) => Load<float>(imagesPath, labelsPath, classes);

    /// <summary>An IDX image file and its label file as a dataset; see <see cref="Load(string, string, int)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="imagesPath">The image file (magic number <c>0x00000803</c>), raw or gzip compressed.</param>
    /// <param name="labelsPath">The label file (magic number <c>0x00000801</c>), raw or gzip compressed.</param>
    /// <param name="classes">The number of classes, at least 1; every label must be below it.</param>
    /// <returns>A new dataset of <c>rows * columns</c> inputs and <paramref name="classes"/> targets per image.</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1, or so large that the one-hot targets would not fit an array.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the counts differ, or a label is not a class.</exception>
    public static Dataset<T> Load<T>(string imagesPath, string labelsPath, int classes = 10) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "There must be at least one class.");
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; " +
                "an image file and its label file must have one label per image.");
        }
        if (images.PixelsPerImage == 0)
        {
            throw new InvalidDataException($"'{imagesPath}' holds images of {images.Rows} x {images.Columns} pixels: an image needs at least one pixel.");
        }
        long targetValues = (long)labels.Length * classes;
        if (targetValues > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes,
                $"{labels.Length} labels of {classes} classes are {targetValues} one-hot target values, more than an array holds ({Array.MaxLength}).");
        }
        var targets = new T[targetValues];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw new InvalidDataException(
                    $"'{labelsPath}': label {i} is {labels[i]}, which is not a class: with {classes} classes, labels go from 0 to {classes - 1}.");
            }
            targets[i * classes + labels[i]] = T.One;
        }

        // The 256 possible pixel values, scaled once: each is the correctly rounded value of p / 255.
        Span<T> scale = stackalloc T[256];
        T max = T.CreateChecked(255);
        for (int p = 0; p < 256; p++) scale[p] = T.CreateChecked(p) / max;
        var pixels = images.Pixels;
        var features = new T[pixels.Length];
        for (int i = 0; i < features.Length; i++) features[i] = scale[pixels[i]];

        return Dataset<T>.FromOwned(features, targets, labels.Length, images.PixelsPerImage, classes);
    }

    private static (int[] Dims, byte[] Data) Read(string path, int expectedMagic, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX {kind} file '{path}' does not exist.", path);

        using var file = File.OpenRead(path);
        Span<byte> first = stackalloc byte[2];
        int got = file.ReadAtLeast(first, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = got == 2 && first[0] == 0x1f && first[1] == 0x8b;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        string described = gzip ? $"'{path}' (gzip)" : $"'{path}'";

        Span<byte> magicBytes = stackalloc byte[4];
        int magicRead = ReadFully(stream, magicBytes, path);
        if (magicRead < 4)
        {
            throw new InvalidDataException(
                $"{described} is truncated: it has {magicRead} bytes, fewer than the 4-byte magic number an IDX file starts with.");
        }
        int magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException(
                $"{described} is not an IDX {kind} file: its magic number is 0x{magic:X8} ({DescribeMagic(magic)}), " +
                $"but an IDX {kind} file's is 0x{expectedMagic:X8} ({DescribeMagic(expectedMagic)}).");
        }

        int rank = magic & 0xff;
        var header = new byte[rank * 4];
        int headerRead = ReadFully(stream, header, path);
        if (headerRead < header.Length)
        {
            throw new InvalidDataException(
                $"{described} is truncated: its header needs {4 + header.Length} bytes (the magic number and {rank} sizes of 4 bytes) " +
                $"but the file ends after {4 + headerRead}.");
        }
        var dims = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(d * 4, 4));
            if (size > int.MaxValue)
            {
                throw new InvalidDataException($"{described} has an impossible size {size} in dimension {d} ({Field(kind, rank, d)}) of its header.");
            }
            dims[d] = (int)size;
        }
        // The size of one item (an image's rows x columns) is checked on its own, in long: with 0 items the total is 0
        // whatever it is, and 2147483647 x 2147483647 wrapped in int to an image of 1 pixel.
        long itemSize = 1;
        for (int d = 1; d < rank && itemSize <= Array.MaxLength; d++) itemSize *= dims[d]; // stops before it could overflow long
        if (itemSize > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{described} has a header whose {string.Join(" x ", Enumerable.Range(1, rank - 1).Select(d => Field(kind, rank, d)))} " +
                $"({string.Join(" x ", dims[1..])}) is more values per {(kind == "image" ? "image" : "item")} than an array can hold ({Array.MaxLength}).");
        }
        long total = rank == 0 ? 1 : dims[0] * itemSize;
        if (total > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{described} has a header whose sizes ({string.Join(" x ", dims)}) multiply to {total} values, more than {Array.MaxLength}.");
        }

        // Check the header against the file before allocating what it promises: a 19-byte file must not allocate gigabytes.
        long headerBytes = 4 + header.Length;
        if (!gzip && file.Length - headerBytes < total)
        {
            throw new InvalidDataException(
                $"{described} is truncated: its header promises {Promise(kind, dims)} ({total} bytes after the {headerBytes}-byte header) " +
                $"but only {file.Length - headerBytes} bytes follow.");
        }
        // A gzip stream's length is unknown until read: the buffer grows with the data actually decompressed.
        byte[] data = gzip ? ReadGrowing(stream, total, path) : new byte[total];
        int dataRead = gzip ? data.Length : ReadFully(stream, data, path);
        if (dataRead < total)
        {
            throw new InvalidDataException(
                $"{described} is truncated: its header promises {Promise(kind, dims)} ({total} bytes after the {4 + header.Length}-byte header) " +
                $"but only {dataRead} bytes follow.");
        }
        Span<byte> probe = stackalloc byte[4096];
        long extra = 0;
        for (int n; (n = ReadFully(stream, probe, path)) > 0;) extra += n;
        if (extra > 0)
        {
            throw new InvalidDataException(
                $"{described} has {extra} bytes past the end: its header promises {Promise(kind, dims)} ({total} bytes after the " +
                $"{4 + header.Length}-byte header), so the header and the data disagree.");
        }
        if (gzip) CheckGzipTrailer(file, path, magicBytes, header, data);
        return (dims, data);
    }

    /// <summary>
    /// Checks the gzip trailer (CRC-32 and ISIZE, the file's last 8 bytes) against the decompressed bytes.
    /// <see cref="GZipStream"/> accepts a file cut inside the trailer (the corrupted data then goes unnoticed) and ignores
    /// bytes after the gzip stream; both end the file with 8 bytes that are not the trailer of what was decompressed.
    /// A file of several gzip members (concatenated .gz files, legal in gzip) is refused by the same check, since the
    /// last trailer covers only the last member: it is not supported (MNIST files are one member), and refusing it is
    /// better than reading it without checking where its members end.
    /// </summary>
    private static void CheckGzipTrailer(FileStream file, string path, ReadOnlySpan<byte> magic, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        long length = magic.Length + header.Length + data.Length;
        uint crc = Crc32.Append(Crc32.Append(Crc32.Append(0, magic), header), data);
        Span<byte> trailer = stackalloc byte[8];
        // The smallest gzip file is a 10-byte header, an empty deflate block and the 8-byte trailer.
        int got = file.Length >= 18 ? RandomAccess.Read(file.SafeFileHandle, trailer, file.Length - 8) : 0;
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint storedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (got < 8 || storedCrc != crc || storedSize != (uint)length)
        {
            throw new InvalidDataException(
                $"'{path}' is not a valid gzip file: its last 8 bytes are not the gzip trailer of its {length} decompressed bytes " +
                $"(they give CRC-32 0x{storedCrc:X8} and length {storedSize}; the data has CRC-32 0x{crc:X8} and length {(uint)length}): " +
                "the file is truncated or corrupted, has bytes after the end of its gzip stream, or holds several gzip members " +
                "(concatenated .gz files are not supported).");
        }
    }

    /// <summary>
    /// CRC-32 as gzip computes it (IEEE, reflected, polynomial 0xEDB88320). Written here, a table and a loop, because the
    /// runtime library has no dependencies: System.IO.Hashing (a NuGet package) would be its first one.
    /// </summary>
    private static class Crc32
    {
        private static readonly uint[] Table = CreateTable();

        private static uint[] CreateTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>The CRC-32 of the bytes whose CRC-32 is <paramref name="crc"/> followed by <paramref name="bytes"/> (0 for none).</summary>
        public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
        {
            uint c = ~crc;
            foreach (byte b in bytes) c = Table[(c ^ b) & 0xff] ^ (c >> 8);
            return ~c;
        }
    }

    /// <summary>What dimension <paramref name="d"/> of the header counts: for an image file the count, rows and columns.</summary>
    private static string Field(string kind, int rank, int d) => kind == "image" && rank == 3
        ? d switch { 0 => "image count", 1 => "rows", _ => "columns" }
        : d == 0 ? $"{kind} count" : $"dimension {d}";

    private static string Promise(string kind, int[] dims) => kind == "image" && dims.Length == 3
        ? $"{dims[0]} images of {dims[1]} x {dims[2]} pixels"
        : dims.Length == 1 ? $"{dims[0]} {kind}s" : $"values of shape {string.Join(" x ", dims)}";

    private static string DescribeMagic(int magic)
    {
        if ((magic & unchecked((int)0xffff0000)) != 0) return "an IDX magic number starts with two zero bytes";
        string type = ((magic >> 8) & 0xff) switch
        {
            0x08 => "unsigned bytes",
            0x09 => "signed bytes",
            0x0B => "16-bit integers",
            0x0C => "32-bit integers",
            0x0D => "32-bit floats",
            0x0E => "64-bit floats",
            int t => $"unknown type 0x{t:X2}",
        };
        int rank = magic & 0xff;
        return $"{type} in {rank} dimension{(rank == 1 ? "" : "s")}";
    }

    /// <summary>Up to <paramref name="total"/> bytes, in a buffer that grows (doubling from 1 MiB) only as data arrives.</summary>
    private static byte[] ReadGrowing(Stream stream, long total, string path)
    {
        var buffer = new byte[Math.Min(total, 1 << 20)];
        int length = 0;
        while (true)
        {
            int read = ReadFully(stream, buffer.AsSpan(length), path);
            length += read;
            if (length < buffer.Length || length == total) break;
            Array.Resize(ref buffer, (int)Math.Min(total, (long)buffer.Length * 2));
        }
        if (length < buffer.Length) Array.Resize(ref buffer, length);
        return buffer;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; a broken gzip stream becomes an error naming the file.</summary>
    private static int ReadFully(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid gzip file: {e.Message}", e);
        }
    }
}
