using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// A trainable network: what every <see cref="MlpAttribute"/> class implements, so that
/// <see cref="Trainer"/>, <see cref="Metrics"/> and persistence work with any generated network without reflection.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Training protocol: for each sample, <see cref="Forward"/> then <see cref="Backward"/> (which accumulates
/// gradients); after a batch, <see cref="Step"/> applies the mean of the accumulated gradients and clears them.
/// <see cref="Predict"/> is pure and may be called from several threads at once; the training members are not thread-safe.
/// </remarks>
public interface INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of inputs.</summary>
    int InputSize { get; }

    /// <summary>The number of outputs.</summary>
    int OutputSize { get; }

    /// <summary>The number of weights and biases.</summary>
    int ParameterCount { get; }

    /// <summary>The layer sizes, input first and output last.</summary>
    ReadOnlySpan<int> LayerSizes { get; }

    /// <summary>Computes the outputs for <paramref name="input"/>. Pure: changes nothing, allocates nothing, thread-safe.</summary>
    /// <exception cref="ArgumentException">A span's length is not the network's input or output size.</exception>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>Computes the outputs for <paramref name="input"/> and caches what <see cref="Backward"/> needs.</summary>
    /// <exception cref="ArgumentException">A span's length is not the network's input or output size.</exception>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>
    /// Back-propagates the loss of the last <see cref="Forward"/> against <paramref name="target"/>,
    /// adds that sample's gradients to the accumulators, and returns the sample's loss.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/>'s length is not the output size.</exception>
    T Backward(ReadOnlySpan<T> target);

    /// <summary>
    /// Gradient descent: <c>w -= learningRate * g</c> with <c>g</c> the mean of the gradients accumulated since the
    /// last step, then clears the accumulators. Does nothing when no sample was accumulated.
    /// </summary>
    void Step(T learningRate);

    /// <summary>Clears the gradient accumulators without changing any parameter.</summary>
    void ZeroGradients();

    /// <summary>The number of samples whose gradients are accumulated (since the last <see cref="Step"/> or <see cref="ZeroGradients"/>).</summary>
    int AccumulatedSamples { get; }

    /// <summary>Copies all parameters, in the flat order (per layer: W row-major, then b), to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ParameterCount"/>.</exception>
    void CopyParametersTo(Span<T> destination);

    /// <summary>Replaces all parameters from <paramref name="source"/>, in the flat order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/>'s length is not <see cref="ParameterCount"/>.</exception>
    void LoadParameters(ReadOnlySpan<T> source);

    /// <summary>
    /// Copies the gradient <see cref="Step"/> would apply, in the flat order: the mean of the gradients accumulated
    /// since the last step (zeros when none was).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ParameterCount"/>.</exception>
    void CopyGradientsTo(Span<T> destination);

    /// <summary>The per-sample loss of <paramref name="output"/> against <paramref name="target"/>, as the network's loss defines it.</summary>
    T Loss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);
}
