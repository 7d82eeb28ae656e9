using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace NetGen.Tests.Shipping;

[Mlp(3, 5, 4, 2, Activation = "Tanh,ReLU,Sigmoid", Precision = Precision.Double, Weights = "mixed-double.json")]
public partial class BakedMixedDouble { }

[Mlp(3, 5, 4, 2, Activation = "Tanh,ReLU,Sigmoid", Weights = "Shipping/Models/mixed-float.json")]
public partial class BakedMixedFloat { }

[Mlp(3, 5, 4, 2, Activation = "Tanh,ReLU,Sigmoid", Precision = Precision.Double, UnrollThreshold = 0, Weights = "mixed-double.json")]
public partial class BakedMixedDoubleLoops { }

[Mlp(40, 24, 3, Activation = "LeakyReLU", OutputActivation = "Linear", Precision = Precision.Double, Weights = "wide-double.json")]
public partial class BakedWideDouble { }

[Mlp(40, 24, 3, Activation = "LeakyReLU", OutputActivation = "Linear", Precision = Precision.Double, InferenceOnly = true, Weights = "wide-double.json")]
public partial class BakedWideInference { }

/// <summary>
/// Networks whose weights were compiled in at build time (from the project's AdditionalFiles) predict exactly what the
/// same network predicts after Load of the same file, allocate nothing and need no file at run time.
/// </summary>
public class BakedWeightsTests
{
    private static string ModelPath(string name) => Path.Combine(AppContext.BaseDirectory, "Shipping", "Models", name);

    private static double[] Input(Random random, int size) => Enumerable.Range(0, size).Select(_ => random.NextDouble() * 6 - 3).ToArray();

    [Fact]
    public void Baked_double_predictions_equal_Load_of_the_same_file_to_the_last_bit()
    {
        var loaded = BakedMixedDouble.Load(ModelPath("mixed-double.json"));
        var loadedLoops = BakedMixedDoubleLoops.Load(ModelPath("mixed-double.json"));
        var loadedWide = BakedWideDouble.Load(ModelPath("wide-double.json"));
        var random = new Random(1);
        for (int n = 0; n < 200; n++)
        {
            double[] x = Input(random, 3);
            var expected = new double[2];
            loaded.Predict(x, expected);
            var actual = new double[2];
            BakedMixedDouble.Trained.Predict(x, actual);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[0]), BitConverter.DoubleToInt64Bits(actual[0]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[1]), BitConverter.DoubleToInt64Bits(actual[1]));
            var scalar = BakedMixedDouble.Trained.Predict(x[0], x[1], x[2]);
            Assert.Equal(expected, new[] { scalar[0], scalar[1] });
            // The looped form sums with the vector kernel (another order), so it is compared with its own loaded twin.
            var typed = BakedMixedDoubleLoops.Trained.Predict(new BakedMixedDoubleLoops.Input(x));
            loadedLoops.Predict(x, expected);
            Assert.Equal(expected, new[] { typed[0], typed[1] });

