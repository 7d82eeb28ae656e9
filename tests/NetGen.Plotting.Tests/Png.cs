using System;
using System.Buffers.Binary;
using System.IO;
using SkiaSharp;
using Xunit;

namespace NetGen.Plotting.Tests;

/// <summary>Reads what the tests check in a PNG file: its signature, its IHDR size, and (decoded) its pixels.</summary>
internal static class Png
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts that <paramref name="path"/> is a PNG and returns the width and height from its IHDR chunk.</summary>
    internal static (int Width, int Height) ReadSize(string path)
    {
        Assert.True(File.Exists(path), $"No file at {path}.");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} has only {bytes.Length} bytes.");
        Assert.Equal(s_signature, bytes.AsSpan(0, 8).ToArray());
        // The first chunk must be IHDR: length 13, type "IHDR", then width and height as big-endian 32-bit integers.
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        int width = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16, 4));
        int height = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20, 4));
        return (width, height);
    }

    /// <summary>Asserts the PNG's signature and size.</summary>
    internal static void AssertSize(string path, int width, int height) => Assert.Equal((width, height), ReadSize(path));

    /// <summary>
    /// The number of dark pixels (every channel below 100) above the data area's frame: the first row, from the top,
    /// that is dark across more than half the image's width.
    /// </summary>
    internal static int CountDarkAboveFrame(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            int dark = 0;
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (c.Alpha > 128 && c.Red < 100 && c.Green < 100 && c.Blue < 100) dark++;
            }
            if (dark > bitmap.Width / 2) return count;
            count += dark;
        }
        return count;
    }
}
