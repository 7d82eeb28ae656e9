// The export matrix: every hidden activation with every valid output activation and loss pairing, over assorted shapes
// (unrolled, looped and mixed layers), as float networks; a few double ones. Declared here because the generator runs
// at build time. ExportMatrixTests lists them all.
using NetGen;

namespace NetGen.Onnx.Tests;

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "MSE")]
public partial class ExportSigmoidSigmoidMSE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "Tanh", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportSigmoidTanhMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Sigmoid", OutputActivation = "ReLU", Loss = "MSE", UnrollThreshold = 12)]
public partial class ExportSigmoidReLUMSE { }

[Mlp(16, 32, 3, Activation = "Sigmoid", OutputActivation = "LeakyReLU", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportSigmoidLeakyReLUMSE { }

[Mlp(6, 8, 8, 4, Activation = "Sigmoid", OutputActivation = "Linear", Loss = "MSE")]
public partial class ExportSigmoidLinearMSE { }

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "SSE")]
public partial class ExportSigmoidSigmoidSSE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "Tanh", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportSigmoidTanhSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Sigmoid", OutputActivation = "ReLU", Loss = "SSE", UnrollThreshold = 12)]
public partial class ExportSigmoidReLUSSE { }

[Mlp(16, 32, 3, Activation = "Sigmoid", OutputActivation = "LeakyReLU", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportSigmoidLeakyReLUSSE { }

[Mlp(6, 8, 8, 4, Activation = "Sigmoid", OutputActivation = "Linear", Loss = "SSE")]
public partial class ExportSigmoidLinearSSE { }

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "BCE")]
public partial class ExportSigmoidSigmoidBCE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "Softmax", Loss = "CrossEntropy", UnrollThreshold = 0)]
public partial class ExportSigmoidSoftmaxCrossEntropy { }

[Mlp(2, 5, 4, 3, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "MSE", UnrollThreshold = 12)]
public partial class ExportTanhSigmoidMSE { }

[Mlp(16, 32, 3, Activation = "Tanh", OutputActivation = "Tanh", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportTanhTanhMSE { }

[Mlp(6, 8, 8, 4, Activation = "Tanh", OutputActivation = "ReLU", Loss = "MSE")]
public partial class ExportTanhReLUMSE { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "LeakyReLU", Loss = "MSE")]
public partial class ExportTanhLeakyReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportTanhLinearMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "SSE", UnrollThreshold = 12)]
public partial class ExportTanhSigmoidSSE { }

