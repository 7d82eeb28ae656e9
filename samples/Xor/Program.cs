using System;
using NetGen;

var net = new XorNet(seed: 7);
Console.WriteLine(net.Predict(1f, 0f));

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorNet { }
