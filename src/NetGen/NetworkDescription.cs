using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetGen;

/// <summary>An activation function of a layer, as <see cref="MlpAttribute.Activation"/> names it.</summary>
public enum ActivationFunction
{
    /// <summary>1 / (1 + e^-z).</summary>
    Sigmoid = 0,

    /// <summary>tanh(z).</summary>
    Tanh = 1,

    /// <summary>max(z, 0).</summary>
    ReLU = 2,

    /// <summary>z for z &gt; 0, else 0.01 z.</summary>
    LeakyReLU = 3,

    /// <summary>The identity.</summary>
    Linear = 4,

    /// <summary>e^z_k / sum_j e^z_j over the layer (output layer only, with <see cref="LossFunction.CrossEntropy"/>).</summary>
    Softmax = 5,
}

/// <summary>A per-sample loss, as <see cref="MlpAttribute.Loss"/> names it.</summary>
public enum LossFunction
{
    /// <summary>Mean over outputs of (y - t)^2.</summary>
    MSE = 0,

    /// <summary>1/2 sum over outputs of (y - t)^2.</summary>
    SSE = 1,

    /// <summary>Mean over outputs of -(t ln y + (1 - t) ln(1 - y)).</summary>
    BCE = 2,

    /// <summary>-sum over classes of t ln softmax(z).</summary>
    CrossEntropy = 3,
}

/// <summary>
/// What a network is: its layer sizes, each layer's activation and place in the flat parameter order, the loss, the
/// precision and the architecture fingerprint. Every generated network exposes one (<c>XorNet.Description</c>,
/// <see cref="IPredictor{T}.Description"/>); model files, summaries and exporters read it instead of re-deriving offsets.
/// </summary>
public sealed class NetworkDescription
{
    private readonly int[] _layerSizes;
    private readonly ActivationFunction[] _activations;
    private readonly LayerDescription[] _layers;

