using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Data;

public class IdxTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An IDX file written byte by byte: 00 00 08 rank, each size as 4 big-endian bytes, then the data.</summary>
    private static byte[] IdxBytes(int rank, int[] sizes, byte[] data, byte type = 0x08)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)rank };
        foreach (int size in sizes)
        {
            bytes.Add((byte)(size >> 24));
            bytes.Add((byte)(size >> 16));
            bytes.Add((byte)(size >> 8));
            bytes.Add((byte)size);
        }
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    // Three images of 2 rows x 3 columns; labels 2, 0, 1.
    private static readonly byte[] Pixels =
    {
        0, 255, 128, 1, 2, 3,
        10, 20, 30, 40, 50, 60,
        255, 254, 0, 0, 7, 100,
    };

    private static byte[] ImageFile(int count = 3) => IdxBytes(3, new[] { count, 2, 3 }, Pixels);

    private static byte[] LabelFile(params byte[] labels) => IdxBytes(1, new[] { labels.Length }, labels);

    [Fact]
    public void Raw_image_file_is_read_with_its_header_sizes()
    {
        string path = _dir.Write("images-idx3-ubyte", ImageFile());
        var images = Idx.ReadImages(path);
        Assert.Equal(3, images.Count);
        Assert.Equal(2, images.Rows);
        Assert.Equal(3, images.Columns);
        Assert.Equal(6, images.PixelsPerImage);
        Assert.Equal(Pixels, images.Pixels.ToArray());
        Assert.Equal(new byte[] { 10, 20, 30, 40, 50, 60 }, images.Image(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => images.Image(3));
    }

    [Fact]
    public void Gzip_is_recognised_by_its_magic_bytes_whatever_the_name()
    {
        byte[] gz = TempDirectory.Gzip(ImageFile());
        Assert.Equal(new byte[] { 0x1f, 0x8b }, gz[..2]);
        string named = _dir.Write("images-idx3-ubyte.gz", gz);
        string unnamed = _dir.Write("images-without-extension", gz);
        string rawNamedGz = _dir.Write("raw.gz", ImageFile());
        foreach (string path in new[] { named, unnamed, rawNamedGz })
        {
            var images = Idx.ReadImages(path);
            Assert.Equal((3, 2, 3), (images.Count, images.Rows, images.Columns));
            Assert.Equal(Pixels, images.Pixels.ToArray());
        }
        string labels = _dir.Write("labels.gz", TempDirectory.Gzip(LabelFile(2, 0, 1)));
        Assert.Equal(new byte[] { 2, 0, 1 }, Idx.ReadLabels(labels));
    }

    [Fact]
    public void Load_scales_pixels_by_255_and_one_hot_encodes_labels()
    {
        string images = _dir.Write("i.gz", TempDirectory.Gzip(ImageFile()));
        string labels = _dir.Write("l", LabelFile(2, 0, 1));
        var data = Idx.Load(images, labels, classes: 3);
        Assert.Equal((3, 6, 3), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new float[] { 0f, 1f, 128f / 255f, 1f / 255f, 2f / 255f, 3f / 255f }, data.Input(0).ToArray());
        Assert.Equal(new float[] { 1f, 254f / 255f, 0f, 0f, 7f / 255f, 100f / 255f }, data.Input(2).ToArray());
        Assert.Equal(new float[] { 0, 0, 1 }, data.Target(0).ToArray());
        Assert.Equal(new float[] { 1, 0, 0 }, data.Target(1).ToArray());
        Assert.Equal(new float[] { 0, 1, 0 }, data.Target(2).ToArray());

        var doubles = Idx.Load<double>(images, labels, classes: 3);
        Assert.Equal(128.0 / 255.0, doubles.Input(0)[2]);
        Assert.Equal(0.5019607843137255, doubles.Input(0)[2], 15);

        // The tutorial package's Datasets.LoadIdx is the same loader.
        Assert.Equal(data.Features.ToArray(), Datasets.LoadIdx(images, labels, classes: 3).Features.ToArray());
        Assert.Equal(doubles.Targets.ToArray(), Datasets.LoadIdx<double>(images, labels, classes: 3).Targets.ToArray());
    }

    [Fact]
    public void Truncated_data_names_the_file_and_how_many_bytes_are_missing()
    {
        byte[] whole = ImageFile();
        string path = _dir.Write("short-idx3-ubyte", whole[..(whole.Length - 3)]); // 15 of the 18 pixel bytes
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("3 images of 2 x 3 pixels", error.Message);
        Assert.Contains("18 bytes", error.Message);
        Assert.Contains("only 15 bytes follow", error.Message);
    }

    [Fact]
    public void Truncated_gzip_content_is_reported_as_truncated()
    {
        byte[] whole = ImageFile();
        string path = _dir.Write("short.gz", TempDirectory.Gzip(whole[..(whole.Length - 7)]));
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("(gzip) is truncated", error.Message);
        Assert.Contains("only 11 bytes follow", error.Message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        string path = _dir.Write("header-only", ImageFile()[..10]); // magic + 1.5 sizes
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("header needs 16 bytes", error.Message);
        Assert.Contains("ends after 10", error.Message);

        string tiny = _dir.Write("tiny", new byte[] { 0, 0 });
        var tinyError = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(tiny));
        Assert.Contains(tiny, tinyError.Message);
        Assert.Contains("2 bytes", tinyError.Message);
    }

    [Fact]
    public void A_cut_gzip_stream_names_the_file()
    {
        // A larger, incompressible file so that cutting the gzip stream leaves it mid-block.
        var random = new Random(3);
        var pixels = new byte[50 * 28 * 28];
        random.NextBytes(pixels);
        byte[] gz = TempDirectory.Gzip(IdxBytes(3, new[] { 50, 28, 28 }, pixels));
        string path = _dir.Write("cut.gz", gz[..(gz.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_both_magic_numbers()
    {
        string labels = _dir.Write("labels", LabelFile(1, 2));
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(labels));
        Assert.Contains(labels, error.Message);
        Assert.Contains("0x00000801", error.Message);
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("1 dimension", error.Message);

        string images = _dir.Write("images", ImageFile());
        var reverse = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(images));
        Assert.Contains(images, reverse.Message);
        Assert.Contains("0x00000803", reverse.Message);
        Assert.Contains("0x00000801", reverse.Message);

        string png = _dir.Write("picture.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 });
        var notIdx = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(png));
        Assert.Contains(png, notIdx.Message);
        Assert.Contains("0x89504E47", notIdx.Message);

        string floats = _dir.Write("floats", IdxBytes(3, new[] { 0, 1, 1 }, Array.Empty<byte>(), type: 0x0D));
        var wrongType = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(floats));
        Assert.Contains("0x00000D03", wrongType.Message);
        Assert.Contains("32-bit floats", wrongType.Message);
    }

    [Fact]
    public void Bytes_past_the_promised_end_are_reported()
    {
        string path = _dir.Write("long", LabelFile(1, 2).Concat(new byte[] { 9, 9, 9 }).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("3 bytes past the end", error.Message);
        Assert.Contains("2 labels", error.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        string images = _dir.Write("images", ImageFile());
        string labels = _dir.Write("labels", LabelFile(1, 0));
        var error = Assert.Throws<InvalidDataException>(() => Idx.Load(images, labels, 3));
        Assert.Contains(images, error.Message);
        Assert.Contains(labels, error.Message);
        Assert.Contains("3 images", error.Message);
        Assert.Contains("2 labels", error.Message);
    }

    [Fact]
    public void A_label_that_is_not_a_class_names_the_file_and_the_label()
    {
        string images = _dir.Write("images", ImageFile());
        string labels = _dir.Write("labels", LabelFile(2, 5, 1));
        var error = Assert.Throws<InvalidDataException>(() => Idx.Load(images, labels, classes: 3));
        Assert.Contains(labels, error.Message);
        Assert.Contains("label 1 is 5", error.Message);
        Assert.Contains("0 to 2", error.Message);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => Idx.Load(images, labels, classes: 0)).ParamName);
    }

    [Fact]
    public void Classes_too_many_for_the_one_hot_targets_are_an_argument_error()
    {
        // 3 labels of int.MaxValue classes: 6.4 billion target values; the size wrapped in int to an OverflowException.
        string images = _dir.Write("images", ImageFile());
        string labels = _dir.Write("labels", LabelFile(2, 0, 1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Idx.Load(images, labels, classes: int.MaxValue));
        Assert.Equal("classes", error.ParamName);
        Assert.Contains("3 labels", error.Message);
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        string missing = _dir.File("nowhere-idx3-ubyte.gz");
        var error = Assert.Throws<FileNotFoundException>(() => Idx.ReadImages(missing));
        Assert.Equal($"IDX image file '{missing}' does not exist.", error.Message);
        Assert.Equal(missing, error.FileName);
        var labels = Assert.Throws<FileNotFoundException>(() => Idx.Load(_dir.Write("images", ImageFile()), missing, 3));
        Assert.Equal($"IDX label file '{missing}' does not exist.", labels.Message);
    }

    [Fact]
    public void FashionMnist_reads_the_four_files_of_a_directory_raw_or_gzip()
    {
        _dir.Write("train-images-idx3-ubyte.gz", TempDirectory.Gzip(ImageFile()));
        _dir.Write("train-labels-idx1-ubyte", LabelFile(9, 0, 3));
        _dir.Write("t10k-images-idx3-ubyte", IdxBytes(3, new[] { 1, 2, 3 }, Pixels[..6]));
        _dir.Write("t10k-labels-idx1-ubyte.gz", TempDirectory.Gzip(LabelFile(7)));
        var (train, test) = Datasets.FashionMnist(_dir.Path);
        Assert.Equal((3, 6, 10), (train.Count, train.InputSize, train.TargetSize));
        Assert.Equal((1, 6, 10), (test.Count, test.InputSize, test.TargetSize));
        Assert.Equal(1f, train.Target(0)[9]);
        Assert.Equal(1f, train.Target(2)[3]);
        Assert.Equal(1f, test.Target(0)[7]);
        Assert.Equal(1f, test.Input(0)[1]);
    }

    [Fact]
    public void FashionMnist_in_a_directory_without_the_files_names_the_fetch_command()
    {
        _dir.Write("train-images-idx3-ubyte.gz", TempDirectory.Gzip(ImageFile()));
        var error = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist(_dir.Path));
        Assert.Contains("train-labels-idx1-ubyte", error.Message);
        Assert.Contains("bash scripts/fetch-data.sh", error.Message);
    }

    private static byte[] Gzip(byte[] bytes, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0, int.MaxValue, int.MaxValue, "rows x columns (2147483647 x 2147483647)")] // wrapped to 1 pixel in int
    [InlineData(0, 65536, 65536, "rows x columns (65536 x 65536)")] // wrapped to 0
    [InlineData(0, 65536, 65537, "rows x columns (65536 x 65537)")] // wrapped to 65536
    [InlineData(1, 46341, 46341, "rows x columns (46341 x 46341)")] // fits a long, not an array
    [InlineData(int.MaxValue, 2, 1, "sizes (2147483647 x 2 x 1) multiply to 4294967294 values")]
    public void Header_sizes_whose_product_does_not_fit_an_array_name_the_file_and_the_fields(int count, int rows, int columns, string expected)
    {
        string path = _dir.Write("huge-idx3-ubyte", IdxBytes(3, new[] { count, rows, columns }, Array.Empty<byte>()));
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);

        string labels = _dir.Write("labels-idx1-ubyte", LabelFile());
        var loadError = Assert.Throws<InvalidDataException>(() => Idx.Load(path, labels));
        Assert.Contains(path, loadError.Message);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void Valid_gzip_files_load_the_same_as_raw_ones(CompressionLevel level)
    {
        var raw = Idx.Load(_dir.Write("raw-idx3-ubyte", ImageFile()), _dir.Write("raw-idx1-ubyte", LabelFile(2, 0, 1)));
        var gz = Idx.Load(_dir.Write("images.gz", Gzip(ImageFile(), level)), _dir.Write("labels.gz", Gzip(LabelFile(2, 0, 1), level)));
        Assert.Equal(raw.Features.ToArray(), gz.Features.ToArray());
        Assert.Equal(raw.Targets.ToArray(), gz.Targets.ToArray());
        // An empty label file is one empty deflate block: the smallest gzip file.
        Assert.Empty(Idx.ReadLabels(_dir.Write("empty.gz", Gzip(LabelFile(), level))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_gzip_file_cut_inside_its_trailer_names_the_file(int cut)
    {
        byte[] gz = Gzip(ImageFile(), CompressionLevel.NoCompression);
        string path = _dir.Write("cut.gz", gz[..^cut]);
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a valid gzip file", error.Message);
    }

    [Fact]
    public void A_corrupted_stored_block_is_found_by_the_crc_with_or_without_the_trailer()
    {
        byte[] gz = Gzip(ImageFile(), CompressionLevel.NoCompression);
        int pixel = Array.LastIndexOf(gz, (byte)100); // the last pixel, inside the stored block
        Assert.True(pixel > 10 && pixel < gz.Length - 8);
        gz[pixel] = 99;
        string whole = _dir.Write("corrupt.gz", gz);
        Assert.Contains(whole, Assert.Throws<InvalidDataException>(() => Idx.ReadImages(whole)).Message);
        string cut = _dir.Write("corrupt-cut.gz", gz[..^8]);
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(cut));
        Assert.Contains(cut, error.Message);
        Assert.Contains("CRC-32", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0x1f, 0x8b })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Bytes_after_the_gzip_stream_name_the_file(byte[] garbage)
    {
        byte[] gz = Gzip(ImageFile(), CompressionLevel.Optimal);
        string path = _dir.Write("garbage.gz", gz.Concat(garbage).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_file_of_two_gzip_members_is_refused_with_a_clear_message()
    {
        // Concatenated .gz files are legal gzip, but the reader checks one trailer against all the data: refused, not misread.
        byte[] whole = ImageFile();
        byte[] two = Gzip(whole[..10], CompressionLevel.Optimal).Concat(Gzip(whole[10..], CompressionLevel.Optimal)).ToArray();
        string path = _dir.Write("two.gz", two);
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("several gzip members", error.Message);
    }
}
