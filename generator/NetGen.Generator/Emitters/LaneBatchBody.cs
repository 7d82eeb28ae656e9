using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The batched path of small networks (every layer unrolled): the unrolled statements run on vectors, one sample per
/// lane, <c>a1_0 = Sigmoid(w1[0] * x0 + w1[1] * x1 + b1_0);</c> with <c>x0</c> holding input 0 of 16 rows (AVX-512
/// floats). The same statements are written once per width (<see cref="LaneWidth"/>): 512 and 256 bits, and one
/// sample for the rows after the last whole vector (and machines without SIMD). The vector operators are JIT
/// intrinsics, one instruction each, so a body of hundreds of statements compiles to straight vector code (a generic
/// body over a lane wrapper type was tried first: the JIT stopped inlining its operators beyond a few dozen).
/// Backward adds each gradient per lane in a register across the rows and adds the lanes into the gradients once, at
/// the end, in the flat order. At 512 bits the loops take two blocks of rows per pass, statements side by side, where
/// both fit in registers (<see cref="TwoBlocks"/>); at 256 bits groups of blocks, one layer at a time
/// (<see cref="GroupsInTraining"/>), whose forward pass is one method that prediction and training share, each layer's
/// activation one loop (<see cref="AppliedInPlace"/>); at 512 bits <c>PredictBatch</c> of a network with tanh (or sigmoid,
/// when large) takes groups too (<see cref="GroupsInPredict"/>).
/// </summary>
internal sealed class LaneBatchBody : BatchBody
{
    private const string ReadOnlySpan = EmitContext.ReadOnlySpan;
    private const string Span = EmitContext.Span;
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
    private const string OutOfLine = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";
    private const string Intrinsics = "global::System.Runtime.Intrinsics";

    /// <summary>The width the lane code runs at: the hardware's widest, or the one a test run asks for (see the runtime's <c>Lanes</c>).</summary>
    private const string LaneBits = "global::NetGen.Lanes.Bits";

    private List<LayerSpec>? _layers;

    public LaneBatchBody(EmitContext context, ParameterStorage storage) : base(context, storage) { }

    private string T => Context.Keyword;

    private NumberType Number => Context.T;

    private IReadOnlyList<LayerSpec> Layers => _layers ??= Context.Net.Layers.ToList();

    private static string Int(long value) => EmitContext.Int(value);

    private LaneWidth[] VectorWidths => new[] { LaneWidth.Vector(512, Number), LaneWidth.Vector(256, Number) };

    public override string PredictBatchText =>
        "The unrolled statements run on vectors, one sample per lane (16 floats or 8 doubles with AVX-512, 8 or 4 with AVX2), the remaining rows one at a time.";

    public override string TrainBatchText =>
        "The unrolled statements run on vectors, one sample per lane, on up to <see cref=\"DegreeOfParallelism\"/> threads.";

    /// <summary>Below this many multiply-adds per batch (rows x parameters) a second thread costs more than it saves.</summary>
    private const int MinParallelWork = 1 << 20;

    public override string ThreadsArgument => "threads";

    public override string Schedule => "Chunks";

    public override string ParallelismText => "The result does not depend on it: a batch always splits into the same chunks, whose gradients add in a fixed order.";

    public override void EmitThreadChoice()
    {
        var w = Context.W;
        w.Line($"// A small network's batch is microseconds of work, less than handing half of it to another thread costs: below {Int(MinParallelWork)}");
        w.Line("// multiply-adds it runs on this thread (the chunks and the result are the same for any thread count).");
        w.Line($"int threads = (long)rows * ParameterCount < {Int(MinParallelWork)} ? 1 : _degreeOfParallelism;");
    }

    /// <summary>Everything stays in registers: no scratch.</summary>
    public override int TrainingScratchPerRow => 0;

    /// <summary>Unit <paramref name="unit"/> of layer <paramref name="layer"/> (0: the inputs) on the lanes, in block <paramref name="block"/>.</summary>
    private static string Value(int layer, int unit, RowBlock? block = null) =>
        (layer == 0 ? "x" + Int(unit) : $"a{Int(layer)}_{Int(unit)}") + block?.ValueSuffix;

    private static string Delta(int layer, int unit, RowBlock? block = null) => $"d{Int(layer)}_{Int(unit)}{block?.Suffix}";

    private static string Target(int unit, RowBlock block) => $"t{Int(unit)}{block.Suffix}";

    /// <summary>
    /// One block of rows in a loop: the first (names as in the per-sample code) or the second of two blocks whose
    /// statements alternate (names suffixed with b, rows one vector further on), or block g of a group, whose values
    /// live in spans over the group's blocks (<c>a1_0[g]</c>) and whose other names are the first block's.
    /// </summary>
    private sealed class RowBlock
    {
        private RowBlock(string suffix, string valueSuffix, string firstRow, string laneRow)
        {
            Suffix = suffix;
            ValueSuffix = valueSuffix;
            FirstRow = firstRow;
            LaneRow = laneRow;
        }

        public static readonly RowBlock First = new("", "", "row", "row + k");

        public static RowBlock Second(LaneWidth width) => new("b", "b", $"(row + {width.Count})", $"row + {width.Count} + k");

        public static RowBlock InGroup(LaneWidth width) => new("", "[g]", $"(row + {width.Count} * g)", $"row + {width.Count} g + k");

        /// <summary>What follows the names of the block's locals (errors, targets, row spans).</summary>
        public string Suffix { get; }

        /// <summary>What follows the names of the block's values (inputs and activations): "", "b" or "[g]".</summary>
        public string ValueSuffix { get; }

        /// <summary>The expression of the block's first row.</summary>
        public string FirstRow { get; }

