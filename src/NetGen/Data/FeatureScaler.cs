using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;

namespace NetGen;

/// <summary>How a <see cref="FeatureScaler"/> was fitted.</summary>
public enum ScalingMethod
{
    /// <summary>Zero mean and unit variance per feature (scikit-learn's <c>StandardScaler</c>, population standard deviation).</summary>
    Standardize = 0,

    /// <summary>Each feature mapped to [0, 1] by its training minimum and maximum (scikit-learn's <c>MinMaxScaler</c>).</summary>
    MinMax = 1,
}

/// <summary>
/// Per-feature scaling <c>x' = (x - offset) / scale</c>, fitted on the training set and applied unchanged to the
/// validation and test sets and to new inputs. A feature that is constant in the training set gets scale 1 (as in
/// scikit-learn), so it is shifted but not blown up. Save it beside the model (<see cref="Save"/>): predictions on new data
/// need the same scaling.
/// </summary>
public sealed class FeatureScaler
{
    /// <summary>The <c>"format"</c> of a saved scaler.</summary>
    private const string Format = "netgen-scaler";

    private readonly double[] _offsets;
    private readonly double[] _scales;

    /// <summary>A scaler with explicit values.</summary>
    /// <param name="method">What the values mean.</param>
    /// <param name="offsets">Subtracted from each feature.</param>
    /// <param name="scales">Each feature is then divided by these; finite and not 0.</param>
    /// <exception cref="ArgumentException">The lengths differ or are 0, or a value is not finite or a scale is 0.</exception>
    public FeatureScaler(ScalingMethod method, IEnumerable<double> offsets, IEnumerable<double> scales)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(scales);
        if (!Enum.IsDefined(method)) throw new ArgumentOutOfRangeException(nameof(method), method, "Undefined scaling method.");
        _offsets = offsets.ToArray();
        _scales = scales.ToArray();
        if (_offsets.Length == 0 || _offsets.Length != _scales.Length)
        {
            throw new ArgumentException($"{_offsets.Length} offsets and {_scales.Length} scales: one of each per feature is needed.", nameof(scales));
        }
        for (int j = 0; j < _offsets.Length; j++)
        {
            if (!double.IsFinite(_offsets[j])) throw new ArgumentException($"Offset {j} is {_offsets[j]}; it must be finite.", nameof(offsets));
            if (!double.IsFinite(_scales[j]) || _scales[j] == 0.0) throw new ArgumentException($"Scale {j} is {_scales[j]}; it must be finite and not 0.", nameof(scales));
        }
        Method = method;
    }

    /// <summary>Fits zero mean and unit (population) variance per feature on <paramref name="training"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="training">The training samples; only their features are read.</param>
    /// <exception cref="ArgumentException">The dataset is empty.</exception>
    public static FeatureScaler Standardize<T>(Dataset<T> training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        Guard.ThrowIfEmpty(training);
        int n = training.Count, d = training.InputSize;
        var mean = new double[d];
        var scale = new double[d];
        var x = training.Features;
        // Constant is decided on the values, not on the deviations: the mean of a constant 0.1 is 0.10000000000000002, and
        // deviations of 1e-17 would give a scale that blows every other value up.
        var constant = Enumerable.Repeat(true, d).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            mean[i % d] += double.CreateChecked(x[i]);
            if (x[i] != x[i % d]) constant[i % d] = false;
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < x.Length; i++)
        {
            double c = double.CreateChecked(x[i]) - mean[i % d];
            scale[i % d] += c * c;
        }
        for (int j = 0; j < d; j++)
        {
            double std = Math.Sqrt(scale[j] / n);
            if (!double.IsFinite(mean[j]) || !double.IsFinite(std)) ThrowTooWide(j, "its mean or standard deviation");
            scale[j] = constant[j] || std == 0.0 ? 1.0 : std;
        }
        return new FeatureScaler(ScalingMethod.Standardize, mean, scale);
    }

    /// <summary>Fits a map of each feature's training range onto [0, 1].</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="training">The training samples; only their features are read.</param>
    /// <exception cref="ArgumentException">The dataset is empty.</exception>
    public static FeatureScaler MinMax<T>(Dataset<T> training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        Guard.ThrowIfEmpty(training);
        int d = training.InputSize;
        var low = Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        var high = Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        var x = training.Features;
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateChecked(x[i]);
            low[i % d] = Math.Min(low[i % d], v);
            high[i % d] = Math.Max(high[i % d], v);
        }
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            scale[j] = high[j] > low[j] ? high[j] - low[j] : 1.0;
            if (!double.IsFinite(scale[j])) ThrowTooWide(j, "its range (maximum - minimum)");
        }
        return new FeatureScaler(ScalingMethod.MinMax, low, scale);
    }

    private static void ThrowTooWide(int feature, string what) =>
        throw new ArgumentException(
            $"The training data's feature {feature} is spread too wide to scale: {what} overflows a double. Divide the feature by a large constant first.",
            "training");

    /// <summary>How the values were fitted.</summary>
    public ScalingMethod Method { get; }

    /// <summary>The number of features.</summary>
    public int FeatureCount => _offsets.Length;

    /// <summary>What is subtracted from each feature (the mean, or the minimum).</summary>
    public IReadOnlyList<double> Offsets => _offsets;

    /// <summary>What each feature is then divided by (the standard deviation, or the range).</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>A new dataset with the features scaled and the targets unchanged.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">Samples with <see cref="FeatureCount"/> features.</param>
    /// <exception cref="ArgumentException">The feature count differs, or a scaled value is not finite in <typeparamref name="T"/>.</exception>
    public Dataset<T> Transform<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.InputSize, nameof(data));
        var features = data.Features.ToArray();
        Transform<T>(features);
        return new Dataset<T>(features, data.Targets.ToArray(), data.InputSize, data.TargetSize);
    }

    /// <summary>Scales rows of features in place (row-major, <see cref="FeatureCount"/> values per row).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="rows">Whole rows.</param>
    /// <exception cref="ArgumentException">The length is not a whole number of rows.</exception>
    public void Transform<T>(Span<T> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckRows(rows.Length, nameof(rows));
        for (int i = 0; i < rows.Length; i++)
        {
            int j = i % _offsets.Length;
            rows[i] = T.CreateChecked((double.CreateChecked(rows[i]) - _offsets[j]) / _scales[j]);
        }
    }

    /// <summary>Undoes <see cref="Transform{T}(Span{T})"/> in place: <c>x = x' * scale + offset</c>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="rows">Whole rows.</param>
    /// <exception cref="ArgumentException">The length is not a whole number of rows.</exception>
    public void InverseTransform<T>(Span<T> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckRows(rows.Length, nameof(rows));
        for (int i = 0; i < rows.Length; i++)
        {
            int j = i % _offsets.Length;
            rows[i] = T.CreateChecked(double.CreateChecked(rows[i]) * _scales[j] + _offsets[j]);
        }
    }

    /// <summary>
    /// Writes the fitted values as JSON (<c>{"format": "netgen-scaler", "version": 1, "method": ..., "offsets": [...],
    /// "scales": [...]}</c>, numbers round-trip exact), atomically.
    /// </summary>
    /// <param name="path">The file to write, for example beside the model.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonFiles.Write(path, Format, json =>
        {
            json.WriteString("method", Method.ToString());
            json.WriteStartArray("offsets");
            foreach (double v in _offsets) json.WriteNumberValue(v);
            json.WriteEndArray();
            json.WriteStartArray("scales");
            foreach (double v in _scales) json.WriteNumberValue(v);
            json.WriteEndArray();
        });
    }

    /// <summary>Reads a scaler written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a scaler (the message names the file and what is wrong).</exception>
    public static FeatureScaler Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = JsonFiles.Read(path, Format);
        // Only the names, in any case: Enum.TryParse would also take "1" or "Standardize,MinMax" (a number, or flags
        // or-ed together) and give a method the file does not name.
        if (!root.TryGetProperty("method", out var m) || m.ValueKind != JsonValueKind.String
            || Array.Find(Enum.GetNames<ScalingMethod>(), n => string.Equals(n, m.GetString(), StringComparison.OrdinalIgnoreCase)) is not { } methodName)
        {
            throw new InvalidDataException($"{path}: \"method\" must be \"Standardize\" or \"MinMax\".");
        }
        var method = Enum.Parse<ScalingMethod>(methodName);
        double[] Numbers(string name) => JsonFiles.Array(root, path, name).Select((e, i) => e.ValueKind == JsonValueKind.Number
            ? e.GetDouble()
            : throw new InvalidDataException($"{path}: {name}[{i}] is not a number.")).ToArray();
        double[] offsets = Numbers("offsets"), scales = Numbers("scales");
        return JsonFiles.Construct(path, () => new FeatureScaler(method, offsets, scales));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"FeatureScaler({Method}, {FeatureCount} features)");

    private void CheckWidth(int width, string name)
    {
        if (width != _offsets.Length)
        {
            throw new ArgumentException($"The scaler was fitted on {_offsets.Length} features, but the data has {width}.", name);
        }
    }

    private void CheckRows(int length, string name)
    {
        if (length % _offsets.Length != 0)
        {
            throw new ArgumentException($"'{name}' has length {length}, which is not a whole number of rows of {_offsets.Length} features.", name);
        }
    }
}
