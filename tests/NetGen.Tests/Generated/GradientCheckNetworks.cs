// Networks for the gradient checks: every valid pairing of a hidden activation with an output activation and loss,
// in double precision, with 1 to 3 hidden layers of assorted sizes; UnrollThreshold varies so that unrolled, looped
// and mixed code paths are all checked. Each is declared here because the generator runs at build time.
using System;
using System.Collections.Generic;
using NetGen;

namespace NetGen.Tests.Generated;

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class CheckSigmoidSigmoidMSE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "Tanh", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckSigmoidTanhMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Sigmoid", OutputActivation = "ReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckSigmoidReLUMSE { }

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "LeakyReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckSigmoidLeakyReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckSigmoidLinearMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckSigmoidSigmoidSSE { }

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "Tanh", Loss = "SSE", Precision = Precision.Double)]
public partial class CheckSigmoidTanhSSE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "ReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckSigmoidReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Sigmoid", OutputActivation = "LeakyReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckSigmoidLeakyReLUSSE { }

[Mlp(3, 4, 2, Activation = "Sigmoid", OutputActivation = "Linear", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckSigmoidLinearSSE { }

[Mlp(4, 3, 5, 2, Activation = "Sigmoid", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckSigmoidSigmoidBCE { }

[Mlp(2, 5, 4, 3, 3, Activation = "Sigmoid", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckSigmoidSoftmaxCrossEntropy { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class CheckTanhSigmoidMSE { }

[Mlp(4, 3, 5, 2, Activation = "Tanh", OutputActivation = "Tanh", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckTanhTanhMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Tanh", OutputActivation = "ReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckTanhReLUMSE { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "LeakyReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckTanhLeakyReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckTanhLinearMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckTanhSigmoidSSE { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Tanh", Loss = "SSE", Precision = Precision.Double)]
public partial class CheckTanhTanhSSE { }

[Mlp(4, 3, 5, 2, Activation = "Tanh", OutputActivation = "ReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckTanhReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Tanh", OutputActivation = "LeakyReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckTanhLeakyReLUSSE { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckTanhLinearSSE { }

[Mlp(4, 3, 5, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckTanhSigmoidBCE { }

[Mlp(2, 5, 4, 3, 3, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckTanhSoftmaxCrossEntropy { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class CheckReLUSigmoidMSE { }

[Mlp(4, 3, 5, 2, Activation = "ReLU", OutputActivation = "Tanh", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckReLUTanhMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "ReLU", OutputActivation = "ReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckReLUReLUMSE { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "LeakyReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckReLULeakyReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "ReLU", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckReLULinearMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckReLUSigmoidSSE { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Tanh", Loss = "SSE", Precision = Precision.Double)]
public partial class CheckReLUTanhSSE { }

[Mlp(4, 3, 5, 2, Activation = "ReLU", OutputActivation = "ReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckReLUReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "ReLU", OutputActivation = "LeakyReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckReLULeakyReLUSSE { }

[Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Linear", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckReLULinearSSE { }

[Mlp(4, 3, 5, 2, Activation = "ReLU", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckReLUSigmoidBCE { }

[Mlp(2, 5, 4, 3, 3, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckReLUSoftmaxCrossEntropy { }

[Mlp(3, 4, 2, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class CheckLeakyReLUSigmoidMSE { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "Tanh", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLeakyReLUTanhMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "LeakyReLU", OutputActivation = "ReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLeakyReLUReLUMSE { }

[Mlp(3, 4, 2, Activation = "LeakyReLU", OutputActivation = "LeakyReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLeakyReLULeakyReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLeakyReLULinearMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLeakyReLUSigmoidSSE { }

[Mlp(3, 4, 2, Activation = "LeakyReLU", OutputActivation = "Tanh", Loss = "SSE", Precision = Precision.Double)]
public partial class CheckLeakyReLUTanhSSE { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "ReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLeakyReLUReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "LeakyReLU", OutputActivation = "LeakyReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLeakyReLULeakyReLUSSE { }

[Mlp(3, 4, 2, Activation = "LeakyReLU", OutputActivation = "Linear", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLeakyReLULinearSSE { }

[Mlp(4, 3, 5, 2, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLeakyReLUSigmoidBCE { }

[Mlp(2, 5, 4, 3, 3, Activation = "LeakyReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLeakyReLUSoftmaxCrossEntropy { }

[Mlp(3, 4, 2, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "MSE", Precision = Precision.Double)]
public partial class CheckLinearSigmoidMSE { }

[Mlp(4, 3, 5, 2, Activation = "Linear", OutputActivation = "Tanh", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLinearTanhMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Linear", OutputActivation = "ReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLinearReLUMSE { }

[Mlp(3, 4, 2, Activation = "Linear", OutputActivation = "LeakyReLU", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLinearLeakyReLUMSE { }

[Mlp(4, 3, 5, 2, Activation = "Linear", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLinearLinearMSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLinearSigmoidSSE { }

[Mlp(3, 4, 2, Activation = "Linear", OutputActivation = "Tanh", Loss = "SSE", Precision = Precision.Double)]
public partial class CheckLinearTanhSSE { }

[Mlp(4, 3, 5, 2, Activation = "Linear", OutputActivation = "ReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLinearReLUSSE { }

[Mlp(2, 5, 4, 3, 2, Activation = "Linear", OutputActivation = "LeakyReLU", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLinearLeakyReLUSSE { }

[Mlp(3, 4, 2, Activation = "Linear", OutputActivation = "Linear", Loss = "SSE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLinearLinearSSE { }

[Mlp(4, 3, 5, 2, Activation = "Linear", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double, UnrollThreshold = 0)]
public partial class CheckLinearSigmoidBCE { }

[Mlp(2, 5, 4, 3, 3, Activation = "Linear", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double, UnrollThreshold = 12)]
public partial class CheckLinearSoftmaxCrossEntropy { }

[Mlp(3, 5, 4, 3, 2, Activation = "Tanh,ReLU,LeakyReLU", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double)]
public partial class CheckMixedDeep { }

[Mlp(4, 6, 5, 3, Activation = "Sigmoid,Tanh,Softmax", Loss = "CrossEntropy", Precision = Precision.Double, UnrollThreshold = 20)]
public partial class CheckMixedSoftmax { }

[Mlp(20, 16, 1, Activation = "LeakyReLU", OutputActivation = "Sigmoid", Loss = "BCE", Precision = Precision.Double)]
public partial class CheckWideBce { }

/// <summary>A generated network with the description the reference implementation needs to rebuild it.</summary>
public sealed record CheckedNetwork(string Name, Func<int, INetwork<double>> Create, int[] LayerSizes, string[] Activations, string Loss)
{
    public override string ToString() => Name;
}

public static class GradientCheckNetworks
{
    public static readonly IReadOnlyList<CheckedNetwork> All = new CheckedNetwork[]
    {
        new(typeof(CheckSigmoidSigmoidMSE).Name, seed => new CheckSigmoidSigmoidMSE(seed), new[] { 3, 4, 2 }, new[] { "Sigmoid", "Sigmoid" }, "MSE"),
        new(typeof(CheckSigmoidTanhMSE).Name, seed => new CheckSigmoidTanhMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Sigmoid", "Sigmoid", "Tanh" }, "MSE"),
        new(typeof(CheckSigmoidReLUMSE).Name, seed => new CheckSigmoidReLUMSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Sigmoid", "Sigmoid", "Sigmoid", "ReLU" }, "MSE"),
        new(typeof(CheckSigmoidLeakyReLUMSE).Name, seed => new CheckSigmoidLeakyReLUMSE(seed), new[] { 3, 4, 2 }, new[] { "Sigmoid", "LeakyReLU" }, "MSE"),
        new(typeof(CheckSigmoidLinearMSE).Name, seed => new CheckSigmoidLinearMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Sigmoid", "Sigmoid", "Linear" }, "MSE"),
        new(typeof(CheckSigmoidSigmoidSSE).Name, seed => new CheckSigmoidSigmoidSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Sigmoid", "Sigmoid", "Sigmoid", "Sigmoid" }, "SSE"),
        new(typeof(CheckSigmoidTanhSSE).Name, seed => new CheckSigmoidTanhSSE(seed), new[] { 3, 4, 2 }, new[] { "Sigmoid", "Tanh" }, "SSE"),
        new(typeof(CheckSigmoidReLUSSE).Name, seed => new CheckSigmoidReLUSSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Sigmoid", "Sigmoid", "ReLU" }, "SSE"),
        new(typeof(CheckSigmoidLeakyReLUSSE).Name, seed => new CheckSigmoidLeakyReLUSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Sigmoid", "Sigmoid", "Sigmoid", "LeakyReLU" }, "SSE"),
        new(typeof(CheckSigmoidLinearSSE).Name, seed => new CheckSigmoidLinearSSE(seed), new[] { 3, 4, 2 }, new[] { "Sigmoid", "Linear" }, "SSE"),
        new(typeof(CheckSigmoidSigmoidBCE).Name, seed => new CheckSigmoidSigmoidBCE(seed), new[] { 4, 3, 5, 2 }, new[] { "Sigmoid", "Sigmoid", "Sigmoid" }, "BCE"),
        new(typeof(CheckSigmoidSoftmaxCrossEntropy).Name, seed => new CheckSigmoidSoftmaxCrossEntropy(seed), new[] { 2, 5, 4, 3, 3 }, new[] { "Sigmoid", "Sigmoid", "Sigmoid", "Softmax" }, "CrossEntropy"),
        new(typeof(CheckTanhSigmoidMSE).Name, seed => new CheckTanhSigmoidMSE(seed), new[] { 3, 4, 2 }, new[] { "Tanh", "Sigmoid" }, "MSE"),
        new(typeof(CheckTanhTanhMSE).Name, seed => new CheckTanhTanhMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Tanh", "Tanh", "Tanh" }, "MSE"),
        new(typeof(CheckTanhReLUMSE).Name, seed => new CheckTanhReLUMSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Tanh", "Tanh", "Tanh", "ReLU" }, "MSE"),
        new(typeof(CheckTanhLeakyReLUMSE).Name, seed => new CheckTanhLeakyReLUMSE(seed), new[] { 3, 4, 2 }, new[] { "Tanh", "LeakyReLU" }, "MSE"),
        new(typeof(CheckTanhLinearMSE).Name, seed => new CheckTanhLinearMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Tanh", "Tanh", "Linear" }, "MSE"),
        new(typeof(CheckTanhSigmoidSSE).Name, seed => new CheckTanhSigmoidSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Tanh", "Tanh", "Tanh", "Sigmoid" }, "SSE"),
        new(typeof(CheckTanhTanhSSE).Name, seed => new CheckTanhTanhSSE(seed), new[] { 3, 4, 2 }, new[] { "Tanh", "Tanh" }, "SSE"),
        new(typeof(CheckTanhReLUSSE).Name, seed => new CheckTanhReLUSSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Tanh", "Tanh", "ReLU" }, "SSE"),
        new(typeof(CheckTanhLeakyReLUSSE).Name, seed => new CheckTanhLeakyReLUSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Tanh", "Tanh", "Tanh", "LeakyReLU" }, "SSE"),
        new(typeof(CheckTanhLinearSSE).Name, seed => new CheckTanhLinearSSE(seed), new[] { 3, 4, 2 }, new[] { "Tanh", "Linear" }, "SSE"),
        new(typeof(CheckTanhSigmoidBCE).Name, seed => new CheckTanhSigmoidBCE(seed), new[] { 4, 3, 5, 2 }, new[] { "Tanh", "Tanh", "Sigmoid" }, "BCE"),
        new(typeof(CheckTanhSoftmaxCrossEntropy).Name, seed => new CheckTanhSoftmaxCrossEntropy(seed), new[] { 2, 5, 4, 3, 3 }, new[] { "Tanh", "Tanh", "Tanh", "Softmax" }, "CrossEntropy"),
        new(typeof(CheckReLUSigmoidMSE).Name, seed => new CheckReLUSigmoidMSE(seed), new[] { 3, 4, 2 }, new[] { "ReLU", "Sigmoid" }, "MSE"),
        new(typeof(CheckReLUTanhMSE).Name, seed => new CheckReLUTanhMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "ReLU", "ReLU", "Tanh" }, "MSE"),
        new(typeof(CheckReLUReLUMSE).Name, seed => new CheckReLUReLUMSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "ReLU", "ReLU", "ReLU", "ReLU" }, "MSE"),
        new(typeof(CheckReLULeakyReLUMSE).Name, seed => new CheckReLULeakyReLUMSE(seed), new[] { 3, 4, 2 }, new[] { "ReLU", "LeakyReLU" }, "MSE"),
        new(typeof(CheckReLULinearMSE).Name, seed => new CheckReLULinearMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "ReLU", "ReLU", "Linear" }, "MSE"),
        new(typeof(CheckReLUSigmoidSSE).Name, seed => new CheckReLUSigmoidSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "ReLU", "ReLU", "ReLU", "Sigmoid" }, "SSE"),
        new(typeof(CheckReLUTanhSSE).Name, seed => new CheckReLUTanhSSE(seed), new[] { 3, 4, 2 }, new[] { "ReLU", "Tanh" }, "SSE"),
        new(typeof(CheckReLUReLUSSE).Name, seed => new CheckReLUReLUSSE(seed), new[] { 4, 3, 5, 2 }, new[] { "ReLU", "ReLU", "ReLU" }, "SSE"),
        new(typeof(CheckReLULeakyReLUSSE).Name, seed => new CheckReLULeakyReLUSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "ReLU", "ReLU", "ReLU", "LeakyReLU" }, "SSE"),
        new(typeof(CheckReLULinearSSE).Name, seed => new CheckReLULinearSSE(seed), new[] { 3, 4, 2 }, new[] { "ReLU", "Linear" }, "SSE"),
        new(typeof(CheckReLUSigmoidBCE).Name, seed => new CheckReLUSigmoidBCE(seed), new[] { 4, 3, 5, 2 }, new[] { "ReLU", "ReLU", "Sigmoid" }, "BCE"),
        new(typeof(CheckReLUSoftmaxCrossEntropy).Name, seed => new CheckReLUSoftmaxCrossEntropy(seed), new[] { 2, 5, 4, 3, 3 }, new[] { "ReLU", "ReLU", "ReLU", "Softmax" }, "CrossEntropy"),
        new(typeof(CheckLeakyReLUSigmoidMSE).Name, seed => new CheckLeakyReLUSigmoidMSE(seed), new[] { 3, 4, 2 }, new[] { "LeakyReLU", "Sigmoid" }, "MSE"),
        new(typeof(CheckLeakyReLUTanhMSE).Name, seed => new CheckLeakyReLUTanhMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "LeakyReLU", "LeakyReLU", "Tanh" }, "MSE"),
        new(typeof(CheckLeakyReLUReLUMSE).Name, seed => new CheckLeakyReLUReLUMSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "LeakyReLU", "LeakyReLU", "LeakyReLU", "ReLU" }, "MSE"),
        new(typeof(CheckLeakyReLULeakyReLUMSE).Name, seed => new CheckLeakyReLULeakyReLUMSE(seed), new[] { 3, 4, 2 }, new[] { "LeakyReLU", "LeakyReLU" }, "MSE"),
        new(typeof(CheckLeakyReLULinearMSE).Name, seed => new CheckLeakyReLULinearMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "LeakyReLU", "LeakyReLU", "Linear" }, "MSE"),
        new(typeof(CheckLeakyReLUSigmoidSSE).Name, seed => new CheckLeakyReLUSigmoidSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "LeakyReLU", "LeakyReLU", "LeakyReLU", "Sigmoid" }, "SSE"),
        new(typeof(CheckLeakyReLUTanhSSE).Name, seed => new CheckLeakyReLUTanhSSE(seed), new[] { 3, 4, 2 }, new[] { "LeakyReLU", "Tanh" }, "SSE"),
        new(typeof(CheckLeakyReLUReLUSSE).Name, seed => new CheckLeakyReLUReLUSSE(seed), new[] { 4, 3, 5, 2 }, new[] { "LeakyReLU", "LeakyReLU", "ReLU" }, "SSE"),
        new(typeof(CheckLeakyReLULeakyReLUSSE).Name, seed => new CheckLeakyReLULeakyReLUSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "LeakyReLU", "LeakyReLU", "LeakyReLU", "LeakyReLU" }, "SSE"),
        new(typeof(CheckLeakyReLULinearSSE).Name, seed => new CheckLeakyReLULinearSSE(seed), new[] { 3, 4, 2 }, new[] { "LeakyReLU", "Linear" }, "SSE"),
        new(typeof(CheckLeakyReLUSigmoidBCE).Name, seed => new CheckLeakyReLUSigmoidBCE(seed), new[] { 4, 3, 5, 2 }, new[] { "LeakyReLU", "LeakyReLU", "Sigmoid" }, "BCE"),
        new(typeof(CheckLeakyReLUSoftmaxCrossEntropy).Name, seed => new CheckLeakyReLUSoftmaxCrossEntropy(seed), new[] { 2, 5, 4, 3, 3 }, new[] { "LeakyReLU", "LeakyReLU", "LeakyReLU", "Softmax" }, "CrossEntropy"),
        new(typeof(CheckLinearSigmoidMSE).Name, seed => new CheckLinearSigmoidMSE(seed), new[] { 3, 4, 2 }, new[] { "Linear", "Sigmoid" }, "MSE"),
        new(typeof(CheckLinearTanhMSE).Name, seed => new CheckLinearTanhMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Linear", "Linear", "Tanh" }, "MSE"),
        new(typeof(CheckLinearReLUMSE).Name, seed => new CheckLinearReLUMSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Linear", "Linear", "Linear", "ReLU" }, "MSE"),
        new(typeof(CheckLinearLeakyReLUMSE).Name, seed => new CheckLinearLeakyReLUMSE(seed), new[] { 3, 4, 2 }, new[] { "Linear", "LeakyReLU" }, "MSE"),
        new(typeof(CheckLinearLinearMSE).Name, seed => new CheckLinearLinearMSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Linear", "Linear", "Linear" }, "MSE"),
        new(typeof(CheckLinearSigmoidSSE).Name, seed => new CheckLinearSigmoidSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Linear", "Linear", "Linear", "Sigmoid" }, "SSE"),
        new(typeof(CheckLinearTanhSSE).Name, seed => new CheckLinearTanhSSE(seed), new[] { 3, 4, 2 }, new[] { "Linear", "Tanh" }, "SSE"),
        new(typeof(CheckLinearReLUSSE).Name, seed => new CheckLinearReLUSSE(seed), new[] { 4, 3, 5, 2 }, new[] { "Linear", "Linear", "ReLU" }, "SSE"),
        new(typeof(CheckLinearLeakyReLUSSE).Name, seed => new CheckLinearLeakyReLUSSE(seed), new[] { 2, 5, 4, 3, 2 }, new[] { "Linear", "Linear", "Linear", "LeakyReLU" }, "SSE"),
        new(typeof(CheckLinearLinearSSE).Name, seed => new CheckLinearLinearSSE(seed), new[] { 3, 4, 2 }, new[] { "Linear", "Linear" }, "SSE"),
        new(typeof(CheckLinearSigmoidBCE).Name, seed => new CheckLinearSigmoidBCE(seed), new[] { 4, 3, 5, 2 }, new[] { "Linear", "Linear", "Sigmoid" }, "BCE"),
        new(typeof(CheckLinearSoftmaxCrossEntropy).Name, seed => new CheckLinearSoftmaxCrossEntropy(seed), new[] { 2, 5, 4, 3, 3 }, new[] { "Linear", "Linear", "Linear", "Softmax" }, "CrossEntropy"),
        new(typeof(CheckMixedDeep).Name, seed => new CheckMixedDeep(seed), new[] { 3, 5, 4, 3, 2 }, new[] { "Tanh", "ReLU", "LeakyReLU", "Linear" }, "MSE"),
        new(typeof(CheckMixedSoftmax).Name, seed => new CheckMixedSoftmax(seed), new[] { 4, 6, 5, 3 }, new[] { "Sigmoid", "Tanh", "Softmax" }, "CrossEntropy"),
        new(typeof(CheckWideBce).Name, seed => new CheckWideBce(seed), new[] { 20, 16, 1 }, new[] { "LeakyReLU", "Sigmoid" }, "BCE"),
    };
}
