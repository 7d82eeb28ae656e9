using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>
/// Baked networks run: Trained.Predict and Trained.PredictBatch equal the instance's after loading the same values (bit
/// for bit, in float and double, unrolled and looped layers), Trained.Create() holds them, the data is read-only assembly data,
/// and a baked 784-128-10 stays small and quick to compile.
/// </summary>
public class BakedNetworkTests(ITestOutputHelper output)
{
    /// <summary>A model file with the given values, each written in shortest round-trip form of its precision.</summary>
    internal static string ModelJson(int[] sizes, string[] activations, double[] values, bool asFloat)
    {
        string Number(double v) => asFloat ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);
        var json = new StringBuilder();
        json.Append("{\n  \"format\": \"netgen-mlp\",\n  \"version\": 1,\n");
        json.Append("  \"layers\": [").Append(string.Join(", ", sizes)).Append("],\n");
        json.Append("  \"activations\": [").Append(string.Join(", ", activations.Select(a => "\"" + a + "\""))).Append("],\n");
        json.Append("  \"parameters\": {\n");
        int k = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            json.Append("    \"W").Append(l).Append("\": [");
            for (int j = 0; j < sizes[l]; j++)
            {
                json.Append(j > 0 ? ", [" : "[");
                for (int i = 0; i < sizes[l - 1]; i++) json.Append(i > 0 ? ", " : "").Append(Number(values[k++]));
                json.Append(']');
            }
            json.Append("],\n    \"b").Append(l).Append("\": [");
            for (int j = 0; j < sizes[l]; j++) json.Append(j > 0 ? ", " : "").Append(Number(values[k++]));
            json.Append(l == sizes.Length - 1 ? "]\n" : "],\n");
        }
        json.Append("  }\n}\n");
        return json.ToString();
    }

    internal static double[] RandomValues(int count, int seed, double scale = 1)
    {
        var random = new Random(seed);
        // Values of every magnitude and sign, including tiny and exact ones, to exercise the literal text.
        return Enumerable.Range(0, count).Select(i => i % 17 == 0 ? 0.0 : i % 13 == 0 ? -1e-7 * random.NextDouble() : (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    private static LoadedAssembly Compile(string declaration, string json, out GeneratorResult result)
    {
        var compilation = GeneratorHarness.CreateCompilation("using NetGen;\nnamespace Demo;\n" + declaration);
        result = GeneratorHarness.Run(compilation, new[] { new InMemoryAdditionalText("/project/model.json", json) });
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        return result.Load();
    }

    [Theory]
    [InlineData(false, 256)]
    [InlineData(true, 256)]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    public void Trained_predicts_what_the_instance_predicts_after_loading_the_same_values(bool useDouble, int unrollThreshold)
    {
        int[] sizes = { 3, 5, 4, 2 };
        string[] activations = { "Tanh", "LeakyReLU", "Sigmoid" };
        int count = 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2;
        double[] values = RandomValues(count, seed: 11, scale: 2);
        if (!useDouble) values = values.Select(v => (double)(float)v).ToArray();
        string json = ModelJson(sizes, activations, values, asFloat: !useDouble);
        string declaration = $"[Mlp(3, 5, 4, 2, Activation = \"Tanh,LeakyReLU,Sigmoid\", Precision = Precision.{(useDouble ? "Double" : "Float")}, UnrollThreshold = {unrollThreshold}, Weights = \"model.json\")]\npublic partial class Net {{ }}";

        using var assembly = Compile(declaration, json, out var result);
        // Unrolled layers carry literals; looped layers read slices of the Parameters data.
        // (Trained's Run; the batched members that PredictBatch shares with the instance read slices in either case.)
        string text = result.SingleSource.Text;
        string trainedRun = text.Substring(text.IndexOf("private static void Run(", StringComparison.Ordinal));
        Assert.Equal(unrollThreshold == 0, trainedRun.Contains("w1 = parameters.Slice(0, 15), b1 = parameters.Slice(15, 5);", StringComparison.Ordinal));
        var trained = assembly.GetType("Demo.Net+Trained");
        if (useDouble) Check<double>(assembly, trained, values.ToArray());
        else Check<float>(assembly, trained, values.Select(v => (float)v).ToArray());
    }

    private static void Check<T>(LoadedAssembly assembly, Type trained, T[] values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var instance = assembly.CreateNetwork<T>("Demo.Net", seed: 5);
        instance.LoadParameters(values);
        var created = (INetwork<T>)trained.GetMethod("Create")!.Invoke(null, null)!;
        var copied = new T[values.Length];
        created.CopyParametersTo(copied);
        Assert.Equal(values, copied);

        var predict = trained.GetMethods().Single(m => m.Name == "Predict" && m.GetParameters().Length == 2 && m.GetParameters()[0].ParameterType == typeof(ReadOnlySpan<T>));
        var random = new Random(3);
        for (int n = 0; n < 50; n++)
        {
            T[] x = Enumerable.Range(0, 3).Select(_ => T.CreateChecked(random.NextDouble() * 4 - 2)).ToArray();
            var expected = new T[2];
            instance.Predict(x, expected);
            var actual = new T[2];
            var predictSpan = (PredictSpan<T>)Delegate.CreateDelegate(typeof(PredictSpan<T>), predict);
            predictSpan(x, actual);
            Assert.Equal(expected, actual); // exact: the same sums in the same order
        }

        // PredictBatch equals the instance's PredictBatch after loading the same values: the same batched code (SIMD across
        // samples for this small network when unrolled, the kernels when looped) over the same values. 37 rows: whole
        // vectors of rows and the rest one at a time.
        var batch = trained.GetMethod("PredictBatch")!;
        var predictBatch = (PredictSpan<T>)Delegate.CreateDelegate(typeof(PredictSpan<T>), batch);
        T[] inputs = Enumerable.Range(0, 37 * 3).Select(i => T.CreateChecked(i * 0.03125 - 1.5)).ToArray();
        var outputs = new T[37 * 2];
        predictBatch(inputs, outputs);
        var expectedBatch = new T[37 * 2];
        instance.PredictBatch(inputs, expectedBatch);
        Assert.Equal(expectedBatch, outputs);
    }

    private delegate void PredictSpan<T>(ReadOnlySpan<T> input, Span<T> output);

    [Fact]
    public void The_trained_parameters_are_read_only_data_in_the_assembly_not_a_heap_array()
    {
        int[] sizes = { 20, 16, 3 };
        double[] values = RandomValues(20 * 16 + 16 + 16 * 3 + 3, seed: 2).Select(v => (double)(float)v).ToArray();
        string json = ModelJson(sizes, new[] { "ReLU", "Sigmoid" }, values, asFloat: true);
        using var assembly = Compile("[Mlp(20, 16, 3, Activation = \"ReLU\", OutputActivation = \"Sigmoid\", Weights = \"model.json\")]\npublic partial class Net { }", json, out _);

        var getter = assembly.GetType("Demo.Net+Trained").GetProperty("Parameters")!.GetMethod!;
        byte[] il = getter.GetMethodBody()!.GetILAsByteArray()!;
        // ldtoken <field in the data section>; call RuntimeHelpers.CreateSpan<float>; ret. No newarr (0x8D), no copy.
        Assert.Equal(11, il.Length);
        Assert.Equal(0xD0, il[0]);
        Assert.Equal(0x28, il[5]);
        Assert.Equal(0x2A, il[10]);
        var called = getter.Module.ResolveMethod(BitConverter.ToInt32(il, 6), null, new[] { typeof(float) })!;
        Assert.Equal("CreateSpan", called.Name);
        Assert.Equal(typeof(System.Runtime.CompilerServices.RuntimeHelpers), called.DeclaringType);
    }

    [Fact]
    public void A_baked_784_128_10_generates_well_under_5_MB_and_compiles_in_seconds()
    {
        int[] sizes = { 784, 128, 10 };
        int count = 784 * 128 + 128 + 128 * 10 + 10;
        double[] values = RandomValues(count, seed: 7, scale: 0.1).Select(v => (double)(float)v).ToArray();
        string json = ModelJson(sizes, new[] { "ReLU", "Softmax" }, values, asFloat: true);

        var compilation = GeneratorHarness.CreateCompilation("using NetGen;\nnamespace Demo;\n[Mlp(784, 128, 10, Activation = \"ReLU\", OutputActivation = \"Softmax\", Loss = \"CrossEntropy\", Weights = \"model.json\")]\npublic partial class Digits { }");
        var generate = Stopwatch.StartNew();
        var driver = GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText("/project/model.json", json) })
            .RunGeneratorsAndUpdateCompilation(compilation, out var withSource, out var diagnostics);
        generate.Stop();
        Assert.Empty(diagnostics);
        string source = driver.GetRunResult().GeneratedTrees.Single().GetText().ToString();

        var build = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var stream = new System.IO.MemoryStream();
        var emitted = withSource.Emit(stream);
        build.Stop();
        var buildCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Take(5)));

        output.WriteLine($"model file {json.Length:N0} chars; generated source {source.Length:N0} chars ({source.Split('\n').Length:N0} lines); " +
            $"generator {generate.Elapsed.TotalSeconds:F2} s; compile + emit {build.Elapsed.TotalSeconds:F2} s wall, {buildCpu.TotalSeconds:F2} s CPU; assembly {stream.Length:N0} bytes");
        Assert.True(source.Length < 2_500_000, $"the generated source has {source.Length:N0} characters");
    }
}
