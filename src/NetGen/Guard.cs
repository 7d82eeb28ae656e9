using System;
using System.Numerics;

namespace NetGen;

/// <summary>Argument checks shared by <see cref="Trainer"/> and <see cref="Metrics"/>.</summary>
internal static class Guard
{
    /// <summary>Throws unless the dataset's rows fit the network's input and output sizes.</summary>
    public static void ThrowIfShapesDiffer<T>(IPredictor<T> network, Dataset<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != network.InputSize || data.TargetSize != network.OutputSize)
        {
            throw new ArgumentException(
                $"The dataset's samples have {data.InputSize} inputs and {data.TargetSize} targets, but the network takes " +
                $"{network.InputSize} inputs and gives {network.OutputSize} outputs.",
                nameof(data));
        }
    }

    /// <summary>Throws when the dataset has no sample.</summary>
    public static void ThrowIfEmpty<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Count == 0) throw new ArgumentException("The dataset has no samples.", nameof(data));
    }
}
