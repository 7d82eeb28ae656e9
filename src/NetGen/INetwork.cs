using System;
using System.Numerics;

namespace NetGen;

/// <summary>
/// A network that predicts: what every <see cref="MlpAttribute"/> class implements, also inference-only ones.
/// Metrics, persistence and exporters need no more than this.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IPredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of inputs.</summary>
    int InputSize { get; }

    /// <summary>The number of outputs.</summary>
    int OutputSize { get; }

    /// <summary>The number of weights and biases.</summary>
    int ParameterCount { get; }

    /// <summary>The layer sizes, input first and output last.</summary>
    ReadOnlySpan<int> LayerSizes { get; }

    /// <summary>What the network is: layer sizes, activations, loss, precision, per-layer offsets, fingerprint.</summary>
    NetworkDescription Description { get; }

    /// <summary>Computes the outputs for <paramref name="input"/>. Pure: changes nothing, allocates nothing.</summary>
    /// <exception cref="ArgumentException">A span's length is not the network's input or output size.</exception>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>
    /// Computes the outputs of many samples: <paramref name="inputs"/> holds rows of <see cref="InputSize"/> values
    /// (row-major), <paramref name="outputs"/> receives rows of <see cref="OutputSize"/>. Pure, allocation-free.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths are not whole rows, the row counts differ, or <paramref name="outputs"/> overlaps <paramref name="inputs"/>.</exception>
    void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>Copies all parameters, in the flat order (per layer: W row-major, then b), to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ParameterCount"/>.</exception>
    void CopyParametersTo(Span<T> destination);

    /// <summary>Replaces all parameters from <paramref name="source"/>, in the flat order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/>'s length is not <see cref="ParameterCount"/>, or a value is not finite.</exception>
    void LoadParameters(ReadOnlySpan<T> source);

    /// <summary>The per-sample loss of <paramref name="output"/> against <paramref name="target"/>, as the network's loss defines it.</summary>
    T Loss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);
}

/// <summary>
/// A trainable network: what every <see cref="MlpAttribute"/> class that is not inference-only implements, so that
/// <see cref="Trainer"/>, optimizers and <see cref="Metrics"/> work with any generated network without reflection.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Training protocol: for each sample, <see cref="Forward"/> then <see cref="Backward"/> (which accumulates
/// gradients), or <see cref="TrainBatch"/> for many samples at once; after a batch, <see cref="Step"/> (or an
/// optimizer's <c>Step(network)</c>) applies the mean of the accumulated gradients and clears them.
/// <see cref="IPredictor{T}.Predict"/> is pure and may be called from several threads at once while nothing changes the
/// parameters; the training members are not thread-safe. To predict while the network trains, serve a published copy:
/// <see cref="ServingModel{T}"/>.
/// </remarks>
public interface INetwork<T> : IPredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Every parameter, in the flat order, as a live view (no copy): writing to it changes the network.</summary>
    Span<T> Parameters { get; }

    /// <summary>
    /// The gradient sums accumulated by <see cref="Backward"/> and <see cref="TrainBatch"/> since the last step, in the
    /// flat order, as a live view. Divide by <see cref="AccumulatedSamples"/> for the mean gradient.
    /// </summary>
    Span<T> Gradients { get; }

    /// <summary>Computes the outputs for <paramref name="input"/> and caches what <see cref="Backward"/> needs.</summary>
    /// <exception cref="ArgumentException">A span's length is not the network's input or output size.</exception>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>
    /// Back-propagates the loss of the last <see cref="Forward"/> against <paramref name="target"/>,
    /// adds that sample's gradients to the accumulators, and returns the sample's loss.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/>'s length is not the output size.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="Forward"/> has run on the network yet.</exception>
    T Backward(ReadOnlySpan<T> target);

    /// <summary>
    /// Forward and backward over many samples at once: <paramref name="inputs"/> holds rows of
    /// <see cref="IPredictor{T}.InputSize"/> values (row-major), <paramref name="targets"/> rows of
    /// <see cref="IPredictor{T}.OutputSize"/>. Adds every sample's gradients to the accumulators (so
    /// <see cref="AccumulatedSamples"/> grows by the row count) and returns the sum of the samples' losses.
    /// The same as <see cref="Forward"/> + <see cref="Backward"/> per row, in fewer passes over the weights.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths are not whole rows, or the row counts differ.</exception>
    double TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// Gradient descent: <c>w -= learningRate * g</c> with <c>g</c> the mean of the gradients accumulated since the
    /// last step, then clears the accumulators. Does nothing when no sample was accumulated.
    /// </summary>
    void Step(T learningRate);

    /// <summary>Clears the gradient accumulators without changing any parameter.</summary>
    void ZeroGradients();

    /// <summary>The number of samples whose gradients are accumulated (since the last <see cref="Step"/> or <see cref="ZeroGradients"/>).</summary>
    int AccumulatedSamples { get; }

    /// <summary>
    /// Copies the gradient <see cref="Step"/> would apply, in the flat order: the mean of the gradients accumulated
    /// since the last step (zeros when none was).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="IPredictor{T}.ParameterCount"/>.</exception>
    void CopyGradientsTo(Span<T> destination);
}
