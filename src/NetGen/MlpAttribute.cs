using System;

namespace NetGen;

/// <summary>
/// Declares a multi-layer perceptron. The NetGen source generator emits, into the annotated
/// <c>partial class</c>, the network's parameters and its strongly typed <c>Predict</c>,
/// <c>Forward</c>, <c>Backward</c> and <c>Step</c> methods, unrolled for the exact layer sizes.
/// </summary>
/// <remarks>
/// <para>Layer <c>l</c> computes <c>z = W a + b</c>, <c>a' = f(z)</c>, with <c>W</c> stored row-major
/// <c>[out, in]</c>. The flat parameter order is, for each layer in turn, its <c>W</c> row-major and then
/// its <c>b</c> (PyTorch's <c>state_dict</c> order for a stack of <c>Linear</c> layers).</para>
/// <para>Activation and loss names are case-insensitive. A network that cannot work (an unknown name,
/// Softmax on a hidden layer, CrossEntropy without a Softmax output, ...) is a compile error with an
/// <c>NG</c> diagnostic, listed in docs/diagnostics.md.</para>
/// </remarks>
/// <example>
/// <code>
/// [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
/// public partial class XorNet { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class MlpAttribute : Attribute
{
    /// <summary>Declares a network with the given layer sizes.</summary>
    /// <param name="layerSizes">Input size first, output size last, hidden layer sizes between. At least two sizes, each at least 1.</param>
    public MlpAttribute(params int[] layerSizes) => LayerSizes = layerSizes ?? Array.Empty<int>();

    /// <summary>The layer sizes, input first and output last.</summary>
    public int[] LayerSizes { get; }

    /// <summary>
    /// The hidden layers' activation: one of <c>Sigmoid</c>, <c>Tanh</c>, <c>ReLU</c>, <c>LeakyReLU</c>, <c>Linear</c>,
    /// or a comma-separated list with one name per hidden layer (for example <c>"ReLU,Tanh"</c>), or one per
    /// non-input layer, in which case the last name is the output activation. Default <c>Sigmoid</c>.
    /// </summary>
    public string Activation { get; set; } = "Sigmoid";

    /// <summary>
    /// The output layer's activation: <c>Sigmoid</c>, <c>Tanh</c>, <c>ReLU</c>, <c>LeakyReLU</c>, <c>Linear</c> or <c>Softmax</c>.
    /// When not set, the output layer uses <see cref="Activation"/> (or the last name of its list, when the list names every layer).
    /// </summary>
    public string? OutputActivation { get; set; }

    /// <summary>
    /// The per-sample loss: <c>MSE</c> (mean over outputs of (y - t)^2), <c>SSE</c> (1/2 sum of (y - t)^2),
    /// <c>BCE</c> (mean over outputs of -(t ln y + (1 - t) ln(1 - y)); needs a Sigmoid output) or
    /// <c>CrossEntropy</c> (-sum t ln softmax(z); needs a Softmax output). Default <c>MSE</c>.
    /// </summary>
    public string Loss { get; set; } = "MSE";

    /// <summary>The number type of parameters, inputs and outputs. Default <see cref="NetGen.Precision.Float"/>.</summary>
    public Precision Precision { get; set; } = Precision.Float;

    /// <summary>How the constructor initializes weights from its seed. Default <see cref="WeightInit.Auto"/>. Biases start at zero.</summary>
    public WeightInit Init { get; set; } = WeightInit.Auto;

    /// <summary>
    /// Layers with at most this many weights (inputs x outputs) are fully unrolled, one statement per
    /// multiply-add; larger layers become loops over spans. Default <see cref="DefaultUnrollThreshold"/>;
    /// 0 makes every layer a loop. At most 4,096: a larger value is reported (warning NG0025) and 4,096 is used; and at
    /// most 4,096 weights are unrolled per network in all (layers in order while they fit, the rest loop), so the
    /// generated file stays small whatever the setting.
    /// </summary>
    public int UnrollThreshold { get; set; } = DefaultUnrollThreshold;

    /// <summary>
    /// When true, the network only predicts: the generated class holds its parameters and nothing else (no gradient sums,
    /// no activations kept for a backward pass, no error buffers) and has no training members (no <c>Forward</c>,
    /// <c>Backward</c>, <c>Step</c>, <c>TrainBatch</c>, <c>Gradients</c>, ...). It implements <see cref="IPredictor{T}"/>
    /// rather than <see cref="INetwork{T}"/>: an app that ships a trained model pays only for its weights. Load trained
    /// parameters with <c>LoadParameters</c>, or bake them in with <see cref="Weights"/>. Default false.
    /// </summary>
    public bool InferenceOnly { get; set; }

    /// <summary>
    /// A model file (NetGen's JSON model format, version 1, as <c>net.Save(path)</c> writes it) whose trained parameters
    /// the generator compiles into the class: a static, allocation-free <c>Trained.Predict(...)</c> with the same
    /// overloads as the instance's <c>Predict</c>, and <c>Trained.Create()</c>, a new instance holding those parameters.
    /// The file must be one of the project's additional files (<c>&lt;AdditionalFiles Include="xor.json" /&gt;</c>); it is
    /// matched by file name or by a path relative to the project (<c>"models/xor.json"</c>). Its layer sizes and
    /// activations must be this network's; every problem with it is a compile error (NG0030 to NG0041). Default null: no
    /// weights baked in.
    /// </summary>
    public string? Weights { get; set; }

    /// <summary>The default of <see cref="UnrollThreshold"/>: 256 weights per layer.</summary>
    public const int DefaultUnrollThreshold = NetworkFacts.DefaultUnrollThreshold;
}

/// <summary>The number type a generated network computes in.</summary>
public enum Precision
{
    /// <summary>32-bit <see cref="float"/> (the default).</summary>
    Float = 0,

    /// <summary>64-bit <see cref="double"/>.</summary>
    Double = 1,
}

/// <summary>How a generated network's constructor initializes its weights from the seed it is given. Biases always start at zero.</summary>
public enum WeightInit
{
    /// <summary><see cref="He"/> for a layer with a ReLU or LeakyReLU activation, <see cref="Xavier"/> for every other layer.</summary>
    Auto = 0,

    /// <summary>Xavier/Glorot uniform: U(-r, r) with r = sqrt(6 / (fanIn + fanOut)).</summary>
    Xavier = 1,

    /// <summary>He/Kaiming normal: N(0, 2 / fanIn).</summary>
    He = 2,

    /// <summary>Standard normal N(0, 1), as numpy's <c>randn</c> in the tutorials.</summary>
    Normal = 3,

    /// <summary>Uniform U(-1, 1).</summary>
    Uniform = 4,

    /// <summary>All weights zero (the network is then symmetric and its hidden units learn alike; useful only for tests).</summary>
    Zero = 5,
}
