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

    public ArrayMlp(int[] sizes, System.Func<float, float> hidden, int seed)
    {
        _sizes = sizes;
        _hidden = hidden;
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
                next[j] = l == _sizes.Length - 2 ? sum : _hidden(sum);
            }
        }
        return _activations[^1];
    }
}
