using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// <see cref="Optimizer.LoadState"/> on hostile bytes (found by an outside probe): every malformed state is an
/// <see cref="InvalidDataException"/> naming what is wrong, costs no more memory than the stream can back, and leaves the
/// optimizer as it was. The states are patched by field at offsets derived from the documented layout
/// (<see cref="BinaryWriter"/>: a 7-bit length-prefixed "NGOPT", int32 version, the kind as a string, float64
/// learning rate, int64 steps, int32 element size, int32 parameter count, int32 buffer count, then the values).
/// </summary>
public class OptimizerStateTests
{
    /// <summary>An allocation bound far above any state here (51 parameters) and far below the hostile lengths.</summary>
    private const long AllocationLimit = 64L << 20;

    public static TheoryData<string> Kinds => new() { "sgd-momentum", "adam", "adamw", "rmsprop", "sgd" };

    private static Optimizer Create(string kind) => kind switch
    {
        "sgd" => new Sgd(learningRate: 0.3),
        "sgd-momentum" => new Sgd(learningRate: 0.3, momentum: 0.9),
        "adam" => new Adam(learningRate: 0.05),
        "adamw" => new AdamW(learningRate: 0.05, weightDecay: 0.5),
        "rmsprop" => new RmsProp(learningRate: 0.01, alpha: 0.9, momentum: 0.9, centered: true),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>An optimizer of <paramref name="kind"/> after <paramref name="steps"/> steps on its network.</summary>
    private static (Optimizer Optimizer, OptimizerTestNet Network) Trained(string kind, int steps, int seed)
    {
        var network = new OptimizerTestNet(seed: seed);
        var optimizer = Create(kind);
        for (int s = 0; s < steps; s++) TrainAndStep(optimizer, network, seed + s);
        return (optimizer, network);
    }

    private static void TrainAndStep(Optimizer optimizer, OptimizerTestNet network, int seed)
    {
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var targets = new double[9];
        for (int s = 0; s < 3; s++) targets[s * 3 + random.Next(3)] = 1;
        network.TrainBatch(inputs, targets);
        optimizer.Step(network);
    }

    private static byte[] Saved(Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        optimizer.SaveState(stream);
        return stream.ToArray();
    }

    private static byte[] ValidState(string kind) => Saved(Trained(kind, steps: 2, seed: 4).Optimizer);

    /// <summary>The offsets of the fields after the kind, from the layout (6 bytes of "NGOPT", 4 of version).</summary>
    private static (int LearningRate, int Steps, int ElementSize, int Length, int Count, int Data) Offsets(Optimizer optimizer)
    {
        int learningRate = 6 + 4 + 1 + Encoding.UTF8.GetByteCount(optimizer.GetType().Name);
        return (learningRate, learningRate + 8, learningRate + 16, learningRate + 20, learningRate + 24, learningRate + 28);
    }

    private static byte[] WithInt32(byte[] state, int offset, int value)
    {
        var patched = (byte[])state.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(patched.AsSpan(offset), value);
        return patched;
    }

    private static byte[] WithDouble(byte[] state, int offset, double value)
    {
        var patched = (byte[])state.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(patched.AsSpan(offset), value);
        return patched;
    }

    /// <summary>
    /// Loads <paramref name="bytes"/> into <paramref name="target"/> and returns the exception (null on success), after
    /// asserting that it is an <see cref="InvalidDataException"/>, that a failure left the state as it was, and that the
    /// load allocated less than <see cref="AllocationLimit"/>.
    /// </summary>
    private static InvalidDataException? Load(Optimizer target, byte[] bytes, bool seekable, string what)
    {
        byte[] before = Saved(target);
        Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = Record.Exception(() => target.LoadState(stream));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(allocated < AllocationLimit, $"{what}: LoadState allocated {allocated:N0} bytes");
        if (error is null) return null;
        Assert.True(error is InvalidDataException, $"{what}: {error.GetType().Name}: {error.Message}");
        Assert.True(before.AsSpan().SequenceEqual(Saved(target)), $"{what}: the failed load changed the state ({error.Message})");
        return (InvalidDataException)error;
    }

    private static InvalidDataException Fails(Optimizer target, byte[] bytes, bool seekable = true, string what = "") =>
        Load(target, bytes, seekable, what) ?? throw new Xunit.Sdk.XunitException($"{what}: the state was accepted");

    [Theory]
    [InlineData(200_000_000, true)]
    [InlineData(200_000_000, false)]
    [InlineData(int.MaxValue, true)]
    [InlineData(int.MaxValue, false)]
    public void A_parameter_count_the_stream_cannot_hold_fails_without_allocating_it(int length, bool seekable)
    {
        // The 43 bytes of an Adam state's header, the parameter count patched, and no values.
        var adam = new Adam();
        var offsets = Offsets(adam);
        byte[] header = WithInt32(ValidState("adam")[..offsets.Data], offsets.Length, length);
        Assert.Equal(43, header.Length);

        var error = Fails(adam, header, seekable, $"length {length}");
        Assert.Contains(seekable ? $"2 buffers of {length} values of 8 bytes" : "ends early, in buffer 1 of 2", error.Message);
        Assert.Equal(0, adam.StepCount);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(-1.0, "-1")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void A_learning_rate_out_of_range_fails_naming_the_field(double learningRate, string shown)
    {
        var adam = new Adam();
        byte[] state = WithDouble(ValidState("adam"), Offsets(adam).LearningRate, learningRate);

        var error = Fails(adam, state);
        Assert.Equal($"The learning rate in the Adam state is {shown}; it must be finite and at least 0.", error.Message);
        Assert.Equal(0.001, adam.LearningRate);
    }

    [Theory]
    [InlineData("sgd-momentum", 1, double.NaN)]
    [InlineData("adam", 1, double.PositiveInfinity)]
    [InlineData("adam", 2, double.NaN)]
    [InlineData("adamw", 2, double.NegativeInfinity)]
    [InlineData("rmsprop", 3, double.NaN)]
    public void A_value_that_is_not_finite_fails_naming_the_buffer_and_value(string kind, int buffer, double value)
    {
        // Accepted, the next step would have written NaN into the parameters.
        var optimizer = Create(kind);
        byte[] valid = ValidState(kind);
        var offsets = Offsets(optimizer);
        int length = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(offsets.Length));
        int count = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(offsets.Count));
        int last = length - 1;
        byte[] state = WithDouble(valid, offsets.Data + ((buffer - 1) * length + last) * 8, value);

        var error = Fails(optimizer, state);
        Assert.Equal(
            $"Value {last} of buffer {buffer} of {count} in the {optimizer.GetType().Name} state is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be finite{(IsSquares(kind, buffer) ? " and at least 0 (a mean of squares)" : "")}.",
            error.Message);
    }