        /// <summary>Lane k's row, for comments.</summary>
        public string LaneRow { get; }

        public bool IsGrouped => ValueSuffix == "[g]";
    }

    /// <summary>
    /// Whether the training loops take the rows in groups of up to <see cref="GroupBlocks"/> blocks and run each layer on
    /// every block of the group before the next layer, the values kept in stack spans (<c>a1_0[g]</c>): a block is one
    /// long chain of exp, division and ln, and the group's chains overlap where one block alone leaves the core waiting
    /// on each step's latency. At 256 bits only. Measured alternately with AVX-512 disabled, 2-2-1 in batches of 32
    /// (4,096 samples): 38.8-42.1 -> 26.6-27.4 us; 4,096 rows in one call 33 -> 18.5-24.8 us; 4-8-3 about unchanged;
    /// results the same to the bit. At 512 bits, where a batch of 32 is two blocks, groups were slower than two blocks
    /// side by side (<see cref="TwoBlocks"/>; 2-2-1 18.5-23.7 -> 22-28 us, 4-8-3 103-116 -> 132-141 us), and against one
    /// block at a time they were mixed on Zen 5 (batches of 32, 4,096 rows: 0.60x to 1.51x the speed, ReLU networks the
    /// slowest), so training keeps blocks there.
    /// </summary>
    private static bool GroupsInTraining(LaneWidth width) => width.Bits == 256;

    /// <summary>
    /// Whether <c>PredictBatch</c>'s vector loop takes groups of blocks (<see cref="GroupsInTraining"/>): at 256 bits, and
    /// at 512 bits for a network that does not fit two blocks in registers and has a tanh layer, or a sigmoid layer and
    /// more values than registers. There a block's forward pass inlines a copy of the activation per unit, more than the
    /// JIT keeps in registers, while the group form applies each layer's activation in one loop
    /// (<see cref="AppliedInPlace"/>). Measured on Zen 5 (AVX-512), 4,096 rows, alternately in one process, same bits: tanh
    /// 16-16-4 2.4x and 2.75x as fast, 10-16-8-3 2.8x and 3.1x, 5-10-10-1 2.1x, 6-16-3 1.5x and 1.7x, 4-8-3 1.1x and 1.3x,
    /// 2-6-1 1.2x; sigmoid 16-16-4 (36 values) 2.0x and 2.1x, 10-16-8-3 (37) 1.4x, but 6-16-3, 8-16-3, 12-12-2, 16-8-2 and
    /// 4-8-3 (15 to 27 values) 0.85x to 0.98x; ReLU 3-5-2 0.73x to 0.79x and 8-12-12-3 0.65x and 0.68x. Those keep one block
    /// at a time.
    /// </summary>
    private bool GroupsInPredict(LaneWidth width) =>
        GroupsInTraining(width) || (width.Bits == 512 && !TwoBlocks(width) && (HasLayer("Tanh") || (HasLayer("Sigmoid") && ValueNames.Count > VectorRegisters)));

    private bool HasLayer(string activation) => Layers.Any(layer => EmitContext.ActivationOf(layer).Name == activation);

    /// <summary>Whether some loop at <paramref name="width"/> uses groups, so that <c>ForwardLanes</c> and the in-place activations exist.</summary>
    private bool UsesGroups(LaneWidth width) => GroupsInTraining(width) || GroupsInPredict(width);

    /// <summary>Blocks per group: 4, fewer where the group's values would pass <see cref="MaxGroupBytes"/> of stack.</summary>
    private int GroupBlocks(LaneWidth width) =>
        (int)System.Math.Max(1, System.Math.Min(4, MaxGroupBytes / ((long)ValueNames.Count * width.Bits / 8)));

    private const long MaxGroupBytes = 16384;

    /// <summary>The values a block keeps from layer to layer, in the order of the group's buffer: the inputs, then each layer's units.</summary>
    private List<string> ValueNames => _valueNames ??=
        Enumerable.Range(0, Context.Net.InputSize).Select(i => Value(0, i))
            .Concat(Layers.SelectMany(layer => Enumerable.Range(0, layer.Outputs).Select(j => Value(layer.Index, j)))).ToList();

    private List<string>? _valueNames;

    /// <summary>Where value <paramref name="name"/>'s blocks start in the group's buffer.</summary>
    private long ValueOffset(string name, LaneWidth width) => (long)ValueNames.IndexOf(name) * GroupBlocks(width);

    /// <summary>The stack allocation that holds each value for the group's blocks.</summary>
    private void EmitGroupBuffer(LaneWidth width)
    {
        var w = Context.W;
        w.Line($"// Each value for each block of a group: lane k of x0[g] holds input 0 of row (row + {width.Count} g + k).");
        w.Line($"{Span}<{width.Type}> values = stackalloc {width.Type}[{Int((long)GroupBlocks(width) * ValueNames.Count)}];");
    }

    /// <summary>The spans over <c>values</c> of the values named in <paramref name="used"/> (all when null), in the buffer's order.</summary>
    private void EmitValueSpans(LaneWidth width, System.Func<string, bool>? used = null)
    {
        var spans = ValueNames.Where(name => used is null || used(name))
            .Select(name => $"{name} = values.Slice({Int(ValueOffset(name, width))}, {GroupBlocks(width)})").ToList();
        Context.EmitDeclarations($"{Span}<{width.Type}>", spans);
    }