[Mlp(16, 32, 3, Activation = "Tanh", OutputActivation = "Tanh", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportTanhTanhSSE { }

[Mlp(6, 8, 8, 4, Activation = "Tanh", OutputActivation = "ReLU", Loss = "SSE")]
public partial class ExportTanhReLUSSE { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "LeakyReLU", Loss = "SSE")]
public partial class ExportTanhLeakyReLUSSE { }

[Mlp(4, 3, 5, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportTanhLinearSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE", UnrollThreshold = 12)]
public partial class ExportTanhSigmoidBCE { }

[Mlp(16, 32, 3, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy", UnrollThreshold = 0)]
public partial class ExportTanhSoftmaxCrossEntropy { }

[Mlp(6, 8, 8, 4, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "MSE")]
public partial class ExportReLUSigmoidMSE { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Tanh", Loss = "MSE")]
public partial class ExportReLUTanhMSE { }

[Mlp(4, 3, 5, 2, Activation = "ReLU", OutputActivation = "ReLU", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportReLUReLUMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "ReLU", OutputActivation = "LeakyReLU", Loss = "MSE", UnrollThreshold = 12)]
public partial class ExportReLULeakyReLUMSE { }

[Mlp(16, 32, 3, Activation = "ReLU", OutputActivation = "Linear", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportReLULinearMSE { }

[Mlp(6, 8, 8, 4, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "SSE")]
public partial class ExportReLUSigmoidSSE { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Tanh", Loss = "SSE")]
public partial class ExportReLUTanhSSE { }

[Mlp(4, 3, 5, 2, Activation = "ReLU", OutputActivation = "ReLU", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportReLUReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "ReLU", OutputActivation = "LeakyReLU", Loss = "SSE", UnrollThreshold = 12)]
public partial class ExportReLULeakyReLUSSE { }

[Mlp(16, 32, 3, Activation = "ReLU", OutputActivation = "Linear", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportReLULinearSSE { }

[Mlp(6, 8, 8, 4, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "BCE")]
public partial class ExportReLUSigmoidBCE { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class ExportReLUSoftmaxCrossEntropy { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportLeakyReLUSigmoidMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "LeakyReLU", OutputActivation = "Tanh", Loss = "MSE", UnrollThreshold = 12)]
public partial class ExportLeakyReLUTanhMSE { }

[Mlp(16, 32, 3, Activation = "LeakyReLU", OutputActivation = "ReLU", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportLeakyReLUReLUMSE { }

[Mlp(6, 8, 8, 4, Activation = "LeakyReLU", OutputActivation = "LeakyReLU", Loss = "MSE")]
public partial class ExportLeakyReLULeakyReLUMSE { }

[Mlp(3, 4, 2, Activation = "LeakyReLU", OutputActivation = "Linear", Loss = "MSE")]
public partial class ExportLeakyReLULinearMSE { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportLeakyReLUSigmoidSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "LeakyReLU", OutputActivation = "Tanh", Loss = "SSE", UnrollThreshold = 12)]
public partial class ExportLeakyReLUTanhSSE { }

[Mlp(16, 32, 3, Activation = "LeakyReLU", OutputActivation = "ReLU", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportLeakyReLUReLUSSE { }

[Mlp(6, 8, 8, 4, Activation = "LeakyReLU", OutputActivation = "LeakyReLU", Loss = "SSE")]
public partial class ExportLeakyReLULeakyReLUSSE { }

[Mlp(3, 4, 2, Activation = "LeakyReLU", OutputActivation = "Linear", Loss = "SSE")]
public partial class ExportLeakyReLULinearSSE { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "BCE", UnrollThreshold = 0)]
public partial class ExportLeakyReLUSigmoidBCE { }

[Mlp(2, 5, 4, 3, 2, Activation = "LeakyReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", UnrollThreshold = 12)]
public partial class ExportLeakyReLUSoftmaxCrossEntropy { }

[Mlp(16, 32, 3, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportLinearSigmoidMSE { }

[Mlp(6, 8, 8, 4, Activation = "Linear", OutputActivation = "Tanh", Loss = "MSE")]
public partial class ExportLinearTanhMSE { }

[Mlp(3, 4, 2, Activation = "Linear", OutputActivation = "ReLU", Loss = "MSE")]
public partial class ExportLinearReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "Linear", OutputActivation = "LeakyReLU", Loss = "MSE", UnrollThreshold = 0)]
public partial class ExportLinearLeakyReLUMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Linear", OutputActivation = "Linear", Loss = "MSE", UnrollThreshold = 12)]
public partial class ExportLinearLinearMSE { }

[Mlp(16, 32, 3, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportLinearSigmoidSSE { }

[Mlp(6, 8, 8, 4, Activation = "Linear", OutputActivation = "Tanh", Loss = "SSE")]
public partial class ExportLinearTanhSSE { }

[Mlp(3, 4, 2, Activation = "Linear", OutputActivation = "ReLU", Loss = "SSE")]
public partial class ExportLinearReLUSSE { }

[Mlp(4, 3, 5, 2, Activation = "Linear", OutputActivation = "LeakyReLU", Loss = "SSE", UnrollThreshold = 0)]
public partial class ExportLinearLeakyReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Linear", OutputActivation = "Linear", Loss = "SSE", UnrollThreshold = 12)]
public partial class ExportLinearLinearSSE { }

[Mlp(16, 32, 3, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "BCE", UnrollThreshold = 0)]
public partial class ExportLinearSigmoidBCE { }

[Mlp(6, 8, 8, 4, Activation = "Linear", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class ExportLinearSoftmaxCrossEntropy { }

[Mlp(5, 7, 3, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class ExportDoubleTanhLinearMSE { }

[Mlp(4, 6, 3, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double)]
public partial class ExportDoubleReLUSoftmaxCrossEntropy { }

[Mlp(3, 9, 4, 1, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class ExportDoubleLeakyReLUSigmoidBCE { }

[Mlp(2, 3, 2, Activation = "Sigmoid", OutputActivation = "LeakyReLU", Loss = "SSE", Precision = Precision.Double)]
public partial class ExportDoubleSigmoidLeakyReLUSSE { }

/// <summary>Every network of the export matrix, new with a seed.</summary>
public static class ExportNetworks
{
    public static readonly (string Name, System.Func<int, IPredictor<float>> Create)[] Float =
    {
        ("ExportSigmoidSigmoidMSE", seed => new ExportSigmoidSigmoidMSE(seed)),
        ("ExportSigmoidTanhMSE", seed => new ExportSigmoidTanhMSE(seed)),
        ("ExportSigmoidReLUMSE", seed => new ExportSigmoidReLUMSE(seed)),
        ("ExportSigmoidLeakyReLUMSE", seed => new ExportSigmoidLeakyReLUMSE(seed)),
        ("ExportSigmoidLinearMSE", seed => new ExportSigmoidLinearMSE(seed)),
        ("ExportSigmoidSigmoidSSE", seed => new ExportSigmoidSigmoidSSE(seed)),
        ("ExportSigmoidTanhSSE", seed => new ExportSigmoidTanhSSE(seed)),
        ("ExportSigmoidReLUSSE", seed => new ExportSigmoidReLUSSE(seed)),
        ("ExportSigmoidLeakyReLUSSE", seed => new ExportSigmoidLeakyReLUSSE(seed)),
        ("ExportSigmoidLinearSSE", seed => new ExportSigmoidLinearSSE(seed)),
        ("ExportSigmoidSigmoidBCE", seed => new ExportSigmoidSigmoidBCE(seed)),
        ("ExportSigmoidSoftmaxCrossEntropy", seed => new ExportSigmoidSoftmaxCrossEntropy(seed)),
        ("ExportTanhSigmoidMSE", seed => new ExportTanhSigmoidMSE(seed)),
        ("ExportTanhTanhMSE", seed => new ExportTanhTanhMSE(seed)),
        ("ExportTanhReLUMSE", seed => new ExportTanhReLUMSE(seed)),
        ("ExportTanhLeakyReLUMSE", seed => new ExportTanhLeakyReLUMSE(seed)),
        ("ExportTanhLinearMSE", seed => new ExportTanhLinearMSE(seed)),
        ("ExportTanhSigmoidSSE", seed => new ExportTanhSigmoidSSE(seed)),
        ("ExportTanhTanhSSE", seed => new ExportTanhTanhSSE(seed)),
        ("ExportTanhReLUSSE", seed => new ExportTanhReLUSSE(seed)),
        ("ExportTanhLeakyReLUSSE", seed => new ExportTanhLeakyReLUSSE(seed)),
        ("ExportTanhLinearSSE", seed => new ExportTanhLinearSSE(seed)),
        ("ExportTanhSigmoidBCE", seed => new ExportTanhSigmoidBCE(seed)),
        ("ExportTanhSoftmaxCrossEntropy", seed => new ExportTanhSoftmaxCrossEntropy(seed)),
        ("ExportReLUSigmoidMSE", seed => new ExportReLUSigmoidMSE(seed)),
        ("ExportReLUTanhMSE", seed => new ExportReLUTanhMSE(seed)),
        ("ExportReLUReLUMSE", seed => new ExportReLUReLUMSE(seed)),
        ("ExportReLULeakyReLUMSE", seed => new ExportReLULeakyReLUMSE(seed)),
        ("ExportReLULinearMSE", seed => new ExportReLULinearMSE(seed)),
        ("ExportReLUSigmoidSSE", seed => new ExportReLUSigmoidSSE(seed)),
        ("ExportReLUTanhSSE", seed => new ExportReLUTanhSSE(seed)),
        ("ExportReLUReLUSSE", seed => new ExportReLUReLUSSE(seed)),
        ("ExportReLULeakyReLUSSE", seed => new ExportReLULeakyReLUSSE(seed)),
        ("ExportReLULinearSSE", seed => new ExportReLULinearSSE(seed)),
        ("ExportReLUSigmoidBCE", seed => new ExportReLUSigmoidBCE(seed)),
        ("ExportReLUSoftmaxCrossEntropy", seed => new ExportReLUSoftmaxCrossEntropy(seed)),
        ("ExportLeakyReLUSigmoidMSE", seed => new ExportLeakyReLUSigmoidMSE(seed)),
        ("ExportLeakyReLUTanhMSE", seed => new ExportLeakyReLUTanhMSE(seed)),
        ("ExportLeakyReLUReLUMSE", seed => new ExportLeakyReLUReLUMSE(seed)),
        ("ExportLeakyReLULeakyReLUMSE", seed => new ExportLeakyReLULeakyReLUMSE(seed)),
        ("ExportLeakyReLULinearMSE", seed => new ExportLeakyReLULinearMSE(seed)),
        ("ExportLeakyReLUSigmoidSSE", seed => new ExportLeakyReLUSigmoidSSE(seed)),
        ("ExportLeakyReLUTanhSSE", seed => new ExportLeakyReLUTanhSSE(seed)),
        ("ExportLeakyReLUReLUSSE", seed => new ExportLeakyReLUReLUSSE(seed)),
        ("ExportLeakyReLULeakyReLUSSE", seed => new ExportLeakyReLULeakyReLUSSE(seed)),
        ("ExportLeakyReLULinearSSE", seed => new ExportLeakyReLULinearSSE(seed)),
        ("ExportLeakyReLUSigmoidBCE", seed => new ExportLeakyReLUSigmoidBCE(seed)),
        ("ExportLeakyReLUSoftmaxCrossEntropy", seed => new ExportLeakyReLUSoftmaxCrossEntropy(seed)),
        ("ExportLinearSigmoidMSE", seed => new ExportLinearSigmoidMSE(seed)),
        ("ExportLinearTanhMSE", seed => new ExportLinearTanhMSE(seed)),
        ("ExportLinearReLUMSE", seed => new ExportLinearReLUMSE(seed)),
        ("ExportLinearLeakyReLUMSE", seed => new ExportLinearLeakyReLUMSE(seed)),
        ("ExportLinearLinearMSE", seed => new ExportLinearLinearMSE(seed)),
        ("ExportLinearSigmoidSSE", seed => new ExportLinearSigmoidSSE(seed)),
        ("ExportLinearTanhSSE", seed => new ExportLinearTanhSSE(seed)),
        ("ExportLinearReLUSSE", seed => new ExportLinearReLUSSE(seed)),
        ("ExportLinearLeakyReLUSSE", seed => new ExportLinearLeakyReLUSSE(seed)),
        ("ExportLinearLinearSSE", seed => new ExportLinearLinearSSE(seed)),
        ("ExportLinearSigmoidBCE", seed => new ExportLinearSigmoidBCE(seed)),
        ("ExportLinearSoftmaxCrossEntropy", seed => new ExportLinearSoftmaxCrossEntropy(seed)),
    };

    public static readonly (string Name, System.Func<int, IPredictor<double>> Create)[] Double =
    {
        ("ExportDoubleTanhLinearMSE", seed => new ExportDoubleTanhLinearMSE(seed)),
        ("ExportDoubleReLUSoftmaxCrossEntropy", seed => new ExportDoubleReLUSoftmaxCrossEntropy(seed)),
        ("ExportDoubleLeakyReLUSigmoidBCE", seed => new ExportDoubleLeakyReLUSigmoidBCE(seed)),
        ("ExportDoubleSigmoidLeakyReLUSSE", seed => new ExportDoubleSigmoidLeakyReLUSSE(seed)),
    };
}