    /// <summary>Adam's v (buffer 2) and RMSprop's mean square (buffer 1) are means of squared gradients.</summary>
    private static bool IsSquares(string kind, int buffer) => kind is "adam" or "adamw" ? buffer == 2 : kind == "rmsprop" && buffer == 1;

    [Theory]
    [InlineData("sgd-momentum", 1)]
    [InlineData("adam", 1)]
    [InlineData("adam", 2)]
    [InlineData("rmsprop", 1)]
    [InlineData("rmsprop", 2)]
    [InlineData("rmsprop", 3)]
    public void A_negative_value_fails_only_in_a_buffer_of_squares(string kind, int buffer)
    {
        // A negative mean square would reach a square root; momentum buffers and Adam's m are signed.
        var optimizer = Create(kind);
        byte[] valid = ValidState(kind);
        var offsets = Offsets(optimizer);
        int length = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(offsets.Length));
        byte[] state = WithDouble(valid, offsets.Data + (buffer - 1) * length * 8, -0.25);

        InvalidDataException? error = Load(optimizer, state, seekable: true, $"{kind} buffer {buffer}");
        if (IsSquares(kind, buffer))
        {
            Assert.NotNull(error);
            Assert.Contains($"Value 0 of buffer {buffer} of ", error.Message);
            Assert.EndsWith("is -0.25; it must be finite and at least 0 (a mean of squares).", error.Message);
        }
        else
        {
            Assert.Null(error);
            Assert.True(state.AsSpan().SequenceEqual(Saved(optimizer)), $"{kind}: the state did not load as written");
        }
    }

    [Fact]
    public void A_malformed_string_length_fails_as_invalid_data()
    {
        // A 7-bit encoded length running past 5 bytes (BinaryReader.ReadString threw FormatException), and 2^31 - 1.
        var error = Fails(new Adam(), new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 });
        Assert.Equal("The stream does not hold a NetGen optimizer state.", error.Message);
        Fails(new Adam(), new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07, (byte)'N' });

        // The same in the kind, after a valid format name and version.
        byte[] valid = ValidState("adam");
        byte[] badKind = valid[..10].Concat(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }).Concat(valid[15..]).ToArray();
        error = Fails(new Adam(), badKind);
        Assert.Equal("The optimizer kind in the state is not a name of at most 1024 bytes (expected Adam).", error.Message);
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, "The step count in the Adam state is -1; it must be at least 0.")]
    [InlineData(2, 3, 51, 2, "The element size in the Adam state is 3; it must be 4 (float), 8 (double) or 0 (no state yet).")]
    [InlineData(2, 8, -1, 2, "The parameter count in the Adam state is -1; it must be at least 0, and 0 when the element size is 0.")]
    [InlineData(0, 0, 51, 0, "The parameter count in the Adam state is 51; it must be at least 0, and 0 when the element size is 0.")]
    [InlineData(2, 8, 51, 1000, "The buffer count in the Adam state is 1000; expected 2 (this optimizer keeps 2).")]
    [InlineData(0, 0, 0, 2, "The buffer count in the Adam state is 2; expected 0 (none before the first step).")]
    public void An_inconsistent_header_fails_naming_the_field(long steps, int elementSize, int length, int count, string message)
    {
        var adam = new Adam();
        var offsets = Offsets(adam);
        byte[] state = ValidState("adam");
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(offsets.Steps), steps);
        state = WithInt32(WithInt32(WithInt32(state, offsets.ElementSize, elementSize), offsets.Length, length), offsets.Count, count);

        Assert.Equal(message, Fails(adam, state).Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_state_cut_short_at_any_offset_fails_and_changes_nothing(string kind)
    {
        byte[] valid = ValidState(kind);
        foreach (bool seekable in new[] { true, false })
        {
            // The target holds a state of its own (another seed), which every failed load must leave as it was.
            var target = Trained(kind, steps: 3, seed: 11).Optimizer;
            for (int end = 0; end < valid.Length; end++) Fails(target, valid[..end], seekable, $"{kind} cut at {end} of {valid.Length}");
            Assert.Null(Load(target, valid, seekable, $"{kind} whole"));
            Assert.Equal(valid, Saved(target));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Random_byte_mutations_fail_as_invalid_data_with_bounded_allocation(string kind)
    {
        byte[] valid = ValidState(kind);
        var target = Trained(kind, steps: 3, seed: 11).Optimizer;
        var random = new Random(kind.Length * 1000 + 17);
        int header = Offsets(target).Data;
        int failed = 0;
        for (int i = 0; i < 800; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            // One to three bytes, mostly in the header, where a byte changes the meaning of what follows.
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                int at = random.Next(2) == 0 ? random.Next(header) : random.Next(mutated.Length);
                mutated[at] = (byte)random.Next(256);
            }
            if (Load(target, mutated, seekable: i % 2 == 0, $"{kind} mutation {i}") is not null) failed++;
            else target = Trained(kind, steps: 3, seed: 11).Optimizer;
        }
        Assert.True(failed > 100, $"{kind}: only {failed} of 800 mutations failed, so the test says little");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_failed_load_leaves_the_next_step_bit_for_bit_as_without_it(string kind)
    {
        var (loaded, network) = Trained(kind, steps: 2, seed: 5);
        var (untouched, twin) = Trained(kind, steps: 2, seed: 5);
        byte[] valid = ValidState(kind);
        var offsets = Offsets(loaded);

        Fails(loaded, valid[..^1]);
        Fails(loaded, WithDouble(valid, offsets.LearningRate, double.NaN));
        // (Plain SGD's state holds no values, so any parameter count is well formed; the step checks it.)
        if (kind != "sgd") Fails(loaded, WithInt32(valid, offsets.Length, int.MaxValue));
        Fails(loaded, WithInt32(valid, offsets.Count, 7));
        Fails(loaded, valid[..^1], seekable: false);

        TrainAndStep(loaded, network, seed: 9);
        TrainAndStep(untouched, twin, seed: 9);
        Assert.Equal(OptimizerTests.Bits(twin.Parameters.ToArray()), OptimizerTests.Bits(network.Parameters.ToArray()));
        Assert.Equal(Saved(untouched), Saved(loaded));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_valid_state_loads_back_byte_for_byte_from_any_stream(string kind)
    {
        foreach (byte[] valid in new[] { Saved(Create(kind)), ValidState(kind) })
        {
            foreach (bool seekable in new[] { true, false })
            {
                var target = Create(kind);
                Assert.Null(Load(target, valid, seekable, kind));
                Assert.Equal(valid, Saved(target));
            }
        }
    }

    [Fact]
    public void A_plain_sgd_state_declares_a_parameter_count_without_values_and_the_step_checks_it()
    {
        // Plain SGD keeps no buffers, so its state holds a parameter count and no values: loading it allocates nothing
        // for the count, and the next step compares it with the network.
        var sgd = new Sgd();
        var offsets = Offsets(sgd);
        byte[] state = WithInt32(ValidState("sgd"), offsets.Length, int.MaxValue);
        Assert.Equal(offsets.Data, state.Length);
        Assert.Null(Load(sgd, state, seekable: true, "plain SGD"));

        var network = new OptimizerTestNet(seed: 1);
        network.TrainBatch(new double[4], new double[] { 1, 0, 0 });
        var error = Assert.Throws<InvalidOperationException>(() => sgd.Step(network));
        Assert.Contains($"state for {int.MaxValue} double parameters, but the network has {OptimizerTestNet.ParameterCount}", error.Message);
    }

    /// <summary>A stream that can only be read forward, so <see cref="Optimizer.LoadState"/> cannot ask its length.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