    /// <summary>
    /// The forward pass of a group of blocks in a method of its own, which both <c>PredictLanes</c> and <c>TrainLanes</c>
    /// call. The JIT gives each method one inlining budget: in a single training method a network of a few hundred
    /// parameters used it up in the forward statements, and the backward's helpers (the activation's derivative, the
    /// loss term, the output error) became calls; so did most activations. Kept out of line (<c>NoInlining</c>) so that
    /// the split survives.
    /// </summary>
    private void EmitForwardLanes(LaneWidth width)
    {
        var w = Context.W;
        w.Line("/// <summary>");
        w.Line($"/// The statements of <see cref=\"Run\"/> on {width.Description}, one sample per lane, for <paramref name=\"blocks\"/> blocks of {width.Count} rows");
        w.Line("/// from <paramref name=\"row\"/> on: each layer on every block before the next. Every value goes to <paramref name=\"values\"/>");
        w.Line("/// (the inputs, then each layer's units, each value's blocks side by side).");
        w.Line("/// </summary>");
        w.Line(OutOfLine + " // its own inlining budget");
        using (w.Block($"private static void ForwardLanes{width.Bits}({ReadOnlySpan}<{T}> {EmitContext.Parameters}, {ReadOnlySpan}<{T}> inputs, int row, int blocks, {Span}<{width.Type}> values)"))
        {
            EmitParameters(width, fromArgument: true);
            EmitValueSpans(width);
            EmitGroupForward(width, RowBlock.InGroup(width));
        }
        w.Line();
    }

    /// <summary>The loop over groups of blocks; <paramref name="body"/> writes its steps, each a loop over the group's blocks.</summary>
    private void EmitGroupLoop(LaneWidth width, System.Action body)
    {
        var w = Context.W;
        int group = GroupBlocks(width);
        w.Line($"// Up to {group} blocks of {width.Count} rows at a time: each layer runs on every block before the next, so the blocks'");
        w.Line("// chains of exp, division and ln overlap (one block alone leaves the core waiting on each step's latency).");
        using (w.Block($"while (row + {width.Count} <= rows)"))
        {
            w.Line($"int blocks = global::System.Math.Min({group}, (rows - row) / {width.Count});");
            body();
            w.Line($"row += {width.Count} * blocks;");
        }
    }

    /// <summary>Every layer of a group, each a loop over its blocks (the first loads the inputs).</summary>
    private void EmitGroupForward(LaneWidth width, RowBlock block)
    {
        var w = Context.W;
        foreach (var layer in Layers)
        {
            if (layer.Index > 1) w.Line();
            using (w.Block("for (int g = 0; g < blocks; g++)"))
            {
                if (layer.Index == 1)
                {
                    EmitLoadInputs(width, block);
                    w.Line();
                }
                EmitLayer(layer, width, new[] { block });
            }
            var activation = EmitContext.ActivationOf(layer);
            if (AppliedInPlace(activation))
            {
                // The layer's units are side by side in the buffer: one slice holds all of them.
                long first = ValueOffset(Value(layer.Index, 0), width);
                string l = Int(layer.Index);
                w.Line($"{activation.Name}(values.Slice({Int(first)}, {Int((long)layer.Outputs * GroupBlocks(width))})); // a{l} = {EmitContext.ActivationName(activation)}(z{l}), in place, every unit and block of the group");
            }
        }
    }

    /// <summary>
    /// Whether a grouped layer's activation runs after its sums, in one loop over the layer's values
    /// (<c>Tanh(values.Slice(...))</c>) rather than wrapped around each sum. Inline, every unit's activation is one more
    /// copy of exp and division in the method: at 16 units the JIT ran out of registers to track them and kept the
    /// temporaries on the stack (16-16-4's forward pass took 2.3 times as long, measured with perf). One loop holds one
    /// copy, its constants in registers. Softmax, across a block's units, stays inline; linear has nothing to apply.
    /// </summary>
    private static bool AppliedInPlace(Activation activation) => !activation.IsIdentity && !activation.IsSoftmax;

    public override void EmitPredictBatch()
    {
        var w = Context.W;
        w.Line("// One sample per vector lane: whole blocks of rows at the widest SIMD width the CPU has (NetGen.Lanes.Bits), then the remaining rows one at a time.");
        w.Line("int row = 0;");
        w.Line($"if ({LaneBits} == 512) PredictLanes512({EmitContext.Parameters}, inputs, outputs, ref row, rows);");
        w.Line($"else if ({LaneBits} == 256) PredictLanes256({EmitContext.Parameters}, inputs, outputs, ref row, rows);");
        using (w.Block("for (; row < rows; row++)"))
        {
            w.Line("Predict(inputs.Slice(row * InputSize, InputSize), outputs.Slice(row * OutputSize, OutputSize));");
        }
    }

    public override void EmitPredictMembers()
    {
        var w = Context.W;
        foreach (var width in VectorWidths)
        {
            w.Line("/// <summary>");
            w.Line($"/// The statements of <see cref=\"Run\"/> on {width.Description}, one sample per lane: rows <paramref name=\"row\"/> on, a");
            w.Line("/// whole vector of rows at a time, while whole vectors remain (<paramref name=\"row\"/> is left at the first row not computed).");
            w.Line("/// </summary>");
            using (w.Block($"private static void PredictLanes{width.Bits}({ReadOnlySpan}<{T}> {EmitContext.Parameters}, {ReadOnlySpan}<{T}> inputs, {Span}<{T}> outputs, ref int row, int rows)"))
            {
                if (GroupsInPredict(width))
                {
                    var block = RowBlock.InGroup(width);
                    EmitGroupBuffer(width);
                    var outputs = new HashSet<string>(Enumerable.Range(0, Context.OutputLayer.Outputs).Select(k => Value(Context.OutputLayer.Index, k)));
                    EmitValueSpans(width, outputs.Contains);
                    EmitGroupLoop(width, () =>
                    {
                        w.Line($"ForwardLanes{width.Bits}({EmitContext.Parameters}, inputs, row, blocks, values);");
                        w.Line();
                        w.Line($"// Lane k of each output goes to row ({block.LaneRow}).");
                        using (w.Block("for (int g = 0; g < blocks; g++)")) EmitStoreOutputs(width, block);
                    });
                }
                else
                {
                    EmitParameters(width, fromArgument: true);
                    if (TwoBlocks(width))
                    {
                        w.Line("// Two blocks of rows at a time (the second's names end in b), their statements side by side, as in training.");
                        using (w.Block($"for (; row + 2 * {width.Count} <= rows; row += 2 * {width.Count})"))
                        {
                            EmitPredictBlocks(width, new[] { RowBlock.First, RowBlock.Second(width) });
                        }
                    }
                    using (w.Block($"for (; row + {width.Count} <= rows; row += {width.Count})"))
                    {
                        EmitPredictBlocks(width, new[] { RowBlock.First });
                    }
                }
            }
            w.Line();
        }
        foreach (var width in VectorWidths.Where(UsesGroups)) EmitForwardLanes(width);
        foreach (var width in VectorWidths) EmitForwardHelpers(width);
    }

