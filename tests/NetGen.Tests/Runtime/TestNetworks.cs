using System;
using System.Collections.Generic;
using System.Numerics;

namespace NetGen.Tests.Runtime;

/// <summary>
/// A hand-written one-input, one-output linear model y = w x + b with the per-sample loss (y - t)^2, whose gradients
/// are written out by hand: dL/dw = 2 (y - t) x, dL/db = 2 (y - t). It records what the trainer does with it.
/// </summary>
internal sealed class LinearModel<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly int[] Sizes = { 1, 1 };
    private readonly T[] _parameters = new T[2];
    private readonly T[] _gradients = new T[2];
    private T _x, _y;
    private int _accumulated;

    public LinearModel(T w, T b)
    {
        W = w;
        B = b;
    }

    public T W { get => _parameters[0]; set => _parameters[0] = value; }
    public T B { get => _parameters[1]; set => _parameters[1] = value; }
    private ref T _gw => ref _gradients[0];
    private ref T _gb => ref _gradients[1];

    /// <summary>The input x of every Forward call, in order.</summary>
    public List<T> SeenInputs { get; } = new();

    /// <summary>How many samples each Step call applied.</summary>
    public List<int> StepBatchSizes { get; } = new();

    public int BackwardCalls { get; private set; }

    /// <summary>When set, the Backward call with this 1-based number returns NaN instead of the loss.</summary>
    public int? NaNAtBackward { get; set; }

    /// <summary>Called after every Step, with the 1-based number of the step.</summary>
    public Action<LinearModel<T>, int>? AfterStep { get; set; }

    public int InputSize => 1;
    public int OutputSize => 1;
    public int ParameterCount => 2;
    public ReadOnlySpan<int> LayerSizes => Sizes;
    public int AccumulatedSamples => _accumulated;
    public NetworkDescription Description { get; } = new(Sizes, new[] { ActivationFunction.Linear }, LossFunction.MSE, typeof(T) == typeof(double) ? Precision.Double : Precision.Float);
    public Span<T> Parameters => _parameters;
    public Span<T> Gradients => _gradients;

    public void Predict(ReadOnlySpan<T> input, Span<T> output)
    {
        if (input.Length != 1 || output.Length != 1) throw new ArgumentException("wrong length");
        output[0] = W * input[0] + B;
    }

    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        for (int r = 0; r < inputs.Length; r++) Predict(inputs.Slice(r, 1), outputs.Slice(r, 1));
    }

    /// <summary>The row count of every TrainBatch call, in order.</summary>
    public List<int> TrainBatchRows { get; } = new();

    public double TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        TrainBatchRows.Add(inputs.Length);
        double sum = 0;
        Span<T> output = stackalloc T[1];
        for (int r = 0; r < inputs.Length; r++)
        {
            Forward(inputs.Slice(r, 1), output);
            sum += double.CreateChecked(Backward(targets.Slice(r, 1)));
        }
        return sum;
    }

    public void Forward(ReadOnlySpan<T> input, Span<T> output)
    {
        Predict(input, output);
        _x = input[0];
        _y = output[0];
        SeenInputs.Add(_x);
    }

    public T Backward(ReadOnlySpan<T> target)
    {
        BackwardCalls++;
        T e = _y - target[0];
        T two = T.CreateChecked(2);
        _gw += two * e * _x;
        _gb += two * e;
        _accumulated++;
        return BackwardCalls == NaNAtBackward ? T.NaN : e * e;
    }

    public void Step(T learningRate)
    {
        StepBatchSizes.Add(_accumulated);
        if (_accumulated > 0)
        {
            T n = T.CreateChecked(_accumulated);
            W -= learningRate * (_gw / n);
            B -= learningRate * (_gb / n);
        }
        ZeroGradients();
        AfterStep?.Invoke(this, StepBatchSizes.Count);
    }

    public void ZeroGradients()
    {
        _gw = _gb = T.Zero;
        _accumulated = 0;
    }

    public void CopyParametersTo(Span<T> destination)
    {
        destination[0] = W;
        destination[1] = B;
    }

    public void LoadParameters(ReadOnlySpan<T> source)
    {
        if (source.Length != 2) throw new ArgumentException("wrong length");
        W = source[0];
        B = source[1];
    }

    public void CopyGradientsTo(Span<T> destination)
    {
        T n = _accumulated == 0 ? T.One : T.CreateChecked(_accumulated);
        destination[0] = _gw / n;
        destination[1] = _gb / n;
    }

    public T Loss(ReadOnlySpan<T> output, ReadOnlySpan<T> target) => (output[0] - target[0]) * (output[0] - target[0]);
}

/// <summary>
/// A network without parameters whose prediction is its input (so a test chooses the predictions by choosing the
/// inputs), with the per-sample loss sum |y - t| (chosen to differ from the MSE).
/// </summary>
internal sealed class EchoNetwork : IPredictor<double>
{
    private readonly int[] _sizes;

    public EchoNetwork(int size) => _sizes = new[] { size, size };

    public int PredictCalls { get; private set; }
    public int InputSize => _sizes[0];
    public int OutputSize => _sizes[1];
    public int ParameterCount => 0;
    public ReadOnlySpan<int> LayerSizes => _sizes;
    public NetworkDescription Description => new(_sizes, new[] { ActivationFunction.Linear }, LossFunction.MSE, Precision.Double);

    public void Predict(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputSize || output.Length != OutputSize) throw new ArgumentException("wrong length");
        PredictCalls++;
        input.CopyTo(output);
    }

    public void PredictBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        for (int r = 0; r < inputs.Length / InputSize; r++) Predict(inputs.Slice(r * InputSize, InputSize), outputs.Slice(r * OutputSize, OutputSize));
    }

    public void CopyParametersTo(Span<double> destination) { }
    public void LoadParameters(ReadOnlySpan<double> source) { }

    public double Loss(ReadOnlySpan<double> output, ReadOnlySpan<double> target)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++) sum += Math.Abs(output[i] - target[i]);
        return sum;
    }
}
