using System;
using System.Collections.Generic;

namespace NetGen.Tests.Reference;

/// <summary>
/// A plain, deliberately naive multi-layer perceptron in <see cref="double"/>, written independently of the
/// generator so that generated networks can be checked against it. Matrix-style loops, no unrolling, no tricks.
/// </summary>
/// <remarks>
/// <para>Semantics (docs/DESIGN.md): layer <c>l</c> computes <c>z = W a + b</c>, <c>a' = f(z)</c>, with <c>W</c>
/// stored row-major <c>[out, in]</c>. The flat parameter order is, per layer in turn, its <c>W</c> row-major and
/// then its <c>b</c>.</para>
/// <para>Activations (case-insensitive): sigmoid, tanh, relu, leakyrelu (slope 0.01), linear, softmax.
/// Losses, per sample: MSE = mean over outputs of (y - t)^2; SSE = 1/2 sum (y - t)^2;
/// BCE = mean over outputs of -(t ln y + (1 - t) ln(1 - y)); CrossEntropy = -sum t ln softmax(z).</para>
/// <para>The gradient is plain backprop: dL/dy from the loss, through the output activation's Jacobian
/// (the full Jacobian for softmax, not the fused <c>y - t</c>), then back layer by layer.</para>
/// </remarks>
public sealed class ReferenceMlp
{
    /// <summary>The slope of LeakyReLU for negative inputs.</summary>
    public const double LeakySlope = 0.01;

    private readonly int[] _sizes;
    private readonly string[] _activations;

