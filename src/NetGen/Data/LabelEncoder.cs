using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Maps string labels (a CSV's class column) to class indices 0..n-1 and back, as scikit-learn's <c>LabelEncoder</c>
/// does: <see cref="Fit"/> sorts the distinct labels in ordinal order. Save it beside a model to decode predictions later.
/// </summary>
public sealed class LabelEncoder
{
    /// <summary>The <c>"format"</c> of a saved encoder.</summary>
    private const string Format = "netgen-labels";

    private readonly string[] _classes;
    private readonly Dictionary<string, int> _index;

    /// <summary>An encoder with the given classes, in the given order (class k is <c>classes[k]</c>).</summary>
    /// <param name="classes">At least one label, each distinct and not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classes"/> is null.</exception>
    /// <exception cref="ArgumentException">There is no class, a class is null or not valid Unicode text (an unpaired surrogate), or one repeats (the message names it).</exception>
    public LabelEncoder(IEnumerable<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        _classes = classes.ToArray();
        if (_classes.Length == 0) throw new ArgumentException("A label encoder needs at least one class.", nameof(classes));
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < _classes.Length; k++)
        {
            if (_classes[k] is null) throw new ArgumentException($"Class {k} is null.", nameof(classes));
            // Save writes UTF-8, which has no form for an unpaired surrogate: the file would hold U+FFFD instead and
            // load back as another class, silently.
            if (!IsValidText(_classes[k])) throw new ArgumentException($"Class {k} is not valid Unicode text (it holds an unpaired surrogate), so it could not be saved.", nameof(classes));
            if (!_index.TryAdd(_classes[k], k)) throw new ArgumentException($"The class \"{_classes[k]}\" appears twice.", nameof(classes));
        }
    }

    private static bool IsValidText(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
            i++;
        }
        return true;
    }

    /// <summary>An encoder of the distinct labels in <paramref name="labels"/>, sorted in ordinal (culture-independent) order.</summary>
    /// <param name="labels">The labels of the training data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException">There is no label, or one is null.</exception>
    public static LabelEncoder Fit(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        int position = 0;
        foreach (var label in labels)
        {
            if (label is null) throw new ArgumentException($"Label {position} is null.", nameof(labels));
            distinct.Add(label);
            position++;
        }
        return new LabelEncoder(distinct);
    }

    /// <summary>The labels, class 0 first.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>The number of classes.</summary>
    public int ClassCount => _classes.Length;

    /// <summary>The class of <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">The label is unknown (the message lists the known ones).</exception>
    public int Encode(string label)
    {
        if (label is not null && _index.TryGetValue(label, out int k)) return k;
        throw new ArgumentException(
            $"The label \"{label}\" is not one of the {ClassCount} classes the encoder knows: {string.Join(", ", _classes.Take(20).Select(c => $"\"{c}\""))}{(ClassCount > 20 ? ", ..." : "")}.",
            nameof(label));
    }

    /// <summary>The class of <paramref name="label"/>, or false when the encoder does not know it.</summary>
    public bool TryEncode(string label, out int classIndex)
    {
        classIndex = -1;
        return label is not null && _index.TryGetValue(label, out classIndex);
    }

    /// <summary>The classes of many labels.</summary>
    /// <exception cref="ArgumentException">A label is unknown (the message gives its position).</exception>
    public int[] Encode(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var classes = new int[labels.Count];
        for (int i = 0; i < classes.Length; i++)
        {
            if (!TryEncode(labels[i], out classes[i]))
            {
                throw new ArgumentException($"Label {i} (\"{labels[i]}\") is not one of the classes the encoder knows.", nameof(labels));
            }
        }
        return classes;
    }

    /// <summary>One-hot rows for <paramref name="labels"/>: flat, <see cref="ClassCount"/> values per label, ready as dataset targets.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">A label is unknown, or the rows would hold more values than an array can.</exception>
    public T[] OneHot<T>(IReadOnlyList<string> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labels);
        long values = (long)labels.Count * ClassCount;
        if (values > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{labels.Count} one-hot rows of {ClassCount} classes are {values} values, more than an array holds ({Array.MaxLength}).", nameof(labels));
        }
        var classes = Encode(labels);
        var rows = new T[classes.Length * ClassCount];
        for (int i = 0; i < classes.Length; i++) rows[i * ClassCount + classes[i]] = T.One;
        return rows;
    }

    /// <summary>The label of class <paramref name="classIndex"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a class.</exception>
    public string Decode(int classIndex)
    {
        if ((uint)classIndex >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"Class {classIndex} is not from 0 to {ClassCount - 1}.");
        }
        return _classes[classIndex];
    }

    /// <summary>Writes the classes as JSON (<c>{"format": "netgen-labels", "version": 1, "classes": [...]}</c>), atomically.</summary>
    /// <param name="path">The file to write, for example beside the model.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonFiles.Write(path, Format, json =>
        {
            json.WriteStartArray("classes");
            foreach (var c in _classes) json.WriteStringValue(c);
            json.WriteEndArray();
        });
    }

    /// <summary>Reads an encoder written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a label encoder (the message names the file and what is wrong).</exception>
    public static LabelEncoder Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = JsonFiles.Read(path, Format);
        var classes = JsonFiles.Array(root, path, "classes").Select(e => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new InvalidDataException($"{path}: every class must be a string, found {e.ValueKind}.")).ToArray();
        return JsonFiles.Construct(path, () => new LabelEncoder(classes));
    }

    /// <inheritdoc/>
    public override string ToString() => $"LabelEncoder({ClassCount} classes: {string.Join(", ", _classes.Take(10))}{(ClassCount > 10 ? ", ..." : "")})";
}
