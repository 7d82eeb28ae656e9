using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using NetGen.Simd;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// The layer kernels split across threads (<see cref="KernelSplit{T}"/>) against the same kernels on one thread, bit for
/// bit, at every SIMD width: the split must change no element's arithmetic, whatever the thread count and wherever the
/// parts' boundaries fall (whole blocks, remainder blocks, scalar tails). The unsplit kernels are themselves checked
/// against reference loops in <see cref="GemmKernelTests"/>.
/// </summary>
public class KernelSplitTests
{
    private static readonly int[] Widths = { 512, 256, 128, 1 };

    // rows, inputs, outputs, all above the split threshold: outputs that are and are not multiples of the blocks (8 forward,
    // 4 for the weight gradients), rows with and without a remainder of 4, k with and without a vector tail.
    private static readonly (int Rows, int Inputs, int Outputs)[] Shapes =
    {
        (64, 784, 128), (70, 301, 37), (33, 129, 133), (130, 50, 45), (5, 1000, 90), (97, 64, 24),
        (300, 70, 150), // a large call: at 512 bits the forward product's outer-product form, split by 4-vector panels
    };

    private static readonly int[] ThreadCounts = { 2, 3, 5 };

    public static IEnumerable<object[]> Cases() =>
        from width in Widths
        from activation in Enum.GetValues<ActivationFunction>()
        select new object[] { width, activation };

    public static IEnumerable<object[]> WidthCases() => Widths.Select(w => new object[] { w });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_split_gives_the_bits_of_one_thread(int bits, ActivationFunction activation)
    {
        // 10 outputs: too few to split by outputs, so by rows (600 rows: at 512 bits in the outer form, in 256-row parts).
        foreach (var (rows, k, n) in Shapes.Append((90, 300, 10)).Append((600, 40, 10)))
        {
            CheckForward<float>((SimdWidth)bits, activation, rows, k, n);
            CheckForward<double>((SimdWidth)bits, activation, rows, k, n);
        }
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void Weight_gradients_split_give_the_bits_of_one_thread(int bits)
    {
        foreach (var (rows, k, n) in Shapes)
        {
            CheckWeightGradients<float>((SimdWidth)bits, rows, k, n);
            CheckWeightGradients<double>((SimdWidth)bits, rows, k, n);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Input_deltas_split_give_the_bits_of_one_thread(int bits, ActivationFunction activation)
    {
        if (activation == ActivationFunction.Softmax) return; // no element-wise derivative
        foreach (var (rows, k, n) in Shapes)
        {
            CheckInputDeltas<float>((SimdWidth)bits, activation, rows, k, n);
            CheckInputDeltas<double>((SimdWidth)bits, activation, rows, k, n);
        }
    }

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void The_SGD_step_adds_the_scaled_gradients_and_clears_them(int bits)
    {
        var width = (SimdWidth)bits;
        foreach (int length in new[] { 1, 17, 1000, 101_770, 1 << 16 })
        {
            var random = new Random(length);
            float[] parameters = Random(random, length), gradients = Random(random, length);
            // The reference: multiply then add per element (round(p + round(s * g))), written here in double with
            // the product rounded to float first, as float arithmetic does.
            const float scale = -0.0371f;
            var expected = new float[length];
            for (int i = 0; i < length; i++) expected[i] = parameters[i] + (float)((double)scale * gradients[i]);
            foreach (int threads in new[] { 1, 2, 3 })
            {
                float[] p = parameters.ToArray(), g = gradients.ToArray();
                if (threads == 1) Kernels.AddScaledAndClear(width, ref p[0], scale, ref g[0], 0, length);
                else KernelSplit<float>.ForThisThread().AddScaledAndClear(width, p, scale, g, threads);
                Assert.Equal(expected, p);
                Assert.All(g, value => Assert.Equal(0f, value));
            }
        }
    }

    [Fact]
    public void The_public_overloads_check_the_thread_count_and_the_lengths()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Kernels.DenseForward<float>(new float[6], new float[6], new float[2], new float[4], 2, 3, 2, ActivationFunction.ReLU, threads: 0));
        Assert.Equal("threads", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.AddScaledAndClear<float>(new float[4], 1f, new float[4], threads: 0));
        var lengths = Assert.Throws<ArgumentException>(() => Kernels.AddScaledAndClear<float>(new float[4], 1f, new float[5], threads: 2));
        Assert.Equal("gradients", lengths.ParamName);
        // A large shape with a short span is refused before any thread starts.
        var shape = Assert.Throws<ArgumentException>(() =>
            Kernels.DenseWeightGradients<float>(new float[64 * 128], new float[64 * 784], new float[128 * 784 - 1], new float[128], 64, 784, 128, threads: 2));
        Assert.Equal("weightGradients", shape.ParamName);
    }

    [Fact]
    public void The_public_overloads_give_the_bits_of_the_single_threaded_kernels()
    {
        const int rows = 40, k = 200, n = 50;
        var random = new Random(3);
        float[] x = Random(random, rows * k), w = Random(random, n * k), b = Random(random, n);
        float[] one = new float[rows * n], two = new float[rows * n];
        Kernels.DenseForward<float>(x, w, b, one, rows, k, n, ActivationFunction.Tanh);
        Kernels.DenseForward<float>(x, w, b, two, rows, k, n, ActivationFunction.Tanh, threads: 2);
        Assert.Equal(one, two);
    }

    private static void CheckForward<T>(SimdWidth width, ActivationFunction activation, int rows, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 7 + k * 3 + n);
        T[] x = Random<T>(random, rows * k), w = Random<T>(random, n * k), b = Random<T>(random, n);
        var expected = new T[rows * n];
        Kernels.DenseForward<T>(width, x, w, b, expected, rows, k, n, activation);
        foreach (int threads in ThreadCounts)
        {
            var actual = new T[rows * n];
            KernelSplit<T>.ForThisThread().Forward(width, x, w, b, actual, rows, k, n, activation, threads);
            AssertSameBits(expected, actual, $"forward {activation} {rows}x{k}->{n} at {width}, {threads} threads");
        }
    }

