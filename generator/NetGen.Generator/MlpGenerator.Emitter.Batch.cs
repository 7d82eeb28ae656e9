namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    internal sealed partial class Emitter
    {
        /// <summary>PredictBatch and TrainBatch: many row-major samples per call.</summary>
        private void EmitBatches()
        {
            _w.Line("/// <summary>");
            _w.Line("/// Computes the outputs of many samples: <paramref name=\"inputs\"/> holds rows of <see cref=\"InputSize\"/> values (row-major),");
            _w.Line("/// <paramref name=\"outputs\"/> receives rows of <see cref=\"OutputSize\"/>. Pure: changes nothing, allocates nothing.");
            _w.Line("/// </summary>");
            EmitThreadSafetyRemarks();
            _w.Line("/// <param name=\"inputs\">Whole rows of inputs.</param>");
            _w.Line("/// <param name=\"outputs\">Receives one row of outputs per input row.</param>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths are not whole rows, or the row counts differ.</exception>");
            using (_w.Block($"public void PredictBatch({ReadOnlySpan}<{_T}> inputs, {Span}<{_T}> outputs)"))
            {
                _w.Line($"int rows = {Kernels}.RowCount(inputs.Length, InputSize, outputs.Length, OutputSize, nameof(inputs), nameof(outputs));");
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                {
                    _w.Line("Predict(inputs.Slice(r * InputSize, InputSize), outputs.Slice(r * OutputSize, OutputSize));");
                }
            }
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Forward and backward over many samples (row-major <paramref name=\"inputs\"/> and <paramref name=\"targets\"/>): adds every");
            _w.Line("/// sample's gradients to the sums that <see cref=\"Step\"/> averages and returns the sum of the samples' losses.");
            _w.Line("/// </summary>");
            _w.Line("/// <param name=\"inputs\">Whole rows of inputs.</param>");
            _w.Line("/// <param name=\"targets\">One row of targets per input row.</param>");
            _w.Line("/// <returns>The sum of the samples' losses.</returns>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths are not whole rows, or the row counts differ.</exception>");
            using (_w.Block($"public double TrainBatch({ReadOnlySpan}<{_T}> inputs, {ReadOnlySpan}<{_T}> targets)"))
            {
                _w.Line($"int rows = {Kernels}.RowCount(inputs.Length, InputSize, targets.Length, OutputSize, nameof(inputs), nameof(targets));");
                _w.Line("double sum = 0;");
                _w.Line("Output output = default;");
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                {
                    _w.Line("Forward(inputs.Slice(r * InputSize, InputSize), output);");
                    _w.Line("sum += Backward(targets.Slice(r * OutputSize, OutputSize));");
                }
                _w.Line("return sum;");
            }
            _w.Line();
        }
    }
}
