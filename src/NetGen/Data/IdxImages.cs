using System;

namespace NetGen;

/// <summary>
/// The images of an IDX image file (the MNIST format): <see cref="Count"/> images of <see cref="Rows"/> x
/// <see cref="Columns"/> unsigned bytes, stored flat and row-major, as read by <see cref="Idx.ReadImages"/>.
/// </summary>
public sealed class IdxImages
{
    private readonly byte[] _pixels;

    internal IdxImages(byte[] pixels, int count, int rows, int columns)
    {
        _pixels = pixels;
        Count = count;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The height of each image, in pixels.</summary>
    public int Rows { get; }

    /// <summary>The width of each image, in pixels.</summary>
    public int Columns { get; }

    /// <summary>The number of pixels in each image: <see cref="Rows"/> * <see cref="Columns"/>.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>Every pixel of every image, image after image, each image row-major (0 = background in MNIST).</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    /// <param name="index">The image, from 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an image of this file.</exception>
    public ReadOnlySpan<byte> Image(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"Image {index} does not exist: there are {Count} images (valid indices are 0 to {Count - 1}).");
        }
        return new ReadOnlySpan<byte>(_pixels, index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>A one-line description: the number of images and their size.</summary>
    public override string ToString() => $"IdxImages: {Count} images of {Rows} x {Columns} pixels";
}
