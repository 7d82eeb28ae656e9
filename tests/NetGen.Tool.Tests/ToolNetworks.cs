using NetGen;

namespace NetGen.Tool.Tests;

/// <summary>A small classifier-like network (looped layers, like the interpreter's) for the tool's model files.</summary>
[Mlp(3, 5, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE", UnrollThreshold = 0)]
public partial class ToolNet { }

/// <summary>A double network with unrolled layers.</summary>
[Mlp(2, 4, 3, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", Precision = Precision.Double)]
public partial class ToolDoubleNet { }
