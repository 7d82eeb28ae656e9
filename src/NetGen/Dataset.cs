using System;
using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>
/// An immutable set of samples: each sample is a row of <see cref="InputSize"/> features and a row of
/// <see cref="TargetSize"/> targets. Both are stored flat, row-major, so a sample is a span into that storage
/// and reading one allocates nothing.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Every value is checked to be finite when the dataset is built. Methods that reorder or select samples
/// (<see cref="Shuffle"/>, <see cref="Split"/>, <see cref="Slice"/>, <see cref="Subset"/>) return new datasets
/// and never change this one.
/// </remarks>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _features;
    private readonly T[] _targets;

    /// <summary>Builds a dataset from one row per sample: <c>features[i, j]</c> is input <c>j</c> of sample <c>i</c>.</summary>
    /// <param name="features">The inputs, <c>[samples, inputSize]</c>.</param>
    /// <param name="targets">The targets, <c>[samples, targetSize]</c>.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">
    /// The row counts differ, an array has no columns, or a value is NaN or infinite (the message names its row and column).
    /// </exception>
    public Dataset(T[,] features, T[,] targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        int rows = features.GetLength(0);
        if (targets.GetLength(0) != rows)
        {
            throw new ArgumentException(
                $"'features' has {rows} rows but 'targets' has {targets.GetLength(0)}; every sample needs one row of each.", nameof(targets));
        }
        int inputSize = features.GetLength(1), targetSize = targets.GetLength(1);
        if (inputSize < 1) throw new ArgumentException("'features' must have at least one column.", nameof(features));
        if (targetSize < 1) throw new ArgumentException("'targets' must have at least one column.", nameof(targets));

        _features = Flatten(features, "Feature", nameof(features));
        _targets = Flatten(targets, "Target", nameof(targets));
        Count = rows;
        InputSize = inputSize;
        TargetSize = targetSize;
    }

    /// <summary>
    /// Builds a dataset from flat row-major arrays: sample <c>i</c>'s inputs are
    /// <c>features[i * inputSize .. (i + 1) * inputSize]</c>, and likewise for its targets. The arrays are copied.
    /// </summary>
    /// <param name="features">The inputs, row-major, <c>samples * inputSize</c> values.</param>
    /// <param name="targets">The targets, row-major, <c>samples * targetSize</c> values.</param>
    /// <param name="inputSize">The number of inputs per sample, at least 1.</param>
    /// <param name="targetSize">The number of targets per sample, at least 1.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> or <paramref name="targetSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// A length is not a multiple of its row size, the row counts differ, or a value is NaN or infinite
    /// (the message names its row and column).
    /// </exception>
    public Dataset(T[] features, T[] targets, int inputSize, int targetSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        int rows = CheckFlatShape(features, targets, inputSize, targetSize);
        ThrowIfNotFinite(features, inputSize, "Feature", nameof(features));
        ThrowIfNotFinite(targets, targetSize, "Target", nameof(targets));
        _features = (T[])features.Clone();
        _targets = (T[])targets.Clone();
        Count = rows;
        InputSize = inputSize;
        TargetSize = targetSize;
    }

    /// <summary>Wraps arrays that are already validated and owned by the new dataset (no copy, no check).</summary>
    private Dataset(T[] features, T[] targets, int count, int inputSize, int targetSize)
    {
        _features = features;
        _targets = targets;
        Count = count;
        InputSize = inputSize;
        TargetSize = targetSize;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The number of inputs per sample.</summary>
    public int InputSize { get; }

    /// <summary>The number of targets per sample.</summary>
    public int TargetSize { get; }

    /// <summary>All inputs, flat and row-major: <see cref="Count"/> rows of <see cref="InputSize"/> values.</summary>
    public ReadOnlySpan<T> Features => _features;

    /// <summary>All targets, flat and row-major: <see cref="Count"/> rows of <see cref="TargetSize"/> values.</summary>
    public ReadOnlySpan<T> Targets => _targets;

    /// <summary>The inputs of sample <paramref name="index"/>, a view of the dataset's storage.</summary>
    /// <param name="index">The sample, from 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a sample of this dataset.</exception>
    public ReadOnlySpan<T> Input(int index)
    {
        if ((uint)index >= (uint)Count) ThrowIndex(index);
        return new ReadOnlySpan<T>(_features, index * InputSize, InputSize);
    }

    /// <summary>The targets of sample <paramref name="index"/>, a view of the dataset's storage.</summary>
    /// <param name="index">The sample, from 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a sample of this dataset.</exception>
    public ReadOnlySpan<T> Target(int index)
    {
        if ((uint)index >= (uint)Count) ThrowIndex(index);
        return new ReadOnlySpan<T>(_targets, index * TargetSize, TargetSize);
    }

    /// <summary>
    /// A new dataset with the same samples in a random order: a Fisher-Yates shuffle driven by
    /// <c>new System.Random(seed)</c>, so the same seed always gives the same order.
    /// </summary>
    /// <param name="seed">The seed of the random order.</param>
    public Dataset<T> Shuffle(int seed) => Gather(Permutation(Count, seed));

    /// <summary>
    /// Splits the samples in two: the first <c>round(trainFraction * Count)</c> samples form <c>Train</c>, the rest
    /// <c>Test</c>. With a <paramref name="seed"/> the samples are first shuffled as by <see cref="Shuffle"/>;
    /// without one their order is kept (so 700 / 1024 gives "the first 700 train, the other 324 test").
    /// </summary>
    /// <param name="trainFraction">The share of samples that go to <c>Train</c>, from 0 to 1.</param>
    /// <param name="seed">Shuffle with this seed before splitting; null keeps the order.</param>
    /// <returns>Two datasets that together hold every sample exactly once.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainFraction"/> is not a number from 0 to 1.</exception>
    public (Dataset<T> Train, Dataset<T> Test) Split(double trainFraction, int? seed = null)
    {
        if (!(trainFraction >= 0.0 && trainFraction <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction,
                $"The train fraction must be from 0 to 1, but it is {trainFraction.ToString(CultureInfo.InvariantCulture)}.");
        }
        int trainCount = (int)Math.Round(trainFraction * Count, MidpointRounding.AwayFromZero);
        trainCount = Math.Clamp(trainCount, 0, Count);
        var source = seed is int s ? Shuffle(s) : this;
        return (source.Slice(0, trainCount), source.Slice(trainCount, Count - trainCount));
    }

    /// <summary>A new dataset of the <paramref name="count"/> samples starting at <paramref name="start"/>, in order.</summary>
    /// <param name="start">The first sample.</param>
    /// <param name="count">The number of samples.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the dataset.</exception>
    public Dataset<T> Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count),
                $"Cannot take {count} samples from index {start} of a dataset of {Count} samples.");
        }
        var features = _features.AsSpan(start * InputSize, count * InputSize).ToArray();
        var targets = _targets.AsSpan(start * TargetSize, count * TargetSize).ToArray();
        return new Dataset<T>(features, targets, count, InputSize, TargetSize);
    }

    /// <summary>A new dataset of the samples at <paramref name="indices"/>, in that order (an index may repeat).</summary>
    /// <param name="indices">Sample indices, each from 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is not a sample of this dataset (the message names its position).</exception>
    /// <exception cref="ArgumentException">The samples would hold more values than an array can.</exception>
    public Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        for (int k = 0; k < indices.Length; k++)
        {
            if ((uint)indices[k] >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices),
                    $"indices[{k}] is {indices[k]}, but the dataset has {Count} samples (valid indices are 0 to {Count - 1}).");
            }
        }
        long values = (long)indices.Length * Math.Max(InputSize, TargetSize);
        if (values > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{indices.Length} samples of {InputSize} inputs and {TargetSize} targets are {values} values, more than an array holds ({Array.MaxLength}).",
                nameof(indices));
        }
        return Gather(indices);
    }

    /// <summary>A copy of this dataset in another number type, each value converted by <c>TOther.CreateChecked</c>.</summary>
    /// <typeparam name="TOther">The new number type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">A value does not fit in <typeparamref name="TOther"/> (it becomes infinite); the message names its row and column.</exception>
    public Dataset<TOther> Convert<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var features = new TOther[_features.Length];
        for (int i = 0; i < features.Length; i++) features[i] = TOther.CreateChecked(_features[i]);
        var targets = new TOther[_targets.Length];
        for (int i = 0; i < targets.Length; i++) targets[i] = TOther.CreateChecked(_targets[i]);
        return Dataset<TOther>.FromOwned(features, targets, Count, InputSize, TargetSize);
    }

    /// <summary>A one-line description: the number of samples and the row sizes.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"Dataset: {Count} samples, InputSize {InputSize}, TargetSize {TargetSize}");

    /// <summary>Wraps arrays this library just built; checks finiteness (a conversion may overflow) but does not copy.</summary>
    internal static Dataset<T> FromOwned(T[] features, T[] targets, int count, int inputSize, int targetSize)
    {
        ThrowIfNotFinite(features, inputSize, "Feature", nameof(features));
        ThrowIfNotFinite(targets, targetSize, "Target", nameof(targets));
        return new Dataset<T>(features, targets, count, inputSize, targetSize);
    }

    /// <summary>A Fisher-Yates permutation of <c>0 .. count - 1</c> drawn from <c>new Random(seed)</c>.</summary>
    internal static int[] Permutation(int count, int seed)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        ShuffleInPlace(order, new Random(seed));
        return order;
    }

    /// <summary>Fisher-Yates: for i from the end down to 1, swap item i with a uniformly drawn item j in [0, i].</summary>
    internal static void ShuffleInPlace(Span<int> order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private Dataset<T> Gather(ReadOnlySpan<int> indices)
    {
        var features = new T[indices.Length * InputSize];
        var targets = new T[indices.Length * TargetSize];
        for (int k = 0; k < indices.Length; k++)
        {
            Input(indices[k]).CopyTo(features.AsSpan(k * InputSize, InputSize));
            Target(indices[k]).CopyTo(targets.AsSpan(k * TargetSize, TargetSize));
        }
        return new Dataset<T>(features, targets, indices.Length, InputSize, TargetSize);
    }

    private static int CheckFlatShape(T[] features, T[] targets, int inputSize, int targetSize)
    {
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The input size must be at least 1.");
        if (targetSize < 1) throw new ArgumentOutOfRangeException(nameof(targetSize), targetSize, "The target size must be at least 1.");
        if (features.Length % inputSize != 0)
        {
            throw new ArgumentException(
                $"'features' has {features.Length} values, which is not a whole number of rows of {inputSize} inputs.", nameof(features));
        }
        if (targets.Length % targetSize != 0)
        {
            throw new ArgumentException(
                $"'targets' has {targets.Length} values, which is not a whole number of rows of {targetSize} targets.", nameof(targets));
        }
        int rows = features.Length / inputSize;
        if (targets.Length / targetSize != rows)
        {
            throw new ArgumentException(
                $"'features' has {rows} rows of {inputSize} inputs but 'targets' has {targets.Length / targetSize} rows of {targetSize} targets; every sample needs one row of each.",
                nameof(targets));
        }
        return rows;
    }

    private static T[] Flatten(T[,] values, string kind, string parameterName)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flat = new T[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                T value = values[r, c];
                if (!T.IsFinite(value)) ThrowNotFinite(kind, r, c, value, parameterName);
                flat[r * columns + c] = value;
            }
        }
        return flat;
    }

    private static void ThrowIfNotFinite(T[] values, int columns, string kind, string parameterName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i])) ThrowNotFinite(kind, i / columns, i % columns, values[i], parameterName);
        }
    }

    private static void ThrowNotFinite(string kind, int row, int column, T value, string parameterName) =>
        throw new ArgumentException(
            $"{kind} at row {row}, column {column} is {value.ToString(null, CultureInfo.InvariantCulture)}; every value must be finite.",
            parameterName);

    private void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index,
            $"Sample {index} does not exist: the dataset has {Count} samples (valid indices are 0 to {Count - 1}).");
}
