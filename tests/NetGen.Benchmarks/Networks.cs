using NetGen;

namespace NetGen.Benchmarks;

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorUnrolled { }

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", UnrollThreshold = 0)]
public partial class XorLooped { }

[Mlp(16, 16, 4, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE")]
public partial class SmallUnrolled { }

[Mlp(16, 16, 4, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", UnrollThreshold = 0)]
public partial class SmallLooped { }

[Mlp(784, 128, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class Mnist { }

[Mlp(784, 32, 10, Activation = "ReLU", OutputActivation = "Linear", Loss = "MSE")]
public partial class Fashion32 { }

/// <summary>
/// The baseline: a plain multi-layer perceptron over jagged arrays, the way one writes it by hand without a generator
/// (sigmoid/tanh/relu hidden, linear output), so the generated code's speed has something to be compared with.
/// </summary>
public sealed class ArrayMlp
{
    private readonly int[] _sizes;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly System.Func<float, float> _hidden;
    private readonly float[][] _activations;

    private readonly System.Func<float, float>? _hiddenDerivative;
    private readonly bool _sigmoidOutput;
    private readonly float[][] _deltas;

    /// <param name="sizes">Layer sizes, input first.</param>
    /// <param name="hidden">The hidden activation.</param>
    /// <param name="seed">The weight seed.</param>
    /// <param name="hiddenDerivative">The hidden activation's derivative from its output (for <see cref="TrainStep"/>).</param>
    /// <param name="sigmoidOutput">A sigmoid output (with BCE, whose error is y - t) instead of a linear one (with SSE, y - t too).</param>
    public ArrayMlp(int[] sizes, System.Func<float, float> hidden, int seed, System.Func<float, float>? hiddenDerivative = null, bool sigmoidOutput = false)
    {
        _sizes = sizes;
        _hidden = hidden;
        _hiddenDerivative = hiddenDerivative;
        _sigmoidOutput = sigmoidOutput;
        _deltas = new float[sizes.Length][];
        for (int l = 0; l < sizes.Length; l++) _deltas[l] = new float[sizes[l]];
        var random = new System.Random(seed);
        _weights = new float[sizes.Length - 1][];
        _biases = new float[sizes.Length - 1][];
        _activations = new float[sizes.Length][];
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            _weights[l] = new float[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < _weights[l].Length; i++) _weights[l][i] = (float)(random.NextDouble() - 0.5);
            _biases[l] = new float[sizes[l + 1]];
        }
        for (int l = 0; l < sizes.Length; l++) _activations[l] = new float[sizes[l]];
    }

    public float[] Predict(float[] input)
    {
        System.Array.Copy(input, _activations[0], input.Length);
        for (int l = 0; l < _sizes.Length - 1; l++)
        {
            float[] a = _activations[l], next = _activations[l + 1], w = _weights[l];
            int n = _sizes[l];
            for (int j = 0; j < _sizes[l + 1]; j++)
            {
                float sum = _biases[l][j];
                for (int i = 0; i < n; i++) sum += w[j * n + i] * a[i];
                next[j] = l == _sizes.Length - 2 ? (_sigmoidOutput ? 1f / (1f + System.MathF.Exp(-sum)) : sum) : _hidden(sum);
            }
        }
        return _activations[^1];
    }

    /// <summary>One SGD step on one sample, written the plain way: forward, output error y - t, backprop, update.</summary>
    public float TrainStep(float[] input, float[] target, float learningRate)
    {
        float[] y = Predict(input);
        int last = _sizes.Length - 1;
        float loss = 0;
        for (int k = 0; k < y.Length; k++)
        {
            _deltas[last][k] = y[k] - target[k];
            loss += 0.5f * _deltas[last][k] * _deltas[last][k];
        }
        for (int l = last; l >= 1; l--)
        {
            float[] w = _weights[l - 1], a = _activations[l - 1], d = _deltas[l], below = _deltas[l - 1];
            int n = _sizes[l - 1];
            if (l > 1)
            {
                for (int i = 0; i < n; i++)
                {
                    float sum = 0;
                    for (int j = 0; j < _sizes[l]; j++) sum += w[j * n + i] * d[j];
                    below[i] = sum * _hiddenDerivative!(a[i]);
                }
            }
            for (int j = 0; j < _sizes[l]; j++)
            {
                for (int i = 0; i < n; i++) w[j * n + i] -= learningRate * d[j] * a[i];
                _biases[l - 1][j] -= learningRate * d[j];
            }
        }
        return loss;
    }
}

[Mlp(784, 128, 10, Activation = "Sigmoid", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MnistSigmoid { }

[Mlp(784, 128, 10, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MnistTanh { }