    /// <summary>Forward of one or two blocks of rows, then each block's outputs stored to its rows.</summary>
    private void EmitPredictBlocks(LaneWidth width, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        foreach (var block in blocks) EmitLoadInputs(width, block);
        EmitForward(width, blocks);
        w.Line();
        w.Line("// Lane k of each output goes to row (row + k).");
        foreach (var block in blocks) EmitStoreOutputs(width, block);
    }

    private void EmitStoreOutputs(LaneWidth width, RowBlock block)
    {
        var w = Context.W;
        w.Line($"{Span}<{T}> outputRows{block.Suffix} = outputs.Slice({block.FirstRow} * OutputSize, {width.Count} * OutputSize);");
        for (int k = 0; k < Context.OutputLayer.Outputs; k++)
        {
            w.Line(width.Store(Value(Context.OutputLayer.Index, k, block), "outputRows" + block.Suffix, "OutputSize", k));
        }
    }

    /// <summary>
    /// The gradient sums added to <c>totals</c> in the flat order. On vectors, eight at a time through
    /// <c>AddSums</c> (one transposing tree for eight vectors' lane sums, the same bits as eight <c>Sum</c> calls), the
    /// last few one by one.
    /// </summary>
    private void EmitAddToTotals(LaneWidth width)
    {
        var w = Context.W;
        // sums[k] is the name of parameter k's sum.
        var sums = new string[Context.Net.ParameterCount];
        foreach (var layer in Layers)
        {
            for (long k = 0; k < layer.WeightCount; k++) sums[layer.WeightOffset + k] = WeightSum(layer, k, width);
            for (int j = 0; j < layer.Outputs; j++) sums[layer.BiasOffset + j] = BiasSum(layer, j, width);
        }
        if (width.IsScalar)
        {
            w.Line("// The sums, added to the totals in the flat order.");
            for (int k = 0; k < sums.Length; k++) w.Line($"totals[{Int(k)}] += {sums[k]};");
            return;
        }
        w.Line("// Each gradient's lanes, added to the totals in the flat order, eight gradients per call where eight remain.");
        int first = 0;
        if (SumsInSpan(width))
        {
            // The sums are a span: one loop over it rather than a call per eight.
            first = sums.Length - sums.Length % SumsPerCall;
            var args = string.Join(", ", Enumerable.Range(0, SumsPerCall).Select(i => i == 0 ? "sums[k]" : $"sums[k + {i}]"));
            w.Line($"for (int k = 0; k < {Int(first)}; k += {SumsPerCall}) {width.Lanes}.AddSums(totals.Slice(k, {SumsPerCall}), {args});");
        }
        else
        {
            for (; first + SumsPerCall <= sums.Length; first += SumsPerCall)
            {
                w.Line($"{width.Lanes}.AddSums(totals.Slice({Int(first)}, {Int(SumsPerCall)}), {string.Join(", ", sums.Skip(first).Take(SumsPerCall))});");
            }
        }
        for (int k = first; k < sums.Length; k++) w.Line($"totals[{Int(k)}] += {width.Sum(sums[k])};");
    }

    /// <summary>The name of weight <paramref name="k"/>'s gradient sum (row-major in the layer): <c>gw1_5</c>, or <c>sums[5]</c>.</summary>
    private string WeightSum(LayerSpec layer, long k, LaneWidth width) =>
        SumsInSpan(width) ? $"sums[{Int(layer.WeightOffset + k)}]" : $"gw{Int(layer.Index)}_{Int(k)}";

    /// <summary>The name of bias <paramref name="j"/>'s gradient sum: <c>gb1_0</c>, or <c>sums[20]</c>.</summary>
    private string BiasSum(LayerSpec layer, int j, LaneWidth width) =>
        SumsInSpan(width) ? $"sums[{Int(layer.BiasOffset + j)}]" : $"gb{Int(layer.Index)}_{Int(j)}";

    /// <summary>
    /// Whether the gradient sums live in one stack span in the flat order (<c>sums[k]</c>) rather than one local each:
    /// past <see cref="SpanSumsAbove"/> parameters they no longer fit in registers anyway, and hundreds of vector locals
    /// cost every call (the JIT stops tracking them and zeroes them all in the prologue; the epilogue passes them to
    /// <c>AddSums</c> by value). At 256 bits only (measured there, Zen 3, batches of 32): 16-16-4 (340 parameters) trained
    /// 9% to 12% faster (BenchmarkDotNet, alternately), 8-12-12-3 (303) 11% and 6-16-3 (163) 18% faster (a Stopwatch probe),
    /// 4-8-3 (67) no faster. Each sum adds the same values in the same order either way: the bits do not change.
    /// </summary>
    private bool SumsInSpan(LaneWidth width) => GroupsInTraining(width) && Context.Net.ParameterCount > SpanSumsAbove;

