using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The batched path of larger networks: each layer is one call to a batched kernel (GEMM with the activation in its
/// epilogue) over a tile of rows, with the math and the shapes in a comment above the call.
/// </summary>
internal sealed class GemmBatchBody : BatchBody
{
    /// <summary>The most scratch values PredictBatch takes from the stack; larger hidden layers rent from ArrayPool.</summary>
    private const int MaxStackScratch = 8192;

    /// <summary>The most rows PredictBatch runs through the layers at once (one tile's activations stay in L1/L2).</summary>
    private const int MaxPredictTileRows = 64;

    private const string ReadOnlySpan = EmitContext.ReadOnlySpan;
    private const string Span = EmitContext.Span;
    private const string Kernels = EmitContext.Kernels;

    public GemmBatchBody(EmitContext context, ParameterStorage storage) : base(context, storage) { }

    private string T => Context.Keyword;

    private IReadOnlyList<LayerSpec> Layers => _layers ??= Context.Net.Layers.ToList();

    private List<LayerSpec>? _layers;

    private IEnumerable<LayerSpec> HiddenLayers => Layers.Take(Layers.Count - 1);

    /// <summary>Hidden activations per row: PredictBatch's scratch per row.</summary>
    private int HiddenWidth => HiddenLayers.Sum(l => l.Outputs);

    private int TileRows => HiddenWidth == 0 ? MaxPredictTileRows : System.Math.Max(1, System.Math.Min(MaxPredictTileRows, MaxStackScratch / HiddenWidth));

    public override string PredictBatchText => "Each layer runs as one matrix product over a tile of rows.";

    public override string TrainBatchText => "Each layer runs as matrix products over the batch, on up to <see cref=\"DegreeOfParallelism\"/> threads.";

    public override string Schedule => "SplitLayers";

    public override string ParallelismText => "The result does not depend on it: a layer's kernels split their work so that each thread computes whole elements of each result.";

    /// <summary>Every layer's activations and deltas per row.</summary>
    public override int TrainingScratchPerRow => 2 * Layers.Sum(l => l.Outputs);

    private static string Int(long value) => EmitContext.Int(value);

    private static string ActivationConstant(LayerSpec layer) => "global::NetGen.ActivationFunction." + layer.Activation;

    private static string ThreadsArgumentOf(string? threads) => threads is null ? "" : ", " + threads;

    public override void EmitPredictDeclarations()
    {
        var w = Context.W;
        w.Line("/// <summary>The rows PredictBatch runs through the layers at once.</summary>");
        w.Line($"private const int PredictTileRows = {TileRows};");
        w.Line();
    }

    public override void EmitPredictBatch()
    {
        var w = Context.W;
        int hidden = HiddenWidth;
        bool pooled = (long)hidden * TileRows > MaxStackScratch;
        if (hidden == 0)
        {
            w.Line($"PredictRows({EmitContext.Parameters}, inputs, outputs, rows, default);");
            return;
        }
        using (w.Block("if (rows >= global::NetGen.Kernels.LargePredictRows)"))
        {
            w.Line("// With 512-bit kernels, a call this large runs in tiles of at least that many rows, which the kernels compute in");
            w.Line("// the outer-product form over W^T packed once per tile (the last bits can differ from a smaller call's).");
            w.Line($"PredictLargeCall({EmitContext.Parameters}, inputs, outputs, rows);");
            w.Line("return;");
        }
        if (!pooled)
        {
            w.Line($"// The hidden activations of one tile (at most {TileRows} rows) x {hidden} values, on the stack, sized to the rows: stack");
            w.Line("// memory is zeroed on every call, and a whole tile's (32 KB at 128 values) cost a one-row call 0.2 to 1 us.");
            w.Line($"{Span}<{T}> scratch = stackalloc {T}[global::System.Math.Min(rows, PredictTileRows) * {hidden}];");
            EmitPredictTiles();
        }
        else
        {
            w.Line($"// The hidden activations of one row ({hidden} values) are too many for the stack: rented, so steady state allocates nothing.");
            w.Line($"{T}[] rented = global::System.Buffers.ArrayPool<{T}>.Shared.Rent(PredictTileRows * {hidden});");
            using (w.Block("try"))
            {
                w.Line($"{Span}<{T}> scratch = rented;");
                EmitPredictTiles();
            }
            using (w.Block("finally"))
            {
                w.Line($"global::System.Buffers.ArrayPool<{T}>.Shared.Return(rented);");
            }
        }
    }

    private void EmitPredictTiles()
    {
        var w = Context.W;
        using (w.Block("for (int first = 0; first < rows; first += PredictTileRows)"))
        {
            w.Line("int count = global::System.Math.Min(PredictTileRows, rows - first);");
            w.Line($"PredictRows({EmitContext.Parameters}, inputs.Slice(first * InputSize, count * InputSize), outputs.Slice(first * OutputSize, count * OutputSize), count, scratch);");
        }
    }

    public override void EmitPredictMembers()
    {
        var w = Context.W;
        if (HiddenWidth > 0) EmitPredictLargeCall();
        w.Line("/// <summary>The forward pass over a tile of rows: one batched kernel call per layer, with the given parameters (the instance's or the baked ones).</summary>");
        using (w.Block($"private static void PredictRows({ReadOnlySpan}<{T}> {EmitContext.Parameters}, {ReadOnlySpan}<{T}> x, {Span}<{T}> y, int rows, {Span}<{T}> scratch)"))
        {
            int offset = 0;
            foreach (var layer in HiddenLayers)
            {
                w.Line($"{Span}<{T}> a{layer.Index} = scratch.Slice({(offset == 0 ? "0" : $"rows * {offset}")}, rows * {layer.Outputs});");
                offset += layer.Outputs;
            }
            foreach (var layer in Layers)
            {
                EmitBatchedForward(layer, layer == Context.OutputLayer ? "y" : "a" + Int(layer.Index), layer.Index == 1 ? "x" : null, fromArgument: true);
            }
        }
        w.Line();
    }

    /// <summary>PredictBatch's path for a large call: tiles of <c>Kernels.LargeTileRows</c>, their hidden activations rented.</summary>
    private void EmitPredictLargeCall()
    {
        var w = Context.W;
        int hidden = HiddenWidth;
        w.Line("/// <summary>PredictBatch for a call of at least Kernels.LargePredictRows rows: tiles of that many rows or more, the hidden activations rented.</summary>");
        using (w.Block($"private static void PredictLargeCall({ReadOnlySpan}<{T}> {EmitContext.Parameters}, {ReadOnlySpan}<{T}> inputs, {Span}<{T}> outputs, int rows)"))
        {
            w.Line($"{T}[] rented = global::System.Buffers.ArrayPool<{T}>.Shared.Rent(global::System.Math.Min(rows, global::NetGen.Kernels.MaxLargeTileRows) * {hidden});");
            using (w.Block("try"))
            {
                using (w.Block("for (int first = 0, count; first < rows; first += count)"))
                {
                    w.Line("count = global::NetGen.Kernels.LargeTileRows(rows - first);");
                    w.Line($"PredictRows({EmitContext.Parameters}, inputs.Slice(first * InputSize, count * InputSize), outputs.Slice(first * OutputSize, count * OutputSize), count, rented);");
                }
            }
            using (w.Block("finally"))
            {
                w.Line($"global::System.Buffers.ArrayPool<{T}>.Shared.Return(rented);");
            }
        }
        w.Line();
    }

    /// <summary>
    /// One layer of the batched forward pass: a comment with the math and shapes, and the kernel call (given
    /// <paramref name="threads"/>, the overload that splits the layer across that many threads).
    /// </summary>
    /// <param name="fromArgument">Whether the weights come from the <see cref="EmitContext.Parameters"/> argument (PredictRows) or the instance's storage (training).</param>
    private void EmitBatchedForward(LayerSpec layer, string output, string? input, bool fromArgument, string? threads = null)
    {
        var w = Context.W;
        string l = Int(layer.Index);
        string x = input ?? "a" + Int(layer.Index - 1);
        var activation = EmitContext.ActivationOf(layer);
        w.Line($"// Layer {l}: {output.ToUpperInvariant()} = {EmitContext.ActivationName(activation)}({x.ToUpperInvariant()} W{l}^T + b{l}), [rows x {layer.Inputs}] -> [rows x {layer.Outputs}]");
        w.Line(LayerParameterSpans(layer, fromArgument));
        w.Line($"{Kernels}.DenseForward<{T}>({x}, w{l}, b{l}, {output}, rows, {layer.Inputs}, {layer.Outputs}, {ActivationConstant(layer)}{ThreadsArgumentOf(threads)});");
    }

    public override void EmitTrainRows()
    {
        var w = Context.W;
        var output = Context.OutputLayer;
        string L = Int(output.Index);
        w.Line($"// Scratch per row: every layer's activations, then every layer's error dL/dz ({TrainingScratchPerRow} values).");
        int offset = 0;
        foreach (var layer in Layers)
        {
            w.Line($"{Span}<{T}> a{layer.Index} = scratch.Slice({(offset == 0 ? "0" : $"rows * {offset}")}, rows * {layer.Outputs});");
            offset += layer.Outputs;
        }
        foreach (var layer in Layers)
        {
            w.Line($"{Span}<{T}> d{layer.Index} = scratch.Slice({(offset == 0 ? "0" : $"rows * {offset}")}, rows * {layer.Outputs});");
            offset += layer.Outputs;
        }
        foreach (var layer in Layers)
        {
            w.Line();
            EmitBatchedForward(layer, "a" + Int(layer.Index), layer.Index == 1 ? "x" : null, fromArgument: false, "threads");
        }
        w.Line();
        w.Line("// Loss and output error, row by row.");
        w.Line(Context.OutputErrorComment());
        w.Line("double loss = 0;");
        using (w.Block("for (int r = 0; r < rows; r++)"))
        {
            w.Line($"{ReadOnlySpan}<{T}> yRow = a{L}.Slice(r * OutputSize, OutputSize), tRow = targets.Slice(r * OutputSize, OutputSize);");
            w.Line($"{Span}<{T}> dRow = d{L}.Slice(r * OutputSize, OutputSize);");
            w.Line("loss += Loss(yRow, tRow);");
            using (w.Block("for (int k = 0; k < OutputSize; k++)"))
            {
                w.Line($"{T} y = yRow[k], t = tRow[k];");
                w.Line($"dRow[k] = {Context.OutputError()};");
            }
        }
        foreach (var layer in Layers.Reverse())
        {
            string l = Int(layer.Index), input = layer.Index == 1 ? "x" : "a" + Int(layer.Index - 1);
            w.Line();
            w.Line($"// Layer {l} gradients: dW{l} += D{l}^T {input.ToUpperInvariant()}, db{l} += column sums of D{l}, [{layer.Outputs} x rows] [rows x {layer.Inputs}]");
            w.Line($"{Kernels}.DenseWeightGradients<{T}>(d{l}, {input}, gradients.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)}), gradients.Slice({Int(layer.BiasOffset)}, {layer.Outputs}), rows, {layer.Inputs}, {layer.Outputs}, threads);");
            if (layer.Index == 1) continue;
            var below = Layers[layer.Index - 2];
            string b = Int(below.Index);
            w.Line($"// Layer {b} error: D{b} = (D{l} W{l}) * {EmitContext.ActivationName(EmitContext.ActivationOf(below))}'(Z{b}), [rows x {layer.Outputs}] [{layer.Outputs} x {layer.Inputs}]");
            w.Line($"{Kernels}.DenseInputDeltas<{T}>(d{l}, {Storage.View("_parameters", layer, true)}, a{b}, d{b}, rows, {layer.Inputs}, {layer.Outputs}, {ActivationConstant(below)}, threads);");
        }
        w.Line("return loss;");
    }
}