    private static void CheckWeightGradients<T>(SimdWidth width, int rows, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 5 + k * 11 + n);
        T[] d = Random<T>(random, rows * n), x = Random<T>(random, rows * k);
        T[] startW = Random<T>(random, n * k), startB = Random<T>(random, n); // the kernels add to what is there
        T[] expectedW = startW.ToArray(), expectedB = startB.ToArray();
        Kernels.DenseWeightGradients<T>(width, d, x, expectedW, expectedB, rows, k, n);
        foreach (int threads in ThreadCounts)
        {
            T[] gw = startW.ToArray(), gb = startB.ToArray();
            KernelSplit<T>.ForThisThread().WeightGradients(width, d, x, gw, gb, rows, k, n, threads);
            AssertSameBits(expectedW, gw, $"dW {rows}x{k}->{n} at {width}, {threads} threads");
            AssertSameBits(expectedB, gb, $"db {rows}x{k}->{n} at {width}, {threads} threads");
        }
    }

    private static void CheckInputDeltas<T>(SimdWidth width, ActivationFunction activation, int rows, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 13 + k + n * 17);
        T[] d = Random<T>(random, rows * n), w = Random<T>(random, n * k), a = Random<T>(random, rows * k);
        var expected = new T[rows * k];
        Kernels.DenseInputDeltas<T>(width, d, w, a, expected, rows, k, n, activation);
        foreach (int threads in ThreadCounts)
        {
            var actual = new T[rows * k];
            KernelSplit<T>.ForThisThread().InputDeltas(width, d, w, a, actual, rows, k, n, activation, threads);
            AssertSameBits(expected, actual, $"dX {activation} {rows}x{k}->{n} at {width}, {threads} threads");
        }
    }

    private static void AssertSameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var expectedBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan());
        var actualBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan());
        for (int i = 0; i < expected.Length; i++)
        {
            // The bytes, not ==: -0 and +0 differ, and so may two NaNs.
            if (!expectedBytes.Slice(i * size, size).SequenceEqual(actualBytes.Slice(i * size, size)))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]}, one thread gave {expected[i]}");
            }
        }
    }

    private static float[] Random(Random random, int length) => Random<float>(random, length);

    private static T[] Random<T>(Random random, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++) values[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        return values;
    }
}
