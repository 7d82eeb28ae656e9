using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// How a network's <c>PredictBatch</c> and <c>TrainBatch</c> compute: one subclass per emitted shape. The emitter writes
/// the public members (documentation, signatures, argument checks, the chunked training schedule) and asks the body
/// for the statements inside them and the private members they call.
/// </summary>
internal abstract class BatchBody
{
    /// <summary>
    /// The most parameters a network may have for the lane body. Its training method takes about 100 bytes of IL per
    /// parameter, and the JIT compiles a method of more than 60,000 bytes of IL without optimizations (MinOpts): a
    /// 596-parameter network's did, measured; 400 leaves a margin.
    /// </summary>
    public const long MaxLaneParameters = 400;

    protected BatchBody(EmitContext context, ParameterStorage storage)
    {
        Context = context;
        Storage = storage;
    }

    protected EmitContext Context { get; }

    protected ParameterStorage Storage { get; }

    /// <summary>
    /// The declaration of layer <c>l</c>'s weight and bias spans, <c>w{l}</c> and <c>b{l}</c>: slices of the
    /// <see cref="EmitContext.Parameters"/> argument (<paramref name="fromArgument"/>: the static forward members, which
    /// the baked class calls too) or views of the instance's storage (training).
    /// </summary>
    protected string LayerParameterSpans(LayerSpec layer, bool fromArgument)
    {
        string l = EmitContext.Int(layer.Index);
        string weights = fromArgument ? EmitContext.ParameterSlice(layer, true) : Storage.View("_parameters", layer, true);
        string biases = fromArgument ? EmitContext.ParameterSlice(layer, false) : Storage.View("_parameters", layer, false);
        return $"{EmitContext.ReadOnlySpan}<{Context.Keyword}> w{l} = {weights}, b{l} = {biases};";
    }

    /// <summary>
    /// The body for <paramref name="context"/>'s network: lanes (one sample per vector lane, the unrolled statements on
    /// vectors) when every layer is unrolled and the network is small, else one batched GEMM kernel call per layer.
    /// </summary>
    public static BatchBody For(EmitContext context, ParameterStorage storage) =>
        UsesLanes(context.Net) ? new LaneBatchBody(context, storage) : new GemmBatchBody(context, storage);

    /// <summary>
    /// True when the parameters are inline (which the parser decides only for networks whose every layer is unrolled) and
    /// there are at most <see cref="MaxLaneParameters"/>.
    /// </summary>
    public static bool UsesLanes(NetworkSpec network) => network.InlineStorage && network.ParameterCount <= MaxLaneParameters;

    /// <summary>The sentence in PredictBatch's summary saying how the rows are computed.</summary>
    public abstract string PredictBatchText { get; }

    /// <summary>The sentence in TrainBatch's summary saying how the rows are computed.</summary>
    public abstract string TrainBatchText { get; }

    /// <summary>The <c>NetGen.BatchSchedule</c> member TrainBatch's workspace runs: how a batch spreads over threads.</summary>
    public abstract string Schedule { get; }

    /// <summary>The sentence in DegreeOfParallelism's summary saying why the result does not depend on it.</summary>
    public abstract string ParallelismText { get; }

    /// <summary>The scratch values TrainRows needs per row.</summary>
    public abstract int TrainingScratchPerRow { get; }

    /// <summary>What TrainBatch passes as the most threads to use: <c>_degreeOfParallelism</c>, or a local that <see cref="EmitThreadChoice"/> declares.</summary>
    public virtual string ThreadsArgument => "_degreeOfParallelism";

    /// <summary>Writes, inside TrainBatch, the statements that choose the thread count (none: all that are allowed).</summary>
    public virtual void EmitThreadChoice() { }

    /// <summary>Writes the members declared before PredictBatch (constants it uses).</summary>
    public virtual void EmitPredictDeclarations() { }

    /// <summary>Writes PredictBatch's statements after <c>int rows = ...</c>.</summary>
    public abstract void EmitPredictBatch();

    /// <summary>Writes the private members PredictBatch calls.</summary>
    public abstract void EmitPredictMembers();

    /// <summary>Writes the statements of <c>IBatchTrainable.TrainRows(x, targets, rows, gradients, scratch, threads)</c>.</summary>
    public abstract void EmitTrainRows();

    /// <summary>Writes the private members TrainRows calls.</summary>
    public virtual void EmitTrainMembers() { }
}
