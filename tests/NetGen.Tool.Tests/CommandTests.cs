using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Tool.Tests;

public class CommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ToolNet _net = new(seed: 3);
    private readonly string _model;

    public CommandTests()
    {
        var parameters = new float[ToolNet.ParameterCount];
        _net.CopyParametersTo(parameters);
        for (int i = 0; i < parameters.Length; i++) parameters[i] += 0.1f * MathF.Sin(i); // non-zero biases too
        _net.LoadParameters(parameters);
        _model = _folder.File("net.json");
        ModelFile.Save(_net, _model, new Dictionary<string, string> { ["dataset"] = "test" });
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Inspect_ModelFile_PrintsSummaryMetadataAndTheMatchingAttribute()
    {
        var run = ToolRun.Of("inspect", _model);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal($"{_model}: NetGen model file, netgen-mlp v1", lines[0]);
        Assert.Equal(ToolNet.Description.ToAttribute(), lines[^1]);
        Assert.Contains("  dataset = test", lines);
        Assert.Contains(ToolNet.Description.ToString().Replace("\r\n", "\n"), run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Inspect_OnnxModel_PrintsTheSameAttribute()
    {
        string onnx = _folder.File("net.onnx");
        Assert.Equal(ExitCodes.Success, ToolRun.Of("convert", _model, onnx).ExitCode);

        var run = ToolRun.Of("inspect", onnx);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith($"{onnx}: ONNX model\n", run.Output);
        Assert.EndsWith(ToolNet.Description.ToAttribute() + "\n", run.Output);
    }

    [Fact]
    public void Convert_JsonToOnnxToJson_KeepsEveryParameterAndTheMetadata()
    {
        string onnx = _folder.File("net.onnx"), back = _folder.File("back.json");

        var toOnnx = ToolRun.Of("convert", _model, onnx);
        var toJson = ToolRun.Of("convert", onnx, back);

        Assert.Equal((ExitCodes.Success, $"Wrote {onnx}: 3 -> 5 -> 2, 32 parameters, Float\n"), (toOnnx.ExitCode, toOnnx.Output));
        Assert.Equal(ExitCodes.Success, toJson.ExitCode);
        var original = ModelFile.Read(_model);
        var roundTripped = ModelFile.Read(back);
        Assert.Equal(original.Parameters, roundTripped.Parameters);
        Assert.Equal(original.Metadata, roundTripped.Metadata);
        Assert.Equal(original.Description.Loss, roundTripped.Description.Loss);
    }

    [Fact]
    public void Convert_ToNpyAndBackWithLike_KeepsEveryParameter()
    {
        string npy = _folder.File("net.npy"), back = _folder.File("back.json");

        Assert.Equal(ExitCodes.Success, ToolRun.Of("convert", _model, npy).ExitCode);
        var run = ToolRun.Of("convert", npy, back, "--like", _model);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var expected = new float[ToolNet.ParameterCount];
        _net.CopyParametersTo(expected);
        Assert.Equal(expected, NpyFile.Read<float>(npy));
        Assert.Equal(ModelFile.Read(_model).Parameters, ModelFile.Read(back).Parameters);
    }

    [Fact]
    public void Convert_NpyWithoutLike_IsAUsageError()
    {
        string npy = _folder.File("net.npy");
        ToolRun.Of("convert", _model, npy);

        var run = ToolRun.Of("convert", npy, _folder.File("x.json"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"netgen: error: {npy}: a .npy file holds only numbers; name the architecture with --like model.json (or model.onnx)\n", run.Error);
    }

    [Fact]
    public void Predict_Input_GivesTheGeneratedNetworksOutputs()
    {
        var run = ToolRun.Of("predict", _model, "--input", "0.5,-1,2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var expected = new float[2];
        _net.Predict(new[] { 0.5f, -1f, 2f }, expected);
        AssertRow(expected, run.Output.TrimEnd('\n'));
    }

    [Fact]
    public void Predict_AndConvert_UseAFloatFilesNumbersRoundedOnceToFloat_AsLoadDoes()
    {
        // 1.00000005960464477539062500001 is just above the midpoint of 1 and the next float, so it is 1.0000001f; through
        // the double 1.0000000596046448 (the midpoint itself) it rounded to even, 1f: the tool computed with another weight than Load.
        var parameters = new float[ToolNet.ParameterCount];
        _net.CopyParametersTo(parameters);
        parameters[0] = 1.0000001f;
        _net.LoadParameters(parameters);
        ModelFile.Save(_net, _model);
        File.WriteAllText(_model, File.ReadAllText(_model).Replace("[1.0000001,", "[1.00000005960464477539062500001,"));
        var loaded = ToolNet.Load(_model);
        Assert.Equal(1.0000001f, loaded.Parameters[0]);
        var interpreted = new float[ToolNet.ParameterCount];
        NetGen.Onnx.InterpretedNetwork<float>.From(ModelFile.Read(_model)).CopyParametersTo(interpreted);
        Assert.Equal(loaded.Parameters.ToArray(), interpreted);

        var run = ToolRun.Of("predict", _model, "--input", "3,0,0");
        string npy = _folder.File("net.npy");
        var convert = ToolRun.Of("convert", _model, npy);

        var expected = new float[2];
        loaded.Predict(new[] { 3f, 0f, 0f }, expected);
        Assert.Equal(expected, run.Output.TrimEnd('\n').Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)));
        Assert.Equal(ExitCodes.Success, convert.ExitCode);
        Assert.Equal(loaded.Parameters.ToArray(), NpyFile.Read<float>(npy));
    }

    [Fact]
    public void Predict_CsvOnStdin_OneOutputRowPerInputRowAndTheHeaderIsSkipped()
    {
        var rows = new[] { new[] { 0.1f, 0.2f, 0.3f }, new[] { -1f, 0f, 1f }, new[] { 2.5f, -0.5f, 0f } };
        string csv = "a,b,c\n" + string.Join("\n", rows.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))) + "\n";

        var run = ToolRun.WithStdin(csv, "predict", _model);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(rows.Length, lines.Length);
        var expected = new float[2];
        for (int i = 0; i < rows.Length; i++)
        {
            _net.Predict(rows[i], expected);
            AssertRow(expected, lines[i]);
        }
    }

    [Fact]
    public void Predict_DoubleModel_FromOnnx_MatchesTheGeneratedNetwork()
    {
        var net = new ToolDoubleNet(seed: 2);
        string onnx = _folder.File("double.onnx");
        OnnxExporter.Save(net, onnx);

        var run = ToolRun.Of("predict", onnx, "--input", "0.25,-0.75");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var expected = new double[3];
        net.Predict(new[] { 0.25, -0.75 }, expected);
        var actual = run.Output.TrimEnd('\n').Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], actual[k], 1e-14);
    }

    [Fact]
    public void Predict_WrongNumberOfInputs_IsExitCode3NamingTheCounts()
    {
        var run = ToolRun.Of("predict", _model, "--input", "1,2");

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.Equal("netgen: error: --input: 2 values, but the model has 3 inputs\n", run.Error);
    }

    [Fact]
    public void Predict_NotANumberOnStdin_NamesTheLineAndValue()
    {
        var run = ToolRun.WithStdin("1,2,3\n1,x,3\n", "predict", _model);

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.Equal("netgen: error: stdin line 2, value 2: 'x' is not a finite number\n", run.Error);
    }

    [Fact]
    public void Predict_AValueBeyondFloat_OnAFloatModel_IsExitCode3NamingTheValue()
    {
        // A Float model computes in float, where 1e39 is infinity: it printed outputs for an input it never saw.
        var single = ToolRun.Of("predict", _model, "--input", "1,-1e39,3");
        var stdin = ToolRun.WithStdin("1,2,3\n1,2,3.5e38\n", "predict", _model);

        Assert.Equal((ExitCodes.InvalidModel, ""), (single.ExitCode, single.Output));
        Assert.Equal("netgen: error: --input, value 2: '-1e39' is beyond float, the precision of this Float model (at most 3.4028235E+38)\n", single.Error);
        Assert.Equal((ExitCodes.InvalidModel, ""), (stdin.ExitCode, stdin.Output));
        Assert.Equal("netgen: error: stdin line 2, value 3: '3.5e38' is beyond float, the precision of this Float model (at most 3.4028235E+38)\n", stdin.Error);
    }

    [Fact]
    public void Verify_ExportedOnnx_IsOkWithTheMaximumDifference()
    {
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);

        var run = ToolRun.Of("verify", _model, "--onnx", onnx);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith($"{_model} vs {onnx} (ONNX Runtime), 1000 random inputs in [-1, 1]:\nmax |ONNX - NetGen| = ", run.Output);
        Assert.EndsWith(": OK\n", run.Output);
    }

    [Fact]
    public void Verify_AnotherNetworksOnnx_IsAMismatchWithExitCode4()
    {
        string onnx = _folder.File("other.onnx");
        OnnxExporter.Save(new ToolNet(seed: 99), onnx);

        var run = ToolRun.Of("verify", _model, "--onnx", onnx);

        Assert.Equal(ExitCodes.Mismatch, run.ExitCode);
        Assert.EndsWith(": MISMATCH\n", run.Output);
    }

    [Theory]
    [InlineData("--range", "-1", "--range -1: give a positive finite number (inputs are drawn from [-range, range])")]
    [InlineData("--range", "0", "--range 0: give a positive finite number (inputs are drawn from [-range, range])")]
    [InlineData("--range", "NaN", "--range NaN: give a positive finite number (inputs are drawn from [-range, range])")]
    [InlineData("--range", "Infinity", "--range Infinity: give a positive finite number (inputs are drawn from [-range, range])")]
    [InlineData("--tolerance", "-1", "--tolerance -1: give a finite number, 0 or more")]
    [InlineData("--tolerance", "NaN", "--tolerance NaN: give a finite number, 0 or more")]
    [InlineData("--tolerance", "Infinity", "--tolerance Infinity: give a finite number, 0 or more")]
    public void Verify_AnInvalidRangeOrTolerance_IsAUsageError(string option, string value, string message)
    {
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);

        var run = ToolRun.Of("verify", _model, "--onnx", onnx, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"netgen: error: {message}\n", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Verify_ARangeBeyondFloat_OnAFloatModel_IsAUsageError()
    {
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);

        var run = ToolRun.Of("verify", _model, "--onnx", onnx, "--range", "1e39");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"netgen: error: --range 1E+39: {_model} is a Float model, whose inputs are floats, at most 3.4028235E+38\n", run.Error);
    }

    [Fact]
    public void Verify_ToleranceZero_AndALargeRangeOnADoubleModel_AreAccepted()
    {
        // A 1 -> 1 Linear double model with weight 1e300: inputs in [-1e300, 1e300] give the same infinities on both sides,
        // which are no difference (their difference, NaN, once made it a MISMATCH).
        var description = new NetworkDescription(new[] { 1, 1 }, new[] { ActivationFunction.Linear }, LossFunction.MSE, Precision.Double);
        string model = _folder.File("huge.json"), onnx = _folder.File("huge.onnx");
        ModelFile.Write(model, description, new[] { 1e300, 0 });
        ToolRun.Of("convert", model, onnx);

        var run = ToolRun.Of("verify", model, "--onnx", onnx, "--range", "1e300", "--tolerance", "0");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.EndsWith("tolerance 0.000E+000: OK\n", run.Output);
    }

    [Fact]
    public void MissingFile_IsExitCode2()
    {
        string missing = _folder.File("missing.json");

        var run = ToolRun.Of("inspect", missing);

        Assert.Equal(ExitCodes.FileError, run.ExitCode);
        Assert.Equal($"netgen: error: {missing}: no such file\n", run.Error);
    }

    [Fact]
    public void AFolderForAFile_IsExitCode2SayingItIsAFolder()
    {
        // It said "no such file" for a folder that is there.
        string folder = _folder.File("model.json");
        Directory.CreateDirectory(folder);
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);
        string npy = _folder.File("p.npy");
        Directory.CreateDirectory(npy);

        var inspect = ToolRun.Of("inspect", folder);
        var verify = ToolRun.Of("verify", _model, "--onnx", folder);
        var convert = ToolRun.Of("convert", npy, _folder.File("back.json"), "--like", _model);

        Assert.Equal((ExitCodes.FileError, $"netgen: error: {folder}: is a folder, not a file\n"), (inspect.ExitCode, inspect.Error));
        Assert.Equal((ExitCodes.FileError, $"netgen: error: {folder}: is a folder, not a file\n"), (verify.ExitCode, verify.Error));
        Assert.Equal((ExitCodes.FileError, $"netgen: error: {npy}: is a folder, not a file\n"), (convert.ExitCode, convert.Error));
    }

    [Fact]
    public void InvalidModelFile_IsExitCode3WithTheReadersMessage()
    {
        string bad = _folder.File("bad.json");
        File.WriteAllText(bad, "{ \"format\": \"netgen-mlp\", \"version\": 1, \"layers\": [2, 1] }");

        var run = ToolRun.Of("inspect", bad);

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.StartsWith($"netgen: error: {bad}", run.Error);
    }

    [Fact]
    public void OnnxThatIsNotADenseChain_IsExitCode3NamingTheNode()
    {
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);
        byte[] bytes = File.ReadAllBytes(onnx);
        var model = global::Onnx.ModelProto.Parser.ParseFrom(bytes);
        model.Graph.Node[1].OpType = "Elu";
        File.WriteAllBytes(onnx, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var run = ToolRun.Of("inspect", onnx);

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.StartsWith($"netgen: error: {onnx}: node 'layer1_tanh' (Elu): Elu has no NetGen equivalent.", run.Error);
    }

    [Fact]
    public void Inspect_OnnxWhoseLossMetadataContradictsItsOutput_WarnsAndPrintsAnAttributeTheGeneratorAccepts()
    {
        // ToolNet's output is Sigmoid; CrossEntropy needs a Softmax output (NG0007), so the line must not say CrossEntropy.
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);
        var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        model.MetadataProps.Single(p => p.Key == "netgen.loss").Value = "CrossEntropy";
        File.WriteAllBytes(onnx, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var run = ToolRun.Of("inspect", onnx);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal($"netgen: warning: {onnx}: the metadata netgen.loss = 'CrossEntropy' does not fit the Sigmoid output layer (CrossEntropy needs a Softmax "
            + "output (NG0007)); the loss is MSE, as without the metadata (the loss only matters for training)\n", run.Error);
        Assert.EndsWith("[Mlp(3, 5, 2, Activation = \"Tanh\", OutputActivation = \"Sigmoid\", Loss = \"MSE\")]\n", run.Output);
    }

    [Fact]
    public void Inspect_ModelFileWhoseLossContradictsItsOutput_WarnsAndPrintsAnAttributeTheGeneratorAccepts()
    {
        // The same file with CrossEntropy for its Sigmoid output (NG0007): the line said Loss = "CrossEntropy" and did not compile.
        string json = _folder.File("ce.json");
        File.WriteAllText(json, File.ReadAllText(_model).Replace("\"loss\": \"BCE\"", "\"loss\": \"CrossEntropy\""));

        var run = ToolRun.Of("inspect", json);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal($"netgen: warning: {json}: the loss CrossEntropy does not fit the Sigmoid output layer; the loss is MSE, as without one "
            + "(the loss only matters for training)\n", run.Error);
        Assert.EndsWith("[Mlp(3, 5, 2, Activation = \"Tanh\", OutputActivation = \"Sigmoid\", Loss = \"MSE\")]\n", run.Output);
    }

    [Fact]
    public void MalformedOnnx_IsExitCode3WithOneLineNamingTheNode()
    {
        // A Gemm without its weights input: once an ArgumentOutOfRangeException that aborted netgen with a stack trace.
        string onnx = _folder.File("net.onnx");
        ToolRun.Of("convert", _model, onnx);
        var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        var gemm = model.Graph.Node.First(n => n.OpType == "Gemm");
        while (gemm.Input.Count > 1) gemm.Input.RemoveAt(1);
        File.WriteAllBytes(onnx, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var run = ToolRun.Of("inspect", onnx);

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.StartsWith($"netgen: error: {onnx}: node '{gemm.Name}' (Gemm): inputs ('{gemm.Input[0]}'); Gemm in opset 13 takes (A, B, optional C)", run.Error);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("missing folder", "out.json")]
    [InlineData("missing folder", "out.npy")]
    [InlineData("missing folder", "out.onnx")]
    [InlineData("a file as the folder", "out.json")]
    [InlineData("a file as the folder", "out.onnx")]
    public void Convert_ToATargetThatCannotBeWritten_IsExitCode2WithOneLineNamingTheTarget(string where, string name)
    {
        string target = Path.Combine(where == "missing folder" ? _folder.File("missing") : _model, name);

        var run = ToolRun.Of("convert", _model, target);

        Assert.Equal(ExitCodes.FileError, run.ExitCode);
        Assert.StartsWith($"netgen: error: {target}: ", run.Error);
        Assert.DoesNotContain("netgen-tmp", run.Error); // the atomic save's temporary file is not the user's business
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Convert_NpyWithTheWrongCount_IsOneLineNamingBothFiles()
    {
        // The message once pasted the template's whole summary table (10 lines).
        string npy = _folder.File("short.npy");
        NpyFile.Write<float>(npy, new float[] { 1, 2, 3 });

        var run = ToolRun.Of("convert", npy, _folder.File("x.json"), "--like", _model);

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.Equal($"netgen: error: {npy}: holds 3 numbers; {_model} (3 -> 5 -> 2) has 32 parameters\n", run.Error);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e300, "1E+300")]
    public void Convert_NpyWithAValueTheModelCannotHold_IsOneLineNamingTheNpyFile(double value, string shown)
    {
        // ToolNet is a Float model: 1e300 is no float. Once the writer's ArgumentException, without the file's name.
        string npy = _folder.File("bad.npy");
        var parameters = new double[ToolNet.ParameterCount];
        parameters[5] = value;
        NpyFile.Write<double>(npy, parameters);

        var run = ToolRun.Of("convert", npy, _folder.File("x.json"), "--like", _model);

        Assert.Equal(ExitCodes.InvalidModel, run.ExitCode);
        Assert.Equal($"netgen: error: {npy}: value 5 is {shown}; the parameters of a Float model are finite floats\n", run.Error);
        Assert.False(File.Exists(_folder.File("x.json")));
    }

    [Fact]
    public void UnknownExtension_IsAUsageError()
    {
        var run = ToolRun.Of("convert", _model, _folder.File("net.h5"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown target type '.h5'", run.Error);
    }

    [Fact]
    public void UnknownCommand_IsAUsageError()
    {
        var run = ToolRun.Of("train", _model);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'train'", run.Error);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("convert")]
    [InlineData("predict")]
    [InlineData("verify")]
    public void Help_EveryCommand_ShowsItsUsage(string command)
    {
        var run = ToolRun.Of(command, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"Usage:\n  netgen {command} ", run.Output);
    }

    private static void AssertRow(float[] expected, string line)
    {
        var actual = line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++) Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-6, $"output {k}: {expected[k]} vs {actual[k]}");
    }
}
