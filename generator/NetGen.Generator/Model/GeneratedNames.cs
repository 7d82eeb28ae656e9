using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Model;

/// <summary>
/// The names the generated part of a network declares. A user member (or a member of a base class) with one of these
/// names, whatever its signature, is reported (NG0019) rather than left to clash in generated code. Listed in
/// docs/diagnostics.md; add a name here whenever the emitter declares a new member or nested type.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>Public and private members and nested types every network gets.</summary>
    public static readonly IReadOnlyCollection<string> Fixed = new HashSet<string>
    {
        // Constants and descriptions
        "InputSize", "OutputSize", "ParameterCount", "LayerCount", "LayerSizes", "ArchitectureFingerprint", "Description",
        // Parameters and training state
        "Parameters", "Gradients", "AccumulatedSamples", "InitializeParameters", "ZeroGradients", "DegreeOfParallelism",
        "_parameters", "_gradients", "_input", "_activations", "_hasForward", "_accumulatedSamples", "_batchWorkspace", "_degreeOfParallelism",
        // Computation
        "Predict", "PredictBatch", "Forward", "Run", "Backward", "TrainBatch", "Step", "Loss", "ClampedLog",
        "CopyParametersTo", "LoadParameters", "CopyGradientsTo", "ToString", "PredictRows", "PredictTileRows", "PredictLargeCall",
        // The lane path of small networks (one sample per vector lane) and its type parameter
        "PredictLanes512", "PredictLanes256", "ForwardLanes512", "ForwardLanes256", "TrainLanes512", "TrainLanes256", "TrainLanes1", "LossTerm", "OutputError",
        // Persistence and baked weights
        "Save", "Load", "LoadFrom", "Trained",
        // Nested types
        "Input", "Output", "ParameterBlock", "Activations", "Deltas",
        // Generated code uses the nameof operator, which a member called nameof would replace.
        "nameof",
    };

    /// <summary>Name patterns, with n a layer number or a length: W{n}, B{n}, Buffer{n}; each activation's name and its name + "Derivative".</summary>
    public const string PatternsText = "W{n}, B{n}, Buffer{n}, an activation's name (Sigmoid, Tanh, ReLU, LeakyReLU, Linear, Softmax) and that name + \"Derivative\"";

    /// <summary>True when the generated part may declare a member called <paramref name="name"/>.</summary>
    public static bool IsReserved(string name) =>
        Fixed.Contains(name)
        || HasNumberAfter(name, "W") || HasNumberAfter(name, "B") || HasNumberAfter(name, "Buffer")
        || global::NetGen.NetworkFacts.ActivationNames.Any(a => name == a || name == a + "Derivative");

    private static bool HasNumberAfter(string name, string prefix) =>
        name.Length > prefix.Length && name.StartsWith(prefix, System.StringComparison.Ordinal) && name.Skip(prefix.Length).All(c => c is >= '0' and <= '9');
}