    /// <summary>Describes a network with the given shape.</summary>
    /// <param name="layerSizes">Input size first, output size last; at least two sizes, each at least 1.</param>
    /// <param name="activations">One activation per non-input layer.</param>
    /// <param name="loss">The loss the network trains with.</param>
    /// <param name="precision">The number type of its parameters.</param>
    /// <exception cref="ArgumentException">The sizes or the activation count are invalid.</exception>
    public NetworkDescription(IEnumerable<int> layerSizes, IEnumerable<ActivationFunction> activations, LossFunction loss, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        ArgumentNullException.ThrowIfNull(activations);
        _layerSizes = layerSizes.ToArray();
        _activations = activations.ToArray();
        if (_layerSizes.Length < 2) throw new ArgumentException($"A network needs at least two layer sizes; got {_layerSizes.Length}.", nameof(layerSizes));
        for (int i = 0; i < _layerSizes.Length; i++)
        {
            if (_layerSizes[i] < 1) throw new ArgumentException($"Layer size {_layerSizes[i]} at position {i} must be at least 1.", nameof(layerSizes));
        }
        if (_activations.Length != _layerSizes.Length - 1)
        {
            throw new ArgumentException($"Expected {_layerSizes.Length - 1} activations (one per non-input layer), got {_activations.Length}.", nameof(activations));
        }
        foreach (var activation in _activations)
        {
            if (!Enum.IsDefined(activation)) throw new ArgumentException($"Undefined activation value {(int)activation}.", nameof(activations));
        }
        if (!Enum.IsDefined(loss)) throw new ArgumentException($"Undefined loss value {(int)loss}.", nameof(loss));
        if (!Enum.IsDefined(precision)) throw new ArgumentException($"Undefined precision value {(int)precision}.", nameof(precision));
        Loss = loss;
        Precision = precision;

        _layers = new LayerDescription[_activations.Length];
        long offset = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new LayerDescription(l + 1, _layerSizes[l], _layerSizes[l + 1], _activations[l], offset);
            offset += _layers[l].ParameterCount;
        }
        ParameterCount = offset;
        Fingerprint = NetworkFacts.Fingerprint(_layerSizes, _activations.Select(a => NetworkFacts.ActivationNames[(int)a]).ToArray());
    }

    /// <summary>The layer sizes, input first and output last.</summary>
    public IReadOnlyList<int> LayerSizes => _layerSizes;

    /// <summary>The number of inputs.</summary>
    public int InputSize => _layerSizes[0];

    /// <summary>The number of outputs.</summary>
    public int OutputSize => _layerSizes[^1];

    /// <summary>One activation per non-input layer.</summary>
    public IReadOnlyList<ActivationFunction> Activations => _activations;

    /// <summary>The layers with parameters, first to last, with their offsets in the flat parameter order.</summary>
    public IReadOnlyList<LayerDescription> Layers => _layers;

    /// <summary>The loss the network trains with.</summary>
    public LossFunction Loss { get; }

    /// <summary>The number type of the parameters.</summary>
    public Precision Precision { get; }

    /// <summary>The number of weights and biases.</summary>
    public long ParameterCount { get; }

    /// <summary>
    /// A stable 64-bit hash of the layer sizes and activations (FNV-1a over <c>"2,2,1|Sigmoid,Sigmoid"</c>), the same
    /// number the generator writes into the class as <c>ArchitectureFingerprint</c>. Loss and precision are not part of it.
    /// </summary>
    public ulong Fingerprint { get; }

    /// <summary>The canonical name of an activation, as model files write it.</summary>
    public static string NameOf(ActivationFunction activation) => NetworkFacts.ActivationNames[(int)activation];

    /// <summary>The canonical name of a loss, as model files write it.</summary>
    public static string NameOf(LossFunction loss) => NetworkFacts.LossNames[(int)loss];

    /// <summary>Parses an activation name case-insensitively.</summary>
    public static bool TryParseActivation(string? name, out ActivationFunction activation)
    {
        int index = NetworkFacts.IndexOf(NetworkFacts.ActivationNames, name);
        activation = (ActivationFunction)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Parses a loss name case-insensitively.</summary>
    public static bool TryParseLoss(string? name, out LossFunction loss)
    {
        int index = NetworkFacts.IndexOf(NetworkFacts.LossNames, name);
        loss = (LossFunction)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>True when <paramref name="other"/> has the same layer sizes and activations (loss and precision may differ).</summary>
    public bool HasSameArchitecture(NetworkDescription other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _layerSizes.AsSpan().SequenceEqual(other._layerSizes) && _activations.AsSpan().SequenceEqual(other._activations);
    }

    /// <summary>The <c>[Mlp(...)]</c> attribute that declares this network.</summary>
    public string ToAttribute()
    {
        var text = new StringBuilder("[Mlp(").Append(string.Join(", ", _layerSizes.Select(s => s.ToString(CultureInfo.InvariantCulture))));
        var hidden = _activations.Take(_activations.Length - 1).Distinct().ToArray();
        var output = _activations[^1];
        if (hidden.Length == 0)
        {
            text.Append($", Activation = \"{NameOf(output)}\"");
        }
        else
        {
            string activation = hidden.Length == 1 ? NameOf(hidden[0]) : string.Join(",", _activations.Take(_activations.Length - 1).Select(NameOf));
            text.Append($", Activation = \"{activation}\"");
            if (hidden.Length > 1 || hidden[0] != output) text.Append($", OutputActivation = \"{NameOf(output)}\"");
        }
        text.Append($", Loss = \"{NameOf(Loss)}\"");
        if (Precision == Precision.Double) text.Append(", Precision = Precision.Double");
        return text.Append(")]").ToString();
    }

    /// <summary>
    /// A summary in the manner of Keras' <c>model.summary()</c>: one row per layer with its shape, activation and
    /// parameter count, then the loss, the precision and the total.
    /// </summary>
    public override string ToString()
    {
        var rows = new List<string[]> { new[] { "Layer", "Shape", "Activation", "Parameters" }, new[] { "input", InputSize.ToString(CultureInfo.InvariantCulture), "", "0" } };
        foreach (var layer in _layers)
        {
            rows.Add(new[]
            {
                $"dense {layer.Index}",
                $"{layer.Inputs} -> {layer.Outputs}",
                NameOf(layer.Activation),
                layer.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
            });
        }
        int[] widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        int total = widths.Sum() + 3 * 3;
        var text = new StringBuilder();
        string rule = new('-', total);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            text.Append(row[0].PadRight(widths[0])).Append("   ")
                .Append(row[1].PadRight(widths[1])).Append("   ")
                .Append(row[2].PadRight(widths[2])).Append("   ")
                .Append(row[3].PadLeft(widths[3])).AppendLine();
            if (r == 0) text.AppendLine(rule);
        }
        text.AppendLine(rule);
        text.Append("Loss: ").AppendLine(NameOf(Loss));
        text.Append("Precision: ").AppendLine(Precision.ToString());
        text.Append("Total parameters: ").Append(ParameterCount.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" (").Append((ParameterCount * (Precision == Precision.Double ? 8 : 4)).ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" bytes)");
        text.Append("Fingerprint: ").Append(Fingerprint.ToString("x16", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}

/// <summary>One dense layer of a <see cref="NetworkDescription"/>: <c>z = W a + b</c>, <c>a' = f(z)</c>.</summary>
public sealed class LayerDescription
{
    internal LayerDescription(int index, int inputs, int outputs, ActivationFunction activation, long weightOffset)
    {
        Index = index;
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        WeightOffset = weightOffset;
    }

    /// <summary>The 1-based layer number (the input is layer 0).</summary>
    public int Index { get; }

    /// <summary>The number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>The number of units (outputs).</summary>
    public int Outputs { get; }

    /// <summary>The activation applied to <c>z</c>.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Where <c>W</c> (row-major <c>[Outputs, Inputs]</c>) starts in the flat parameter order.</summary>
    public long WeightOffset { get; }

    /// <summary>The number of weights, <c>Outputs * Inputs</c>.</summary>
    public long WeightCount => (long)Inputs * Outputs;

    /// <summary>Where <c>b</c> starts in the flat parameter order: right after <c>W</c>.</summary>
    public long BiasOffset => WeightOffset + WeightCount;

    /// <summary>The number of weights and biases.</summary>
    public long ParameterCount => WeightCount + Outputs;

    /// <summary>The weight matrix's name in model files: <c>W1</c>, <c>W2</c>, ...</summary>
    public string WeightName => "W" + Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bias vector's name in model files: <c>b1</c>, <c>b2</c>, ...</summary>
    public string BiasName => "b" + Index.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Layer {Index}: dense {Inputs} -> {Outputs}, {NetworkDescription.NameOf(Activation)}, W at {WeightOffset}, b at {BiasOffset}";
}