    private const int SpanSumsAbove = 128;

    /// <summary>The vectors one <c>AddSums</c> call sums.</summary>
    private const int SumsPerCall = 8;

    /// <summary>
    /// Whether the loops run two blocks of rows per pass, their statements side by side: each block is one long chain of
    /// exp, division and ln, and two independent chains keep the core busy where one leaves it waiting on each step's
    /// latency. Only where both blocks' values (inputs and units) and the gradient sums fit in AVX-512's 32 registers:
    /// measured at 512 bits, 2-2-1 (19 values) trained 1.27 times as fast, 4-8-3 (97, spilling) 1.08 times slower. At 256
    /// bits (AVX2's 16 registers) two blocks of 2-2-1 measured no faster (40.2 against 40.1 us), so at 512 bits only.
    /// </summary>
    private bool TwoBlocks(LaneWidth width) =>
        width.Bits == 512 && Context.Net.ParameterCount + 2L * ValueNames.Count <= VectorRegisters;

    /// <summary>The vector registers of an AVX-512 core.</summary>
    private const int VectorRegisters = 32;

    public override void EmitTrainRows()
    {
        var w = Context.W;
        w.Line("// One sample per vector lane (no scratch): whole blocks of rows at the widest SIMD width the CPU has (NetGen.Lanes.Bits), then the remaining rows one at a time.");
        w.Line("// Each gradient's total over these rows is added to the gradients in one addition, whatever the rows' split into");
        w.Line("// vector blocks and remainder: the contract of TrainRows that makes the result independent of the thread count.");
        w.Line($"{Span}<{T}> totals = stackalloc {T}[ParameterCount];");
        w.Line("int row = 0;");
        w.Line("double loss = 0;");
        w.Line($"if ({LaneBits} == 512) loss += TrainLanes512(x, targets, ref row, rows, totals);");
        w.Line($"else if ({LaneBits} == 256) loss += TrainLanes256(x, targets, ref row, rows, totals);");
        w.Line("if (row < rows) loss += TrainLanes1(x, targets, ref row, rows, totals);");
        w.Line("for (int i = 0; i < ParameterCount; i++) gradients[i] += totals[i];");
        w.Line("return loss;");
    }

    public override void EmitTrainMembers()
    {
        foreach (var width in VectorWidths.Concat(new[] { LaneWidth.Scalar(Number) })) EmitTrainLanes(width);
        foreach (var width in VectorWidths) EmitTrainHelpers(width);
        EmitTrainHelpers(LaneWidth.Scalar(Number));
    }

    private void EmitTrainLanes(LaneWidth width)
    {
        var w = Context.W;
        w.Line("/// <summary>");
        w.Line($"/// Forward and backward on {width.Description}: the statements of <see cref=\"Run\"/> and <see cref=\"Backward\"/>");
        w.Line("/// on rows <paramref name=\"row\"/> on, while whole vectors remain. Each gradient is summed per lane across the rows; the");
        w.Line("/// lanes are added into <paramref name=\"totals\"/> once, at the end, in the flat order. Returns the sum of the losses.");
        w.Line("/// </summary>");
        using (w.Block($"private double TrainLanes{width.Bits}({ReadOnlySpan}<{T}> inputs, {ReadOnlySpan}<{T}> targets, ref int row, int rows, {Span}<{T}> totals)"))
        {
            w.Line($"if (row + {width.Count} > rows) return 0;");
            if (GroupsInTraining(width)) EmitWeightsBelow();
            else EmitParameters(width, fromArgument: false);
            if (SumsInSpan(width))
            {
                w.Line("// The gradient sums, one lane per sample, in the flat order (a span: too many for registers).");
                w.Line($"{Span}<{width.Type}> sums = stackalloc {width.Type}[ParameterCount];");
            }
            else
            {
                w.Line(width.IsScalar ? "// The gradient sums of these rows." : "// The gradient sums, one lane per sample.");
                foreach (var layer in Layers)
                {
                    for (int j = 0; j < layer.Outputs; j++)
                    {
                        var names = Enumerable.Range(0, layer.Inputs).Select(i => $"{WeightSum(layer, (long)j * layer.Inputs + i, width)} = default").ToList();
                        names.Add($"{BiasSum(layer, j, width)} = default");
                        Context.EmitDeclarations(width.Type, names);
                    }
                }
            }
            // Vectors keep each lane's loss sum (in double) across the blocks and add the lanes once, at the end.
            w.Line(width.IsScalar ? "double loss = 0;" : $"{width.DoubleType} losses = default;");
            if (GroupsInTraining(width))
            {
                var block = RowBlock.InGroup(width);
                EmitGroupBuffer(width);
                EmitValueSpans(width);
                EmitGroupLoop(width, () =>
                {
                    w.Line($"ForwardLanes{width.Bits}(Parameters, inputs, row, blocks, values);");
                    w.Line();
                    w.Line("// The loss and backward, block by block: each gradient and loss lane adds the blocks in row order.");
                    using (w.Block("for (int g = 0; g < blocks; g++)")) EmitLossAndBackward(width, new[] { block });
                });
            }
            else
            {
                if (TwoBlocks(width))
                {
                    w.Line("// Two blocks of rows at a time (the second's names end in b), their statements side by side: each block is one long");
                    w.Line("// chain of exp, division and ln, and two independent chains keep the core busy where one leaves it waiting on each");
                    w.Line("// step's latency (AVX-512 has the 32 registers for both). Each gradient and loss lane still adds the first block's");
                    w.Line("// value, then the second's.");
                    using (w.Block($"for (; row + 2 * {width.Count} <= rows; row += 2 * {width.Count})"))
                    {
                        EmitTrainBlocks(width, new[] { RowBlock.First, RowBlock.Second(width) });
                    }
                }
                using (w.Block($"for (; row + {width.Count} <= rows; row += {width.Count})"))
                {
                    EmitTrainBlocks(width, new[] { RowBlock.First });
                }
            }
            w.Line();
            EmitAddToTotals(width);
            w.Line(width.IsScalar ? "return loss;" : $"return {width.Sum("losses")};");
        }
        w.Line();
    }

