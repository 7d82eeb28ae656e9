// This file is compiled into two assemblies: the runtime library (NetGen) and the source generator
// (NetGen.Generator, netstandard2.0). It holds the facts both sides must agree on, written once, the way
// dotnet/runtime's Regex generator links the runtime's parser. Keep it free of anything netstandard2.0 lacks.
using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>Names, defaults and the architecture fingerprint, shared by the generator and the runtime.</summary>
internal static class NetworkFacts
{
    /// <summary>Canonical activation names, in the order of <c>ActivationFunction</c>'s values.</summary>
    public static readonly string[] ActivationNames = { "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Linear", "Softmax" };

    /// <summary>Canonical loss names, in the order of <c>LossFunction</c>'s values.</summary>
    public static readonly string[] LossNames = { "MSE", "SSE", "BCE", "CrossEntropy" };

    /// <summary>Weight initialization names, in the order of <c>WeightInit</c>'s values.</summary>
    public static readonly string[] InitNames = { "Auto", "Xavier", "He", "Normal", "Uniform", "Zero" };

    /// <summary>Precision names, in the order of <c>Precision</c>'s values.</summary>
    public static readonly string[] PrecisionNames = { "Float", "Double" };

    /// <summary>The default of <c>MlpAttribute.UnrollThreshold</c>: layers with at most this many weights are unrolled.</summary>
    public const int DefaultUnrollThreshold = 256;

    /// <summary>The largest <c>UnrollThreshold</c> honoured; a larger one is reported (NG0025) and this is used.</summary>
    public const int MaxUnrollThreshold = 4096;

    /// <summary>The most weights unrolled in one network: layers are unrolled in order while they fit, the rest use loops.</summary>
    public const int MaxUnrolledWeights = 4096;

    /// <summary>The slope of LeakyReLU for negative inputs (PyTorch's default negative_slope).</summary>
    public const double LeakyReLUSlope = 0.01;

    /// <summary>
    /// The diagnostic ID and reason when <paramref name="loss"/> cannot train an output layer with
    /// <paramref name="outputActivation"/> (both canonical names), or null when it can. The generator reports these as
    /// NG0007, NG0008 and NG0009; importers keep the output and choose another loss.
    /// </summary>
    public static (string Id, string Reason)? LossConflict(string loss, string outputActivation)
    {
        if (loss == "CrossEntropy" && outputActivation != "Softmax") return ("NG0007", "CrossEntropy needs a Softmax output");
        if (loss != "CrossEntropy" && outputActivation == "Softmax") return ("NG0008", "a Softmax output needs the CrossEntropy loss");
        if (loss == "BCE" && outputActivation != "Sigmoid") return ("NG0009", "BCE needs outputs in (0, 1), a Sigmoid output");
        return null;
    }

    /// <summary>The index of <paramref name="name"/> in <paramref name="names"/>, compared case-insensitively after trimming; -1 when absent.</summary>
    public static int IndexOf(string[] names, string? name)
    {
        if (name is null) return -1;
        string trimmed = name.Trim();
        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], trimmed, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>
    /// The architecture fingerprint: FNV-1a (64-bit) over the ASCII text <c>"2,2,1|Sigmoid,Sigmoid"</c> (layer sizes,
    /// then canonical activation names). Loss and precision are not part of it: a file trained with another loss or in
    /// another precision fits the same network.
    /// </summary>
    public static ulong Fingerprint(IReadOnlyList<int> layerSizes, IReadOnlyList<string> activations)
    {
        const ulong OffsetBasis = 14695981039346656037UL;
        const ulong Prime = 1099511628211UL;
        ulong hash = OffsetBasis;
        void Add(string text)
        {
            foreach (char c in text)
            {
                hash ^= (byte)c;
                hash *= Prime;
            }
        }
        for (int i = 0; i < layerSizes.Count; i++)
        {
            if (i > 0) Add(",");
            Add(layerSizes[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Add("|");
        for (int i = 0; i < activations.Count; i++)
        {
            if (i > 0) Add(",");
            Add(ActivationNames[IndexOf(ActivationNames, activations[i])]);
        }
        return hash;
    }
}
