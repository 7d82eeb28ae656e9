using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The batched path of small networks (every layer unrolled): the unrolled statements run on vectors, one sample per
/// lane. The lane methods are generic over <c>TLanes</c> (an <c>ILanes</c>: 512-bit, 256-bit or one sample), so one
/// body serves every SIMD width and the remainder rows; the statements read like the per-sample ones, with
/// <c>a1_0</c> for <c>a1[0]</c>. Backward adds each gradient in a vector register across the rows and adds the lanes
/// into the gradients once, at the end, in the flat order.
/// </summary>
internal sealed class LaneBatchBody : BatchBody
{
    private const string ReadOnlySpan = EmitContext.ReadOnlySpan;
    private const string Span = EmitContext.Span;
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    public LaneBatchBody(EmitContext context, ParameterStorage storage) : base(context, storage) { }

    private string T => Context.Keyword;

    private NumberType Number => Context.T;

    private IReadOnlyList<LayerSpec> Layers => _layers ??= Context.Net.Layers.ToList();

    private List<LayerSpec>? _layers;


    private string Constraint => $"where TLanes : struct, global::NetGen.ILanes<TLanes, {T}>";

    private static string Int(long value) => EmitContext.Int(value);

    public override string PredictBatchText =>
        "The unrolled statements run on vectors, one sample per lane (16 floats or 8 doubles with AVX-512, 8 or 4 with AVX2), the remaining rows one at a time.";

    public override string TrainBatchText =>
        "The unrolled statements run on vectors, one sample per lane, on up to <see cref=\"DegreeOfParallelism\"/> threads.";

    /// <summary>Everything stays in registers: no scratch.</summary>
    public override int TrainingScratchPerRow => 0;

    /// <summary>The value of unit <paramref name="unit"/> of layer <paramref name="layer"/> (0: the inputs) on the lanes.</summary>
    private static string Value(int layer, int unit) => layer == 0 ? "x" + Int(unit) : $"a{Int(layer)}_{Int(unit)}";

    private static string Delta(int layer, int unit) => $"d{Int(layer)}_{Int(unit)}";

    /// <summary>The three calls that pick the widest SIMD width the CPU runs in hardware, then finish one row at a time.</summary>
    private void EmitWidthDispatch(string call, string arguments)
    {
        var w = Context.W;
        w.Line($"if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) {call}<global::NetGen.Lanes512<{T}>>({arguments});");
        w.Line($"else if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) {call}<global::NetGen.Lanes256<{T}>>({arguments});");
        w.Line($"{call}<global::NetGen.Lanes1<{T}>>({arguments});");
    }

    public override void EmitPredictBatch()
    {
        var w = Context.W;
        w.Line("// One sample per vector lane: whole blocks of rows at the widest SIMD width, then the remaining rows one at a time.");
        w.Line("int row = 0;");
        EmitWidthDispatch("PredictLanes", "inputs, outputs, ref row, rows");
    }

    public override void EmitPredictMembers()
    {
        var w = Context.W;
        w.Line("/// <summary>");
        w.Line("/// The forward pass of <see cref=\"Run\"/> on vectors, one sample per lane: rows <paramref name=\"row\"/> on, <c>TLanes.Count</c>");
        w.Line("/// at a time, while whole blocks remain (<paramref name=\"row\"/> is left at the first row not computed).");
        w.Line("/// </summary>");
        using (w.Block($"private void PredictLanes<TLanes>({ReadOnlySpan}<{T}> inputs, {Span}<{T}> outputs, ref int row, int rows) {Constraint}"))
        {
            EmitParameterSpans();
            using (w.Block("for (; row + TLanes.Count <= rows; row += TLanes.Count)"))
            {
                EmitLoadInputs();
                EmitForward();
                w.Line();
                w.Line("// Lane k of each output goes to row (row + k).");
                w.Line($"{Span}<{T}> outputRows = outputs.Slice(row * OutputSize, TLanes.Count * OutputSize);");
                for (int k = 0; k < Context.OutputLayer.Outputs; k++)
                {
                    w.Line($"TLanes.Store({Value(Context.OutputLayer.Index, k)}, outputRows, OutputSize, {k});");
                }
            }
        }
        w.Line();
        EmitForwardHelpers();
    }

