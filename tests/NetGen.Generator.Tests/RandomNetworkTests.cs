using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using NetGen.Tests.Reference;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>
/// Random declarations, end to end: each network the generator emits for them is compiled, loaded and run, and checked
/// against the independent double-precision <see cref="ReferenceMlp"/> (tests/NetGen.Tests/Reference): Predict,
/// PredictBatch, the per-sample Forward/Backward, TrainBatch (loss and gradient sums), Step, and TrainBatch's bits for
/// 1, 2 and 3 threads. The shapes mix sizes on both sides of every vector width, every activation and loss, both
/// precisions, and unrolled, looped and lane-path networks, so that a wrong index or a dropped remainder in any code
/// shape shows up for some network and batch size. CI runs this class under every SIMD configuration.
/// </summary>
public class RandomNetworkTests(ITestOutputHelper output)
{
    private const int Seed = 20261207;
    private const int NetworkCount = 40;

    /// <summary>Sizes around the vector widths (4, 8 and 16 floats; 2, 4 and 8 doubles) and the unrolling limits.</summary>
    private static readonly int[] SizePool = { 1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 23, 24, 31, 32, 33, 40, 64, 65, 100 };

    private static readonly string[] Hidden = { "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Linear" };

    /// <summary>The batch sizes each network is trained and run on: one row, a vector block and its neighbours, many blocks.</summary>
    private static readonly int[] BatchSizes = { 1, 3, 8, 9, 16, 17, 37, 70 };

    internal sealed record Shape(string Name, int[] Sizes, string[] Activations, string Loss, bool IsDouble, int? UnrollThreshold)
    {
        public string Declaration
        {
            get
            {
                var text = new StringBuilder("[Mlp(").Append(string.Join(", ", Sizes));
                text.Append(", Activation = \"").Append(string.Join(",", Activations)).Append('"');
                text.Append(", Loss = \"").Append(Loss).Append('"');
                if (IsDouble) text.Append(", Precision = Precision.Double");
                if (UnrollThreshold is int threshold) text.Append(", UnrollThreshold = ").Append(threshold);
                return text.Append(")] public partial class ").Append(Name).Append(" { }").ToString();
            }
        }

        /// <summary>The declaration with its weights compiled in from <c>{Name}.json</c>, inference only or not.</summary>
        public string BakedDeclaration(bool inferenceOnly) =>
            Declaration.Replace(")] public partial class", $", Weights = \"{Name}.json\"{(inferenceOnly ? ", InferenceOnly = true" : "")})] public partial class", StringComparison.Ordinal);

        public int ParameterCount => ReferenceMlp.CountParameters(Sizes);
    }

    /// <summary>Seeded random shapes that the generator accepts (no NG diagnostic): the rules of docs/diagnostics.md.</summary>
    internal static List<Shape> Shapes(int seed, int count)
    {
        var random = new Random(seed);
        var shapes = new List<Shape>();
        while (shapes.Count < count)
        {
            // Every third network small (the lane path takes unrolled networks of up to 400 parameters).
            bool small = shapes.Count % 3 == 0;
            int layers = random.Next(1, 4);
            var sizes = new int[layers + 1];
            for (int i = 0; i < sizes.Length; i++) sizes[i] = SizePool[random.Next(small ? 12 : SizePool.Length)];
            string loss = new[] { "MSE", "SSE", "BCE", "CrossEntropy" }[random.Next(4)];
            if (loss == "CrossEntropy" && sizes[^1] < 2) sizes[^1] = 2 + random.Next(9);
            if (ReferenceMlp.CountParameters(sizes) > 12_000) continue; // keeps the reference and the test quick
            var activations = new string[layers];
            for (int l = 0; l < layers - 1; l++) activations[l] = Hidden[random.Next(Hidden.Length)];
            activations[^1] = loss switch
            {
                "CrossEntropy" => "Softmax",
                "BCE" => "Sigmoid",
                _ => Hidden[random.Next(Hidden.Length)],
            };
            if (small && ReferenceMlp.CountParameters(sizes) > 400) continue;
            int? unroll = small ? null : random.Next(3) switch { 0 => 0, 1 => null, _ => 1 + random.Next(400) };
            shapes.Add(new Shape("Net" + shapes.Count, sizes, activations, loss, random.Next(2) == 0, unroll));
        }
        return shapes;
    }