    /// <summary>Forward, loss and backward of one or two blocks of rows, each step written for every block in turn.</summary>
    private void EmitTrainBlocks(LaneWidth width, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        foreach (var block in blocks) EmitLoadInputs(width, block);
        EmitForward(width, blocks);
        w.Line();
        EmitLossAndBackward(width, blocks);
    }

    /// <summary>The targets, the loss and backward of one or two blocks of rows (their forward values computed).</summary>
    private void EmitLossAndBackward(LaneWidth width, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        var output = Context.OutputLayer;
        int L = output.Index;
        w.Line(width.IsScalar ? "// The targets of this row." : $"// The targets: lane k of t0, t1, ... holds row ({blocks[0].LaneRow})'s.");
        foreach (var block in blocks)
        {
            w.Line($"{ReadOnlySpan}<{T}> targetRows{block.Suffix} = targets.Slice({block.FirstRow} * OutputSize, {width.Count} * OutputSize);");
            var loads = Enumerable.Range(0, output.Outputs).Select(k => $"{Target(k, block)} = {width.Load("targetRows" + block.Suffix, "OutputSize", k)}").ToList();
            Context.EmitDeclarations(width.Type, loads);
        }
        w.Line($"// The loss, {Context.Loss.Formula}.");
        foreach (var block in blocks)
        {
            var terms = Enumerable.Range(0, output.Outputs).Select(k => $"LossTerm({Value(L, k, block)}, {Target(k, block)})").ToList();
            string sum = "sum" + block.Suffix;
            Context.EmitSum($"{width.Type} {sum} = ", terms);
            w.Line(width.IsScalar ? $"loss += {Context.Loss.Total(Number, sum)};" : $"losses = {width.Lanes}.AddToDouble(losses, {Context.Loss.Total(Number, sum)});");
        }
        w.Line();
        w.Line(width.IsScalar ? "// Every layer's error dL/dz." : "// Every layer's error dL/dz, one sample per lane.");
        foreach (var block in blocks)
        {
            Context.EmitDeclarations(width.Type, Layers.SelectMany(layer => Enumerable.Range(0, layer.Outputs).Select(j => Delta(layer.Index, j, block))).ToList());
        }
        w.Line(Context.OutputErrorComment());
        foreach (var block in blocks)
        {
            for (int k = 0; k < output.Outputs; k++) w.Line($"{Delta(L, k, block)} = OutputError({Value(L, k, block)}, {Target(k, block)});");
        }
        foreach (var layer in Layers.Reverse())
        {
            w.Line();
            EmitGradients(layer, width, blocks);
            if (layer.Index > 1)
            {
                w.Line();
                EmitErrorBelow(layer, blocks);
            }
        }
    }

    /// <summary>
    /// The parameter spans, and the biases in every lane (weights multiply vectors directly): slices of the
    /// <see cref="EmitContext.Parameters"/> argument in the static forward members (which the baked class calls too), the
    /// instance's storage in training.
    /// </summary>
    private void EmitParameters(LaneWidth width, bool fromArgument)
    {
        var w = Context.W;
        foreach (var layer in Layers) w.Line(LayerParameterSpans(layer, fromArgument));
        if (width.IsScalar) return;
        w.Line("// Each bias in every lane.");
        foreach (var layer in Layers)
        {
            string l = Int(layer.Index);
            for (int j = 0; j < layer.Outputs; j++) w.Line($"{width.Type} b{l}_{Int(j)} = {width.Broadcast($"b{l}[{j}]")};");
        }
    }

    /// <summary>The weights backward reads without the forward pass: those of layers 2 on, for the errors below them.</summary>
    private void EmitWeightsBelow()
    {
        foreach (var layer in Layers.Where(l => l.Index > 1))
        {
            Context.W.Line($"{ReadOnlySpan}<{T}> w{Int(layer.Index)} = {Storage.View("_parameters", layer, true)};");
        }
    }

    private void EmitLoadInputs(LaneWidth width, RowBlock block)
    {
        var w = Context.W;
        if (block.Suffix.Length == 0)
        {
            w.Line(width.IsScalar ? "// The inputs of this row." : $"// One sample per lane: lane k of x0, x1, ... holds row ({block.LaneRow})'s inputs.");
        }
        w.Line($"{ReadOnlySpan}<{T}> inputRows{block.Suffix} = inputs.Slice({block.FirstRow} * InputSize, {width.Count} * InputSize);");
        var loads = Enumerable.Range(0, Context.Net.InputSize).Select(i => $"{Value(0, i, block)} = {width.Load("inputRows" + block.Suffix, "InputSize", i)}").ToList();
        if (block.IsGrouped)
        {
            foreach (string load in loads) w.Line(load + ";");
        }
        else
        {
            Context.EmitDeclarations(width.Type, loads);
        }
    }

    /// <summary>Every layer's statements of Run on lanes: <c>a1_0 = Sigmoid(w1[0] * x0 + w1[1] * x1 + b1_0);</c>.</summary>
    private void EmitForward(LaneWidth width, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        w.Line(width.IsScalar ? "// Every layer's activations." : "// Every layer's activations, one sample per lane.");
        foreach (var block in blocks)
        {
            Context.EmitDeclarations(width.Type, Layers.SelectMany(layer => Enumerable.Range(0, layer.Outputs).Select(j => Value(layer.Index, j, block))).ToList());
        }
        foreach (var layer in Layers)
        {
            w.Line();
            EmitLayer(layer, width, blocks);
        }
    }

