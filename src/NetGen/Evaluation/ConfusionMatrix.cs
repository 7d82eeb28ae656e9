using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;

namespace NetGen;

/// <summary>
/// Counts of (actual class, predicted class) pairs, and the per-class and averaged precision, recall and F1 derived
/// from them, defined as scikit-learn defines them (a ratio whose denominator is 0 is 0).
/// </summary>
/// <remarks>
/// Rows are actual classes, columns predicted ones. Precision of class k = TP / (TP + FP) (the column), recall = TP /
/// (TP + FN) (the row), F1 = 2 P R / (P + R); the macro average is the plain mean over classes, the weighted average
/// weights each class by its support (its number of actual samples).
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;
    private readonly string[]? _classNames;

    /// <summary>An empty matrix over <paramref name="classCount"/> classes.</summary>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="classNames">Optional names for the classes (as many as <paramref name="classCount"/>), used by <see cref="ToString"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 2.</exception>
    /// <exception cref="ArgumentException">The number of names is not the number of classes.</exception>
    public ConfusionMatrix(int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A confusion matrix needs at least 2 classes.");
        if (classNames is not null && classNames.Count != classCount)
        {
            throw new ArgumentException($"{classNames.Count} class names were given for {classCount} classes.", nameof(classNames));
        }
        ClassCount = classCount;
        _counts = new long[classCount, classCount];
        _classNames = classNames?.ToArray();
    }

    /// <summary>
    /// The matrix of a classifier on a dataset: each sample's predicted class against its target's class, both read as
    /// <see cref="Metrics.ClassOf{T}"/> reads them (one output: two classes by a 0.5 threshold).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The classifier.</param>
    /// <param name="data">The samples, with the network's input and output sizes.</param>
    /// <param name="classNames">Optional class names.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The dataset is empty, its shapes do not match, or the names do not match the classes.</exception>
    public static ConfusionMatrix Compute<T>(IPredictor<T> network, Dataset<T> data, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ThrowIfShapesDiffer(network, data);
        Guard.ThrowIfEmpty(data);
        var predicted = new int[data.Count];
        var actual = new int[data.Count];
        new Evaluator<T>(network).Classes(data, predicted, actual);
        var matrix = new ConfusionMatrix(Math.Max(2, network.OutputSize), classNames);
        for (int i = 0; i < predicted.Length; i++) matrix._counts[actual[i], predicted[i]]++;
        return matrix;
    }

    /// <summary>The matrix of pairs of class labels: <c>(actual[i], predicted[i])</c> for every i.</summary>
    /// <param name="actual">The true classes, each from 0 to <paramref name="classCount"/> - 1.</param>
    /// <param name="predicted">The predicted classes, as many.</param>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="classNames">Optional class names.</param>
    /// <exception cref="ArgumentException">The lengths differ, or a class is out of range (the message names its position).</exception>
    public static ConfusionMatrix FromClasses(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException($"'actual' has {actual.Length} classes but 'predicted' has {predicted.Length}.", nameof(predicted));
        }
        var matrix = new ConfusionMatrix(classCount, classNames);
        for (int i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)classCount || (uint)predicted[i] >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"At position {i} the actual class is {actual[i]} and the predicted class {predicted[i]}; classes must be from 0 to {classCount - 1}.",
                    (uint)actual[i] >= (uint)classCount ? nameof(actual) : nameof(predicted));
            }
            matrix._counts[actual[i], predicted[i]]++;
        }
        return matrix;
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The number of samples counted.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (long c in _counts) total += c;
            return total;
        }
    }

    /// <summary>The number of samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[CheckClass(actual, nameof(actual)), CheckClass(predicted, nameof(predicted))];

    /// <summary>Counts one sample.</summary>
    /// <param name="actual">Its true class.</param>
    /// <param name="predicted">Its predicted class.</param>
    /// <exception cref="ArgumentOutOfRangeException">A class is not from 0 to <see cref="ClassCount"/> - 1.</exception>
    public void Add(int actual, int predicted) => _counts[CheckClass(actual, nameof(actual)), CheckClass(predicted, nameof(predicted))]++;

    /// <summary>The share of samples on the diagonal (0 when there are none).</summary>
    public double Accuracy
    {
        get
        {
            long right = 0;
            for (int k = 0; k < ClassCount; k++) right += _counts[k, k];
            long total = Total;
            return total == 0 ? 0.0 : (double)right / total;
        }
    }

    /// <summary>The number of samples whose true class is <paramref name="k"/>.</summary>
    public long Support(int k)
    {
        CheckClass(k, nameof(k));
        long sum = 0;
        for (int j = 0; j < ClassCount; j++) sum += _counts[k, j];
        return sum;
    }

    /// <summary>The number of samples predicted as <paramref name="k"/>.</summary>
    public long PredictedCount(int k)
    {
        CheckClass(k, nameof(k));
        long sum = 0;
        for (int i = 0; i < ClassCount; i++) sum += _counts[i, k];
        return sum;
    }

    /// <summary>TP / (TP + FP) of class <paramref name="k"/>: of the samples predicted as k, the share that are k (0 when none is).</summary>
    public double Precision(int k) => Ratio(_counts[CheckClass(k, nameof(k)), k], PredictedCount(k));

    /// <summary>TP / (TP + FN) of class <paramref name="k"/>: of the samples of class k, the share predicted as k (0 when there are none).</summary>
    public double Recall(int k) => Ratio(_counts[CheckClass(k, nameof(k)), k], Support(k));

    /// <summary>The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> of class <paramref name="k"/> (0 when both are 0).</summary>
    public double F1(int k)
    {
        double p = Precision(k), r = Recall(k);
        return p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
    }

    /// <summary>The mean of the per-class precisions.</summary>
    public double MacroPrecision => Macro(Precision);

    /// <summary>The mean of the per-class recalls.</summary>
    public double MacroRecall => Macro(Recall);

    /// <summary>The mean of the per-class F1 scores.</summary>
    public double MacroF1 => Macro(F1);

    /// <summary>The per-class precisions weighted by support.</summary>
    public double WeightedPrecision => Weighted(Precision);

    /// <summary>The per-class recalls weighted by support (equal to <see cref="Accuracy"/>).</summary>
    public double WeightedRecall => Weighted(Recall);

    /// <summary>The per-class F1 scores weighted by support.</summary>
    public double WeightedF1 => Weighted(F1);

    /// <summary>
    /// The matrix as a table (rows: actual classes, columns: predicted classes), with the classes' names when given,
    /// in invariant culture.
    /// </summary>
    public override string ToString()
    {
        var names = Names();
        var cells = new string[ClassCount + 1, ClassCount + 1];
        cells[0, 0] = "actual \\ predicted";
        for (int k = 0; k < ClassCount; k++)
        {
            cells[0, k + 1] = names[k];
            cells[k + 1, 0] = names[k];
            for (int j = 0; j < ClassCount; j++) cells[k + 1, j + 1] = _counts[k, j].ToString(CultureInfo.InvariantCulture);
        }
        var widths = Enumerable.Range(0, ClassCount + 1).Select(c => Enumerable.Range(0, ClassCount + 1).Max(r => cells[r, c].Length)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r <= ClassCount; r++)
        {
            text.Append(cells[r, 0].PadRight(widths[0]));
            for (int c = 1; c <= ClassCount; c++) text.Append("  ").Append(cells[r, c].PadLeft(widths[c]));
            if (r < ClassCount) text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>
    /// Per-class precision, recall, F1 and support, then accuracy and the macro and weighted averages, as a table in the
    /// manner of scikit-learn's <c>classification_report</c>, in invariant culture.
    /// </summary>
    /// <param name="digits">Decimals of the ratios, from 1 to 10. Default 4.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is out of range.</exception>
    public string Report(int digits = 4)
    {
        if (digits < 1 || digits > 10) throw new ArgumentOutOfRangeException(nameof(digits), digits, "From 1 to 10 decimals.");
        var names = Names();
        string format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        int nameWidth = Math.Max(names.Max(n => n.Length), "weighted avg".Length);
        int column = Math.Max(digits + 2, "precision".Length);
        string Row(string name, string p, string r, string f, string s) =>
            name.PadLeft(nameWidth) + "  " + p.PadLeft(column) + "  " + r.PadLeft(column) + "  " + f.PadLeft(column) + "  " + s.PadLeft(column);
        string N(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        string total = Total.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder().AppendLine(Row("", "precision", "recall", "f1-score", "support")).AppendLine();
        for (int k = 0; k < ClassCount; k++)
        {
            text.AppendLine(Row(names[k], N(Precision(k)), N(Recall(k)), N(F1(k)), Support(k).ToString(CultureInfo.InvariantCulture)));
        }
        text.AppendLine();
        text.AppendLine(Row("accuracy", "", "", N(Accuracy), total));
        text.AppendLine(Row("macro avg", N(MacroPrecision), N(MacroRecall), N(MacroF1), total));
        text.Append(Row("weighted avg", N(WeightedPrecision), N(WeightedRecall), N(WeightedF1), total));
        return text.ToString();
    }

    private string[] Names() => _classNames ?? Enumerable.Range(0, ClassCount).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();

    private double Macro(Func<int, double> metric)
    {
        double sum = 0;
        for (int k = 0; k < ClassCount; k++) sum += metric(k);
        return sum / ClassCount;
    }

    private double Weighted(Func<int, double> metric)
    {
        double sum = 0;
        long total = 0;
        for (int k = 0; k < ClassCount; k++)
        {
            long support = Support(k);
            sum += metric(k) * support;
            total += support;
        }
        return total == 0 ? 0.0 : sum / total;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    private int CheckClass(int k, string name)
    {
        if ((uint)k >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(name, k, $"Class {k} is not from 0 to {ClassCount - 1}.");
        }
        return k;
    }
}
