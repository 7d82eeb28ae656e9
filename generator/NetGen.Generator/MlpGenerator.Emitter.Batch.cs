using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    internal sealed partial class Emitter
    {
        /// <summary>The most scratch values PredictBatch takes from the stack; larger hidden layers rent from ArrayPool.</summary>
        private const int MaxStackScratch = 8192;

        /// <summary>The most rows PredictBatch runs through the layers at once (one tile's activations stay in L1/L2).</summary>
        private const int MaxPredictTileRows = 64;

        private IEnumerable<LayerSpec> HiddenLayers => Layers.Take(_net.Layers.Count - 1);

        /// <summary>Hidden activations per row: PredictBatch's scratch per row.</summary>
        private int HiddenWidth => HiddenLayers.Sum(l => l.Outputs);

        /// <summary>Every layer's activations and deltas per row: TrainRows's scratch per row.</summary>
        private int TrainingScratchPerRow => 2 * Layers.Sum(l => l.Outputs);

        private static string ActivationConstant(LayerSpec layer) => "global::NetGen.ActivationFunction." + layer.Activation;

        /// <summary>PredictBatch and TrainBatch: many row-major samples per call, each layer one call to a batched kernel.</summary>
        private void EmitBatches()
        {
            EmitPredictBatch();
            if (_context.Trainable) EmitTrainBatch();
        }

        /// <summary>
        /// PredictBatch row by row, for the baked <c>Trained</c> class (<paramref name="modifiers"/> "public static"): its
        /// per-row Predict has the weights as literals, so it has no parameter spans for the batched kernels to read.
        /// </summary>
        private void EmitRowByRowPredictBatch(string modifiers)
        {
            EmitPredictBatchDocs(batched: false);
            using (_w.Block($"{modifiers} void PredictBatch({ReadOnlySpan}<{_T}> inputs, {Span}<{_T}> outputs)"))
            {
                _w.Line($"int rows = {Kernels}.RowCount(inputs.Length, InputSize, outputs.Length, OutputSize, nameof(inputs), nameof(outputs));");
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                {
                    _w.Line("Predict(inputs.Slice(r * InputSize, InputSize), outputs.Slice(r * OutputSize, OutputSize));");
                }
            }
            _w.Line();
        }

        private void EmitPredictBatchDocs(bool batched)
        {
            _w.Line("/// <summary>");
            _w.Line("/// Computes the outputs of many samples: <paramref name=\"inputs\"/> holds rows of <see cref=\"InputSize\"/> values (row-major),");
            _w.Line(batched
                ? "/// <paramref name=\"outputs\"/> receives rows of <see cref=\"OutputSize\"/>. Pure: changes nothing, allocates nothing. Each layer runs as one matrix product over a tile of rows."
                : "/// <paramref name=\"outputs\"/> receives rows of <see cref=\"OutputSize\"/>. Pure: changes nothing, allocates nothing.");
            _w.Line("/// </summary>");
            // Row by row is the baked Trained class's, whose weights are constants.
            EmitThreadSafetyRemarks(constantWeights: !batched);
            _w.Line("/// <param name=\"inputs\">Whole rows of inputs.</param>");
            _w.Line("/// <param name=\"outputs\">Receives one row of outputs per input row.</param>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths are not whole rows, or the row counts differ.</exception>");
        }

        private void EmitPredictBatch()
        {
            int hidden = HiddenWidth;
            int tileRows = hidden == 0 ? MaxPredictTileRows : System.Math.Max(1, System.Math.Min(MaxPredictTileRows, MaxStackScratch / hidden));
            bool pooled = (long)hidden * tileRows > MaxStackScratch;
            _w.Line("/// <summary>The rows PredictBatch runs through the layers at once.</summary>");
            _w.Line($"private const int PredictTileRows = {tileRows};");
            _w.Line();
            EmitPredictBatchDocs(batched: true);
            using (_w.Block($"public void PredictBatch({ReadOnlySpan}<{_T}> inputs, {Span}<{_T}> outputs)"))
            {
                _w.Line($"int rows = {Kernels}.RowCount(inputs.Length, InputSize, outputs.Length, OutputSize, nameof(inputs), nameof(outputs));");
                if (hidden == 0)
                {
                    _w.Line("PredictRows(inputs, outputs, rows, default);");
                }
                else if (!pooled)
                {
                    _w.Line($"// The hidden activations of one tile: {tileRows} rows x {hidden} values, on the stack.");
                    _w.Line($"{Span}<{_T}> scratch = stackalloc {_T}[PredictTileRows * {hidden}];");
                    EmitPredictTiles();
                }
                else
                {
                    _w.Line($"// The hidden activations of one row ({hidden} values) are too many for the stack: rented, so steady state allocates nothing.");
                    _w.Line($"{_T}[] rented = global::System.Buffers.ArrayPool<{_T}>.Shared.Rent(PredictTileRows * {hidden});");
                    using (_w.Block("try"))
                    {
                        _w.Line($"{Span}<{_T}> scratch = rented;");
                        EmitPredictTiles();
                    }
                    using (_w.Block("finally"))
                    {
                        _w.Line($"global::System.Buffers.ArrayPool<{_T}>.Shared.Return(rented);");
                    }
                }
            }
            _w.Line();

            _w.Line("/// <summary>The forward pass over a tile of rows: one batched kernel call per layer.</summary>");
            using (_w.Block($"private void PredictRows({ReadOnlySpan}<{_T}> x, {Span}<{_T}> y, int rows, {Span}<{_T}> scratch)"))
            {
                int offset = 0;
                foreach (var layer in HiddenLayers)
                {
                    _w.Line($"{Span}<{_T}> a{layer.Index} = scratch.Slice({(offset == 0 ? "0" : $"rows * {offset}")}, rows * {layer.Outputs});");
                    offset += layer.Outputs;
                }
                foreach (var layer in Layers)
                {
                    EmitBatchedForward(layer, layer == OutputLayer ? "y" : "a" + Int(layer.Index), layer.Index == 1 ? "x" : null);
                }
            }
            _w.Line();
        }

        private void EmitPredictTiles()
        {
            using (_w.Block("for (int first = 0; first < rows; first += PredictTileRows)"))
            {
                _w.Line("int count = global::System.Math.Min(PredictTileRows, rows - first);");
                _w.Line("PredictRows(inputs.Slice(first * InputSize, count * InputSize), outputs.Slice(first * OutputSize, count * OutputSize), count, scratch);");
            }
        }

        /// <summary>One layer of the batched forward pass: a comment with the math and shapes, and the kernel call.</summary>
        private void EmitBatchedForward(LayerSpec layer, string output, string? input)
        {
            string l = Int(layer.Index);
            string x = input ?? "a" + Int(layer.Index - 1);
            var activation = ActivationOf(layer);
            _w.Line($"// Layer {l}: {output.ToUpperInvariant()} = {ActivationName(activation)}({x.ToUpperInvariant()} W{l}^T + b{l}), [rows x {layer.Inputs}] -> [rows x {layer.Outputs}]");
            _w.Line($"{ReadOnlySpan}<{_T}> w{l} = {View("_parameters", layer, true)}, b{l} = {View("_parameters", layer, false)};");
            _w.Line($"{Kernels}.DenseForward<{_T}>({x}, w{l}, b{l}, {output}, rows, {layer.Inputs}, {layer.Outputs}, {ActivationConstant(layer)});");
        }

        private void EmitTrainBatch()
        {
            _w.Line("// Batched training: scratch and per-chunk gradient buffers, made on first use; the thread count.");
            _w.Line($"private global::NetGen.BatchWorkspace<{_T}>? _batchWorkspace;");
            _w.Line("private int _degreeOfParallelism = global::System.Environment.ProcessorCount;");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// The most threads one <see cref=\"TrainBatch\"/> call uses, at least 1; default <see cref=\"global::System.Environment.ProcessorCount\"/>.");
            _w.Line("/// The result does not depend on it: a batch always splits into the same chunks, whose gradients add in a fixed order.");
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
            _w.Line("/// Each layer runs as matrix products over the batch, on up to <see cref=\"DegreeOfParallelism\"/> threads.");
            _w.Line("/// </summary>");
            _w.Line("/// <param name=\"inputs\">Whole rows of inputs.</param>");
            _w.Line("/// <param name=\"targets\">One row of targets per input row.</param>");
            _w.Line("/// <returns>The sum of the samples' losses.</returns>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths are not whole rows, or the row counts differ.</exception>");
            using (_w.Block($"public double TrainBatch({ReadOnlySpan}<{_T}> inputs, {ReadOnlySpan}<{_T}> targets)"))
            {
                _w.Line($"int rows = {Kernels}.RowCount(inputs.Length, InputSize, targets.Length, OutputSize, nameof(inputs), nameof(targets));");
                _w.Line($"_batchWorkspace ??= new global::NetGen.BatchWorkspace<{_T}>(this, InputSize, OutputSize, ParameterCount, {TrainingScratchPerRow});");
                _w.Line("double loss = _batchWorkspace.Train(inputs, targets, rows, Gradients, _degreeOfParallelism);");
                _w.Line("_accumulatedSamples += rows;");
                _w.Line("return loss;");
            }
            _w.Line();
            EmitTrainRows();
        }

        private void EmitTrainRows()
        {
            var output = OutputLayer;
            string L = Int(output.Index);
            _w.Line("/// <summary>Forward and backward over a block of rows, adding the gradients to <paramref name=\"gradients\"/>; reads the parameters only.</summary>");
            using (_w.Block($"double global::NetGen.IBatchTrainable<{_T}>.TrainRows({ReadOnlySpan}<{_T}> x, {ReadOnlySpan}<{_T}> targets, int rows, {Span}<{_T}> gradients, {Span}<{_T}> scratch)"))
            {
                _w.Line($"// Scratch per row: every layer's activations, then every layer's error dL/dz ({TrainingScratchPerRow} values).");
                int offset = 0;
                foreach (var layer in Layers)
                {
                    _w.Line($"{Span}<{_T}> a{layer.Index} = scratch.Slice({(offset == 0 ? "0" : $"rows * {offset}")}, rows * {layer.Outputs});");
                    offset += layer.Outputs;
                }
                foreach (var layer in Layers)
                {
                    _w.Line($"{Span}<{_T}> d{layer.Index} = scratch.Slice({(offset == 0 ? "0" : $"rows * {offset}")}, rows * {layer.Outputs});");
                    offset += layer.Outputs;
                }
                foreach (var layer in Layers)
                {
                    _w.Line();
                    EmitBatchedForward(layer, "a" + Int(layer.Index), layer.Index == 1 ? "x" : null);
                }
                _w.Line();
                _w.Line("// Loss and output error, row by row.");
                _w.Line(OutputErrorComment());
                _w.Line("double loss = 0;");
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                {
                    _w.Line($"{ReadOnlySpan}<{_T}> yRow = a{L}.Slice(r * OutputSize, OutputSize), tRow = targets.Slice(r * OutputSize, OutputSize);");
                    _w.Line($"{Span}<{_T}> dRow = d{L}.Slice(r * OutputSize, OutputSize);");
                    _w.Line("loss += Loss(yRow, tRow);");
                    using (_w.Block("for (int k = 0; k < OutputSize; k++)"))
                    {
                        _w.Line($"{_T} y = yRow[k], t = tRow[k];");
                        _w.Line($"dRow[k] = {OutputError()};");
                    }
                }
                foreach (var layer in Layers.Reverse())
                {
                    string l = Int(layer.Index), input = layer.Index == 1 ? "x" : "a" + Int(layer.Index - 1);
                    _w.Line();
                    _w.Line($"// Layer {l} gradients: dW{l} += D{l}^T {input.ToUpperInvariant()}, db{l} += column sums of D{l}, [{layer.Outputs} x rows] [rows x {layer.Inputs}]");
                    _w.Line($"{Kernels}.DenseWeightGradients<{_T}>(d{l}, {input}, gradients.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)}), gradients.Slice({Int(layer.BiasOffset)}, {layer.Outputs}), rows, {layer.Inputs}, {layer.Outputs});");
                    if (layer.Index == 1) continue;
                    var below = _net.Layers[layer.Index - 2];
                    string b = Int(below.Index);
                    _w.Line($"// Layer {b} error: D{b} = (D{l} W{l}) * {ActivationName(ActivationOf(below))}'(Z{b}), [rows x {layer.Outputs}] [{layer.Outputs} x {layer.Inputs}]");
                    _w.Line($"{Kernels}.DenseInputDeltas<{_T}>(d{l}, {View("_parameters", layer, true)}, a{b}, d{b}, rows, {layer.Inputs}, {layer.Outputs}, {ActivationConstant(below)});");
                }
                _w.Line("return loss;");
            }
            _w.Line();
        }
    }
}
