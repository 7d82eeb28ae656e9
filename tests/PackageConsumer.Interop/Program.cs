// A user's program on the interop packages: train, save a model file, export ONNX and import it back (NetGen.Onnx),
// run the generator over source as a snapshot test would (NetGen.Testing); the console and plotting packages resolve.
// Writes xor.json and xor.onnx into the folder given as the argument, for the netgen tool to inspect and verify.
using System;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Onnx;
using NetGen.Testing;

string folder = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var net = new XorNet(seed: 7);
Trainer.Fit(net, Datasets.Xor(), new TrainingOptions { Epochs = 5000, LearningRate = 0.5, BatchSize = 1, Seed = 7 });
string json = Path.Combine(folder, "xor.json"), onnx = Path.Combine(folder, "xor.onnx");
ModelFile.Save(net, json);
OnnxExporter.Save(net, onnx);
var imported = OnnxImporter.Read(onnx);
var parameters = new float[XorNet.ParameterCount];
net.CopyParametersTo(parameters);
bool same = imported.Parameters.SequenceEqual(parameters.Select(p => (double)p)) && imported.Attribute == XorNet.Description.ToAttribute();
Console.WriteLine($"Interop consumer: ONNX round trip {(same ? "exact" : "DIFFERS")}; {imported.Attribute}");

var output = NetGenGenerator.Run("""
    [NetGen.Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
    public partial class SnapshotNet { }
    """);
bool generated = output.Files.Count == 1 && output.Diagnostics.Count == 0 && output.CompilationDiagnostics.Count == 0;
Console.WriteLine($"Interop consumer: NetGen.Testing generated {string.Join(", ", output.Files.Select(f => f.HintName))}");
Console.WriteLine($"Interop consumer: {typeof(NetGen.ConsoleUI.TrainingProgress).FullName} and {typeof(NetGen.Plotting.Plots).FullName} resolve");
return same && generated ? 0 : 1;

[Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
public partial class XorNet { }
