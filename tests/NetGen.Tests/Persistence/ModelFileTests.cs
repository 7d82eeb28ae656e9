using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Tests.Data;
using NetGen.Tests.Generated;
using Xunit;

namespace NetGen.Tests.Persistence;

/// <summary>Saving and loading generated networks as model files (format v1): round trips, the file's text, every error.</summary>
public class ModelFileTests
{
    private static float[] ParametersOf(IPredictor<float> network)
    {
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static double[] ParametersOf(IPredictor<double> network)
    {
        var parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Awkward floats: signed zeros, subnormals, extremes, values with 9 significant digits.</summary>
    private static float[] AwkwardFloats(int count, int seed)
    {
        float[] special = { -0f, float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue, 1e-38f, 0.1f, 1f / 3, 16777217f, 1.17549435E-38f };
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => i < special.Length ? special[i] : BitConverter.Int32BitsToSingle(random.Next()) is var f && float.IsFinite(f) ? f : (float)random.NextDouble())
            .ToArray();
    }

    [Fact]
    public void Float_save_then_load_is_bit_identical_in_parameters_and_predictions()
    {
        using var folder = new TempDirectory();
        var net = new TorchNet();
        float[] parameters = AwkwardFloats(TorchNet.ParameterCount, 1);
        net.LoadParameters(parameters);
        string path = folder.File("torch.json");
        net.Save(path);

        TorchNet loaded = TorchNet.Load(path);
        Assert.Equal(Bits(parameters), Bits(ParametersOf(loaded)));
        // Predictions of a well-scaled network (the awkward one overflows): same parameters, same bits out.
        var sane = new TorchNet(seed: 3);
        sane.Save(path);
        var again = TorchNet.Load(path);
        var input = new[] { 0.3f, -1.2f, 2.5f };
        float[] expected = new float[2], actual = new float[2];
        sane.Predict(input, expected);
        again.Predict(input, actual);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void A_null_metadata_value_is_an_argument_error_before_anything_is_written()
    {
        using var folder = new TempDirectory();
        var net = new XorNet(seed: 1);
        string path = folder.File("xor.json");
        net.Save(path);
        byte[] before = File.ReadAllBytes(path);
        var metadata = new Dictionary<string, string> { ["dataset"] = "xor", ["note"] = null! };

        var error = Assert.Throws<ArgumentException>(() => net.Save(path, metadata));
        Assert.Equal("metadata", error.ParamName);
        Assert.StartsWith("The metadata value of \"note\" is null", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));

        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => net.Save(stream, metadata));
        Assert.Equal(0, stream.Length); // nothing half-written
        Assert.Throws<ArgumentException>(() => ModelFile.Write(stream, XorNet.Description, new double[XorNet.ParameterCount], metadata));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Double_save_then_load_is_bit_identical()
    {
        using var folder = new TempDirectory();
        var random = new Random(5);
        double[] parameters = Enumerable.Range(0, TorchDoubleNet.ParameterCount)
            .Select(i => i switch { 0 => -0.0, 1 => double.Epsilon, 2 => double.MaxValue, 3 => 0.1, 4 => 1e-310, _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)) })
            .ToArray();
        var net = new TorchDoubleNet();
        net.LoadParameters(parameters);
        string path = folder.File("double.json");
        net.Save(path);
        var loaded = new TorchDoubleNet(seed: 9);
        loaded.LoadFrom(path);
        Assert.Equal(Bits(parameters), Bits(ParametersOf(loaded)));
    }

    [Fact]
    public void A_784_512_256_10_network_round_trips_bit_identically_in_float_and_double()
    {
        using var folder = new TempDirectory();
        var input = Enumerable.Range(0, 784).Select(i => (float)Math.Sin(i)).ToArray();

        var net = new HeapStoredNet(seed: 11);
        net.Save(folder.File("big-float.json"), new Dictionary<string, string> { ["dataset"] = "none" });
        var loaded = HeapStoredNet.Load(folder.File("big-float.json"));
        Assert.Equal(Bits(ParametersOf(net)), Bits(ParametersOf(loaded)));
        float[] expected = new float[10], actual = new float[10];
        net.Predict(input, expected);
        loaded.Predict(input, actual);
        Assert.Equal(Bits(expected), Bits(actual));

        var doubleNet = new HeapStoredDoubleNet(seed: 12);
        doubleNet.Save(folder.File("big-double.json"));
        var doubleLoaded = HeapStoredDoubleNet.Load(folder.File("big-double.json"));
        Assert.Equal(Bits(ParametersOf(doubleNet)), Bits(ParametersOf(doubleLoaded)));
        double[] expectedDouble = new double[10], actualDouble = new double[10];
        doubleNet.Predict(input.Select(v => (double)v).ToArray(), expectedDouble);
        doubleLoaded.Predict(input.Select(v => (double)v).ToArray(), actualDouble);
        Assert.Equal(Bits(expectedDouble), Bits(actualDouble));
    }

    [Fact]
    public void The_file_is_format_v1_as_the_README_writes_it()
    {
        var net = new XorNet();
        net.LoadParameters(new[] { 0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.35f, 0.4f, 0.45f, 0.6f });
        using var stream = new MemoryStream();
        net.Save(stream, new Dictionary<string, string> { ["dataset"] = "xor", ["note"] = "quote \" backslash \\ newline \n tab \t é \u0001" });
        string expected =
            "{\n" +
            "  \"format\": \"netgen-mlp\",\n" +
            "  \"version\": 1,\n" +
            "  \"layers\": [2, 2, 1],\n" +
            "  \"activations\": [\"Sigmoid\", \"Sigmoid\"],\n" +
            "  \"loss\": \"BCE\",\n" +
            "  \"precision\": \"Float\",\n" +
            "  \"parameters\": {\n" +
            "    \"W1\": [\n" +
            "      [0.15, 0.2],\n" +
            "      [0.25, 0.3]\n" +
            "    ],\n" +
            "    \"b1\": [0.35, 0.35],\n" +
            "    \"W2\": [\n" +
            "      [0.4, 0.45]\n" +
            "    ],\n" +
            "    \"b2\": [0.6]\n" +
            "  },\n" +
            "  \"metadata\": {\n" +
            "    \"dataset\": \"xor\",\n" +
            "    \"note\": \"quote \\\" backslash \\\\ newline \\n tab \\t é \\u0001\"\n" +
            "  }\n" +
            "}\n";
        byte[] bytes = stream.ToArray();
        Assert.Equal(expected, new UTF8Encoding(false, true).GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark

        stream.Position = 0;
        ModelFileInfo info = new XorNet().LoadFrom(stream, "memory");
        Assert.Equal("quote \" backslash \\ newline \n tab \t é \u0001", info.Metadata["note"]);
        Assert.Equal(LossFunction.BCE, info.Loss);
        Assert.Equal(Precision.Float, info.Precision);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Numbers_are_written_the_same_in_any_culture()
    {
        var net = new XorNet();
        net.LoadParameters(new[] { 1.5f, -2.25f, 1e-7f, 3e20f, 0f, -0f, 0.1f, 123456.7f, -1e-40f });
        string Save()
        {
            using var stream = new MemoryStream();
            net.Save(stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
        var original = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            string invariant = Save();
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(invariant, Save());
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            Assert.Equal(invariant, Save());
            Assert.Contains("[1.5, -2.25]", invariant);
            Assert.Contains("[1E-07, 3E+20]", invariant);
            Assert.Contains("\"b1\": [0, -0]", invariant);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void The_issue_example_file_loads_and_predicts_the_worked_example()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("xor.json", ModelFileReaderTests.Xor);
        XorNet net = XorNet.Load(path);
        Assert.Equal(new[] { 0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.35f, 0.4f, 0.45f, 0.6f }, ParametersOf(net));
        // Mazur's worked example (seed 001): inputs 0.05, 0.10 give out_o1 = 0.75136507.
        var output = new float[1];
        net.Predict(new[] { 0.05f, 0.10f }, output);
        Assert.Equal(0.75136507, output[0], 6);
    }

    [Fact]
    public void A_file_written_by_PyTorch_from_nested_lists_loads_with_PyTorchs_exact_weights_and_outputs()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("torch.json", TorchFixture.Json);
        TorchNet net = TorchNet.Load(path);
        // The same parameters, saved by the same script as a float32 .npy (torch.cat of the flattened parameters).
        float[] fromNpy = NpyFile.Read<float>(new MemoryStream(Convert.FromBase64String(TorchFixture.ParametersNpy)), "torch.npy");
        Assert.Equal(Bits(fromNpy), Bits(ParametersOf(net)));
        var output = new float[2];
        for (int i = 0; i < TorchFixture.Inputs.Length; i++)
        {
            net.Predict(TorchFixture.Inputs[i], output);
            Assert.Equal(TorchFixture.Outputs[i][0], output[0], 6);
            Assert.Equal(TorchFixture.Outputs[i][1], output[1], 6);
        }
    }

    [Fact]
    public void Float_files_load_into_double_networks_and_back_silently()
    {
        using var folder = new TempDirectory();
        var warnings = new List<string>();
        var floatNet = new TorchNet(seed: 4);
        floatNet.Save(folder.File("float.json"));
        var doubleNet = TorchDoubleNet.Load(folder.File("float.json"), warnings.Add);
        // Each float's shortest text parsed as a double: the double nearest that decimal, not the float widened.
        double[] expected = ParametersOf(floatNet).Select(f => double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Bits(expected), Bits(ParametersOf(doubleNet)));

        doubleNet.Save(folder.File("double.json"));
        var back = TorchNet.Load(folder.File("double.json"), warnings.Add);
        Assert.Equal(Bits(ParametersOf(floatNet)), Bits(ParametersOf(back)));
        Assert.Empty(warnings);
        Assert.Contains("\"precision\": \"Double\"", File.ReadAllText(folder.File("double.json")));
    }

    [Fact]
    public void A_differing_loss_loads_and_is_reported_to_the_callback_and_in_the_info()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("xor.json", ModelFileReaderTests.Xor);
        var warnings = new List<string>();
        var net = new XorMseNet();
        ModelFileInfo info = net.LoadFrom(path, warnings.Add);
        string warning = Assert.Single(warnings);
        Assert.Equal($"{path}, line 6, column 11: $.loss: loss: file has BCE, XorMseNet has MSE; the parameters were loaded anyway (the loss only matters for training)", warning);
        Assert.Equal(warnings, info.Warnings);
        Assert.Equal(0.15f, ParametersOf(net)[0]);
        XorMseNet created = XorMseNet.Load(path, warnings.Add);
        Assert.Equal(2, warnings.Count);
        Assert.Equal(0.6f, ParametersOf(created)[8]);
    }

    // ---- errors: each names the file, the location and the problem ----

    private static ModelFileException LoadFails<TNet>(string text, Func<string, TNet> load, out string path)
    {
        var folder = new TempDirectory();
        path = folder.Write("model.json", text);
        try
        {
            string file = path;
            return Assert.Throws<ModelFileException>(() => load(file));
        }
        finally
        {
            folder.Dispose();
        }
    }

    [Theory]
    [InlineData("{", "$", 1, 2, "unexpected end of file; expected a member name in quotes (is the file truncated?)")]
    [InlineData("[1, 2]", "$", 1, 1, "expected a JSON object starting with \"format\": \"netgen-mlp\", found an array")]
    [InlineData("{\"format\": \"onnx\", \"version\": 1}", "$.format", 1, 12, "format is \"onnx\", expected \"netgen-mlp\"")]
    [InlineData("{\"format\": \"netgen-mlp\", \"version\": 2}", "$.version", 1, 37, "version 2 is newer than this NetGen supports (1); update NetGen to read this file")]
    public void Bad_files_are_ModelFileExceptions_naming_file_line_column_path_and_problem(string text, string jsonPath, int line, int column, string problem)
    {
        ModelFileException error = LoadFails(text, XorNet.Load, out string path);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"{path}, line {line}, column {column}: {jsonPath}: ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.IsAssignableFrom<IOException>(error);
    }

    [Fact]
    public void A_truncated_save_names_the_line_and_column_where_it_ends()
    {
        var net = new XorNet();
        using var stream = new MemoryStream();
        net.Save(stream);
        string text = Encoding.UTF8.GetString(stream.ToArray());
        string cut = text[..text.IndexOf("\"b1\"", StringComparison.Ordinal)];
        ModelFileException error = LoadFails(cut, XorNet.Load, out _);
        Assert.Equal((13, 5), (error.Line, error.Column));
        Assert.Contains("unexpected end of file", error.Message);
    }

    [Fact]
    public void An_activation_that_differs_names_the_layer_both_values_and_the_class()
    {
        ModelFileException error = LoadFails(ModelFileReaderTests.Xor, TanhXorNet.Load, out string path);
        Assert.Equal($"{path}, line 5, column 19: $.activations[0]: layer 1 activation: file has Sigmoid, TanhXorNet has Tanh", error.Message);
    }

    [Fact]
    public void Layer_sizes_that_differ_name_both_values_and_the_class()
    {
        ModelFileException error = LoadFails(ModelFileReaderTests.Xor, TorchNet.Load, out _);
        Assert.EndsWith("line 4, column 14: $.layers[0]: input size: file has 2, TorchNet has 3 (file [2, 2, 1], TorchNet [3, 4, 2])", error.Message);
        var wider = new NetworkDescription(new[] { 2, 3, 1 }, new[] { ActivationFunction.Sigmoid, ActivationFunction.Sigmoid }, LossFunction.BCE, Precision.Float);
        using var stream = new MemoryStream();
        ModelFile.Write(stream, wider, new double[wider.ParameterCount]);
        Assert.Contains("line 4, column 17: $.layers[1]: layer 1 size: file has 3, XorNet has 2 (file [2, 3, 1], XorNet [2, 2, 1])",
            LoadFails(Encoding.UTF8.GetString(stream.ToArray()), XorNet.Load, out _).Message);
    }

    [Theory]
    [InlineData("[[0.15, 0.2], [0.25, 0.3]]", "[[0.15, 0.2], [0.25]]", "$.parameters.W1[1]: row 1 of W1 must have 2 numbers (layer 1 has 2 inputs), found 1 value")]
    [InlineData("\"b2\": [0.6]", "\"b2\": [0.6], \"W3\": [[0]]", "$.parameters.W3: unexpected parameter \"W3\"")]
    [InlineData("\"W2\": [[0.4, 0.45]],", "", "$.parameters: missing W2")]
    [InlineData("[0.6]", "[\"0.6\"]", "$.parameters.b2[0]: expected a number, found \"0.6\"")]
    [InlineData("[0.6]", "[NaN]", "$.parameters.b2[0]: NaN is not allowed; parameters must be finite numbers")]
    [InlineData("[0.6]", "[-Infinity]", "$.parameters.b2[0]: -Infinity is not allowed")]
    [InlineData("[0.6]", "[1e400]", "$.parameters.b2[0]: 1e400 overflows double")]
    [InlineData("[0.6]", "[3.5e38]", "$.parameters.b2[0]: 3.5e38 overflows float (the largest float is 3.4028235E+38); XorNet has Float precision")]
    public void Parameter_problems_name_the_parameter(string oldText, string newText, string message)
    {
        ModelFileException error = LoadFails(ModelFileReaderTests.Xor.Replace(oldText, newText), XorNet.Load, out string path);
        Assert.StartsWith(path + ", line ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_value_too_large_for_float_loads_into_a_double_network()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("big.json", ModelFileReaderTests.Xor.Replace("[0.6]", "[3.5e38]"));
        Assert.Equal(3.5e38, ParametersOf(XorDoubleNet.Load(path))[8]);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_named_with_their_position()
    {
        using var folder = new TempDirectory();
        byte[] bytes = Encoding.UTF8.GetBytes("{\n  \"format\": \"net\u00e9\"}");
        Assert.Equal(0xC3, bytes[18]); // é is C3 A9, after the 18 bytes of {\n  "format": "net
        bytes[18] = 0xFF;
        string path = folder.Write("bad.json", bytes);
        var error = Assert.Throws<ModelFileException>(() => XorNet.Load(path));
        Assert.Equal($"{path}, line 2, column 17: not UTF-8 text (invalid byte 0xFF at byte offset 18); a model file is UTF-8 JSON.", error.Message);
    }

    [Theory]
    [InlineData(10_000_000)]
    [InlineData(1_073_741_823)] // 2 x this many parameters: the largest count the layer check lets through
    public void Huge_layer_sizes_in_a_tiny_file_fail_on_the_missing_values_without_allocating_for_them(int units)
    {
        // Found by a hostile-input probe: this 100-byte file made the reader allocate arrays for every declared parameter
        // (534 MB for 10 million units; OutOfMemoryException for a billion) before it found that none is there.
        string text = "{\"format\":\"netgen-mlp\",\"version\":1,\"layers\":[1," + units + "],\"activations\":[\"Sigmoid\"],\"parameters\":{}}";
        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = Assert.Throws<ModelFileException>(() => ModelFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "huge.json"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("missing W1", read.Message);
        Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated to read a {text.Length}-byte file");
        ModelFileException load = LoadFails(text, XorNet.Load, out _);
        Assert.Contains("missing W1", load.Message);
    }

    [Fact]
    public void A_failed_load_leaves_the_network_unchanged_and_a_missing_file_is_FileNotFound()
    {
        using var folder = new TempDirectory();
        var net = new XorNet(seed: 7);
        float[] before = ParametersOf(net);
        string path = folder.Write("bad.json", ModelFileReaderTests.Xor.Replace("[0.6]", "[NaN]"));
        Assert.Throws<ModelFileException>(() => net.LoadFrom(path));
        Assert.Equal(before, ParametersOf(net));
        Assert.Throws<FileNotFoundException>(() => XorNet.Load(folder.File("absent.json")));
    }

    [Fact]
    public void A_diverged_network_is_not_saved_and_the_old_file_stays()
    {
        using var folder = new TempDirectory();
        var net = new XorNet(seed: 1);
        string path = folder.File("xor.json");
        net.Save(path);
        byte[] old = File.ReadAllBytes(path);
        net.Parameters[3] = float.NaN;
        var error = Assert.Throws<InvalidOperationException>(() => net.Save(path));
        Assert.Contains("parameter W1[1][1] is NaN", error.Message);
        Assert.Equal(old, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));

        // SaveNpy refuses it the same way (it used to write a file that LoadNpy then refused).
        string npy = folder.File("xor.npy");
        net.Parameters[3] = 0.5f;
        ModelFile.SaveNpy(net, npy);
        byte[] oldNpy = File.ReadAllBytes(npy);
        net.Parameters[3] = float.PositiveInfinity;
        error = Assert.Throws<InvalidOperationException>(() => ModelFile.SaveNpy(net, npy));
        Assert.Contains("parameter W1[1][1] is ∞", error.Message.Replace("Infinity", "∞"));
        Assert.Equal(oldNpy, File.ReadAllBytes(npy));
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public void A_folder_where_a_file_should_be_is_an_IOException_that_says_so()
    {
        // The runtime's own error was UnauthorizedAccessException, "Access to the path is denied", even for root.
        using var folder = new TempDirectory();
        string path = folder.Path;
        var net = new XorNet(seed: 1);
        foreach (Action read in new Action[] { () => XorNet.Load(path), () => net.LoadFrom(path), () => ModelFile.Read(path), () => ModelFile.LoadNpy(net, path), () => NpyFile.Read<float>(path) })
        {
            var error = Assert.Throws<IOException>(read);
            Assert.Equal($"Cannot read '{path}': it is a folder, not a file.", error.Message);
        }
        Assert.Contains("it is a folder", Assert.Throws<IOException>(() => net.Save(path)).Message);
    }

    // ---- description-level API (tools without a generated class) ----

    [Fact]
    public void Read_gives_the_description_parameters_and_metadata_without_a_network()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("xor.json", ModelFileReaderTests.Xor);
        SavedModel model = ModelFile.Read(path);
        Assert.Equal(path, model.Source);
        Assert.Equal(1, model.Version);
        Assert.True(model.Description.HasSameArchitecture(XorNet.Description));
        Assert.Equal(LossFunction.BCE, model.Description.Loss);
        Assert.Equal(Precision.Float, model.Description.Precision);
        Assert.Equal(new[] { 0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.6 }, model.Parameters);
        Assert.Equal(new[] { 0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.35f, 0.4f, 0.45f, 0.6f }, model.GetParameters<float>());
        Assert.Equal("the user adds: dataset, accuracy, date", model.Metadata["anything"]);

        SavedModel bare = ModelFile.Read(folder.Write("bare.json", ModelFileReaderTests.Xor.Replace("\"loss\": \"BCE\",", "").Replace("\"precision\": \"Float\",", "")));
        Assert.Null(bare.Loss);
        Assert.Null(bare.Precision);
        Assert.Equal(LossFunction.MSE, bare.Description.Loss);
        Assert.Equal(Precision.Double, bare.Description.Precision);
    }

    [Theory]
    [InlineData("[\"Sigmoid\", \"Softmax\"]", null, LossFunction.CrossEntropy)]                 // no loss after a Softmax: was MSE (NG0008)
    [InlineData("[\"Sigmoid\", \"Softmax\"]", "\"MSE\"", LossFunction.CrossEntropy)]          // NG0008
    [InlineData("[\"Sigmoid\", \"Sigmoid\"]", "\"CrossEntropy\"", LossFunction.MSE)]         // NG0007
    [InlineData("[\"Sigmoid\", \"Tanh\"]", "\"BCE\"", LossFunction.MSE)]                     // NG0009
    [InlineData("[\"Sigmoid\", \"Linear\"]", "\"SSE\"", LossFunction.SSE)]                   // fits: kept
    public void Read_describes_the_network_with_a_loss_its_output_layer_can_train_with(string activations, string? loss, LossFunction expected)
    {
        string text = ModelFileReaderTests.Xor.Replace("[\"Sigmoid\", \"Sigmoid\"]", activations)
            .Replace("\"loss\": \"BCE\",", loss is null ? "" : "\"loss\": " + loss + ",");
        SavedModel model = ModelFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "x.json");
        Assert.Equal(expected, model.Description.Loss);
        // Loss is what the file names, as it names it.
        Assert.Equal(loss is null ? null : Enum.Parse<LossFunction>(loss.Trim('"')), model.Loss);
        Assert.EndsWith($", Loss = \"{expected}\")]", model.Description.ToAttribute());
    }

    /// <summary>A double predictor that describes itself as Float (as an InterpretedNetwork&lt;double&gt; of a Float file does).</summary>
    private sealed class FloatDescribedDoubles(double[] parameters) : IPredictor<double>
    {
        public int InputSize => 2;
        public int OutputSize => 1;
        public int ParameterCount => parameters.Length;
        public ReadOnlySpan<int> LayerSizes => new[] { 2, 2, 1 };
        public NetworkDescription Description => XorNet.Description;
        public void Predict(ReadOnlySpan<double> input, Span<double> output) => throw new NotSupportedException();
        public void PredictBatch(ReadOnlySpan<double> inputs, Span<double> outputs) => throw new NotSupportedException();
        public void CopyParametersTo(Span<double> destination) => parameters.CopyTo(destination);
        public void LoadParameters(ReadOnlySpan<double> source) => throw new NotSupportedException();
        public double Loss(ReadOnlySpan<double> output, ReadOnlySpan<double> target) => throw new NotSupportedException();
    }

    [Fact]
    public void A_value_beyond_float_in_a_Float_described_network_is_not_saved_and_the_old_file_stays()
    {
        // It was written as "Infinity": the save succeeded and left a file that no load accepts.
        using var folder = new TempDirectory();
        string path = folder.File("x.json");
        var good = new FloatDescribedDoubles(new[] { 0.5, 1, 2, 3, 4, 5, 6, 7, 8 });
        ModelFile.Save(good, path);
        string before = File.ReadAllText(path);

        var error = Assert.Throws<InvalidOperationException>(() => ModelFile.Save(new FloatDescribedDoubles(new[] { 0.5, 1, 2, 3, 4, 5, 6, 1e39, 8 }), path));

        Assert.Equal("Cannot save: parameter W2[0][1] is 1E+39, beyond the description's Float precision (the largest float is 3.4028235E+38).", error.Message);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Throws<InvalidOperationException>(() => ModelFile.Save(new FloatDescribedDoubles(new[] { 0.5, 1, 2, 3, 4, 5, 6, -1e39, 8 }), new MemoryStream()));
        Assert.Equal(new[] { 0.5f, 1, 2, 3, 4, 5, 6, 7, 8 }, ParametersOf(XorNet.Load(path)));
    }

    [Fact]
    public void Write_from_a_description_writes_floats_in_floats_shortest_form()
    {
        using var folder = new TempDirectory();
        var description = new NetworkDescription(new[] { 2, 2, 1 }, new[] { ActivationFunction.Sigmoid, ActivationFunction.Sigmoid }, LossFunction.BCE, Precision.Float);
        double[] parameters = { 0.1, 0.2, 1.0 / 3, -0.0, 1e-45, 2, 3, 4, 0.30000001192092896 };
        string path = folder.File("written.json");
        ModelFile.Write(path, description, parameters, new Dictionary<string, string> { ["by"] = "test" });
        string text = File.ReadAllText(path);
        Assert.Contains("[0.33333334, -0]", text);
        Assert.Contains("\"b1\": [1E-45, 2]", text);
        Assert.Contains("\"b2\": [0.3]", text);
        float[] loaded = ParametersOf(XorNet.Load(path));
        Assert.Equal(Bits(parameters.Select(p => (float)p).ToArray()), Bits(loaded));

        var doubles = new NetworkDescription(new[] { 2, 2, 1 }, new[] { ActivationFunction.Sigmoid, ActivationFunction.Sigmoid }, LossFunction.BCE, Precision.Double);
        using var stream = new MemoryStream();
        ModelFile.Write(stream, doubles, parameters);
        stream.Position = 0;
        Assert.Equal(Bits(parameters), Bits(ModelFile.Read(stream, "memory").Parameters));

        Assert.Contains("Expected 9 parameters for [2, 2, 1], got 2", Assert.Throws<ArgumentException>(() => ModelFile.Write(path, description, new double[2])).Message);
        Assert.Contains("Parameter b2[0] is NaN", Assert.Throws<ArgumentException>(() => ModelFile.Write(path, description, new double[8].Append(double.NaN).ToArray())).Message);
        Assert.Contains("Parameter W1[0][0] is 1E+39, too large for the description's Float precision",
            Assert.Throws<ArgumentException>(() => ModelFile.Write(path, description, new double[] { 1e39, 0, 0, 0, 0, 0, 0, 0, 0 })).Message);
        Assert.Equal(text, File.ReadAllText(path)); // the failed writes left the file alone
    }

    [Fact]
    public void Read_rejects_a_Float_file_with_a_value_beyond_float()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("x.json", ModelFileReaderTests.Xor.Replace("[0.6]", "[1e39]"));
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Read(path));
        Assert.Equal($"{path}, line 10, column 45: $.parameters.b2[0]: 1e39 overflows float (the largest float is 3.4028235E+38); the file has Float precision", error.Message);
    }
}
