using NetGen;

namespace NetGen.Tests.Persistence;

// Networks the persistence tests save and load. Each is declared here because the generator runs at build time.

/// <summary>The example network: the file in the issue text loads into it.</summary>
[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorNet { }

/// <summary>XorNet's shape with another hidden activation: loading XorNet's file into it must fail by name.</summary>
[Mlp(2, 2, 1, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE")]
public partial class TanhXorNet { }

/// <summary>XorNet's architecture with another loss: loading XorNet's file into it warns.</summary>
[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "MSE")]
public partial class XorMseNet { }

/// <summary>XorNet in double precision.</summary>
[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", Precision = Precision.Double)]
public partial class XorDoubleNet { }

/// <summary>The PyTorch model of the fixture: Linear(3, 4), Tanh, Linear(4, 2).</summary>
[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE")]
public partial class TorchNet { }

/// <summary>TorchNet in double precision.</summary>
[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double)]
public partial class TorchDoubleNet { }

/// <summary>The large network of the round-trip tests in double precision (HeapStoredNet is the float one).</summary>
[Mlp(784, 512, 256, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double)]
public partial class HeapStoredDoubleNet { }
