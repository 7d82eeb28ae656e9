using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;

namespace NetGen.Tests.Runtime;

[Mlp(16, 48, 48, 4, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class ServingNet { }

[Mlp(16, 8, 4, Activation = "Tanh", OutputActivation = "Softmax", Loss = "CrossEntropy")]
public partial class SmallServingNet { }

public class ServingModelTests
{
    private static float[] ParametersOf(IPredictor<float> network)
    {
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static float[] PredictWith(float[] parameters, ReadOnlySpan<float> input)
    {
        var net = new ServingNet();
        net.LoadParameters(parameters);
        var output = new float[ServingNet.OutputSize];
        net.Predict(input, output);
        return output;
    }

    /// <summary>Seeded random inputs in [-1, 1) and one-hot targets of a class that depends on them.</summary>
    private static Dataset<float> RandomClassification(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 16];
        var targets = new float[count * 4];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < 16; j++) features[i * 16 + j] = (float)(2 * random.NextDouble() - 1);
            int cls = (features[i * 16] > 0 ? 1 : 0) + (features[i * 16 + 1] > 0 ? 2 : 0);
            targets[i * 4 + cls] = 1;
        }
        return new Dataset<float>(features, targets, 16, 4);
    }

    private static string Key(ReadOnlySpan<float> values)
    {
        var bits = new string[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.SingleToInt32Bits(values[i]).ToString("x8");
        return string.Join(",", bits);
    }

    [Fact]
    public void Predictions_while_training_each_equal_one_published_state_exactly()
    {
        const int Probes = 8, Readers = 2;
        var data = RandomClassification(400, seed: 5);
        var probes = data.Slice(0, Probes).Features.ToArray();
        var net = new ServingNet(seed: 3);
        var serving = new ServingModel<float>(net, () => new ServingNet());
        var published = new List<float[]> { ParametersOf(net) };
        var options = new TrainingOptions { Epochs = 120, BatchSize = 1, LearningRate = 0.05, Seed = 1 };
        options.OnEpoch += _ =>
        {
            serving.Publish(net);
            published.Add(ParametersOf(net));
        };

        // Readers predict single rows and whole batches of the probes until training ends, and keep every output.
        using var done = new ManualResetEventSlim();
        var singles = new List<(int Probe, float[] Output)>[Readers];
        var batches = new List<float[]>[Readers];
        var threads = new Thread[Readers];
        for (int r = 0; r < Readers; r++)
        {
            int reader = r;
            singles[reader] = new();
            batches[reader] = new();
            threads[reader] = new Thread(() =>
            {
                var output = new float[ServingNet.OutputSize];
                var batch = new float[Probes * ServingNet.OutputSize];
                for (int n = 0; !done.IsSet; n++)
                {
                    int probe = n % Probes;
                    serving.Predict(probes.AsSpan(probe * 16, 16), output);
                    singles[reader].Add((probe, output.ToArray()));
                    if (probe == Probes - 1)
                    {
                        serving.PredictBatch(probes, batch);
                        batches[reader].Add(batch.ToArray());
                    }
                }
            });
            threads[reader].Start();
        }
        try
        {
            Trainer.Fit(net, data, options);
        }
        finally
        {
            done.Set();
            foreach (var thread in threads) thread.Join();
        }
        Assert.Equal(published.Count, serving.Version);

        // What each published state gives, computed afterwards on a fresh network holding exactly those parameters.
        var allowedSingles = new HashSet<string>[Probes];
        for (int p = 0; p < Probes; p++) allowedSingles[p] = new();
        var allowedBatches = new HashSet<string>();
        var batchOutput = new float[Probes * ServingNet.OutputSize];
        foreach (var state in published)
        {
            for (int p = 0; p < Probes; p++) allowedSingles[p].Add(Key(PredictWith(state, probes.AsSpan(p * 16, 16))));
            var copy = new ServingNet();
            copy.LoadParameters(state);
            copy.PredictBatch(probes, batchOutput);
            allowedBatches.Add(Key(batchOutput));
        }
        Assert.True(allowedSingles[0].Count > published.Count / 2, "training changed the outputs from epoch to epoch");

        int singleCount = singles.Sum(s => s.Count), batchCount = batches.Sum(b => b.Count);
        int tornSingles = singles.SelectMany(s => s).Count(s => !allowedSingles[s.Probe].Contains(Key(s.Output)));
        int tornBatches = batches.SelectMany(b => b).Count(b => !allowedBatches.Contains(Key(b)));
        Assert.True(singleCount > 1000 && batchCount > 100, $"the readers ran during training: {singleCount} predictions, {batchCount} batches");
        Assert.Equal((0, 0), (tornSingles, tornBatches));

        // The readers saw training progress (several states), not one state throughout.
        int statesSeen = singles.SelectMany(s => s).Where(s => s.Probe == 0).Select(s => Key(s.Output)).Distinct().Count();
        Assert.True(statesSeen >= 2, $"the readers saw {statesSeen} states of {published.Count}");
    }

    /// <summary>
    /// A hand-written 1-2 "network" whose Predict outputs its two parameters, reading the second only after the test lets
    /// it go: a publish that rewrites the instance in between would give two different numbers. Every state the test
    /// publishes has both parameters equal.
    /// </summary>
    private sealed class GatedNetwork : IPredictor<float>
    {
        private static readonly int[] Sizes = { 1, 2 };
        private readonly Gate _gate;
        private readonly float[] _parameters = new float[2];

        public GatedNetwork(Gate gate) => _gate = gate;

        public int InputSize => 1;
        public int OutputSize => 2;
        public int ParameterCount => 2;
        public ReadOnlySpan<int> LayerSizes => Sizes;
        public NetworkDescription Description { get; } = new(Sizes, new[] { ActivationFunction.Linear }, LossFunction.MSE, Precision.Float);

        public void Predict(ReadOnlySpan<float> input, Span<float> output)
        {
            output[0] = Volatile.Read(ref _parameters[0]);
            _gate.Pause();
            output[1] = Volatile.Read(ref _parameters[1]);
        }

        public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => Predict(inputs, outputs);
        public void CopyParametersTo(Span<float> destination) => _parameters.CopyTo(destination);
        public void LoadParameters(ReadOnlySpan<float> source) => source.CopyTo(_parameters);
        public float Loss(ReadOnlySpan<float> output, ReadOnlySpan<float> target) => 0f;
    }

    /// <summary>Holds the next <see cref="Pauses"/> predictions in the middle until the test releases each one.</summary>
    private sealed class Gate
    {
        public int Pauses;
        public readonly SemaphoreSlim Entered = new(0), Released = new(0);

        public void Pause()
        {
            if (Interlocked.Decrement(ref Pauses) < 0) return;
            Entered.Release();
            Released.Wait();
        }
    }

    [Theory]
    [InlineData(1, new float[] { 3, 3 })] // one overlapped attempt: computed again on the current instance
    [InlineData(2, new float[] { 5, 5 })] // two: computed under the publishers' lock
    public void A_prediction_overlapped_by_a_write_into_its_instance_is_computed_again(int overlaps, float[] expected)
    {
        var gate = new Gate();
        var source = new GatedNetwork(gate);
        source.LoadParameters(new float[] { 1, 1 });
        var serving = new ServingModel<float>(source, () => new GatedNetwork(gate));
        gate.Pauses = overlaps;
        var output = new float[2];
        var reader = new Thread(() => serving.Predict(new float[1], output));
        reader.Start();
        float state = 1;
        for (int o = 0; o < overlaps; o++)
        {
            Assert.True(gate.Entered.Wait(TimeSpan.FromSeconds(30)), "the reader started predicting");
            // Two publishes: the second rewrites the instance the paused reader is computing with.
            serving.LoadParameters(new[] { state + 1, state + 1 });
            serving.LoadParameters(new[] { state + 2, state + 2 });
            state += 2;
            gate.Released.Release();
        }
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "the reader finished");
        Assert.Equal(expected, output);
        Assert.Equal(1 + 2 * overlaps, serving.Version);
    }

    [Fact]
    public void It_serves_a_copy_until_the_next_publish()
    {
        var net = new ServingNet(seed: 1);
        var serving = new ServingModel<float>(net, () => new ServingNet());
        var input = RandomClassification(1, seed: 2).Input(0).ToArray();
        var before = PredictWith(ParametersOf(net), input);
        Assert.Equal(1, serving.Version);

        net.Parameters[0] += 0.5f;
        net.Parameters[^1] -= 0.25f;
        var served = new float[4];
        serving.Predict(input, served);
        Assert.Equal(before, served);

        serving.Publish(net);
        Assert.Equal(2, serving.Version);
        var expected = new float[4];
        net.Predict(input, expected);
        serving.Predict(input, served);
        Assert.Equal(expected, served);
        Assert.NotEqual(before, served);
        Assert.Equal(ParametersOf(net), ParametersOf(serving));

        // Both instances take turns: a third state is served exactly too.
        net.Parameters[1] *= -1;
        serving.Publish(net);
        net.Predict(input, expected);
        serving.Predict(input, served);
        Assert.Equal(expected, served);
        Assert.Equal(3, serving.Version);
        Assert.Equal("ServingModel of 16-48-48-4 (3364 parameters), version 3", serving.ToString());
    }

    [Fact]
    public void A_non_finite_parameter_is_not_published()
    {
        var net = new ServingNet(seed: 1);
        var serving = new ServingModel<float>(net, () => new ServingNet());
        var good = ParametersOf(net);
        net.Parameters[7] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => serving.Publish(net));
        Assert.Equal("Parameter 7 of 'network' is NaN; only finite parameters are published (the served state is unchanged). (Parameter 'network')", error.Message);
        Assert.Equal(1, serving.Version);
        Assert.Equal(good, ParametersOf(serving));

        var values = (float[])good.Clone();
        values[0] = float.PositiveInfinity;
        Assert.Contains("Parameter 0 of 'source' is Infinity", Assert.Throws<ArgumentException>(() => serving.LoadParameters(values)).Message);
        Assert.Contains("has 3 values but the network has", Assert.Throws<ArgumentException>(() => serving.LoadParameters(new float[3])).Message);
        Assert.Equal(good, ParametersOf(serving));

        // The failed publishes left the spare usable: the next good one is served.
        values[0] = 0.125f;
        serving.LoadParameters(values);
        Assert.Equal(values, ParametersOf(serving));
        Assert.Equal(2, serving.Version);
    }

    [Fact]
    public void The_factory_must_make_new_instances_of_the_same_network()
    {
        var net = new ServingNet(seed: 1);
        var self = Assert.Throws<InvalidOperationException>(() => new ServingModel<float>(net, () => net));
        Assert.Contains("the network to serve itself", self.Message);

        var shared = new ServingNet();
        var twice = Assert.Throws<InvalidOperationException>(() => new ServingModel<float>(net, () => shared));
        Assert.Contains("the same instance twice", twice.Message);

        var other = Assert.Throws<InvalidOperationException>(() => new ServingModel<float>(net, () => new SmallServingNet()));
        Assert.Equal(
            "The factory made SmallServingNet (16-8-4, 172 parameters, Tanh/Softmax, CrossEntropy), " +
            "but the network to serve is ServingNet (16-48-48-4, 3364 parameters, Tanh/Tanh/Softmax, CrossEntropy).", other.Message);

        Assert.Throws<InvalidOperationException>(() => new ServingModel<float>(net, () => null!));
        Assert.Throws<ArgumentNullException>(() => new ServingModel<float>(null!, () => new ServingNet()));
        Assert.Throws<ArgumentNullException>(() => new ServingModel<float>(net, null!));

        var serving = new ServingModel<float>(net, () => new ServingNet());
        var wrong = Assert.Throws<ArgumentException>(() => serving.Publish(new SmallServingNet()));
        Assert.StartsWith("'network' is SmallServingNet (16-8-4", wrong.Message);
    }

    [Fact]
    public void It_is_a_predictor_for_metrics_and_batch_prediction()
    {
        var data = RandomClassification(64, seed: 9);
        var net = new ServingNet(seed: 4);
        Trainer.Fit(net, data, new TrainingOptions { Epochs = 3, BatchSize = 8, LearningRate = 0.1, Seed = 2 });
        IPredictor<float> serving = new ServingModel<float>(net, () => new ServingNet());

        Assert.Equal((16, 4, ServingNet.ParameterCount), (serving.InputSize, serving.OutputSize, serving.ParameterCount));
        Assert.Equal(ServingNet.LayerSizes.ToArray(), serving.LayerSizes.ToArray());
        Assert.Equal(ServingNet.Description.Fingerprint, serving.Description.Fingerprint);
        Assert.Equal(Metrics.Accuracy(net, data), Metrics.Accuracy(serving, data));
        var expected = new float[64 * 4];
        var actual = new float[64 * 4];
        net.PredictBatch(data.Features, expected);
        serving.PredictBatch(data.Features, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(ServingNet.Loss(expected.AsSpan(0, 4), data.Target(0)), serving.Loss(expected.AsSpan(0, 4), data.Target(0)));
        Assert.Throws<ArgumentException>(() => serving.Predict(new float[15], new float[4]));
        Assert.Throws<ArgumentException>(() => serving.CopyParametersTo(new float[3]));
    }

    [Fact]
    public void Predicting_allocates_nothing()
    {
        var net = new ServingNet(seed: 1);
        var serving = new ServingModel<float>(net, () => new ServingNet());
        var input = new float[16];
        var output = new float[4];
        var inputs = new float[5 * 16];
        var outputs = new float[5 * 4];
        long[] rounds = new long[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                serving.Predict(input, output);
                serving.PredictBatch(inputs, outputs);
            }
            serving.Publish(net);
            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            Thread.Sleep(200); // tiered compilation may allocate once while it replaces the first code
        }
        Assert.Equal(0, rounds[^1]);
    }
}