    [Fact]
    public void Random_networks_agree_with_the_reference_on_every_path()
    {
        var shapes = Shapes(Seed, NetworkCount);
        string source = "using NetGen;\nnamespace Demo;\n" + string.Join("\n", shapes.Select(s => s.Declaration));
        var compilation = GeneratorHarness.CreateCompilation(source)
            .WithOptions(GeneratorHarness.CompilationOptions.WithOptimizationLevel(OptimizationLevel.Release));
        var result = GeneratorHarness.Run(compilation).AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        using var assembly = result.Load();
        output.WriteLine($"SIMD: kernels {Kernels.BatchKernelWidthBits} bits, lanes {Lanes.Bits} bits; {shapes.Count} networks, batches of {string.Join(", ", BatchSizes)} rows");

        // The seed's mix covers both batched code shapes: SIMD across samples (small unrolled networks) and the kernels.
        var lanePath = shapes.Where(s => assembly.GetType("Demo." + s.Name).GetMethod("TrainLanes1", BindingFlags.NonPublic | BindingFlags.Instance) is not null).ToHashSet();
        Assert.InRange(lanePath.Count, 12, shapes.Count - 12);

        var random = new Random(Seed + 1);
        foreach (var shape in shapes)
        {
            output.WriteLine((lanePath.Contains(shape) ? "lanes:   " : "kernels: ") + shape.Declaration);
            try
            {
                if (shape.IsDouble) Check<double>(assembly, shape, random);
                else Check<float>(assembly, shape, random);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"{shape.Declaration}\n{e.Message}");
            }
        }
    }

    /// <summary>
    /// The shipping round trip on the same shapes: each network, after a training step, is saved; <c>ModelFile.Load</c>
    /// into a new instance gives its parameters and predictions to the bit; and the same declarations with the saved files
    /// as <c>Weights</c> (every other one <c>InferenceOnly</c>) compile without a diagnostic or warning, and their
    /// <c>Trained</c> class holds the same parameters and predicts, row by row and in batches, the same bits as the loaded
    /// instance (README: baked predictions equal those after <c>Load</c> of the same file, to the last bit).
    /// </summary>
    [Fact]
    public void Random_networks_save_load_and_bake_to_the_bit()
    {
        var shapes = Shapes(Seed, NetworkCount);
        string source = "using NetGen;\nnamespace Demo;\n" + string.Join("\n", shapes.Select(s => s.Declaration));
        var options = GeneratorHarness.CompilationOptions.WithOptimizationLevel(OptimizationLevel.Release);
        var result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source).WithOptions(options)).AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        using var assembly = result.Load();

        var random = new Random(Seed + 2);
        var files = new List<AdditionalText>();
        var saved = new Dictionary<string, object>();
        foreach (var shape in shapes)
        {
            (string json, object parameters) = shape.IsDouble ? SaveTrained<double>(assembly, shape, random) : SaveTrained<float>(assembly, shape, random);
            files.Add(new InMemoryAdditionalText($"/project/{shape.Name}.json", json));
            saved[shape.Name] = parameters;
        }

        string baked = "using NetGen;\nnamespace Demo;\n" + string.Join("\n", shapes.Select((s, i) => s.BakedDeclaration(inferenceOnly: i % 2 == 1)));
        var bakedResult = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(baked).WithOptions(options), files).AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        using var bakedAssembly = bakedResult.Load();
        foreach (var shape in shapes)
        {
            try
            {
                if (shape.IsDouble) CheckBaked(bakedAssembly, assembly, shape, (double[])saved[shape.Name], random);
                else CheckBaked(bakedAssembly, assembly, shape, (float[])saved[shape.Name], random);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"{shape.Declaration}\n{e.Message}");
            }
        }
    }

    /// <summary>
    /// Trains a new network one step, saves it, loads the file into another instance and checks both agree to the bit;
    /// returns the file's text and the parameters.
    /// </summary>
    private static (string Json, object Parameters) SaveTrained<T>(LoadedAssembly assembly, Shape shape, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = assembly.CreateNetwork<T>("Demo." + shape.Name, seed: 11);
        var initial = network.Parameters.ToArray().Select(double.CreateChecked).ToArray();
        var (x, t) = Rows(new ReferenceMlp(shape.Sizes, shape.Activations, shape.Loss, initial), 24, random);
        network.TrainBatch(x.SelectMany(r => r).Select(T.CreateChecked).ToArray(), t.SelectMany(r => r).Select(T.CreateChecked).ToArray());
        network.Step(T.CreateChecked(0.1));
        var parameters = network.Parameters.ToArray();

        using var file = new System.IO.MemoryStream();
        ModelFile.Save(network, file);
        string json = Encoding.UTF8.GetString(file.ToArray());
        var loaded = assembly.CreateNetwork<T>("Demo." + shape.Name, seed: 12);
        file.Position = 0;
        ModelFile.Load(loaded, file, shape.Name + ".json");
        Assert.True(parameters.AsSpan().SequenceEqual(loaded.Parameters), "the loaded parameters differ from the saved ones");

        var inputs = RandomRows<T>(37, shape.Sizes[0], random);
        var expected = new T[37 * shape.Sizes[^1]];
        var actual = new T[expected.Length];
        network.PredictBatch(inputs, expected);
        loaded.PredictBatch(inputs, actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "the loaded network's PredictBatch differs");
        return (json, parameters);
    }

    private static void CheckBaked<T>(LoadedAssembly baked, LoadedAssembly plain, Shape shape, T[] parameters, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var type = baked.GetType("Demo." + shape.Name + "+Trained");
        Assert.True(parameters.AsSpan().SequenceEqual(((ReadOnlySpanGetter<T>)Delegate.CreateDelegate(typeof(ReadOnlySpanGetter<T>), type.GetProperty("Parameters")!.GetMethod!))()), "Trained.Parameters differ from the file's");
        var created = (IPredictor<T>)type.GetMethod("Create")!.Invoke(null, null)!;
        var copied = new T[parameters.Length];
        created.CopyParametersTo(copied);
        Assert.True(parameters.AsSpan().SequenceEqual(copied), "Trained.Create() holds other parameters");

        // The reference for the bits: a network of the plain assembly after LoadParameters of the same values.
        var loaded = plain.CreateNetwork<T>("Demo." + shape.Name);
        loaded.LoadParameters(parameters);
        int inputs = shape.Sizes[0], outputs = shape.Sizes[^1], rows = 37;
        var x = RandomRows<T>(rows, inputs, random);
        var predict = (PredictSpan<T>)Delegate.CreateDelegate(typeof(PredictSpan<T>), type.GetMethods().Single(m => m.Name == "Predict" && m.GetParameters().Length == 2 && m.GetParameters()[0].ParameterType == typeof(ReadOnlySpan<T>)));
        var predictBatch = (PredictSpan<T>)Delegate.CreateDelegate(typeof(PredictSpan<T>), type.GetMethod("PredictBatch")!);
        var expected = new T[outputs];
        var actual = new T[outputs];
        for (int r = 0; r < rows; r++)
        {
            loaded.Predict(x.AsSpan(r * inputs, inputs), expected);
            predict(x.AsSpan(r * inputs, inputs), actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"Trained.Predict differs from Predict after loading, row {r}");
        }
        var expectedBatch = new T[rows * outputs];
        var actualBatch = new T[rows * outputs];
        loaded.PredictBatch(x, expectedBatch);
        predictBatch(x, actualBatch);
        Assert.True(expectedBatch.AsSpan().SequenceEqual(actualBatch), "Trained.PredictBatch differs from PredictBatch after loading");
    }

    private delegate void PredictSpan<T>(ReadOnlySpan<T> input, Span<T> output);

    private delegate ReadOnlySpan<T> ReadOnlySpanGetter<T>();

    private static T[] RandomRows<T>(int rows, int size, Random random) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, rows * size).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();

    private static void Check<T>(LoadedAssembly assembly, Shape shape, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = assembly.CreateNetwork<T>("Demo." + shape.Name, seed: 7);
        int inputs = shape.Sizes[0], outputs = shape.Sizes[^1];
        var parameters = new T[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var reference = new ReferenceMlp(shape.Sizes, shape.Activations, shape.Loss, parameters.Select(double.CreateChecked).ToArray());

        foreach (int rows in BatchSizes)
        {
            var (x, t) = Rows(reference, rows, random);
            var xs = x.SelectMany(r => r).Select(T.CreateChecked).ToArray();
            var ts = t.SelectMany(r => r).Select(T.CreateChecked).ToArray();
            double tolerance = Tolerance<T>(shape, rows);
            string where = $"{rows} rows";

            // Inference: Predict row by row, then PredictBatch over all rows.
            var expected = x.Select(reference.Forward).ToArray();
            var y = new T[outputs];
            var batch = new T[rows * outputs];
            network.PredictBatch(xs, batch);
            for (int r = 0; r < rows; r++)
            {
                network.Predict(xs.AsSpan(r * inputs, inputs), y);
                Close(expected[r], y, tolerance, $"Predict, row {r} of {where}");
                Close(expected[r], batch.AsSpan(r * outputs, outputs), tolerance, $"PredictBatch, row {r} of {where}");
            }

            // The gradient sums and the loss sum of the rows, from the reference.
            var gradientSum = reference.BatchGradient(x, t).Select(g => g * rows).ToArray();
            double lossSum = Enumerable.Range(0, rows).Sum(r => reference.Loss(x[r], t[r]));

            // The per-sample path: Forward and Backward per row.
            network.ZeroGradients();
            double perSampleLoss = 0;
            for (int r = 0; r < rows; r++)
            {
                network.Forward(xs.AsSpan(r * inputs, inputs), y);
                perSampleLoss += double.CreateChecked(network.Backward(ts.AsSpan(r * outputs, outputs)));
            }
            Close(lossSum, perSampleLoss, tolerance * rows, $"the per-sample loss of {where}");
            Close(gradientSum, Gradients(network), tolerance, $"the per-sample gradients of {where}");

            // The batched path, then one SGD step on its gradients (Step averages over the rows).
            network.ZeroGradients();
            double loss = network.TrainBatch(xs, ts);
            Close(lossSum, loss, tolerance * rows, $"TrainBatch's loss over {where}");
            Close(gradientSum, Gradients(network), tolerance, $"TrainBatch's gradients over {where}");
            Assert.Equal(rows, network.AccumulatedSamples);
            var mean = new T[network.ParameterCount];
            network.CopyGradientsTo(mean);
            Close(gradientSum.Select(g => g / rows).ToArray(), mean, tolerance, $"CopyGradientsTo (the mean) after {where}");
            const double learningRate = 0.05;
            network.Step(T.CreateChecked(learningRate));
            var stepped = new T[network.ParameterCount];
            network.CopyParametersTo(stepped);
            var expectedStep = reference.Parameters.Select((p, i) => p - learningRate * gradientSum[i] / rows).ToArray();
            Close(expectedStep, stepped, tolerance, $"Step after {where}");
            Assert.Equal(0, network.AccumulatedSamples);
            network.LoadParameters(parameters);
        }

        ThreadCountChangesNothing(network, shape, random);
    }

    /// <summary>
    /// TrainBatch on 1, 2 and 3 threads gives the same loss and gradients, bit for bit, on a batch large enough for the
    /// work to be split (lane-path networks split from 2^20 multiply-adds per batch, kernel layers from 2^18).
    /// </summary>
    private static void ThreadCountChangesNothing<T>(INetwork<T> network, Shape shape, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = shape.Sizes[0], outputs = shape.Sizes[^1];
        int rows = Math.Min((1 << 20) / shape.ParameterCount + 77, (1 << 22) / (inputs + outputs));
        var xs = new T[rows * inputs];
        var ts = new T[rows * outputs];
        for (int i = 0; i < xs.Length; i++) xs[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        for (int i = 0; i < ts.Length; i++) ts[i] = T.CreateChecked(random.NextDouble());
        var parallel = (IParallelTrainable)network;
        string? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            parallel.DegreeOfParallelism = threads;
            network.ZeroGradients();
            double loss = network.TrainBatch(xs, ts);
            string bits = BitConverter.DoubleToInt64Bits(loss).ToString("X") + ":" + string.Join(",", Gradients(network).Select(g => BitConverter.DoubleToInt64Bits(g).ToString("X")));
            first ??= bits;
            Assert.True(first == bits, $"{threads} threads changed TrainBatch's loss or gradients over {rows} rows");
        }
        network.ZeroGradients();
    }

    /// <summary>
    /// Random rows: inputs in [-1, 1], targets valid for the loss (one-hot for CrossEntropy, in [0, 1] otherwise). A row on
    /// which a ReLU or LeakyReLU unit's sum is within 1e-3 of its kink is drawn again: there float and double may take
    /// different sides, and the derivative jumps.
    /// </summary>
    private static (double[][] X, double[][] T) Rows(ReferenceMlp reference, int rows, Random random)
    {
        var sizes = reference.LayerSizes;
        var x = new double[rows][];
        var t = new double[rows][];
        for (int r = 0; r < rows; r++)
        {
            do
            {
                x[r] = Enumerable.Range(0, sizes[0]).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            }
            while (NearKink(reference, x[r]));
            int n = sizes[^1];
            t[r] = reference.LossName == "crossentropy"
                ? Enumerable.Range(0, n).Select(k => k == r % n ? 1.0 : 0.0).ToArray()
                : Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        }
        return (x, t);
    }

    private static bool NearKink(ReferenceMlp reference, double[] input)
    {
        var (z, _) = reference.Run(input, reference.Parameters);
        for (int l = 1; l <= reference.LayerCount; l++)
        {
            if (reference.Activations[l - 1] is "relu" or "leakyrelu" && z[l].Any(v => Math.Abs(v) < 1e-3)) return true;
        }
        return false;
    }

    /// <summary>
    /// The bound on |network - reference| relative to max(1, |reference|). Each sum of n products, in any order, is within
    /// n u sum|terms| of the exact sum (Higham, 4.2; u = 2^-24 or 2^-53), and the terms here are of order 1 (inputs in
    /// [-1, 1], the networks' own initial weights). Along a forward and backward pass the errors of every layer's sums add
    /// up (the fan-ins), a batch's gradient and loss sums add one rounding per row, and exp, tanh and their vector
    /// versions are within 8 ulp. A factor of 16 on top leaves room for the derivatives' amplification (at most 1 per
    /// unit, times the weights) without hiding a real bug: a wrong index or a lost row changes values by 1e-2 or more.
    /// Measured: the largest difference over this seed's networks is 2% of the bound, in each of CI's five SIMD
    /// configurations; moving one lane of the lane path's gradient totals or one column of a dW block fails the test.
    /// </summary>
    private static double Tolerance<T>(Shape shape, int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double unit = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        int fanIns = shape.Sizes.Take(shape.Sizes.Length - 1).Sum() + shape.Sizes[^1];
        return 16 * unit * (2 * fanIns + rows + 8);
    }

    /// <summary>The accumulated gradient sums (<see cref="INetwork{T}.Gradients"/>).</summary>
    private static double[] Gradients<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradients = new double[network.ParameterCount];
        for (int i = 0; i < gradients.Length; i++) gradients[i] = double.CreateChecked(network.Gradients[i]);
        return gradients;
    }

    private static void Close<T>(double[] expected, ReadOnlySpan<T> actual, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], double.CreateChecked(actual[i]), tolerance, $"{what}, element {i}");
    }

    private static void Close(double[] expected, double[] actual, double tolerance, string what) => Close<double>(expected, actual, tolerance, what);

    private static void Close(double expected, double actual, double tolerance, string what)
    {
        double allowed = tolerance * Math.Max(1.0, Math.Abs(expected));
        if (!(Math.Abs(expected - actual) <= allowed))
        {
            throw new Xunit.Sdk.XunitException($"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2}, allowed {allowed:E2})");
        }
    }
}
