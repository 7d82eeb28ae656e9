using NetGen;

namespace NetGen.Onnx.Tests;

// The [Mlp] classes `netgen inspect` names for the PyTorch fixture (scripts/make-pytorch-fixture.py).

/// <summary>nn.Sequential(Flatten, Linear(4, 16), ReLU, Linear(16, 8), Tanh, Linear(8, 3), Softmax(dim=-1)).</summary>
[Mlp(4, 16, 8, 3, Activation = "ReLU,Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class PyTorchClassifier { }

/// <summary>nn.Sequential(Linear(3, 8), LeakyReLU(0.01), Linear(8, 8), Sigmoid, Linear(8, 2)).</summary>
[Mlp(3, 8, 8, 2, Activation = "LeakyReLU,Sigmoid", OutputActivation = "Linear")]
public partial class PyTorchRegressor { }
