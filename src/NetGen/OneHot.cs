using System;
using System.Numerics;

namespace NetGen;

/// <summary>One-hot encoding of class labels, and its inverse.</summary>
public static class OneHot
{
    /// <summary>A vector of <paramref name="classes"/> zeros with a one at <paramref name="label"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="label">The class, from 0 to <paramref name="classes"/> - 1.</param>
    /// <param name="classes">The number of classes, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1, or <paramref name="label"/> is not a class.</exception>
    public static T[] Encode<T>(int label, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckClasses(classes);
        if ((uint)label >= (uint)classes)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label,
                $"The label {label} is not a class: with {classes} classes, labels go from 0 to {classes - 1}.");
        }
        var vector = new T[classes];
        vector[label] = T.One;
        return vector;
    }

    /// <summary>
    /// One row per label: <c>result[i, labels[i]] = 1</c>, every other value 0. The result is the targets array of a
    /// <see cref="Dataset{T}"/> built from <c>T[,]</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="labels">The classes, each from 0 to <paramref name="classes"/> - 1.</param>
    /// <param name="classes">The number of classes, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1, or a label is not a class (the message names its index).</exception>
    public static T[,] Encode<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckClasses(classes);
        var rows = new T[labels.Length, classes];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels),
                    $"labels[{i}] is {label}, which is not a class: with {classes} classes, labels go from 0 to {classes - 1}.");
            }
            rows[i, label] = T.One;
        }
        return rows;
    }

    /// <summary>The index of the largest value, the first one on ties: the class a one-hot vector or a classifier's output stands for.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">The values; NaN values are never the maximum unless the first value is NaN.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> => Kernels.ArgMax(values);

    private static void CheckClasses(int classes)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "There must be at least one class.");
    }
}