    /// <summary>One layer's statements for each block: <c>a1_0 = Sigmoid(w1[0] * x0 + w1[1] * x1 + b1_0);</c>.</summary>
    private void EmitLayer(LayerSpec layer, LaneWidth width, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        var activation = EmitContext.ActivationOf(layer);
        string l = Int(layer.Index), input = layer.Index == 1 ? "x" : "a" + Int(layer.Index - 1);
        w.Line(blocks.Any(b => b.IsGrouped) && AppliedInPlace(activation)
            ? $"// Layer {l}: dense {layer.Inputs} -> {layer.Outputs}. z{l} = W{l} {input} + b{l} (its activation after the loop)"
            : $"// Layer {l}: dense {layer.Inputs} -> {layer.Outputs}. z{l} = W{l} {input} + b{l}, a{l} = {EmitContext.ActivationName(activation)}(z{l})");
        foreach (var block in blocks)
        {
            for (int j = 0; j < layer.Outputs; j++)
            {
                var terms = Enumerable.Range(0, layer.Inputs).Select(i => $"w{l}[{Int((long)j * layer.Inputs + i)}] * {Value(layer.Index - 1, i, block)}").ToList();
                terms.Add(width.IsScalar ? $"b{l}[{j}]" : $"b{l}_{Int(j)}");
                if (activation.IsSoftmax || activation.IsIdentity || (block.IsGrouped && AppliedInPlace(activation))) Context.EmitSum($"{Value(layer.Index, j, block)} = ", terms);
                else Context.EmitSum($"{Value(layer.Index, j, block)} = ", terms, activation.Name + "(", ");");
            }
        }
        if (activation.IsSoftmax)
        {
            foreach (var block in blocks) EmitSoftmax(layer, width, block);
        }
    }

    /// <summary>Softmax in place over a layer's lanes, as Kernels.Softmax computes it for one sample: e^(z - max z) / sum.</summary>
    private void EmitSoftmax(LayerSpec layer, LaneWidth width, RowBlock block)
    {
        var w = Context.W;
        string l = Int(layer.Index), max = $"max{l}{block.Suffix}", sum = $"sum{l}{block.Suffix}";
        var units = Enumerable.Range(0, layer.Outputs).Select(j => Value(layer.Index, j, block)).ToList();
        if (block.Suffix.Length == 0) w.Line($"// softmax(z{l})_k = e^(z_k - max z) / sum_j e^(z_j - max z)");
        string largest = units[0];
        for (int j = 1; j < units.Count; j++) largest = width.Max(largest, units[j]);
        w.Line($"{width.Type} {max} = {largest};");
        foreach (string unit in units) w.Line($"{unit} = {width.Exp($"{unit} - {max}")};");
        Context.EmitSum($"{width.Type} {sum} = ", units);
        foreach (string unit in units) w.Line($"{unit} /= {sum};");
    }

    /// <summary>dL/dW += d input^T and dL/db += d (on lanes, each lane summing its own samples).</summary>
    private void EmitGradients(LayerSpec layer, LaneWidth width, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        string l = Int(layer.Index), input = layer.Index == 1 ? "x" : "a" + Int(layer.Index - 1);
        w.Line(SumsInSpan(width)
            ? $"// Layer {l} gradients: dL/dW{l} += d{l} {input}^T into sums[{Int(layer.WeightOffset)}..{Int(layer.BiasOffset - 1)}] (row-major), dL/db{l} += d{l} into sums[{Int(layer.BiasOffset)}..{Int(layer.BiasOffset + layer.Outputs - 1)}]"
            : $"// Layer {l} gradients: dL/dW{l} += d{l} {input}^T, dL/db{l} += d{l}");
        foreach (var block in blocks)
        {
            for (int j = 0; j < layer.Outputs; j++)
            {
                for (int i = 0; i < layer.Inputs; i++)
                {
                    w.Line($"{WeightSum(layer, (long)j * layer.Inputs + i, width)} += {Delta(layer.Index, j, block)} * {Value(layer.Index - 1, i, block)};");
                }
                w.Line($"{BiasSum(layer, j, width)} += {Delta(layer.Index, j, block)};");
            }
        }
    }

    /// <summary>The error of the layer below, d(l-1) = (Wl^T dl) * f'(a(l-1)), written as UnrolledLayerBody writes it.</summary>
    private void EmitErrorBelow(LayerSpec layer, IReadOnlyList<RowBlock> blocks)
    {
        var w = Context.W;
        int below = layer.Index - 1;
        string l = Int(layer.Index), b = Int(below);
        var activation = EmitContext.ActivationOf(Layers[below - 1]);
        w.Line(activation.IsIdentity
            ? $"// Layer {b} error: d{b} = W{l}^T d{l} (linear, f' = 1)"
            : $"// Layer {b} error: d{b} = (W{l}^T d{l}) * f'(z{b}), {activation.DerivativeFormula}");
        foreach (var block in blocks)
        {
            for (int i = 0; i < layer.Inputs; i++)
            {
                var terms = Enumerable.Range(0, layer.Outputs).Select(j => $"w{l}[{Int((long)j * layer.Inputs + i)}] * {Delta(layer.Index, j, block)}").ToList();
                string target = $"{Delta(below, i, block)} = ";
                if (activation.IsIdentity) Context.EmitSum(target, terms);
                else if (terms.Count == 1) Context.EmitSum(target, terms, $"{activation.Name}Derivative({Value(below, i, block)}) * ");
                else Context.EmitSum(target, terms, $"{activation.Name}Derivative({Value(below, i, block)}) * (", ");");
            }
        }
    }