    /// <summary>Creates a network.</summary>
    /// <param name="layerSizes">Input size first, output size last.</param>
    /// <param name="activations">One activation name per non-input layer.</param>
    /// <param name="loss">MSE, SSE, BCE or CrossEntropy.</param>
    /// <param name="parameters">The flat parameters (copied); zeros when null.</param>
    public ReferenceMlp(int[] layerSizes, string[] activations, string loss, double[]? parameters = null)
    {
        if (layerSizes.Length < 2) throw new ArgumentException("At least two layer sizes are needed.", nameof(layerSizes));
        if (activations.Length != layerSizes.Length - 1)
        {
            throw new ArgumentException($"Expected {layerSizes.Length - 1} activations, got {activations.Length}.", nameof(activations));
        }
        _sizes = (int[])layerSizes.Clone();
        _activations = new string[activations.Length];
        for (int l = 0; l < activations.Length; l++)
        {
            _activations[l] = NormalizeActivation(activations[l]);
            if (_activations[l] == "softmax" && l != activations.Length - 1)
            {
                throw new ArgumentException("Softmax is allowed on the output layer only.", nameof(activations));
            }
        }
        LossName = NormalizeLoss(loss);
        if (LossName == "crossentropy" && _activations[^1] != "softmax")
        {
            throw new ArgumentException("CrossEntropy needs a Softmax output layer.", nameof(loss));
        }
        ParameterCount = CountParameters(_sizes);
        if (parameters is not null && parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"Expected {ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        }
        Parameters = parameters is null ? new double[ParameterCount] : (double[])parameters.Clone();
    }

    /// <summary>Creates a network with one activation for every hidden layer and another for the output layer.</summary>
    public ReferenceMlp(int[] layerSizes, string hiddenActivation, string outputActivation, string loss, double[]? parameters = null)
        : this(layerSizes, UniformActivations(layerSizes.Length - 1, hiddenActivation, outputActivation), loss, parameters)
    {
    }

    /// <summary>The layer sizes, input first.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <summary>The activation of each non-input layer, lower case.</summary>
    public IReadOnlyList<string> Activations => _activations;

    /// <summary>The loss name, lower case: mse, sse, bce or crossentropy.</summary>
    public string LossName { get; }

    /// <summary>The number of non-input layers.</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>The number of weights and biases.</summary>
    public int ParameterCount { get; }

    /// <summary>The flat parameters (per layer: W row-major [out, in], then b). May be changed in place.</summary>
    public double[] Parameters { get; }

    /// <summary>The number of weights and biases of a network with these layer sizes.</summary>
    public static int CountParameters(IReadOnlyList<int> layerSizes)
    {
        int count = 0;
        for (int l = 1; l < layerSizes.Count; l++) count += layerSizes[l - 1] * layerSizes[l] + layerSizes[l];
        return count;
    }

    /// <summary>Where layer <paramref name="layer"/>'s (1-based) W starts in the flat parameters.</summary>
    public int WeightOffset(int layer)
    {
        int offset = 0;
        for (int l = 1; l < layer; l++) offset += _sizes[l - 1] * _sizes[l] + _sizes[l];
        return offset;
    }

    /// <summary>Where layer <paramref name="layer"/>'s (1-based) b starts in the flat parameters.</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + _sizes[layer - 1] * _sizes[layer];

    /// <summary>W[row, column] of layer <paramref name="layer"/> (1-based): the weight from input <paramref name="column"/> to output <paramref name="row"/>.</summary>
    public double Weight(int layer, int row, int column) => Parameters[WeightOffset(layer) + row * _sizes[layer - 1] + column];

    /// <summary>b[row] of layer <paramref name="layer"/> (1-based).</summary>
    public double Bias(int layer, int row) => Parameters[BiasOffset(layer) + row];

    /// <summary>The network's output for <paramref name="input"/>.</summary>
    public double[] Forward(double[] input) => Run(input, Parameters).A[LayerCount];

    /// <summary>The per-sample loss of <paramref name="input"/> against <paramref name="target"/>.</summary>
    public double Loss(double[] input, double[] target) => LossAt(Parameters, input, target);

    /// <summary>The per-sample loss with other parameters (for finite differences).</summary>
    public double LossAt(double[] parameters, double[] input, double[] target)
    {
        CheckLength(target, _sizes[LayerCount], nameof(target));
        var (z, a) = Run(input, parameters);
        if (LossName == "crossentropy")
        {
            // -sum t ln softmax(z), with ln softmax(z)_k = z_k - ln sum_j e^z_j computed stably from z.
            double[] zl = z[LayerCount];
            double max = double.NegativeInfinity;
            foreach (double v in zl) max = Math.Max(max, v);
            double sum = 0;
            foreach (double v in zl) sum += Math.Exp(v - max);
            double logSum = max + Math.Log(sum);
            double loss = 0;
            for (int k = 0; k < zl.Length; k++) loss -= target[k] * (zl[k] - logSum);
            return loss;
        }
        return LossOfOutput(LossName, a[LayerCount], target);
    }

    /// <summary>
    /// The per-sample loss of an output (probabilities, for a softmax network) against a target, as the generated
    /// <c>Loss(output, target)</c> defines it.
    /// </summary>
    public static double LossOfOutput(string loss, double[] output, double[] target)
    {
        CheckLength(target, output.Length, nameof(target));
        int n = output.Length;
        double sum = 0;
        switch (NormalizeLoss(loss))
        {
            case "mse":
                for (int k = 0; k < n; k++) sum += (output[k] - target[k]) * (output[k] - target[k]);
                return sum / n;
            case "sse":
                for (int k = 0; k < n; k++) sum += (output[k] - target[k]) * (output[k] - target[k]);
                return 0.5 * sum;
            case "bce":
                for (int k = 0; k < n; k++) sum += -(target[k] * Math.Log(output[k]) + (1 - target[k]) * Math.Log(1 - output[k]));
                return sum / n;
            default: // crossentropy
                for (int k = 0; k < n; k++) sum -= target[k] * Math.Log(output[k]);
                return sum;
        }
    }

    /// <summary>dL/dθ for one sample, in the flat parameter order, by backprop.</summary>
    public double[] Gradient(double[] input, double[] target)
    {
        int L = LayerCount;
        CheckLength(target, _sizes[L], nameof(target));
        var (z, a) = Run(input, Parameters);
        var gradient = new double[ParameterCount];

        // dL/dy, y = a[L].
        double[] y = a[L];
        int n = y.Length;
        var dLdy = new double[n];
        for (int k = 0; k < n; k++)
        {
            dLdy[k] = LossName switch
            {
                "mse" => 2 * (y[k] - target[k]) / n,
                "sse" => y[k] - target[k],
                "bce" => (-target[k] / y[k] + (1 - target[k]) / (1 - y[k])) / n,
                _ => -target[k] / y[k], // crossentropy: d/dy of -sum t ln y
            };
        }

        // delta = dL/dz of the current layer.
        double[] delta = ThroughActivation(_activations[L - 1], z[L], a[L], dLdy);
        for (int l = L; l >= 1; l--)
        {
            int inputs = _sizes[l - 1], outputs = _sizes[l];
            int w = WeightOffset(l), b = BiasOffset(l);
            double[] previous = a[l - 1];
            for (int i = 0; i < outputs; i++)
            {
                for (int j = 0; j < inputs; j++) gradient[w + i * inputs + j] = delta[i] * previous[j];
                gradient[b + i] = delta[i];
            }
            if (l == 1) break;

            // dL/da of the previous layer = W^T delta, then through its activation.
            var dLda = new double[inputs];
            for (int j = 0; j < inputs; j++)
            {
                double sum = 0;
                for (int i = 0; i < outputs; i++) sum += Parameters[w + i * inputs + j] * delta[i];
                dLda[j] = sum;
            }
            delta = ThroughActivation(_activations[l - 2], z[l - 1], a[l - 1], dLda);
        }
        return gradient;
    }

    /// <summary>The mean of the per-sample gradients of a mini-batch.</summary>
    public double[] BatchGradient(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets)
    {
        if (inputs.Count != targets.Count) throw new ArgumentException("As many targets as inputs are needed.", nameof(targets));
        var mean = new double[ParameterCount];
        for (int s = 0; s < inputs.Count; s++)
        {
            double[] g = Gradient(inputs[s], targets[s]);
            for (int p = 0; p < mean.Length; p++) mean[p] += g[p];
        }
        for (int p = 0; p < mean.Length; p++) mean[p] /= inputs.Count;
        return mean;
    }

    /// <summary>Gradient descent: <c>θ -= learningRate * gradient</c>.</summary>
    public void Step(double[] gradient, double learningRate)
    {
        CheckLength(gradient, ParameterCount, nameof(gradient));
        for (int p = 0; p < ParameterCount; p++) Parameters[p] -= learningRate * gradient[p];
    }

    /// <summary>
    /// The central finite-difference gradient (f(θ + h e_i) - f(θ - h e_i)) / 2h of <paramref name="loss"/> at
    /// <paramref name="parameters"/>, which is left unchanged.
    /// </summary>
    public static double[] NumericGradient(Func<double[], double> loss, double[] parameters, double h = 1e-6)
    {
        var p = (double[])parameters.Clone();
        var gradient = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double original = p[i];
            p[i] = original + h;
            double plus = loss(p);
            p[i] = original - h;
            double minus = loss(p);
            p[i] = original;
            gradient[i] = (plus - minus) / (2 * h);
        }
        return gradient;
    }

