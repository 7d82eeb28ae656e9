using System;
using System.Linq;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Shipping;

[Mlp(784, 128, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class TrainableDigits { }

[Mlp(784, 128, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", InferenceOnly = true)]
public partial class InferenceDigits { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE")]
public partial class TrainableSmall { }

[Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE", InferenceOnly = true)]
public partial class InferenceSmall { }

[Mlp(784, 512, 256, 10, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy", InferenceOnly = true)]
public partial class InferenceHeapNet { }

/// <summary>InferenceOnly = true: parameters only, no training members, the same predictions.</summary>
public class InferenceOnlyTests(ITestOutputHelper output)
{
    private static long AllocatedBy(Func<object> create)
    {
        create(); // JIT and type loading first, so that only the object is counted
        // The least of a few tries: the thread's counter can also take in an allocation-context refill
        // (8 KB more, seen once in a full run): noise that only ever adds.
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            object created = create();
            long after = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(created);
            least = Math.Min(least, after - before);
        }
        return least;
    }

    [Fact]
    public void An_inference_only_784_128_10_allocates_its_weights_once_and_nothing_else()
    {
        long trainable = AllocatedBy(() => new TrainableDigits(seed: 1));
        long inference = AllocatedBy(() => new InferenceDigits(seed: 1));
        long weightBytes = (long)InferenceDigits.ParameterCount * sizeof(float);
        output.WriteLine($"new TrainableDigits(): {trainable:N0} bytes; new InferenceDigits(): {inference:N0} bytes; weights: {weightBytes:N0} bytes");

        // Trainable: parameters + gradient sums + the cached input and activations (+ object header, Random).
        Assert.True(trainable >= 2 * weightBytes + (784 + 128 + 10) * sizeof(float), $"trainable allocated {trainable}");
        // Inference-only: the weights once, plus the seeded Random the constructor uses (a few hundred bytes).
        Assert.InRange(inference, weightBytes, weightBytes + 1024);
    }

    [Fact]
    public void Inference_only_classes_implement_IPredictor_and_have_no_training_members()
    {
        foreach (var type in new[] { typeof(InferenceDigits), typeof(InferenceSmall), typeof(InferenceHeapNet) })
        {
            Assert.False(typeof(INetwork<float>).IsAssignableFrom(type), type.Name);
            Assert.True(typeof(IPredictor<float>).IsAssignableFrom(type), type.Name);
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Select(m => m.Name).ToHashSet();
            foreach (string training in new[] { "Forward", "Backward", "Step", "ZeroGradients", "AccumulatedSamples", "Gradients", "CopyGradientsTo", "TrainBatch", "_gradients", "_activations", "_input", "_accumulatedSamples" })
            {
                Assert.DoesNotContain(training, members);
            }
            Assert.Contains("Predict", members);
            Assert.Contains("PredictBatch", members);
            Assert.Contains("LoadParameters", members);
        }
        Assert.Null(typeof(InferenceSmall).GetNestedType("Deltas", BindingFlags.NonPublic));
        Assert.NotNull(typeof(TrainableSmall).GetNestedType("Deltas", BindingFlags.NonPublic));
    }

    [Fact]
    public void Inference_only_predicts_what_the_trainable_network_predicts_from_the_same_parameters()
    {
        var trainable = new TrainableSmall(seed: 3);
        var inference = new InferenceSmall(seed: 99);
        var parameters = new float[TrainableSmall.ParameterCount];
        trainable.CopyParametersTo(parameters);
        inference.LoadParameters(parameters);
        var random = new Random(5);
        for (int n = 0; n < 20; n++)
        {
            float[] x = { (float)random.NextDouble(), (float)random.NextDouble() - 0.5f, (float)random.NextDouble() * 2 };
            var expected = new float[2];
            var actual = new float[2];
            trainable.Predict(x, expected);
            inference.Predict(x, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(expected[1], inference.Predict(x[0], x[1], x[2])[1]);
        }
        // The same seed gives the same weights in both forms.
        var fromSeed = new float[InferenceSmall.ParameterCount];
        new InferenceSmall(seed: 3).CopyParametersTo(fromSeed);
        Assert.Equal(parameters, fromSeed);
    }

    [Fact]
    public void A_heap_stored_inference_only_network_holds_one_array()
    {
        var net = new InferenceHeapNet(seed: 2);
        var fields = typeof(InferenceHeapNet).GetFields(BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.Single(fields);
        Assert.Equal(typeof(Simd.AlignedArray<float>), fields[0].FieldType);
        var input = new float[784];
        input[10] = 1;
        var y = new float[10];
        net.Predict(input, y);
        Assert.Equal(1.0, y.Sum(v => (double)v), 5);
        Assert.Equal(InferenceHeapNet.ParameterCount, net.Parameters.Length);
    }

    // The address of the first element (the arrays are pinned), as AlignedArrayTests reads it.
    private static long Offset(Span<float> span) =>
        (long)System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.CompilerServices.Unsafe.NullRef<float>(), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span));

    [Fact]
    public void A_network_with_a_layer_on_the_kernels_keeps_its_parameters_and_gradients_on_a_cache_line()
    {
        // The kernels load whole vectors along W's rows: off a 64-byte boundary, every other 256-bit load straddles two
        // cache lines. Each array is allocated anew, so several instances check that the alignment is not luck.
        for (int i = 0; i < 5; i++)
        {
            var trainable = new TrainableDigits(seed: i);
            var inference = new InferenceHeapNet(seed: i);
            var batched = new Generated.MnistShapedNet(seed: i);
            Assert.Equal(0, Offset(trainable.Parameters) % 64);
            Assert.Equal(0, Offset(trainable.Gradients) % 64);
            Assert.Equal(0, Offset(trainable.W1) % 64);
            Assert.Equal(0, Offset(inference.Parameters) % 64);
            Assert.Equal(0, Offset(batched.Parameters) % 64);
            Assert.Equal(0, Offset(batched.Gradients) % 64);
        }
        // A network whose every layer is unrolled keeps them inline, in the object.
        Assert.Contains(typeof(TrainableSmall).GetFields(BindingFlags.NonPublic | BindingFlags.Instance), f => f.Name == "_parameters" && f.FieldType.IsValueType);
    }
}
