using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>Everything the emitter needs to write one network, as equatable plain data.</summary>
/// <param name="Namespace">The containing namespace, or empty for the global namespace.</param>
/// <param name="TypeName">The annotated class's name.</param>
/// <param name="ContainingTypes">Declarations of the enclosing types, outermost first, e.g. "partial class Outer".</param>
/// <param name="HintName">The unique generated file name.</param>
/// <param name="LayerSizes">Input size first, output size last.</param>
/// <param name="Layers">One per non-input layer.</param>
/// <param name="Loss">The canonical loss name (a key of <see cref="Losses"/>).</param>
/// <param name="UsesDouble">True for double precision, false for float.</param>
/// <param name="InlineStorage">True when every layer is unrolled and the parameters fit in inline arrays; false for the aligned heap arrays of a network with a layer on the kernels (or too large).</param>
internal sealed record NetworkSpec(
    string Namespace,
    string TypeName,
    EquatableArray<string> ContainingTypes,
    string HintName,
    EquatableArray<int> LayerSizes,
    EquatableArray<LayerSpec> Layers,
    string Loss,
    bool UsesDouble,
    bool InlineStorage)
{
    /// <summary>True for <c>InferenceOnly = true</c>: parameters only, no training members or buffers.</summary>
    public bool InferenceOnly { get; init; }

    /// <summary>True when the user's declaration carries <c>[CLSCompliant(...)]</c> itself (the generated part then adds none).</summary>
    public bool DeclaresClsCompliance { get; init; }

    /// <summary>
    /// True when the generated part marks the class <c>[CLSCompliant(false)]</c>: the assembly is CLS-compliant, and the
    /// network's API is not (a ulong fingerprint, NetGen's own types, an int[] attribute argument), which would be
    /// warnings CS3002, CS3003 and CS3016 in a build that treats warnings as errors.
    /// </summary>
    public bool MarkNotClsCompliant { get; init; }

    /// <summary>The <c>Weights</c> file as the attribute names it, or null when the network bakes no weights.</summary>
    public string? WeightsFile { get; init; }

    /// <summary>The trained parameters compiled into the class (from <see cref="WeightsFile"/>), once the file is read and checked.</summary>
    public BakedWeights? Baked { get; init; }

    public int InputSize => LayerSizes[0];

    public int OutputSize => LayerSizes[LayerSizes.Count - 1];

    public long ParameterCount
    {
        get
        {
            long count = 0;
            foreach (var layer in Layers) count += layer.ParameterCount;
            return count;
        }
    }
}

/// <summary>One dense layer: <c>z = W a + b</c>, <c>a' = f(z)</c>.</summary>
/// <param name="Index">1-based layer number (the input is layer 0).</param>
/// <param name="Inputs">The number of inputs.</param>
/// <param name="Outputs">The number of outputs.</param>
/// <param name="Activation">The canonical activation name (a key of <see cref="Activations"/>).</param>
/// <param name="Init">The resolved initialization scheme, a member name of NetGen.WeightInit (never Auto).</param>
/// <param name="Unrolled">True when the layer is written out statement by statement; false for loops.</param>
/// <param name="WeightOffset">Where the layer's W starts in the flat parameter order; its b follows W.</param>
internal sealed record LayerSpec(int Index, int Inputs, int Outputs, string Activation, string Init, bool Unrolled, long WeightOffset)
{
    public long WeightCount => (long)Inputs * Outputs;

    public long ParameterCount => WeightCount + Outputs;

    public long BiasOffset => WeightOffset + WeightCount;
}
