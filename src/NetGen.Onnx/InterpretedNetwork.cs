using System;
using System.Numerics;

namespace NetGen.Onnx;

/// <summary>
/// A dense network run from its description and parameters, with no generated class: for tools that run a model file
/// or an imported ONNX model (<c>netgen predict</c>, <c>netgen verify</c>). It computes what the generated class of the
/// same <c>[Mlp]</c> computes, layer by layer (z = W a + b, a' = f(z)), with the runtime's kernels; a generated class
/// is faster and is what an app should ship.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class InterpretedNetwork<T> : IPredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T LeakySlope = T.CreateChecked(0.01);
    private static readonly T LogFloor = T.CreateChecked(-100);
    private readonly T[] _parameters;
    private readonly int[] _sizes;
    private readonly int _widest;

    /// <summary>A network with <paramref name="description"/>'s shape and these parameters (flat order: per layer, W row-major [out, in], then b).</summary>
    /// <exception cref="ArgumentException">The parameter count is not the description's, or a parameter is not finite in <typeparamref name="T"/>.</exception>
    public InterpretedNetwork(NetworkDescription description, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        _sizes = new int[description.LayerSizes.Count];
        for (int i = 0; i < _sizes.Length; i++) _sizes[i] = description.LayerSizes[i];
        _widest = 0;
        foreach (int size in _sizes) _widest = Math.Max(_widest, size);
        _parameters = new T[checked((int)description.ParameterCount)];
        if (parameters.Length != _parameters.Length) Kernels.ThrowLengthMismatch(nameof(parameters), _parameters.Length, parameters.Length);
        for (int i = 0; i < parameters.Length; i++) _parameters[i] = T.CreateChecked(parameters[i]);
        Kernels.ThrowIfNotFinite<T>(_parameters, nameof(parameters));
    }

    /// <summary>
    /// The network of a model file read with <see cref="ModelFile.Read(string)"/>: each parameter the
    /// <typeparamref name="T"/> nearest the number written in the file, rounded once (<see cref="SavedModel.GetParameters{T}"/>),
    /// as a generated network's Load reads it.
    /// </summary>
    /// <exception cref="ModelFileException">A value overflows <typeparamref name="T"/>.</exception>
    public static InterpretedNetwork<T> From(SavedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Not model.Parameters (doubles): a float file's number with more digits than a float needs would round twice,
        // text -> double -> float, and could differ from the float Load gives (1.00000005960464477539062500001 became 1).
        T[] parameters = model.GetParameters<T>();
        var network = new InterpretedNetwork<T>(model.Description, model.Parameters);
        network.LoadParameters(parameters);
        return network;
    }

    /// <summary>The network of an imported ONNX model.</summary>
    public static InterpretedNetwork<T> From(OnnxNetwork model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new InterpretedNetwork<T>(model.Description, model.Parameters);
    }

    /// <inheritdoc/>
    public NetworkDescription Description { get; }

    /// <inheritdoc/>
    public int InputSize => _sizes[0];

    /// <inheritdoc/>
    public int OutputSize => _sizes[^1];

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Length;

    /// <inheritdoc/>
    public ReadOnlySpan<int> LayerSizes => _sizes;

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<T> input, Span<T> output)
    {
        if (input.Length != InputSize) Kernels.ThrowLengthMismatch(nameof(input), InputSize, input.Length);
        if (output.Length != OutputSize) Kernels.ThrowLengthMismatch(nameof(output), OutputSize, output.Length);
        // Two buffers the width of the widest layer, swapped per layer; stackalloc keeps Predict allocation-free for
        // the small networks NetGen is for, the heap takes wide ones.
        Span<T> buffers = _widest <= 1024 ? stackalloc T[2 * _widest] : new T[2 * _widest];
        Span<T> current = buffers[.._widest], next = buffers[_widest..];
        input.CopyTo(current);
        foreach (var layer in Description.Layers)
        {
            ReadOnlySpan<T> weights = _parameters.AsSpan((int)layer.WeightOffset, (int)layer.WeightCount);
            ReadOnlySpan<T> bias = _parameters.AsSpan((int)layer.BiasOffset, layer.Outputs);
            ReadOnlySpan<T> x = current[..layer.Inputs];
            Span<T> a = next[..layer.Outputs];
            for (int j = 0; j < layer.Outputs; j++) a[j] = Kernels.Dot(weights.Slice(j * layer.Inputs, layer.Inputs), x) + bias[j];
            Activate(layer.Activation, a);
            Span<T> swap = current;
            current = next;
            next = swap;
        }
        current[..OutputSize].CopyTo(output);
    }

    /// <inheritdoc/>
    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int rows = Kernels.PredictRowCount<T>(inputs, InputSize, outputs, OutputSize);
        for (int row = 0; row < rows; row++)
        {
            Predict(inputs.Slice(row * InputSize, InputSize), outputs.Slice(row * OutputSize, OutputSize));
        }
    }

    /// <inheritdoc/>
    public void CopyParametersTo(Span<T> destination)
    {
        if (destination.Length < _parameters.Length) Kernels.ThrowTooShort(nameof(destination), _parameters.Length, destination.Length);
        _parameters.CopyTo(destination);
    }

    /// <inheritdoc/>
    public void LoadParameters(ReadOnlySpan<T> source)
    {
        if (source.Length != _parameters.Length) Kernels.ThrowLengthMismatch(nameof(source), _parameters.Length, source.Length);
        Kernels.ThrowIfNotFinite(source, nameof(source));
        source.CopyTo(_parameters);
    }

    /// <inheritdoc/>
    public T Loss(ReadOnlySpan<T> output, ReadOnlySpan<T> target)
    {
        if (output.Length != OutputSize) Kernels.ThrowLengthMismatch(nameof(output), OutputSize, output.Length);
        if (target.Length != OutputSize) Kernels.ThrowLengthMismatch(nameof(target), OutputSize, target.Length);
        T sum = T.Zero;
        for (int k = 0; k < output.Length; k++)
        {
            T y = output[k], t = target[k], e = y - t;
            sum += Description.Loss switch
            {
                LossFunction.MSE or LossFunction.SSE => e * e,
                // Logarithms clamped at -100, as PyTorch's BCELoss and NetGen's generated code do.
                LossFunction.BCE => -(t * Log(y) + (T.One - t) * Log(T.One - y)),
                _ => -t * Log(y),
            };
        }
        return Description.Loss switch
        {
            LossFunction.MSE or LossFunction.BCE => sum / T.CreateChecked(output.Length),
            LossFunction.SSE => sum / T.CreateChecked(2),
            _ => sum,
        };
    }

    private static T Log(T value) => T.Max(T.Log(value), LogFloor);

    private static void Activate(ActivationFunction activation, Span<T> z)
    {
        switch (activation)
        {
            case ActivationFunction.Softmax:
                Kernels.Softmax(z);
                return;
            case ActivationFunction.Linear:
                return;
        }
        for (int j = 0; j < z.Length; j++)
        {
            T v = z[j];
            z[j] = activation switch
            {
                ActivationFunction.Sigmoid => T.One / (T.One + T.Exp(-v)),
                ActivationFunction.Tanh => T.Tanh(v),
                ActivationFunction.ReLU => v > T.Zero ? v : T.Zero,
                _ => v > T.Zero ? v : LeakySlope * v,
            };
        }
    }
}