    public override void EmitTrainRows()
    {
        var w = Context.W;
        w.Line("// One sample per vector lane (no scratch): whole blocks of rows at the widest SIMD width, then the remaining rows one at a time.");
        w.Line("int row = 0;");
        w.Line("double loss = 0;");
        w.Line($"if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) loss += TrainLanes<global::NetGen.Lanes512<{T}>>(x, targets, ref row, rows, gradients);");
        w.Line($"else if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) loss += TrainLanes<global::NetGen.Lanes256<{T}>>(x, targets, ref row, rows, gradients);");
        w.Line($"loss += TrainLanes<global::NetGen.Lanes1<{T}>>(x, targets, ref row, rows, gradients);");
        w.Line("return loss;");
    }

    public override void EmitTrainMembers()
    {
        var w = Context.W;
        var output = Context.OutputLayer;
        int L = output.Index;
        w.Line("/// <summary>");
        w.Line("/// Forward and backward on vectors, one sample per lane: the statements of <see cref=\"Run\"/> and <see cref=\"Backward\"/> on rows");
        w.Line("/// <paramref name=\"row\"/> on, <c>TLanes.Count</c> at a time, while whole blocks remain. Each gradient is summed per lane in a");
        w.Line("/// register across the blocks; the lanes are added into <paramref name=\"gradients\"/> once, at the end, in the flat order.");
        w.Line("/// Returns the sum of the samples' losses.");
        w.Line("/// </summary>");
        using (w.Block($"private double TrainLanes<TLanes>({ReadOnlySpan}<{T}> inputs, {ReadOnlySpan}<{T}> targets, ref int row, int rows, {Span}<{T}> gradients) {Constraint}"))
        {
            w.Line("if (row + TLanes.Count > rows) return 0;");
            EmitParameterSpans();
            w.Line("// The gradient sums, one lane per sample.");
            foreach (var layer in Layers)
            {
                string l = Int(layer.Index);
                for (int j = 0; j < layer.Outputs; j++)
                {
                    var names = Enumerable.Range(0, layer.Inputs).Select(i => $"gw{l}_{Int((long)j * layer.Inputs + i)} = default").ToList();
                    names.Add($"gb{l}_{Int(j)} = default");
                    Context.EmitDeclarations("TLanes", names);
                }
            }
            w.Line("double loss = 0;");
            using (w.Block("for (; row + TLanes.Count <= rows; row += TLanes.Count)"))
            {
                EmitLoadInputs();
                EmitForward();
                w.Line();
                w.Line("// The targets: lane k of t0, t1, ... holds row (row + k)'s.");
                w.Line($"{ReadOnlySpan}<{T}> targetRows = targets.Slice(row * OutputSize, TLanes.Count * OutputSize);");
                var targetsLine = Enumerable.Range(0, output.Outputs).Select(k => $"t{Int(k)} = TLanes.Load(targetRows, OutputSize, {k})").ToList();
                Context.EmitDeclarations("TLanes", targetsLine);
                w.Line($"// Each lane's loss: {Context.Loss.Formula}.");
                var terms = Enumerable.Range(0, output.Outputs).Select(k => $"LossTerm({Value(L, k)}, t{Int(k)})").ToList();
                Context.EmitSum("TLanes sum = ", terms);
                w.Line($"loss += TLanes.SumToDouble({Context.Loss.Total(Number)});");
                w.Line();
                w.Line(Context.OutputErrorComment());
                for (int k = 0; k < output.Outputs; k++) w.Line($"TLanes {Delta(L, k)} = OutputError({Value(L, k)}, t{Int(k)});");
                foreach (var layer in Layers.Reverse())
                {
                    w.Line();
                    EmitGradients(layer);
                    if (layer.Index > 1)
                    {
                        w.Line();
                        EmitErrorBelow(layer);
                    }
                }
            }
            w.Line();
            w.Line("// Each gradient's lanes, added to the gradients in the flat order.");
            foreach (var layer in Layers)
            {
                string l = Int(layer.Index);
                for (int j = 0; j < layer.Outputs; j++)
                {
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        long k = (long)j * layer.Inputs + i;
                        w.Line($"gradients[{Int(layer.WeightOffset + k)}] += TLanes.Sum(gw{l}_{Int(k)});");
                    }
                }
                for (int j = 0; j < layer.Outputs; j++) w.Line($"gradients[{Int(layer.BiasOffset + j)}] += TLanes.Sum(gb{l}_{Int(j)});");
            }
            w.Line("return loss;");
        }
        w.Line();
        EmitTrainHelpers();
    }

    private void EmitParameterSpans()
    {
        var w = Context.W;
        w.Line("// The parameters: each weight and bias multiplies or adds to every lane.");
        foreach (var layer in Layers)
        {
            string l = Int(layer.Index);
            w.Line($"{ReadOnlySpan}<{T}> w{l} = {Storage.View("_parameters", layer, true)}, b{l} = {Storage.View("_parameters", layer, false)};");
        }
    }

    private void EmitLoadInputs()
    {
        var w = Context.W;
        w.Line("// One sample per lane: lane k of x0, x1, ... holds row (row + k)'s inputs.");
        w.Line($"{ReadOnlySpan}<{T}> inputRows = inputs.Slice(row * InputSize, TLanes.Count * InputSize);");
        var loads = Enumerable.Range(0, Context.Net.InputSize).Select(i => $"x{Int(i)} = TLanes.Load(inputRows, InputSize, {i})").ToList();
        Context.EmitDeclarations("TLanes", loads);
    }

    /// <summary>Every layer's statements of Run, on lanes: <c>TLanes a1_0 = Sigmoid(w1[0] * x0 + w1[1] * x1 + b1[0]);</c>.</summary>
    private void EmitForward()
    {
        var w = Context.W;
        foreach (var layer in Layers)
        {
            var activation = EmitContext.ActivationOf(layer);
            string l = Int(layer.Index), input = layer.Index == 1 ? "x" : "a" + Int(layer.Index - 1);
            w.Line();
            w.Line($"// Layer {l}: dense {layer.Inputs} -> {layer.Outputs}. z{l} = W{l} {input} + b{l}, a{l} = {EmitContext.ActivationName(activation)}(z{l})");
            for (int j = 0; j < layer.Outputs; j++)
            {
                var terms = Enumerable.Range(0, layer.Inputs).Select(i => $"w{l}[{Int((long)j * layer.Inputs + i)}] * {Value(layer.Index - 1, i)}").ToList();
                terms.Add($"b{l}[{j}]");
                if (activation.IsSoftmax || activation.IsIdentity) Context.EmitSum($"TLanes {Value(layer.Index, j)} = ", terms);
                else Context.EmitSum($"TLanes {Value(layer.Index, j)} = ", terms, activation.Name + "(", ");");
            }
            if (activation.IsSoftmax) EmitSoftmax(layer);
        }
    }

    /// <summary>Softmax in place over a layer's lanes, as Kernels.Softmax computes it for one sample: e^(z - max z) / sum.</summary>
    private void EmitSoftmax(LayerSpec layer)
    {
        var w = Context.W;
        string l = Int(layer.Index);
        var units = Enumerable.Range(0, layer.Outputs).Select(j => Value(layer.Index, j)).ToList();
        w.Line($"// softmax(z{l})_k = e^(z_k - max z) / sum_j e^(z_j - max z), per lane");
        string max = units[0];
        for (int j = 1; j < units.Count; j++) max = $"TLanes.Max({max}, {units[j]})";
        w.Line($"TLanes max{l} = {max};");
        foreach (string unit in units) w.Line($"{unit} = TLanes.Exp({unit} - max{l});");
        Context.EmitSum($"TLanes sum{l} = ", units);
        foreach (string unit in units) w.Line($"{unit} /= sum{l};");
    }

    /// <summary>dL/dW += d input^T and dL/db += d, on lanes (each lane sums its own samples).</summary>
    private void EmitGradients(LayerSpec layer)
    {
        var w = Context.W;
        string l = Int(layer.Index), input = layer.Index == 1 ? "x" : "a" + Int(layer.Index - 1);
        w.Line($"// Layer {l} gradients: dL/dW{l} += d{l} {input}^T, dL/db{l} += d{l}");
        for (int j = 0; j < layer.Outputs; j++)
        {
            for (int i = 0; i < layer.Inputs; i++)
            {
                w.Line($"gw{l}_{Int((long)j * layer.Inputs + i)} += {Delta(layer.Index, j)} * {Value(layer.Index - 1, i)};");
            }
            w.Line($"gb{l}_{Int(j)} += {Delta(layer.Index, j)};");
        }
    }

    /// <summary>The error of the layer below, d(l-1) = (Wl^T dl) * f'(a(l-1)), written as UnrolledLayerBody writes it.</summary>
    private void EmitErrorBelow(LayerSpec layer)
    {
        var w = Context.W;
        int below = layer.Index - 1;
        string l = Int(layer.Index), b = Int(below);
        var activation = EmitContext.ActivationOf(Layers[below - 1]);
        w.Line(activation.IsIdentity
            ? $"// Layer {b} error: d{b} = W{l}^T d{l} (linear, f' = 1)"
            : $"// Layer {b} error: d{b} = (W{l}^T d{l}) * f'(z{b}), {activation.DerivativeFormula}");
        for (int i = 0; i < layer.Inputs; i++)
        {
            var terms = Enumerable.Range(0, layer.Outputs).Select(j => $"w{l}[{Int((long)j * layer.Inputs + i)}] * {Delta(layer.Index, j)}").ToList();
            string target = $"TLanes {Delta(below, i)} = ";
            if (activation.IsIdentity) Context.EmitSum(target, terms);
            else if (terms.Count == 1) Context.EmitSum(target, terms, $"{activation.Name}Derivative({Value(below, i)}) * ");
            else Context.EmitSum(target, terms, $"{activation.Name}Derivative({Value(below, i)}) * (", ");");
        }
    }

    private IEnumerable<Activation> UsedActivations =>
        Layers.Select(EmitContext.ActivationOf).Where(a => !a.IsIdentity && !a.IsSoftmax).Distinct();

    /// <summary>The activations on lanes, beside their scalar forms (same names: overloads for TLanes).</summary>
    private void EmitForwardHelpers()
    {
        var w = Context.W;
        foreach (var activation in UsedActivations)
        {
            w.Line($"// {activation.Formula}, one sample per lane");
            w.Line(Inline);
            w.Line($"private static TLanes {activation.Name}<TLanes>(TLanes z) {Constraint} => {activation.LaneForwardExpression(Number)};");
            w.Line();
        }
    }

    private void EmitTrainHelpers()
    {
        var w = Context.W;
        var hidden = Layers.Take(Layers.Count - 1).Select(EmitContext.ActivationOf).ToList();
        var outputActivation = EmitContext.ActivationOf(Context.OutputLayer);
        foreach (var activation in UsedActivations)
        {
            bool used = hidden.Contains(activation) || (activation == outputActivation && Context.Loss.FusedActivation != activation.Name);
            if (!used) continue;
            w.Line($"// {activation.DerivativeFormula}, from the activation a, one sample per lane");
            w.Line(Inline);
            w.Line($"private static TLanes {activation.Name}Derivative<TLanes>(TLanes a) {Constraint} => {activation.LaneDerivativeExpression(Number)};");
            w.Line();
        }
        if (Context.Loss.UsesLog)
        {
            w.Line("// ln v clamped below at -100, one sample per lane");
            w.Line(Inline);
            w.Line($"private static TLanes ClampedLog<TLanes>(TLanes v) {Constraint} => TLanes.Max(TLanes.Log(v), TLanes.Create({Number.Literal(-100)}));");
            w.Line();
        }
        w.Line($"// One output's term of the loss ({Context.Loss.Formula}), one sample per lane");
        w.Line(Inline);
        using (w.Block($"private static TLanes LossTerm<TLanes>(TLanes y, TLanes t) {Constraint}"))
        {
            w.Line("TLanes sum = default;");
            foreach (string statement in Context.Loss.Term(Number, "TLanes")) w.Line(statement);
            w.Line("return sum;");
        }
        w.Line();
        w.Line("// dL/dz of one output from its activation y and target t, one sample per lane");
        w.Line(Inline);
        w.Line($"private static TLanes OutputError<TLanes>(TLanes y, TLanes t) {Constraint} => {Context.OutputError()};");
        w.Line();
    }
}