    /// <summary>The pre-activations z[l] and activations a[l] of every layer (a[0] is the input; z[0] is unused).</summary>
    public (double[][] Z, double[][] A) Run(double[] input, double[] parameters)
    {
        CheckLength(input, _sizes[0], nameof(input));
        CheckLength(parameters, ParameterCount, nameof(parameters));
        int L = LayerCount;
        var z = new double[L + 1][];
        var a = new double[L + 1][];
        z[0] = Array.Empty<double>();
        a[0] = (double[])input.Clone();
        for (int l = 1; l <= L; l++)
        {
            int inputs = _sizes[l - 1], outputs = _sizes[l];
            int w = WeightOffset(l), b = BiasOffset(l);
            z[l] = new double[outputs];
            for (int i = 0; i < outputs; i++)
            {
                double sum = parameters[b + i];
                for (int j = 0; j < inputs; j++) sum += parameters[w + i * inputs + j] * a[l - 1][j];
                z[l][i] = sum;
            }
            a[l] = Activate(_activations[l - 1], z[l]);
        }
        return (z, a);
    }

    /// <summary>f(z) for a whole layer.</summary>
    public static double[] Activate(string activation, double[] z)
    {
        var a = new double[z.Length];
        switch (NormalizeActivation(activation))
        {
            case "sigmoid":
                for (int i = 0; i < z.Length; i++) a[i] = 1 / (1 + Math.Exp(-z[i]));
                break;
            case "tanh":
                for (int i = 0; i < z.Length; i++) a[i] = Math.Tanh(z[i]);
                break;
            case "relu":
                for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0 ? z[i] : 0;
                break;
            case "leakyrelu":
                for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0 ? z[i] : LeakySlope * z[i];
                break;
            case "linear":
                for (int i = 0; i < z.Length; i++) a[i] = z[i];
                break;
            default: // softmax
                double max = double.NegativeInfinity;
                foreach (double v in z) max = Math.Max(max, v);
                double sum = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    a[i] = Math.Exp(z[i] - max);
                    sum += a[i];
                }
                for (int i = 0; i < z.Length; i++) a[i] /= sum;
                break;
        }
        return a;
    }

    /// <summary>dL/dz from dL/da: J_f(z)^T dL/da (element-wise for all but softmax).</summary>
    private static double[] ThroughActivation(string activation, double[] z, double[] a, double[] dLda)
    {
        int n = z.Length;
        var dLdz = new double[n];
        if (activation == "softmax")
        {
            // da_k/dz_j = a_k (δ_kj - a_j)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += dLda[k] * a[k] * ((k == j ? 1 : 0) - a[j]);
                dLdz[j] = sum;
            }
            return dLdz;
        }
        for (int i = 0; i < n; i++)
        {
            double derivative = activation switch
            {
                "sigmoid" => a[i] * (1 - a[i]),
                "tanh" => 1 - a[i] * a[i],
                "relu" => z[i] > 0 ? 1 : 0,
                "leakyrelu" => z[i] > 0 ? 1 : LeakySlope,
                _ => 1, // linear
            };
            dLdz[i] = dLda[i] * derivative;
        }
        return dLdz;
    }

    private static string[] UniformActivations(int layerCount, string hidden, string output)
    {
        var names = new string[Math.Max(layerCount, 0)];
        for (int l = 0; l < names.Length; l++) names[l] = l == names.Length - 1 ? output : hidden;
        return names;
    }

    private static string NormalizeActivation(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        return key is "sigmoid" or "tanh" or "relu" or "leakyrelu" or "linear" or "softmax"
            ? key
            : throw new ArgumentException($"Unknown activation '{name}'.", nameof(name));
    }

    private static string NormalizeLoss(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        return key is "mse" or "sse" or "bce" or "crossentropy"
            ? key
            : throw new ArgumentException($"Unknown loss '{name}'.", nameof(name));
    }

    private static void CheckLength(double[] values, int expected, string name)
    {
        if (values.Length != expected) throw new ArgumentException($"Expected length {expected}, got {values.Length}.", name);
    }
}
