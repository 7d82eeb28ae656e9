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

/// <summary>
/// The floor of a per-sample 2-2-1 sigmoid/BCE SGD step: the generated Forward, Backward and Step's arithmetic, in the
/// same order (no FMA contraction, the same clamped-log BCE loss), written as one method that keeps every value in a
/// register. Nothing goes through memory between the forward pass, the gradients and the update, so what is left is the
/// dependent chain itself: each sample's forward pass needs the weights the previous sample's update wrote, and that
/// chain runs through two exp calls and two divisions. It shows how far below the plain MLP a per-sample step can go.
/// </summary>
public sealed class RegisterXor
{
    private float _w0 = 0.3f, _w1 = -0.2f, _w2 = 0.5f, _w3 = 0.1f, _b0, _b1, _v0 = 0.4f, _v1 = -0.3f, _c0;

    private static float Sigmoid(float z) => 1f / (1f + System.MathF.Exp(-z));

    private static float ClampedLog(float v) => System.MathF.Max(System.MathF.Log(v), -100f);

    /// <summary>One SGD step on one sample; returns its BCE loss.</summary>
    public float TrainStep(float[] input, float[] target, float learningRate)
    {
        float x0 = input[0], x1 = input[1], t = target[0];
        float a0 = Sigmoid(_w0 * x0 + _w1 * x1 + _b0);
        float a1 = Sigmoid(_w2 * x0 + _w3 * x1 + _b1);
        float y = Sigmoid(_v0 * a0 + _v1 * a1 + _c0);
        float loss = -(t * ClampedLog(y) + (1f - t) * ClampedLog(1f - y));
        float d2 = y - t;
        float d10 = a0 * (1f - a0) * _v0 * d2;
        float d11 = a1 * (1f - a1) * _v1 * d2;
        float scale = -learningRate;
        // 0 + g as in the generated code, whose gradient sums start at zero.
        _v0 += scale * (0f + d2 * a0);
        _v1 += scale * (0f + d2 * a1);
        _c0 += scale * (0f + d2);
        _w0 += scale * (0f + d10 * x0);
        _w1 += scale * (0f + d10 * x1);
        _b0 += scale * (0f + d10);
        _w2 += scale * (0f + d11 * x0);
        _w3 += scale * (0f + d11 * x1);
        _b1 += scale * (0f + d11);
        return loss;
    }
}

[Mlp(784, 128, 10, Activation = "Sigmoid", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MnistSigmoid { }

[Mlp(784, 128, 10, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class MnistTanh { }
