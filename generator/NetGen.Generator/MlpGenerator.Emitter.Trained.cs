using System.Linq;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;

namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    internal sealed partial class Emitter
    {
        /// <summary>
        /// The nested static class <c>Trained</c>: the network with the parameters of its <c>Weights</c> file compiled in.
        /// Small layers carry the weights as literals in their unrolled statements; larger layers loop over slices of the
        /// read-only <c>Parameters</c> data. Predict and PredictBatch are the instance's, made static (PredictBatch calls the
        /// instance's static batched members with that data).
        /// </summary>
        private void EmitTrained(BakedWeights baked)
        {
            string file = baked.FileName.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
            _w.Line("/// <summary>");
            _w.Line($"/// The trained network compiled from {file}: static, allocation-free and thread-safe, with no file to read and nothing");
            _w.Line("/// parsed at start-up (the weights are constants in the code and read-only data in the assembly).");
            _w.Line("/// </summary>");
            _w.Line(GeneratedCodeAttribute);
            using (_w.Block("public static class Trained"))
            {
                new BakedParameterData(_context, baked).Emit();

                string kind = _context.Trainable ? "trainable network (for fine-tuning)" : "network";
                _w.Line($"/// <summary>A new {kind} holding the trained parameters: the same predictions as <see cref=\"Trained\"/>, as an instance.</summary>");
                _w.Line($"/// <returns>A new <see cref=\"{_net.TypeName}\"/> whose parameters are {file}'s.</returns>");
                using (_w.Block($"public static {SelfType} Create()"))
                {
                    _w.Line($"{SelfType} network = new(seed: 0);");
                    _w.Line($"network.LoadParameters({BakedParameterData.Name});");
                    _w.Line("return network;");
                }
                _w.Line();

                EmitPredict("public static");
                EmitPredictBatch(BatchBody.For(_context, _storage), baked: true);
                EmitTrainedRun(baked);
            }
            _w.Line();
        }

        private void EmitTrainedRun(BakedWeights baked)
        {
            _w.Line("/// <summary>The forward pass with the trained parameters: runs every layer on <paramref name=\"x\"/>, leaving their activations in <paramref name=\"activations\"/>.</summary>");
            using (_w.Block($"private static void Run({ReadOnlySpan}<{_T}> x, ref Activations activations)"))
            {
                if (Layers.Any(l => !l.Unrolled))
                {
                    // One read of the data per call: optimized code turns it into a constant span; unoptimized (Debug) code pays a small allocation per read.
                    _w.Line($"{ReadOnlySpan}<{_T}> {EmitContext.Parameters} = {BakedParameterData.Name};");
                    _w.Line();
                }
                bool first = true;
                foreach (var layer in Layers)
                {
                    if (!first) _w.Line();
                    first = false;
                    var activation = ActivationOf(layer);
                    string l = Int(layer.Index), input = InputOf(layer);
                    _w.Line($"// Layer {l}: dense {layer.Inputs} -> {layer.Outputs}, trained. z{l} = W{l} {input} + b{l}, a{l} = {ActivationName(activation)}(z{l})");
                    if (!layer.Unrolled)
                    {
                        _w.Line($"{ReadOnlySpan}<{_T}> w{l} = {EmitContext.ParameterSlice(layer, true)}, b{l} = {EmitContext.ParameterSlice(layer, false)};");
                    }
                    _w.Line($"{Span}<{_T}> a{l} = activations.A{l};");
                    if (layer.Unrolled) new BakedLayerForward(_context, layer, baked).EmitForward(activation, input);
                    else BodyOf(layer).EmitForward(activation, input);
                    if (activation.IsSoftmax) _w.Line($"{Kernels}.Softmax(a{l});");
                }
            }
        }
    }
}
