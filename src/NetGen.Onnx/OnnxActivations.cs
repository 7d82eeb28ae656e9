namespace NetGen.Onnx;

/// <summary>How NetGen's activations map to ONNX ops.</summary>
internal static class OnnxActivations
{
    /// <summary>NetGen's LeakyReLU slope (DESIGN.md), the <c>alpha</c> of ONNX's <c>LeakyRelu</c> and PyTorch's default negative_slope.</summary>
    public const double LeakyReluSlopeDouble = 0.01;

    /// <summary><see cref="LeakyReluSlopeDouble"/> as the float attribute ONNX stores.</summary>
    public const float LeakyReluSlope = 0.01f;
}