    private IEnumerable<Activation> UsedActivations =>
        Layers.Select(EmitContext.ActivationOf).Where(a => !a.IsIdentity && !a.IsSoftmax).Distinct();

    /// <summary>The activations on one vector width: overloads of the scalar helpers (same names, same math).</summary>
    private void EmitForwardHelpers(LaneWidth width)
    {
        var w = Context.W;
        foreach (var activation in UsedActivations)
        {
            w.Line($"// {activation.Formula}, on {width.Description}");
            w.Line(Inline);
            w.Line($"private static {width.Type} {activation.Name}({width.Type} z) => {activation.LaneForwardExpression(Number, width.Type, width.Lanes)};");
            w.Line();
            if (UsesGroups(width))
            {
                w.Line($"// {activation.Name} in place on each vector: a layer's activation in one loop (see ForwardLanes{width.Bits})");
                w.Line(OutOfLine);
                using (w.Block($"private static void {activation.Name}({Span}<{width.Type}> values)"))
                {
                    w.Line($"for (int i = 0; i < values.Length; i++) values[i] = {activation.Name}(values[i]);");
                }
                w.Line();
            }
        }
    }

    /// <summary>The derivatives, the loss term and the output error on one width (the scalar ones exist for the per-sample path but for the last two).</summary>
    private void EmitTrainHelpers(LaneWidth width)
    {
        var w = Context.W;
        string v = width.Type;
        if (!width.IsScalar)
        {
            var hidden = Layers.Take(Layers.Count - 1).Select(EmitContext.ActivationOf).ToList();
            var outputActivation = EmitContext.ActivationOf(Context.OutputLayer);
            foreach (var activation in UsedActivations)
            {
                bool used = hidden.Contains(activation) || (activation == outputActivation && Context.Loss.FusedActivation != activation.Name);
                if (!used) continue;
                w.Line($"// {activation.DerivativeFormula}, from the activation a, on {width.Description}");
                w.Line(Inline);
                w.Line($"private static {v} {activation.Name}Derivative({v} a) => {activation.LaneDerivativeExpression(Number, v, width.Lanes)};");
                w.Line();
            }
            if (Context.Loss.UsesLog)
            {
                w.Line($"// ln v clamped below at -100, on {width.Description}");
                w.Line(Inline);
                w.Line($"private static {v} ClampedLog({v} v) => {width.Max($"{width.Lanes}.Log(v)", width.Broadcast(Number.Literal(-100)))};");
                w.Line();
            }
        }
        w.Line($"// One output's term of the loss, {Context.Loss.Formula}, on {width.Description}");
        w.Line(Inline);
        using (w.Block($"private static {v} LossTerm({v} y, {v} t)"))
        {
            w.Line($"{v} sum = default;");
            foreach (string statement in Context.Loss.Term(Number, v, width.One)) w.Line(statement);
            w.Line("return sum;");
        }
        w.Line();
        w.Line($"// dL/dz of one output from its activation y and target t, on {width.Description}");
        w.Line(Inline);
        w.Line($"private static {v} OutputError({v} y, {v} t) => {Context.OutputError()};");
        w.Line();
    }

    /// <summary>One width of the lane body: how its values are typed, loaded, stored, broadcast and summed.</summary>
    private sealed class LaneWidth
    {
        private readonly NumberType _number;

        private LaneWidth(int bits, NumberType number)
        {
            Bits = bits;
            _number = number;
        }

        public static LaneWidth Vector(int bits, NumberType number) => new(bits, number);

        public static LaneWidth Scalar(NumberType number) => new(1, number);

        /// <summary>512, 256, or 1 for one sample at a time.</summary>
        public int Bits { get; }

        public bool IsScalar => Bits == 1;

        /// <summary>The type of a value on the lanes: <c>Vector512&lt;float&gt;</c>, or the number type.</summary>
        public string Type => IsScalar ? _number.Keyword : $"{Intrinsics}.Vector{Bits}<{_number.Keyword}>";

        /// <summary>The runtime's lane functions for the width.</summary>
        public string Lanes => $"global::NetGen.Lanes{Bits}";

        /// <summary>Rows per block: the lanes of the width for the number type (16 floats in 512 bits).</summary>
        public string Count => IsScalar ? "1" : Int(Bits / (_number.Keyword == "float" ? 32 : 64));

        public string Description => IsScalar ? "one sample" : $"{Bits}-bit vectors";

        public string One => IsScalar ? _number.Literal(1) : $"{Type}.One";

        public string Load(string rows, string width, int column) => IsScalar ? $"{rows}[{column}]" : $"{Lanes}.Load({rows}, {width}, {column})";

        public string Store(string value, string rows, string width, int column) =>
            IsScalar ? $"{rows}[{column}] = {value};" : $"{Lanes}.Store({value}, {rows}, {width}, {column});";

        public string Broadcast(string value) => IsScalar ? value : $"{Intrinsics}.Vector{Bits}.Create({value})";

        public string Sum(string value) => IsScalar ? value : $"{Lanes}.Sum({value})";

        /// <summary>The vector of doubles as wide as the width: <c>Vector512&lt;double&gt;</c>.</summary>
        public string DoubleType => $"{Intrinsics}.Vector{Bits}<double>";

        public string Exp(string value) => IsScalar ? $"{_number.Math}.Exp({value})" : $"{Lanes}.Exp({value})";

        public string Max(string x, string y) => IsScalar ? $"{_number.Math}.Max({x}, {y})" : $"{Lanes}.Max({x}, {y})";
    }
}