            double[] wide = Input(random, 40);
            var wideExpected = new double[3];
            loadedWide.Predict(wide, wideExpected);
            var wideActual = new double[3];
            BakedWideDouble.Trained.Predict(wide, wideActual);
            Assert.Equal(wideExpected, wideActual);
            BakedWideInference.Trained.Predict(wide, wideActual);
            Assert.Equal(wideExpected, wideActual);
        }
    }

    [Fact]
    public void Baked_float_predictions_equal_Load_of_a_file_whose_numbers_are_not_floats()
    {
        // The file has 9 significant digits: each number rounds to float exactly as Load's float.Parse rounds it.
        var loaded = BakedMixedFloat.Load(ModelPath("mixed-float.json"));
        var parameters = new float[BakedMixedFloat.ParameterCount];
        loaded.CopyParametersTo(parameters);
        Assert.Equal(parameters, BakedMixedFloat.Trained.Parameters.ToArray());
        var random = new Random(2);
        for (int n = 0; n < 200; n++)
        {
            float[] x = Input(random, 3).Select(v => (float)v).ToArray();
            var expected = loaded.Predict(new BakedMixedFloat.Input(x));
            var actual = BakedMixedFloat.Trained.Predict(new BakedMixedFloat.Input(x));
            Assert.Equal(new[] { expected[0], expected[1] }, new[] { actual[0], actual[1] });
        }
    }

    [Fact]
    public void Create_gives_a_trainable_instance_holding_the_baked_parameters()
    {
        var created = BakedWideDouble.Trained.Create();
        INetwork<double> trainable = created;
        var fromFile = BakedWideDouble.Load(ModelPath("wide-double.json"));
        Assert.Equal(fromFile.Parameters.ToArray(), trainable.Parameters.ToArray());
        Assert.Equal(BakedWideDouble.Trained.Parameters.ToArray(), trainable.Parameters.ToArray());

        // Fine-tuning changes the instance, never the baked network.
        double[] before = BakedWideDouble.Trained.Parameters.ToArray();
        var data = new Dataset<double>(new double[2, 40], new double[2, 3] { { 1, 2, 3 }, { -1, 0, 1 } });
        Trainer.Fit(created, data, new TrainingOptions { Epochs = 3, LearningRate = 0.01, BatchSize = 2 });
        Assert.NotEqual(before, trainable.Parameters.ToArray());
        Assert.Equal(before, BakedWideDouble.Trained.Parameters.ToArray());

        IPredictor<double> inference = BakedWideInference.Trained.Create();
        Assert.IsNotAssignableFrom<INetwork<double>>(inference);
    }

    [Fact]
    public void Trained_predict_with_literal_weights_allocates_nothing()
    {
        // Every layer unrolled: Predict's weights are literals, nothing is read. PredictBatch (and a looped layer) reads
        // the Parameters data, which the C# compiler turns into a span over the assembly's data only in optimized code: a
        // Debug build copies the array on each read (72 bytes here). So PredictBatch is counted where this test project
        // is built optimized (-c Release); CI builds it in Debug, and check-aot.sh counts the shipping sample's
        // PredictBatch in its Release and NativeAOT builds.
        bool optimized = IsOptimized(typeof(BakedMixedFloat).Assembly);
        var x = new float[3];
        var y = new float[2];
        var rows = new float[3 * 4];
        var outputs = new float[2 * 4];
        var rounds = new long[6];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int n = 0; n < 1000; n++)
            {
                BakedMixedFloat.Trained.Predict(x, y);
                if (optimized) BakedMixedFloat.Trained.PredictBatch(rows, outputs);
                BakedMixedFloat.Trained.Predict(1f, 2f, 3f);
                BakedMixedFloat.Trained.Predict(new BakedMixedFloat.Input(x));
            }
            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (rounds[round] == 0) return;
            System.Threading.Thread.Sleep(200); // tiered compilation may allocate once while it replaces the first code
        }
        Assert.Fail("every round of 1,000 calls allocated: " + string.Join(", ", rounds));
    }

    /// <summary>Whether the C# compiler optimized <paramref name="assembly"/> (a Release build).</summary>
    private static bool IsOptimized(System.Reflection.Assembly assembly) =>
        assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false) is not [System.Diagnostics.DebuggableAttribute { IsJITOptimizerDisabled: true }];

    [Fact]
    public void Trained_predict_is_thread_safe()
    {
        var inputs = Enumerable.Range(0, 64).Select(i => Input(new Random(i), 40)).ToArray();
        var expected = inputs.Select(x => { var y = new double[3]; BakedWideDouble.Trained.Predict(x, y); return y; }).ToArray();
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var y = new double[3];
            BakedWideDouble.Trained.Predict(inputs[n % 64], y);
            Assert.Equal(expected[n % 64], y);
        });
    }

    [Fact]
    public void The_baked_class_checks_span_lengths_as_the_instance_does()
    {
        var error = Assert.Throws<ArgumentException>(() => BakedWideDouble.Trained.Predict(new double[39], new double[3]));
        Assert.Contains("input", error.Message);
        Assert.Throws<ArgumentException>(() => BakedWideDouble.Trained.PredictBatch(new double[80], new double[3]));
    }
}
