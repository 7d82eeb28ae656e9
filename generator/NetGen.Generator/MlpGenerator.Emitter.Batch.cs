using NetGen.Generator.Emitters;

namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    internal sealed partial class Emitter
    {
        /// <summary>
        /// PredictBatch and TrainBatch: many row-major samples per call. The public members are written here; how the rows
        /// are computed is the <see cref="BatchBody"/>'s: one sample per vector lane for small unrolled networks
        /// (<see cref="LaneBatchBody"/>), one batched kernel call per layer otherwise (<see cref="GemmBatchBody"/>).
        /// </summary>
        private void EmitBatches()
        {
            var body = BatchBody.For(_context, _storage);
            body.EmitPredictDeclarations();
            EmitPredictBatch(body, baked: false);
            body.EmitPredictMembers();
            if (_context.Trainable) EmitTrainBatch(body);
        }

        /// <summary>
        /// PredictBatch: the instance's, or (<paramref name="baked"/>) the baked <c>Trained</c> class's, static. Both run
        /// the same statements over their own <c>Parameters</c> (the instance's, or the data compiled into the assembly),
        /// calling the same static members, so the baked network's batches take the batched path too and give the bits of
        /// the instance's PredictBatch after loading the same file.
        /// </summary>
        private void EmitPredictBatch(BatchBody body, bool baked)
        {
            EmitPredictBatchDocs(body, constantWeights: baked);
            using (_w.Block($"{(baked ? "public static" : "public")} void PredictBatch({ReadOnlySpan}<{_T}> inputs, {Span}<{_T}> outputs)"))
            {
                _w.Line($"int rows = {Kernels}.PredictRowCount<{_T}>(inputs, InputSize, outputs, OutputSize);");
                _w.Line($"{ReadOnlySpan}<{_T}> {EmitContext.Parameters} = Parameters;");
                body.EmitPredictBatch();
            }
            _w.Line();
        }

        /// <param name="body">How the rows are computed.</param>
        /// <param name="constantWeights">True for the baked <c>Trained</c> class, whose weights are constants.</param>
        private void EmitPredictBatchDocs(BatchBody body, bool constantWeights)
        {
            _w.Line("/// <summary>");
            _w.Line("/// Computes the outputs of many samples: <paramref name=\"inputs\"/> holds rows of <see cref=\"InputSize\"/> values (row-major),");
            _w.Line("/// <paramref name=\"outputs\"/> receives rows of <see cref=\"OutputSize\"/>. Pure: changes nothing, allocates nothing. " + body.PredictBatchText);
            _w.Line("/// </summary>");
            EmitThreadSafetyRemarks(constantWeights);
            _w.Line("/// <param name=\"inputs\">Whole rows of inputs.</param>");
            _w.Line("/// <param name=\"outputs\">Receives one row of outputs per input row.</param>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths are not whole rows, the row counts differ, or <paramref name=\"outputs\"/> overlaps <paramref name=\"inputs\"/>.</exception>");
        }

        private void EmitTrainBatch(BatchBody body)
        {
            _w.Line("// Batched training: the batch's scratch (and any gradient buffers its schedule needs), made on first use; the thread count.");
            _w.Line($"private global::NetGen.BatchWorkspace<{_T}>? _batchWorkspace;");
            _w.Line("private int _degreeOfParallelism = global::System.Environment.ProcessorCount;");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// The most threads one <see cref=\"TrainBatch\"/> call uses, at least 1; default <see cref=\"global::System.Environment.ProcessorCount\"/>.");
            _w.Line("/// " + body.ParallelismText);
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value is less than 1.</exception>");
            using (_w.Block("public int DegreeOfParallelism"))
            {
                _w.Line("get => _degreeOfParallelism;");
                _w.Line("set => _degreeOfParallelism = value >= 1 ? value : throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"DegreeOfParallelism must be at least 1.\");");
            }
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Forward and backward over many samples (row-major <paramref name=\"inputs\"/> and <paramref name=\"targets\"/>): adds every");
            _w.Line("/// sample's gradients to the sums that <see cref=\"Step\"/> averages and returns the sum of the samples' losses.");
            _w.Line("/// " + body.TrainBatchText);
            _w.Line("/// </summary>");
            _w.Line("/// <param name=\"inputs\">Whole rows of inputs.</param>");
            _w.Line("/// <param name=\"targets\">One row of targets per input row.</param>");
            _w.Line("/// <returns>The sum of the samples' losses.</returns>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths are not whole rows, or the row counts differ.</exception>");
            using (_w.Block($"public double TrainBatch({ReadOnlySpan}<{_T}> inputs, {ReadOnlySpan}<{_T}> targets)"))
            {
                _w.Line($"int rows = {Kernels}.RowCount(inputs.Length, InputSize, targets.Length, OutputSize, nameof(inputs), nameof(targets));");
                _w.Line($"_batchWorkspace ??= new global::NetGen.BatchWorkspace<{_T}>(this, InputSize, OutputSize, ParameterCount, {body.TrainingScratchPerRow}, global::NetGen.BatchSchedule.{body.Schedule});");
                body.EmitThreadChoice();
                _w.Line($"double loss = _batchWorkspace.Train(inputs, targets, rows, Gradients, {body.ThreadsArgument});");
                _w.Line("_accumulatedSamples += rows;");
                _w.Line("return loss;");
            }
            _w.Line();
            _w.Line("/// <summary>Forward and backward over a block of rows, adding the gradients to <paramref name=\"gradients\"/>; reads the parameters only.</summary>");
            using (_w.Block($"double global::NetGen.IBatchTrainable<{_T}>.TrainRows({ReadOnlySpan}<{_T}> x, {ReadOnlySpan}<{_T}> targets, int rows, {Span}<{_T}> gradients, {Span}<{_T}> scratch, int threads)"))
            {
                body.EmitTrainRows();
            }
            _w.Line();
            body.EmitTrainMembers();
        }
    }
}
