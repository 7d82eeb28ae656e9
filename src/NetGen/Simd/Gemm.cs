using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Simd;

/// <summary>
/// The matrix kernels of the batched path, written once for every SIMD width (<typeparamref name="TOps"/>).
/// </summary>
/// <remarks>
/// <para>
/// Design: BLIS-style register and cache blocking, with little of BLIS's packing. BLIS and OpenBLAS build a GEMM from a
/// micro-kernel that keeps an MR x NR block of C in registers and streams packed panels of A and B past it, with cache
/// blocking around it so that the panels stay in L1/L2. Here the layer shapes are small (a mini-batch holds a few
/// dozen to a few hundred rows) and the operands already lie with a useful dimension contiguous (PyTorch's W [out, in] row-major against
/// row-major activations), so the kernels read B in place and pack only where a measurement asked for it (A of the
/// 16-register outer product, W^T of a layer narrower than a vector):
/// </para>
/// <list type="bullet">
/// <item><see cref="Forward"/> (Z = X W^T + b): the "dot form", the shape of MLAS's and oneDNN's GEMV/NT kernels rather
/// than BLIS's. Both X [rows, in] and W [out, in] are contiguous along k, so a 4 x 4 block of Z lives in 16 vector
/// accumulators, each summing its dot product over k: 8 loads feed 16 FMAs, nothing is packed (the weights may change
/// between any two calls, so a packed copy could never be cached). Rows go in blocks of <see cref="RowBlockElements"/>
/// inputs (BLIS's mc, sized for L2); within a block a 4-row panel of W stays in L1 while the block's rows stream past it.
/// At 512 bits the 16 accumulators are summed by one transposing tree (<see cref="Reduce512"/>) into a vector that gets
/// the bias and the activation in a few instructions: about 85% of the core's FMA peak at 64 rows x 784 -> 128.
/// Leftover rows run as matrix-vector products, 8 outputs of W per pass in 8 FMA chains. At 512 bits one sample's
/// per-sample pass over rows of 16 vectors or more runs in the sample form instead (<see cref="ForwardSample"/>): W
/// read as one stream, row after row.
/// With 16 vector registers (AVX2, SSE, NEON) the register block is 3 x 4 (<see cref="Reduce256"/> at 256 bits).</item>
/// <item><see cref="OuterProduct"/> (dW += D^T X and dX = D W): the BLIS micro-kernel proper, a 6 x 4-vector block
/// of C in 24 accumulators updated by rank-1 outer products, one broadcast of A against 4 vectors of B per FMA row;
/// loop order keeps one 4-vector-wide column panel of B (P x 4 vectors) in L1 while every row block of C passes.
/// With 16 vector registers the block is 6 x 2 vectors, the shape of BLIS's and OpenBLAS's Haswell sgemm kernel, over A
/// packed in 6-row panels as BLIS packs it.</item>
/// <item>A layer with fewer inputs than a vector has lanes gives the dot form nothing to vectorize: its forward product
/// runs in the outer-product form over W^T packed per call (<see cref="ForwardOuter"/>). So does, at 512 bits, any call
/// of at least <see cref="GemmBlocks.PackedForwardRows"/> rows, where the packing pays: 6 x 4-vector blocks of Z, the
/// shape of MLAS's AVX-512 kernel (measurements in <see cref="ForwardOuter"/>'s remarks).</item>
/// </list>
/// <para>
/// Exactness: every element of a result is the same chain of operations wherever it falls (inside a 4 x 4 block, in a
/// remainder block or in the scalar tail): lanes of one accumulator sum in k order with fused multiply-adds, the lanes
/// are added in one fixed tree (<see cref="IVectorOps{TVector, T}.Sum"/>, which the transposed reduction reproduces), and
/// the scalar tails use the same fused multiply-add (<see cref="ScalarMath.MultiplyAdd{T}"/>). Sigmoid and tanh go through
/// one lane function per width (<see cref="IVectorOps{TVector, T}.Sigmoid"/>), a partial vector padded, and so do softmax's exps. So within one form a
/// row's result does not depend on its place among the rows, and the same inputs and shape give the same bits on a given machine.
/// </para>
/// <para>
/// The sample form (<see cref="ForwardSample"/>), for one sample's per-sample pass, reads W at 512 bits one row after
/// another and spreads each row's sum over 8 accumulators (<see cref="Level1{T, TVector, TOps}.Dot"/>): other sums than the batch form's, so
/// its last bits can differ from a batch's row (as an unrolled network's per-sample statements can differ from its
/// lanes). With narrower vectors, or rows shorter than 16 vectors, it is the batch form's pass over one row.
/// </para>
/// </remarks>
internal static class Gemm<T, TVector, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOps<TVector, T>
{
    /// <summary>
    /// True where the core has 32 vector registers (AVX-512; also at narrower widths, through EVEX): the 4 x 4 dot block
    /// (16 accumulators, 4 rows of X, one of W) fits. With 16 (AVX2, SSE, NEON) it would spill, so the dot block is 3 x 4
    /// and the outer-product block 6 x 2 vectors (12 accumulators each).
    /// </summary>
    // GemmBlocks.Wide's rule, written on the type so that the JIT folds it to a constant.
    private static bool WideBlocks => typeof(TVector) == typeof(Vector512<T>) || Avx512F.IsSupported;

    /// <summary>The inputs of one block of rows in <see cref="Forward"/>: 256 KB of float, a quarter of a 1 MB L2.</summary>
    private const int RowBlockElements = 65536;

    /// <summary>
    /// z[r, n] = f(sum_k x[r, k] w[n, k] + b[n]) for the outputs n in [<paramref name="firstOutput"/>, <paramref name="endOutput"/>)
    /// (z's rows are <paramref name="outputs"/> long). Softmax, which needs a whole row, is left to the caller (z then holds z).
    /// A range starting at a multiple of 8 computes its elements in the same blocks as the whole, hence the same bits.
    /// <c>outerForm</c>: the outer-product form over W^T packed for this call (<see cref="ForwardOuter"/>) rather than the
    /// dot form, as <see cref="GemmBlocks.OuterForward{T}(SimdWidth, int, int)"/> decided it once for the whole call (a
    /// split across threads or into aligned chunks must not change it).
    /// </summary>
    // Every kernel is compiled straight to optimized code: under tiered compilation a kernel called a few hundred times per
    // batch could stay in unoptimized tier-0 code for a long while (measured: a 1 x 8 block 6 times slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ref T x, ref T w, ref T b, ref T z, int rows, int inputs, int outputs, ActivationFunction activation, int firstOutput, int endOutput, bool outerForm)
    {
        // Rows in blocks whose inputs fit in L2 (BLIS's mc): within a block, each 4-row panel of W stays in L1 while the
        // block's rows stream past it, so X comes from L2 and W from L1 (without the blocking, a large batch streamed X
        // from memory once per 4 outputs). With 16 vector registers (AVX2, SSE) the register block is 3 x 4, not 4 x 4.
        // Sigmoid and tanh are left out of the blocks' epilogue (they store z + b) and applied by ActivateRows on each finished
        // row block while it is still in cache: whole vectors through VectorMath's exp, where the scalar T.Exp/T.Tanh per
        // element had cost a 784-128-10 batch of 1,024 rows 50% (sigmoid) and 160% (tanh) on top of the product.
        ActivationFunction elementActivation = activation;
        if (IsTranscendental(activation)) activation = ActivationFunction.Linear;
        if (outerForm)
        {
            ForwardOuter(ref x, ref w, ref b, ref z, rows, inputs, outputs, activation, firstOutput, endOutput);
            ActivateRows(ref z, 0, rows, outputs, elementActivation, firstOutput, endOutput);
            return;
        }
        int blockRows = WideBlocks ? GemmBlocks.WideRows : GemmBlocks.NarrowForwardRows;
        int fullRows = rows - rows % blockRows, rowBlock = Math.Max(blockRows, RowBlockElements / inputs / blockRows * blockRows);
        for (int first = 0; first < fullRows; first += rowBlock)
        {
            int end = Math.Min(fullRows, first + rowBlock), n0 = firstOutput;
            for (; n0 + 4 <= endOutput; n0 += 4)
            {
                for (int r0 = first; r0 < end; r0 += blockRows)
                {
                    if (WideBlocks) Dot4x4(ref x, ref w, ref b, ref z, r0, n0, inputs, outputs, activation);
                    else Dot3x4(ref x, ref w, ref b, ref z, r0, n0, inputs, outputs, activation);
                }
            }
            for (int n = n0; n < endOutput; n++)
            {
                for (int r0 = first; r0 < end; r0 += blockRows)
                {
                    if (WideBlocks)
                    {
                        Dot4x1(ref x, ref w, ref b, ref z, r0, n, inputs, outputs, activation);
                    }
                    else
                    {
                        Dot3x1(ref x, ref w, ref b, ref z, r0, n, inputs, outputs, activation);
                    }
                }
            }
            ActivateRows(ref z, first, end, outputs, elementActivation, firstOutput, endOutput);
        }
        // The leftover rows (a single sample: all of them) as matrix-vector products, eight outputs at a time.
        for (int r = fullRows; r < rows; r++)
        {
            int n = firstOutput;
            for (; n + 8 <= endOutput; n += 8) Dot1x8(ref x, ref w, ref b, ref z, r, n, inputs, outputs, activation);
            for (; n < endOutput; n++) Dot1x1(ref x, ref w, ref b, ref z, r, n, inputs, outputs, activation);
        }
        ActivateRows(ref z, fullRows, rows, outputs, elementActivation, firstOutput, endOutput);
    }

    /// <summary>This thread's W^T for <see cref="ForwardOuter"/> (made on its first such call, grown when needed).</summary>
    [ThreadStatic]
    private static T[]? t_transposedWeights;

    /// <summary>
    /// The outer-product form of <see cref="Forward"/>: z[r, n..n+Count) = sum_i x[r, i] W^T[i, n..n+Count), over W^T packed
    /// once per call (inputs x outputs values, each row padded with zeros to whole vectors). Each element is one chain of
    /// fused multiply-adds over i from zero, then + b, then f, one per lane: the scalar width's chain, so the scalar
    /// width's bits, in every block below.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Two uses (<see cref="GemmBlocks.OuterForward{T}(SimdWidth, int, int)"/>). A layer narrower than a vector, where the dot
    /// form's vector loop would not run once and every element went through the scalar tail (4,096 rows at 512 bits:
    /// 10 -> 16 tanh 382 -> 88 us, 2 -> 100 ReLU 2,180 -> 167 us). And, at 512 bits, any call of at least
    /// <see cref="GemmBlocks.PackedForwardRows"/> rows: the dot form reads four rows of X (from L2) and four of W per 16
    /// fused multiply-adds and re-reads X once per 4 outputs, then reduces its 16 accumulators; this form keeps a 6 x
    /// 4-vector block of Z in 24 accumulators fed by 4 vectors of W^T and 6 broadcasts of x (from L1) per 24 multiply-adds,
    /// with nothing to reduce: the shape of MLAS's and BLIS's AVX-512 sgemm kernels (B packed, A broadcast). Measured on
    /// Zen 5, 1,024 x 784 -> 128: 150-160 GFLOP/s in the dot form, 205-215 here with the packing (100,000 values, about
    /// 45 us); the kernel alone reached 216-230.
    /// </para>
    /// <para>
    /// Packing W^T costs about what 100 rows gain, so the form is for large calls; and the two forms add a sum in
    /// different orders, so at 512 bits a row's last bits depend on whether its call had that many rows (not on anything
    /// else: the rule reads the whole call's row count, whichever thread or aligned chunk computes the row).
    /// </para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardOuter(ref T x, ref T w, ref T b, ref T z, int rows, int inputs, int outputs, ActivationFunction activation, int firstOutput, int endOutput)
    {
        if (rows < GemmBlocks.WideRows)
        {
            // Too few rows to repay packing W^T: each element's chain computed on its own, the same operations in the same
            // order as a lane below, so the same bits. A single sample of 10 -> 64: 0.57 us packed, 0.44-0.47 here (0.53
            // in the dot form before).
            ForwardNarrowRows(ref x, ref w, ref b, ref z, rows, inputs, outputs, activation, firstOutput, endOutput);
            return;
        }
        int width = TOps.Count, columns = endOutput - firstOutput, stride = (columns + width - 1) / width * width;
        int length = checked(inputs * stride);
        // A thread keeps its W^T up to MaxKeptTransposed values (a 784 -> 128 layer is 100,352); a larger one is rented for
        // the call and given back, so that no thread holds on to the largest layer it ever ran (64 MB for 4,096 -> 4,096).
        T[]? rented = null;
        var transposed = t_transposedWeights;
        if (length > MaxKeptTransposed) transposed = rented = System.Buffers.ArrayPool<T>.Shared.Rent(length);
        else if (transposed is null || transposed.Length < length) t_transposedWeights = transposed = new T[length];
        try
        {
            OuterBlocks(ref x, ref w, ref b, ref z, rows, inputs, outputs, activation, firstOutput, columns, stride, transposed);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>The most values of W^T a thread keeps between <see cref="ForwardOuter"/> calls: 4 MB of float.</summary>
    private const int MaxKeptTransposed = 1 << 20;

    /// <summary><see cref="ForwardOuter"/>'s packing and blocks, over <paramref name="transposed"/> (at least inputs x stride values).</summary>
    private static void OuterBlocks(ref T x, ref T w, ref T b, ref T z, int rows, int inputs, int outputs, ActivationFunction activation, int firstOutput, int columns, int stride, T[] transposed)
    {
        int width = TOps.Count;
        ref T wt = ref MemoryMarshal.GetArrayDataReference(transposed);
        PackTransposed(ref Unsafe.Add(ref w, (nint)firstOutput * inputs), ref wt, inputs, columns, stride);
        TVector slope = TOps.Broadcast(Activations<T>.LeakySlope); // read here: in the kernels, each read of the static was a call
        ref T bias = ref Unsafe.Add(ref b, firstOutput);
        ref T zColumns = ref Unsafe.Add(ref z, firstOutput);
        int j0 = 0;
        if (WideBlocks)
        {
            // Whole vectors of outputs in panels of 4 (6 x 4 blocks), then of 2 (8 x 2); the rows a panel's blocks leave, and
            // the last vector (whole or partial), one vector at a time below.
            for (; j0 + 4 * width <= columns; j0 += 4 * width)
            {
                int r = 0;
                for (; r + 6 <= rows; r += 6) Block6x4(ref x, ref Unsafe.Add(ref wt, j0), ref Unsafe.Add(ref bias, j0), ref Unsafe.Add(ref zColumns, j0), r, inputs, stride, outputs, activation, slope);
                OneVectorAtATime(ref x, ref wt, ref bias, ref zColumns, r, rows, j0, j0 + 4 * width, inputs, stride, outputs, activation, slope);
            }
            for (; j0 + 2 * width <= columns; j0 += 2 * width)
            {
                int r = 0;
                for (; r + 8 <= rows; r += 8) Block8x2(ref x, ref Unsafe.Add(ref wt, j0), ref Unsafe.Add(ref bias, j0), ref Unsafe.Add(ref zColumns, j0), r, inputs, stride, outputs, activation, slope);
                OneVectorAtATime(ref x, ref wt, ref bias, ref zColumns, r, rows, j0, j0 + 2 * width, inputs, stride, outputs, activation, slope);
            }
        }
        OneVectorAtATime(ref x, ref wt, ref bias, ref zColumns, 0, rows, j0, columns, inputs, stride, outputs, activation, slope);
    }

    /// <summary>W [columns, inputs] (rows of <paramref name="inputs"/>) as W^T [inputs, stride], each row's padding zeroed, in 16 x 16 tiles.</summary>
    private static void PackTransposed(ref T w, ref T wt, int inputs, int columns, int stride)
    {
        const int Tile = 16;
        for (int i0 = 0; i0 < inputs; i0 += Tile)
        {
            int iEnd = Math.Min(inputs, i0 + Tile);
            for (int j0 = 0; j0 < columns; j0 += Tile)
            {
                int jEnd = Math.Min(columns, j0 + Tile);
                for (int i = i0; i < iEnd; i++)
                {
                    // A run of W^T's row written in order (the tile's 16 rows of W stay in L1 for the reads).
                    ref T target = ref Unsafe.Add(ref wt, (nint)i * stride);
                    ref T source = ref Unsafe.Add(ref w, i);
                    for (int j = j0; j < jEnd; j++) Unsafe.Add(ref target, j) = Unsafe.Add(ref source, (nint)j * inputs);
                }
            }
            for (int i = i0; i < iEnd; i++)
            {
                for (int j = columns; j < stride; j++) Unsafe.Add(ref wt, (nint)i * stride + j) = T.Zero;
            }
        }
    }

    /// <summary>
    /// Rows [<paramref name="first"/>, <paramref name="end"/>) of the output columns [<paramref name="j0"/>, <paramref name="jEnd"/>),
    /// one vector of columns at a time (the last one partial): eight rows at a time, then four, then one.
    /// </summary>
    private static void OneVectorAtATime(ref T x, ref T wt, ref T bias, ref T z, int first, int end, int j0, int jEnd, int inputs, int stride, int outputs, ActivationFunction activation, TVector slope)
    {
        int width = TOps.Count;
        for (; j0 < jEnd; j0 += width)
        {
            int count = Math.Min(width, jEnd - j0);
            TVector biases = count == width ? TOps.Load(ref bias, (nuint)j0) : Padded(ref Unsafe.Add(ref bias, j0), count);
            ref T wtColumns = ref Unsafe.Add(ref wt, j0);
            ref T zColumns = ref Unsafe.Add(ref z, j0);
            int r = first;
            for (; r + 8 <= end; r += 8) Narrow8(ref x, ref wtColumns, ref zColumns, r, inputs, stride, outputs, count, biases, activation, slope);
            for (; r + 4 <= end; r += 4) Narrow4(ref x, ref wtColumns, ref zColumns, r, inputs, stride, outputs, count, biases, activation, slope);
            for (; r < end; r++) Narrow1(ref x, ref wtColumns, ref zColumns, r, inputs, stride, outputs, count, biases, activation, slope);
        }
    }

    /// <summary>
    /// Rows r0..r0+5 of four whole vectors of outputs (<see cref="ForwardOuter"/>, 32 vector registers): 24 accumulators,
    /// 4 vectors of W^T and a broadcast live. Finished in registers: + b, the piecewise activation, stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x4(ref T x, ref T wt, ref T b, ref T z, int r0, int inputs, int stride, int outputs, ActivationFunction activation, TVector slope)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        TVector c40 = TOps.Zero, c41 = TOps.Zero, c42 = TOps.Zero, c43 = TOps.Zero;
        TVector c50 = TOps.Zero, c51 = TOps.Zero, c52 = TOps.Zero, c53 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count, w2 = 2 * w1, w3 = 3 * w1;
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * inputs);
        ref T x1 = ref Unsafe.Add(ref x0, inputs);
        ref T x2 = ref Unsafe.Add(ref x1, inputs);
        ref T x3 = ref Unsafe.Add(ref x2, inputs);
        ref T x4 = ref Unsafe.Add(ref x3, inputs);
        ref T x5 = ref Unsafe.Add(ref x4, inputs);
        ref T row = ref wt;
        for (int i = 0; i < inputs; i++)
        {
            TVector v0 = TOps.Load(ref row, 0), v1 = TOps.Load(ref row, w1), v2 = TOps.Load(ref row, w2), v3 = TOps.Load(ref row, w3);
            TVector s = TOps.Broadcast(Unsafe.Add(ref x0, i));
            c00 = TOps.MultiplyAdd(s, v0, c00); c01 = TOps.MultiplyAdd(s, v1, c01); c02 = TOps.MultiplyAdd(s, v2, c02); c03 = TOps.MultiplyAdd(s, v3, c03);
            s = TOps.Broadcast(Unsafe.Add(ref x1, i));
            c10 = TOps.MultiplyAdd(s, v0, c10); c11 = TOps.MultiplyAdd(s, v1, c11); c12 = TOps.MultiplyAdd(s, v2, c12); c13 = TOps.MultiplyAdd(s, v3, c13);
            s = TOps.Broadcast(Unsafe.Add(ref x2, i));
            c20 = TOps.MultiplyAdd(s, v0, c20); c21 = TOps.MultiplyAdd(s, v1, c21); c22 = TOps.MultiplyAdd(s, v2, c22); c23 = TOps.MultiplyAdd(s, v3, c23);
            s = TOps.Broadcast(Unsafe.Add(ref x3, i));
            c30 = TOps.MultiplyAdd(s, v0, c30); c31 = TOps.MultiplyAdd(s, v1, c31); c32 = TOps.MultiplyAdd(s, v2, c32); c33 = TOps.MultiplyAdd(s, v3, c33);
            s = TOps.Broadcast(Unsafe.Add(ref x4, i));
            c40 = TOps.MultiplyAdd(s, v0, c40); c41 = TOps.MultiplyAdd(s, v1, c41); c42 = TOps.MultiplyAdd(s, v2, c42); c43 = TOps.MultiplyAdd(s, v3, c43);
            s = TOps.Broadcast(Unsafe.Add(ref x5, i));
            c50 = TOps.MultiplyAdd(s, v0, c50); c51 = TOps.MultiplyAdd(s, v1, c51); c52 = TOps.MultiplyAdd(s, v2, c52); c53 = TOps.MultiplyAdd(s, v3, c53);
            row = ref Unsafe.Add(ref row, stride);
        }
        TVector b0 = TOps.Load(ref b, 0), b1 = TOps.Load(ref b, w1), b2 = TOps.Load(ref b, w2), b3 = TOps.Load(ref b, w3);
        ref T t = ref Unsafe.Add(ref z, (nint)r0 * outputs);
        Finish4(ref t, c00, c01, c02, c03, b0, b1, b2, b3, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish4(ref t, c10, c11, c12, c13, b0, b1, b2, b3, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish4(ref t, c20, c21, c22, c23, b0, b1, b2, b3, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish4(ref t, c30, c31, c32, c33, b0, b1, b2, b3, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish4(ref t, c40, c41, c42, c43, b0, b1, b2, b3, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish4(ref t, c50, c51, c52, c53, b0, b1, b2, b3, activation, slope);
    }

    /// <summary>
    /// Rows r0..r0+7 of two whole vectors of outputs (<see cref="ForwardOuter"/>, 32 vector registers): 16 accumulators,
    /// 2 vectors of W^T and a broadcast live, for layers with 2 or 3 vectors of outputs (784 -> 32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x2(ref T x, ref T wt, ref T b, ref T z, int r0, int inputs, int stride, int outputs, ActivationFunction activation, TVector slope)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero;
        TVector c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero, c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count;
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * inputs);
        ref T x1 = ref Unsafe.Add(ref x0, inputs);
        ref T x2 = ref Unsafe.Add(ref x1, inputs);
        ref T x3 = ref Unsafe.Add(ref x2, inputs);
        ref T x4 = ref Unsafe.Add(ref x3, inputs);
        ref T x5 = ref Unsafe.Add(ref x4, inputs);
        ref T x6 = ref Unsafe.Add(ref x5, inputs);
        ref T x7 = ref Unsafe.Add(ref x6, inputs);
        ref T row = ref wt;
        for (int i = 0; i < inputs; i++)
        {
            TVector v0 = TOps.Load(ref row, 0), v1 = TOps.Load(ref row, w1);
            TVector s = TOps.Broadcast(Unsafe.Add(ref x0, i));
            c00 = TOps.MultiplyAdd(s, v0, c00); c01 = TOps.MultiplyAdd(s, v1, c01);
            s = TOps.Broadcast(Unsafe.Add(ref x1, i));
            c10 = TOps.MultiplyAdd(s, v0, c10); c11 = TOps.MultiplyAdd(s, v1, c11);
            s = TOps.Broadcast(Unsafe.Add(ref x2, i));
            c20 = TOps.MultiplyAdd(s, v0, c20); c21 = TOps.MultiplyAdd(s, v1, c21);
            s = TOps.Broadcast(Unsafe.Add(ref x3, i));
            c30 = TOps.MultiplyAdd(s, v0, c30); c31 = TOps.MultiplyAdd(s, v1, c31);
            s = TOps.Broadcast(Unsafe.Add(ref x4, i));
            c40 = TOps.MultiplyAdd(s, v0, c40); c41 = TOps.MultiplyAdd(s, v1, c41);
            s = TOps.Broadcast(Unsafe.Add(ref x5, i));
            c50 = TOps.MultiplyAdd(s, v0, c50); c51 = TOps.MultiplyAdd(s, v1, c51);
            s = TOps.Broadcast(Unsafe.Add(ref x6, i));
            c60 = TOps.MultiplyAdd(s, v0, c60); c61 = TOps.MultiplyAdd(s, v1, c61);
            s = TOps.Broadcast(Unsafe.Add(ref x7, i));
            c70 = TOps.MultiplyAdd(s, v0, c70); c71 = TOps.MultiplyAdd(s, v1, c71);
            row = ref Unsafe.Add(ref row, stride);
        }
        TVector b0 = TOps.Load(ref b, 0), b1 = TOps.Load(ref b, w1);
        ref T t = ref Unsafe.Add(ref z, (nint)r0 * outputs);
        Finish2(ref t, c00, c01, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c10, c11, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c20, c21, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c30, c31, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c40, c41, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c50, c51, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c60, c61, b0, b1, activation, slope); t = ref Unsafe.Add(ref t, outputs);
        Finish2(ref t, c70, c71, b0, b1, activation, slope);
    }

    /// <summary>One row's four whole vectors of a block: + b, the piecewise activation, stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4(ref T target, TVector c0, TVector c1, TVector c2, TVector c3, TVector b0, TVector b1, TVector b2, TVector b3, ActivationFunction activation, TVector slope)
    {
        nuint w1 = (nuint)TOps.Count;
        TOps.Store(Piecewise(TOps.Add(c0, b0), activation, slope), ref target, 0);
        TOps.Store(Piecewise(TOps.Add(c1, b1), activation, slope), ref target, w1);
        TOps.Store(Piecewise(TOps.Add(c2, b2), activation, slope), ref target, 2 * w1);
        TOps.Store(Piecewise(TOps.Add(c3, b3), activation, slope), ref target, 3 * w1);
    }

    /// <summary>One row's two whole vectors of a block: + b, the piecewise activation, stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish2(ref T target, TVector c0, TVector c1, TVector b0, TVector b1, ActivationFunction activation, TVector slope)
    {
        TOps.Store(Piecewise(TOps.Add(c0, b0), activation, slope), ref target, 0);
        TOps.Store(Piecewise(TOps.Add(c1, b1), activation, slope), ref target, (nuint)TOps.Count);
    }

    /// <summary>
    /// <see cref="ForwardOuter"/> for a few rows, W read in place: z[r, n] = f(fused multiply-adds of x[r, i] w[n, i] over i
    /// from zero, + b[n]), one output after another (their chains are independent, so the core overlaps them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardNarrowRows(ref T x, ref T w, ref T b, ref T z, int rows, int inputs, int outputs, ActivationFunction activation, int firstOutput, int endOutput)
    {
        for (int r = 0; r < rows; r++)
        {
            ref T xr = ref Unsafe.Add(ref x, (nint)r * inputs);
            ref T zr = ref Unsafe.Add(ref z, (nint)r * outputs);
            for (int n = firstOutput; n < endOutput; n++)
            {
                ref T wn = ref Unsafe.Add(ref w, (nint)n * inputs);
                T sum = T.Zero;
                for (int i = 0; i < inputs; i++) sum = ScalarMath.MultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref wn, i), sum);
                Unsafe.Add(ref zr, n) = Activations<T>.Apply(activation, sum + Unsafe.Add(ref b, n));
            }
        }
    }

    /// <summary>
    /// Rows r0..r0+7 of one vector of <see cref="ForwardOuter"/>'s outputs: eight chains side by side, enough to cover the
    /// fused multiply-add's latency on two ports (four left the core idle half the time: 1,024 x 128 -> 10 at 512 bits
    /// took 44 us).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow8(ref T x, ref T wt, ref T z, int r0, int inputs, int stride, int outputs, int count, TVector biases, ActivationFunction activation, TVector slope)
    {
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero, c4 = TOps.Zero, c5 = TOps.Zero, c6 = TOps.Zero, c7 = TOps.Zero;
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * inputs);
        nint s1 = inputs, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1, s6 = 6 * s1, s7 = 7 * s1;
        ref T row = ref wt;
        for (int i = 0; i < inputs; i++)
        {
            TVector wv = TOps.Load(ref row, 0);
            ref T xi = ref Unsafe.Add(ref x0, i);
            c0 = TOps.MultiplyAdd(TOps.Broadcast(xi), wv, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s1)), wv, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s2)), wv, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s3)), wv, c3);
            c4 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s4)), wv, c4);
            c5 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s5)), wv, c5);
            c6 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s6)), wv, c6);
            c7 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xi, s7)), wv, c7);
            row = ref Unsafe.Add(ref row, stride);
        }
        var block = new FourVectors(
            Piecewise(TOps.Add(c0, biases), activation, slope), Piecewise(TOps.Add(c1, biases), activation, slope),
            Piecewise(TOps.Add(c2, biases), activation, slope), Piecewise(TOps.Add(c3, biases), activation, slope));
        var next = new FourVectors(
            Piecewise(TOps.Add(c4, biases), activation, slope), Piecewise(TOps.Add(c5, biases), activation, slope),
            Piecewise(TOps.Add(c6, biases), activation, slope), Piecewise(TOps.Add(c7, biases), activation, slope));
        ref T target = ref Unsafe.Add(ref z, (nint)r0 * outputs);
        PutColumns(ref block, ref target, outputs, count, accumulate: false);
        PutColumns(ref next, ref Unsafe.Add(ref target, 4 * (nint)outputs), outputs, count, accumulate: false);
    }

    /// <summary>Rows r0..r0+3 of one vector of <see cref="ForwardOuter"/>'s outputs: four chains side by side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow4(ref T x, ref T wt, ref T z, int r0, int inputs, int stride, int outputs, int count, TVector biases, ActivationFunction activation, TVector slope)
    {
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * inputs);
        ref T x1 = ref Unsafe.Add(ref x0, inputs);
        ref T x2 = ref Unsafe.Add(ref x1, inputs);
        ref T x3 = ref Unsafe.Add(ref x2, inputs);
        for (int i = 0; i < inputs; i++)
        {
            TVector wv = TOps.Load(ref wt, (nuint)((nint)i * stride));
            c0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref x0, i)), wv, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref x1, i)), wv, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref x2, i)), wv, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref x3, i)), wv, c3);
        }
        var block = new FourVectors(
            Piecewise(TOps.Add(c0, biases), activation, slope), Piecewise(TOps.Add(c1, biases), activation, slope),
            Piecewise(TOps.Add(c2, biases), activation, slope), Piecewise(TOps.Add(c3, biases), activation, slope));
        PutColumns(ref block, ref Unsafe.Add(ref z, (nint)r0 * outputs), outputs, count, accumulate: false);
    }

    /// <summary><see cref="Narrow4"/> for one row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow1(ref T x, ref T wt, ref T z, int r, int inputs, int stride, int outputs, int count, TVector biases, ActivationFunction activation, TVector slope)
    {
        TVector c0 = TOps.Zero;
        ref T x0 = ref Unsafe.Add(ref x, (nint)r * inputs);
        for (int i = 0; i < inputs; i++) c0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref x0, i)), TOps.Load(ref wt, (nuint)((nint)i * stride)), c0);
        PutColumns(ref Unsafe.Add(ref z, (nint)r * outputs), Piecewise(TOps.Add(c0, biases), activation, slope), count, accumulate: false);
    }

    /// <summary>
    /// ReLU and LeakyReLU on a vector, as <see cref="Activations{T}.Apply"/> computes them per element (NaN and -0 kept);
    /// anything else (linear; sigmoid, tanh and softmax come later) unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Piecewise(TVector v, ActivationFunction activation, TVector slope) => activation switch
    {
        // z < 0 ? 0 : z, written as (0 - z) > 0 ? 0 : z.
        ActivationFunction.ReLU => TOps.SelectWherePositive(TOps.Subtract(TOps.Zero, v), TOps.Zero, v),
        ActivationFunction.LeakyReLU => TOps.SelectWherePositive(v, v, TOps.Multiply(slope, v)),
        _ => v,
    };

    /// <summary>
    /// Four finished vectors of a block, handed to <see cref="PutColumns(ref FourVectors, ref T, int, int, bool)"/> in
    /// memory: an accumulator still live at a call after its loop is spilled on every iteration of the loop (the x64
    /// ABIs save no vector registers across calls), which halved the speed of these kernels.
    /// </summary>
    private struct FourVectors
    {
        public TVector V0, V1, V2, V3;

        public FourVectors(TVector v0, TVector v1, TVector v2, TVector v3) => (V0, V1, V2, V3) = (v0, v1, v2, v3);
    }

    /// <summary><see cref="PutColumns(ref T, TVector, int, bool)"/> for four rows <paramref name="stride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PutColumns(ref FourVectors block, ref T target, int stride, int columns, bool accumulate)
    {
        PutColumns(ref target, block.V0, columns, accumulate);
        PutColumns(ref Unsafe.Add(ref target, stride), block.V1, columns, accumulate);
        PutColumns(ref Unsafe.Add(ref target, 2 * stride), block.V2, columns, accumulate);
        PutColumns(ref Unsafe.Add(ref target, 3 * stride), block.V3, columns, accumulate);
    }

    private static bool IsTranscendental(ActivationFunction activation) =>
        activation is ActivationFunction.Sigmoid or ActivationFunction.Tanh;

    /// <summary>
    /// z = f(z) for sigmoid or tanh (anything else: nothing to do) over rows [<paramref name="first"/>, <paramref name="end"/>)
    /// x outputs [<paramref name="firstOutput"/>, <paramref name="endOutput"/>), on whole vectors
    /// (<see cref="IVectorOps{TVector, T}.Sigmoid"/>). A last partial vector is padded on the stack, so every element goes through
    /// the same lane function wherever it falls: its bits do not depend on the rows around it or on a split between threads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ActivateRows(ref T z, int first, int end, int outputs, ActivationFunction activation, int firstOutput, int endOutput)
    {
        if (!IsTranscendental(activation) || first >= end) return;
        int columns = endOutput - firstOutput;
        if (columns == outputs)
        {
            // Whole rows lie back to back: one run, one partial vector at most.
            Activate(ref Unsafe.Add(ref z, (nint)first * outputs), (end - first) * outputs, activation);
            return;
        }
        for (int r = first; r < end; r++) Activate(ref Unsafe.Add(ref z, (nint)r * outputs + firstOutput), columns, activation);
    }

    /// <summary>
    /// Each row of z [rows, outputs] replaced by its softmax, as <see cref="Kernels.Softmax{T}(Span{T})"/> computes it
    /// (z - max, exp, sum in order, one division per element), except that the exps run on whole vectors over the block's
    /// contiguous run (<see cref="IVectorOps{TVector, T}.Exp"/>, a partial vector padded): per element it is the same lane
    /// function wherever the row falls. A 784-128-10 batch of 1,024 rows spent 64 us (4%) in the scalar T.Exp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxRows(ref T z, int rows, int outputs)
    {
        for (int r = 0; r < rows; r++)
        {
            ref T row = ref Unsafe.Add(ref z, (nint)r * outputs);
            T max = row;
            for (int i = 1; i < outputs; i++) max = T.Max(max, Unsafe.Add(ref row, i));
            for (int i = 0; i < outputs; i++) Unsafe.Add(ref row, i) -= max;
        }
        Apply(ref z, rows * outputs, LaneFunction.Exp);
        for (int r = 0; r < rows; r++)
        {
            ref T row = ref Unsafe.Add(ref z, (nint)r * outputs);
            T sum = T.Zero;
            for (int i = 0; i < outputs; i++) sum += Unsafe.Add(ref row, i);
            for (int i = 0; i < outputs; i++) Unsafe.Add(ref row, i) /= sum;
        }
    }

    /// <summary>The element-wise functions that run on whole vectors.</summary>
    private enum LaneFunction { Sigmoid, Tanh, Exp }

    private static void Activate(ref T values, int count, ActivationFunction activation) =>
        Apply(ref values, count, activation == ActivationFunction.Sigmoid ? LaneFunction.Sigmoid : LaneFunction.Tanh);

    private static void Apply(ref T values, int count, LaneFunction function)
    {
        int width = TOps.Count, i = 0;
        for (; i + width <= count; i += width) TOps.Store(Apply(TOps.Load(ref values, (nuint)i), function), ref values, (nuint)i);
        if (i == count) return;
        ref T tail = ref Unsafe.Add(ref values, i);
        PutColumns(ref tail, Apply(Padded(ref tail, count - i), function), count - i, accumulate: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Apply(TVector v, LaneFunction function) => function switch
    {
        LaneFunction.Sigmoid => TOps.Sigmoid(v),
        LaneFunction.Tanh => TOps.Tanh(v),
        _ => TOps.Exp(v),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x4(ref T x, ref T w, ref T b, ref T z, int r0, int n0, int k, int outputs, ActivationFunction activation)
    {
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * k);
        ref T x1 = ref Unsafe.Add(ref x0, k);
        ref T x2 = ref Unsafe.Add(ref x1, k);
        ref T x3 = ref Unsafe.Add(ref x2, k);
        ref T w0 = ref Unsafe.Add(ref w, (nint)n0 * k);
        ref T w1 = ref Unsafe.Add(ref w0, k);
        ref T w2 = ref Unsafe.Add(ref w1, k);
        ref T w3 = ref Unsafe.Add(ref w2, k);
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        int width = TOps.Count, vectorEnd = k - k % width;
        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint o = (nuint)i;
            TVector a0 = TOps.Load(ref x0, o), a1 = TOps.Load(ref x1, o), a2 = TOps.Load(ref x2, o), a3 = TOps.Load(ref x3, o);
            TVector v = TOps.Load(ref w0, o);
            c00 = TOps.MultiplyAdd(a0, v, c00); c10 = TOps.MultiplyAdd(a1, v, c10); c20 = TOps.MultiplyAdd(a2, v, c20); c30 = TOps.MultiplyAdd(a3, v, c30);
            v = TOps.Load(ref w1, o);
            c01 = TOps.MultiplyAdd(a0, v, c01); c11 = TOps.MultiplyAdd(a1, v, c11); c21 = TOps.MultiplyAdd(a2, v, c21); c31 = TOps.MultiplyAdd(a3, v, c31);
            v = TOps.Load(ref w2, o);
            c02 = TOps.MultiplyAdd(a0, v, c02); c12 = TOps.MultiplyAdd(a1, v, c12); c22 = TOps.MultiplyAdd(a2, v, c22); c32 = TOps.MultiplyAdd(a3, v, c32);
            v = TOps.Load(ref w3, o);
            c03 = TOps.MultiplyAdd(a0, v, c03); c13 = TOps.MultiplyAdd(a1, v, c13); c23 = TOps.MultiplyAdd(a2, v, c23); c33 = TOps.MultiplyAdd(a3, v, c33);
        }
        ref T z0 = ref Unsafe.Add(ref z, (nint)r0 * outputs + n0);
        if (typeof(TVector) == typeof(Vector512<float>) && Avx512F.IsSupported)
        {
            // Column-major order: the transposed sum puts accumulator j in lane (j % 4) * 4 + j / 4, i.e. row-major z.
            var sums = Reduce512.Sum16(
                Unsafe.BitCast<TVector, Vector512<float>>(c00), Unsafe.BitCast<TVector, Vector512<float>>(c10), Unsafe.BitCast<TVector, Vector512<float>>(c20), Unsafe.BitCast<TVector, Vector512<float>>(c30),
                Unsafe.BitCast<TVector, Vector512<float>>(c01), Unsafe.BitCast<TVector, Vector512<float>>(c11), Unsafe.BitCast<TVector, Vector512<float>>(c21), Unsafe.BitCast<TVector, Vector512<float>>(c31),
                Unsafe.BitCast<TVector, Vector512<float>>(c02), Unsafe.BitCast<TVector, Vector512<float>>(c12), Unsafe.BitCast<TVector, Vector512<float>>(c22), Unsafe.BitCast<TVector, Vector512<float>>(c32),
                Unsafe.BitCast<TVector, Vector512<float>>(c03), Unsafe.BitCast<TVector, Vector512<float>>(c13), Unsafe.BitCast<TVector, Vector512<float>>(c23), Unsafe.BitCast<TVector, Vector512<float>>(c33));
            // The inputs past the last whole vector, on all 16 sums at once: lane 4r + c adds x_r[i] w_c[i] with one fused
            // multiply-add per i, in i order, as Finish does for one element (an input count that is not a multiple of 16
            // had sent every element through Sum and Finish one at a time).
            for (int i = vectorEnd; i < k; i++)
            {
                var x4 = Vector512.Create(
                    Vector256.Create(Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x0, i))), Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x1, i)))),
                    Vector256.Create(Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x2, i))), Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x3, i)))));
                var w4 = Vector128.Create(
                    Unsafe.As<T, float>(ref Unsafe.Add(ref w0, i)), Unsafe.As<T, float>(ref Unsafe.Add(ref w1, i)),
                    Unsafe.As<T, float>(ref Unsafe.Add(ref w2, i)), Unsafe.As<T, float>(ref Unsafe.Add(ref w3, i)));
                var w8 = Vector256.Create(w4, w4);
                sums = Avx512F.FusedMultiplyAdd(x4, Vector512.Create(w8, w8), sums);
            }
            Reduce512.Store4x4(sums, ref Unsafe.As<T, float>(ref Unsafe.Add(ref b, n0)), ref Unsafe.As<T, float>(ref z0), outputs, activation);
            return;
        }
        // The lanes are summed before anything is called: a vector live across a call is spilled on every loop iteration
        // (no callee-saved vector registers in the SysV and Windows x64 ABIs for the upper halves), which halved the speed.
        T s00 = TOps.Sum(c00), s01 = TOps.Sum(c01), s02 = TOps.Sum(c02), s03 = TOps.Sum(c03);
        T s10 = TOps.Sum(c10), s11 = TOps.Sum(c11), s12 = TOps.Sum(c12), s13 = TOps.Sum(c13);
        T s20 = TOps.Sum(c20), s21 = TOps.Sum(c21), s22 = TOps.Sum(c22), s23 = TOps.Sum(c23);
        T s30 = TOps.Sum(c30), s31 = TOps.Sum(c31), s32 = TOps.Sum(c32), s33 = TOps.Sum(c33);
        ref T z1 = ref Unsafe.Add(ref z0, outputs);
        ref T z2 = ref Unsafe.Add(ref z1, outputs);
        ref T z3 = ref Unsafe.Add(ref z2, outputs);
        T b0 = Unsafe.Add(ref b, n0), b1 = Unsafe.Add(ref b, n0 + 1), b2 = Unsafe.Add(ref b, n0 + 2), b3 = Unsafe.Add(ref b, n0 + 3);
        z0 = Finish(s00, ref x0, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z0, 1) = Finish(s01, ref x0, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z0, 2) = Finish(s02, ref x0, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z0, 3) = Finish(s03, ref x0, ref w3, vectorEnd, k, b3, activation);
        z1 = Finish(s10, ref x1, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z1, 1) = Finish(s11, ref x1, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z1, 2) = Finish(s12, ref x1, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z1, 3) = Finish(s13, ref x1, ref w3, vectorEnd, k, b3, activation);
        z2 = Finish(s20, ref x2, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z2, 1) = Finish(s21, ref x2, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z2, 2) = Finish(s22, ref x2, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z2, 3) = Finish(s23, ref x2, ref w3, vectorEnd, k, b3, activation);
        z3 = Finish(s30, ref x3, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z3, 1) = Finish(s31, ref x3, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z3, 2) = Finish(s32, ref x3, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z3, 3) = Finish(s33, ref x3, ref w3, vectorEnd, k, b3, activation);
    }

    /// <summary>
    /// A 3 x 4 block of Z for cores with 16 vector registers: 12 accumulators, 3 rows of X and one of W live (all 16
    /// registers, no spill in the JIT's output), 7 loads feeding 12 FMAs. Measured against the former 2 x 4 block (8
    /// accumulators, exactly the FMA latency times two ports, no slack) with AVX-512 disabled, 64 x 784 -> 128: 82 against
    /// 69 GFLOP/s. At 256 bits (float) rows 0 and 1 are summed by one transposing tree and row 2 by a half-size one
    /// (<see cref="Reduce256"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot3x4(ref T x, ref T w, ref T b, ref T z, int r0, int n0, int k, int outputs, ActivationFunction activation)
    {
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * k);
        ref T x1 = ref Unsafe.Add(ref x0, k);
        ref T x2 = ref Unsafe.Add(ref x1, k);
        ref T w0 = ref Unsafe.Add(ref w, (nint)n0 * k);
        ref T w1 = ref Unsafe.Add(ref w0, k);
        ref T w2 = ref Unsafe.Add(ref w1, k);
        ref T w3 = ref Unsafe.Add(ref w2, k);
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        int width = TOps.Count, vectorEnd = k - k % width;
        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint o = (nuint)i;
            TVector a0 = TOps.Load(ref x0, o), a1 = TOps.Load(ref x1, o), a2 = TOps.Load(ref x2, o);
            TVector v = TOps.Load(ref w0, o);
            c00 = TOps.MultiplyAdd(a0, v, c00); c10 = TOps.MultiplyAdd(a1, v, c10); c20 = TOps.MultiplyAdd(a2, v, c20);
            v = TOps.Load(ref w1, o);
            c01 = TOps.MultiplyAdd(a0, v, c01); c11 = TOps.MultiplyAdd(a1, v, c11); c21 = TOps.MultiplyAdd(a2, v, c21);
            v = TOps.Load(ref w2, o);
            c02 = TOps.MultiplyAdd(a0, v, c02); c12 = TOps.MultiplyAdd(a1, v, c12); c22 = TOps.MultiplyAdd(a2, v, c22);
            v = TOps.Load(ref w3, o);
            c03 = TOps.MultiplyAdd(a0, v, c03); c13 = TOps.MultiplyAdd(a1, v, c13); c23 = TOps.MultiplyAdd(a2, v, c23);
        }
        ref T z0 = ref Unsafe.Add(ref z, (nint)r0 * outputs + n0);
        ref T z1 = ref Unsafe.Add(ref z0, outputs);
        ref T z2 = ref Unsafe.Add(ref z1, outputs);
        if (typeof(TVector) == typeof(Vector256<float>) && Avx.IsSupported && (vectorEnd == k || Fma.IsSupported))
        {
            // Column-major order: the transposed sum puts accumulator j in lane (j % 2) * 4 + j / 2, i.e. rows 0 and 1 of z.
            var sums01 = Reduce256.Sum8(
                Unsafe.BitCast<TVector, Vector256<float>>(c00), Unsafe.BitCast<TVector, Vector256<float>>(c10),
                Unsafe.BitCast<TVector, Vector256<float>>(c01), Unsafe.BitCast<TVector, Vector256<float>>(c11),
                Unsafe.BitCast<TVector, Vector256<float>>(c02), Unsafe.BitCast<TVector, Vector256<float>>(c12),
                Unsafe.BitCast<TVector, Vector256<float>>(c03), Unsafe.BitCast<TVector, Vector256<float>>(c13));
            var sums2 = Reduce256.Sum4(
                Unsafe.BitCast<TVector, Vector256<float>>(c20), Unsafe.BitCast<TVector, Vector256<float>>(c21),
                Unsafe.BitCast<TVector, Vector256<float>>(c22), Unsafe.BitCast<TVector, Vector256<float>>(c23));
            // The inputs past the last whole vector on the 12 sums at once, as in Dot4x4 (fused, as Finish is with FMA).
            for (int i = vectorEnd; i < k; i++)
            {
                var w4 = Vector128.Create(
                    Unsafe.As<T, float>(ref Unsafe.Add(ref w0, i)), Unsafe.As<T, float>(ref Unsafe.Add(ref w1, i)),
                    Unsafe.As<T, float>(ref Unsafe.Add(ref w2, i)), Unsafe.As<T, float>(ref Unsafe.Add(ref w3, i)));
                var x01 = Vector256.Create(
                    Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x0, i))), Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x1, i))));
                sums01 = Fma.MultiplyAdd(x01, Vector256.Create(w4, w4), sums01);
                sums2 = Fma.MultiplyAdd(Vector128.Create(Unsafe.As<T, float>(ref Unsafe.Add(ref x2, i))), w4, sums2);
            }
            ref float bias = ref Unsafe.As<T, float>(ref Unsafe.Add(ref b, n0));
            Reduce256.Store1x4(sums01.GetLower(), ref bias, ref Unsafe.As<T, float>(ref z0), activation);
            Reduce256.Store1x4(sums01.GetUpper(), ref bias, ref Unsafe.As<T, float>(ref z1), activation);
            Reduce256.Store1x4(sums2, ref bias, ref Unsafe.As<T, float>(ref z2), activation);
            return;
        }
        // Summed before any call, so that no vector is live across one (see Dot4x4).
        T s00 = TOps.Sum(c00), s01 = TOps.Sum(c01), s02 = TOps.Sum(c02), s03 = TOps.Sum(c03);
        T s10 = TOps.Sum(c10), s11 = TOps.Sum(c11), s12 = TOps.Sum(c12), s13 = TOps.Sum(c13);
        T s20 = TOps.Sum(c20), s21 = TOps.Sum(c21), s22 = TOps.Sum(c22), s23 = TOps.Sum(c23);
        T b0 = Unsafe.Add(ref b, n0), b1 = Unsafe.Add(ref b, n0 + 1), b2 = Unsafe.Add(ref b, n0 + 2), b3 = Unsafe.Add(ref b, n0 + 3);
        z0 = Finish(s00, ref x0, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z0, 1) = Finish(s01, ref x0, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z0, 2) = Finish(s02, ref x0, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z0, 3) = Finish(s03, ref x0, ref w3, vectorEnd, k, b3, activation);
        z1 = Finish(s10, ref x1, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z1, 1) = Finish(s11, ref x1, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z1, 2) = Finish(s12, ref x1, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z1, 3) = Finish(s13, ref x1, ref w3, vectorEnd, k, b3, activation);
        z2 = Finish(s20, ref x2, ref w0, vectorEnd, k, b0, activation);
        Unsafe.Add(ref z2, 1) = Finish(s21, ref x2, ref w1, vectorEnd, k, b1, activation);
        Unsafe.Add(ref z2, 2) = Finish(s22, ref x2, ref w2, vectorEnd, k, b2, activation);
        Unsafe.Add(ref z2, 3) = Finish(s23, ref x2, ref w3, vectorEnd, k, b3, activation);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1(ref T x, ref T w, ref T b, ref T z, int r0, int n, int k, int outputs, ActivationFunction activation)
    {
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * k);
        ref T x1 = ref Unsafe.Add(ref x0, k);
        ref T x2 = ref Unsafe.Add(ref x1, k);
        ref T x3 = ref Unsafe.Add(ref x2, k);
        ref T w0 = ref Unsafe.Add(ref w, (nint)n * k);
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        int width = TOps.Count, vectorEnd = k - k % width;
        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint o = (nuint)i;
            TVector v = TOps.Load(ref w0, o);
            c0 = TOps.MultiplyAdd(TOps.Load(ref x0, o), v, c0);
            c1 = TOps.MultiplyAdd(TOps.Load(ref x1, o), v, c1);
            c2 = TOps.MultiplyAdd(TOps.Load(ref x2, o), v, c2);
            c3 = TOps.MultiplyAdd(TOps.Load(ref x3, o), v, c3);
        }
        T s0 = TOps.Sum(c0), s1 = TOps.Sum(c1), s2 = TOps.Sum(c2), s3 = TOps.Sum(c3);
        T bias = Unsafe.Add(ref b, n);
        ref T z0 = ref Unsafe.Add(ref z, (nint)r0 * outputs + n);
        z0 = Finish(s0, ref x0, ref w0, vectorEnd, k, bias, activation);
        Unsafe.Add(ref z0, outputs) = Finish(s1, ref x1, ref w0, vectorEnd, k, bias, activation);
        Unsafe.Add(ref z0, 2 * outputs) = Finish(s2, ref x2, ref w0, vectorEnd, k, bias, activation);
        Unsafe.Add(ref z0, 3 * outputs) = Finish(s3, ref x3, ref w0, vectorEnd, k, bias, activation);
    }

    /// <summary>
    /// <see cref="Dot4x1"/> for cores with 16 vector registers, whose row blocks are 3 high: three independent chains
    /// where three calls of <see cref="Dot1x1"/> ran one latency-bound chain after another (a 10-output layer's last two
    /// outputs went that way for every block of rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot3x1(ref T x, ref T w, ref T b, ref T z, int r0, int n, int k, int outputs, ActivationFunction activation)
    {
        ref T x0 = ref Unsafe.Add(ref x, (nint)r0 * k);
        ref T x1 = ref Unsafe.Add(ref x0, k);
        ref T x2 = ref Unsafe.Add(ref x1, k);
        ref T w0 = ref Unsafe.Add(ref w, (nint)n * k);
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero;
        int width = TOps.Count, vectorEnd = k - k % width;
        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint o = (nuint)i;
            TVector v = TOps.Load(ref w0, o);
            c0 = TOps.MultiplyAdd(TOps.Load(ref x0, o), v, c0);
            c1 = TOps.MultiplyAdd(TOps.Load(ref x1, o), v, c1);
            c2 = TOps.MultiplyAdd(TOps.Load(ref x2, o), v, c2);
        }
        T s0 = TOps.Sum(c0), s1 = TOps.Sum(c1), s2 = TOps.Sum(c2);
        T bias = Unsafe.Add(ref b, n);
        ref T z0 = ref Unsafe.Add(ref z, (nint)r0 * outputs + n);
        z0 = Finish(s0, ref x0, ref w0, vectorEnd, k, bias, activation);
        Unsafe.Add(ref z0, outputs) = Finish(s1, ref x1, ref w0, vectorEnd, k, bias, activation);
        Unsafe.Add(ref z0, 2 * outputs) = Finish(s2, ref x2, ref w0, vectorEnd, k, bias, activation);
    }

    /// <summary>
    /// One row against eight rows of W (a matrix-vector product): eight independent accumulator chains, enough to keep
    /// both FMA ports busy through the FMA latency, with x loaded once per step for all eight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot1x8(ref T x, ref T w, ref T b, ref T z, int r, int n0, int k, int outputs, ActivationFunction activation)
    {
        ref T x0 = ref Unsafe.Add(ref x, (nint)r * k);
        ref T w0 = ref Unsafe.Add(ref w, (nint)n0 * k);
        int vectorEnd = k - k % TOps.Count;
        EightSums sums = DotSums8(ref x0, ref w0, k, vectorEnd);
        ref T zr = ref Unsafe.Add(ref z, (nint)r * outputs + n0);
        ref T bn = ref Unsafe.Add(ref b, n0);
        for (int j = 0; j < 8; j++)
        {
            Unsafe.Add(ref zr, j) = Finish(sums[j], ref x0, ref Unsafe.Add(ref w0, (nint)j * k), vectorEnd, k, Unsafe.Add(ref bn, j), activation);
        }
    }

    /// <summary>The lane sums of <see cref="Dot1x8"/>'s eight dot products (k up to <paramref name="vectorEnd"/>).</summary>
    /// <remarks>
    /// A method of its own, not inlined, so that the eight row references die with the loop: when the epilogue's scalar
    /// tails still needed them, the JIT kept five of the nine in stack slots and reloaded them on every step of the loop
    /// (14 loads per 8 FMAs instead of 9). Measured on AVX2 (Zen 3), a 784 -> 128 layer's one row: 5.9 -> 5.75 us;
    /// the loop now runs as fast as a hand-written one with the same loads (5.1-5.3 us with W off a 32-byte boundary, 4.6 on one).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static EightSums DotSums8(ref T x0, ref T w0, int k, int vectorEnd)
    {
        ref T w1 = ref Unsafe.Add(ref w0, k);
        ref T w2 = ref Unsafe.Add(ref w1, k);
        ref T w3 = ref Unsafe.Add(ref w2, k);
        ref T w4 = ref Unsafe.Add(ref w3, k);
        ref T w5 = ref Unsafe.Add(ref w4, k);
        ref T w6 = ref Unsafe.Add(ref w5, k);
        ref T w7 = ref Unsafe.Add(ref w6, k);
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero, c4 = TOps.Zero, c5 = TOps.Zero, c6 = TOps.Zero, c7 = TOps.Zero;
        int width = TOps.Count;
        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint o = (nuint)i;
            TVector a = TOps.Load(ref x0, o);
            c0 = TOps.MultiplyAdd(a, TOps.Load(ref w0, o), c0);
            c1 = TOps.MultiplyAdd(a, TOps.Load(ref w1, o), c1);
            c2 = TOps.MultiplyAdd(a, TOps.Load(ref w2, o), c2);
            c3 = TOps.MultiplyAdd(a, TOps.Load(ref w3, o), c3);
            c4 = TOps.MultiplyAdd(a, TOps.Load(ref w4, o), c4);
            c5 = TOps.MultiplyAdd(a, TOps.Load(ref w5, o), c5);
            c6 = TOps.MultiplyAdd(a, TOps.Load(ref w6, o), c6);
            c7 = TOps.MultiplyAdd(a, TOps.Load(ref w7, o), c7);
        }
        EightSums sums = default;
        sums[0] = TOps.Sum(c0);
        sums[1] = TOps.Sum(c1);
        sums[2] = TOps.Sum(c2);
        sums[3] = TOps.Sum(c3);
        sums[4] = TOps.Sum(c4);
        sums[5] = TOps.Sum(c5);
        sums[6] = TOps.Sum(c6);
        sums[7] = TOps.Sum(c7);
        return sums;
    }

    /// <summary>Eight values of T (the sums of <see cref="DotSums8"/>).</summary>
    [InlineArray(8)]
    private struct EightSums
    {
        private T _element0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot1x1(ref T x, ref T w, ref T b, ref T z, int r, int n, int k, int outputs, ActivationFunction activation)
    {
        ref T x0 = ref Unsafe.Add(ref x, (nint)r * k);
        ref T w0 = ref Unsafe.Add(ref w, (nint)n * k);
        TVector c = TOps.Zero;
        int width = TOps.Count, vectorEnd = k - k % width;
        for (int i = 0; i < vectorEnd; i += width)
        {
            c = TOps.MultiplyAdd(TOps.Load(ref x0, (nuint)i), TOps.Load(ref w0, (nuint)i), c);
        }
        Unsafe.Add(ref z, (nint)r * outputs + n) = Finish(TOps.Sum(c), ref x0, ref w0, vectorEnd, k, Unsafe.Add(ref b, n), activation);
    }

    /// <summary>
    /// One sample's z = f(W x + b) in the sample form's own pass, where <see cref="GemmBlocks.SampleForm{T}"/> takes it
    /// (for generated code's per-sample <c>Predict</c> and <c>Forward</c>): one row of W after another, each row's sum a
    /// <see cref="Level1{T, TVector, TOps}.Dot"/> (8 accumulator chains, then the scalar tail). Softmax is left to the
    /// caller, as in <see cref="Forward"/>.
    /// </summary>
    /// <remarks>
    /// Why one row of W at a time: one sample's product is bound by reading W from L2 (400 KB for 784 -> 128), and W read
    /// row after row is one sequential stream, where the batch form's leftover rows read eight rows of W side by side
    /// (<see cref="Dot1x8"/>, x loaded once for eight FMAs), eight streams. Measured at 512 bits on a Zen 5 core,
    /// 784 -> 128: 3.8-3.9 us with eight rows, 2.5 us with one (reading W^T in order: 2.3-2.4 us); two rows side by side
    /// with four accumulators each, or one accumulator per row over two or four rows, took 3.6-3.7 us: what pays is the
    /// one stream. x, 3 KB, stays in L1 and costs a second load per FMA. The 8 accumulators let one row's FMA chains
    /// overlap; they are also why the batch form (one accumulator per element of Z) cannot take this shape. Only at 512
    /// bits: with narrower vectors the second load per FMA costs more than the one stream saves (measured on the same
    /// core at 256 bits: 4.2 against 3.85 us; at 128 bits, 8.7 against 5.1), and only for rows of at least
    /// <see cref="GemmBlocks.SampleFormMinVectors"/> vectors: a short row's W is small, and its 8 accumulators' tree costs
    /// more than the streams (float, against the batch form's pass: 30 -> 200 3.48 against 1.87 us, 64 -> 64 0.57
    /// against 0.46, 200 -> 64 1.36 against 1.18; 128 -> 64 even; 256 -> 64 0.80 against 1.07, 784 -> 32 0.82 against
    /// 1.29, 500 -> 100 1.90 against 2.37). Elsewhere the sample form is the batch form's pass over one row.
    /// </remarks>
    // Not inlined: its caller is tiered, and inlined there the loop ran at 3.0-3.1 us instead of 2.6-2.7 (Zen 5).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void ForwardSample(ref T x, ref T w, ref T b, ref T z, int inputs, int outputs, ActivationFunction activation)
    {
        ActivationFunction elementActivation = activation;
        if (IsTranscendental(activation)) activation = ActivationFunction.Linear;
        for (int n = 0; n < outputs; n++)
        {
            T sum = Level1<T, TVector, TOps>.Dot(ref x, ref Unsafe.Add(ref w, (nint)n * inputs), inputs);
            Unsafe.Add(ref z, n) = Activations<T>.Apply(activation, sum + Unsafe.Add(ref b, n));
        }
        ActivateRows(ref z, 0, 1, outputs, elementActivation, 0, outputs);
    }

    /// <summary>The epilogue of one dot product: lanes summed, the remainder added, then the bias and the activation.</summary>
    private static T Finish(T sum, ref T x, ref T w, int vectorEnd, int k, T bias, ActivationFunction activation)
    {
        for (int i = vectorEnd; i < k; i++) sum = ScalarMath.MultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref w, i), sum);
        return Activations<T>.Apply(activation, sum + bias);
    }

    /// <summary>
    /// c[i, k] = (c[i, k] +) sum_p a[p * strideP + i * strideI] * bm[p, k], with bm row-major P x K and c row-major I x K.
    /// dW += D^T X is (a = D, strideP = out, strideI = 1, bm = X); dX = D W is (a = D, strideP = 1, strideI = out, bm = W).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OuterProduct(ref T a, int strideP, int strideI, ref T bm, ref T c, int countI, int countP, int k, bool accumulate)
    {
        if (WideBlocks) OuterPanels4(ref a, strideP, strideI, ref bm, ref c, countI, countP, k, accumulate);
        else OuterPanels2(ref a, strideP, strideI, ref bm, ref c, countI, countP, k, accumulate);
    }

    /// <summary>Rows of A per packed panel of <see cref="OuterPanels2"/>: those of the 6 x 2-vector block.</summary>
    private const int PanelRows = GemmBlocks.NarrowOuterRows;

    /// <summary>
    /// The most elements of A that <see cref="OuterPanels2"/> packs (4 MB of float): a larger A, a batch of thousands of
    /// rows, is read in place, so that no thread keeps a buffer the size of a whole dataset's deltas (such a batch
    /// streams B from memory, and packing A gains little there).
    /// </summary>
    private const int MaxPackedElements = 1 << 20;

    /// <summary>This thread's packed A for <see cref="OuterPanels2"/> (made on its first call, grown when needed).</summary>
    [ThreadStatic]
    private static T[]? t_packedA;

    /// <summary>
    /// <see cref="OuterProduct"/> with 16 vector registers: 6 x 2-vector blocks (the shape of BLIS's and OpenBLAS's Haswell
    /// sgemm kernel) over A packed once per call, as BLIS packs it: rows of A in panels of 6, each panel p-major (the 6
    /// values of one p side by side). Within one 2-vector column panel of B, every 6-row block of C and then the rows
    /// left over (countI % 6, in 2 x 2- and 1 x 2-vector blocks) pass over the same P rows of B while they are in L1.
    /// </summary>
    /// <remarks>
    /// Why packed (measured on a Zen 3 core, 32 KB L1, 512 KB L2; dW of 256 rows x 784 -> 32 per 60,000 samples): in place,
    /// each block's broadcasts of D^T touched one cache line of D per p besides B's line, so a block of 256 rows needed
    /// 32 KB, all of L1; and the leftover rows (32 = 5 x 6 + 2) ran in a second pass over the whole of X, which a batch of
    /// 256 rows (800 KB) brings from L3 again. Each element is the same chain of fused multiply-adds over p from zero, then
    /// added to C or stored, whichever block computes it and wherever its A is read from: the bits do not change.
    /// </remarks>
    private static void OuterPanels2(ref T a, int strideP, int strideI, ref T bm, ref T c, int countI, int countP, int k, bool accumulate)
    {
        int panel = 2 * TOps.Count, k0 = 0;
        if (k >= panel)
        {
            int sixes = countI - countI % PanelRows, rest = countI - sixes;
            bool pack = (long)countI * countP <= MaxPackedElements;
            ref T source = ref a;
            if (pack)
            {
                int length = countI * countP;
                var packed = t_packedA;
                if (packed is null || packed.Length < length) t_packedA = packed = new T[length];
                source = ref MemoryMarshal.GetArrayDataReference(packed);
                PackPanels(ref a, strideP, strideI, ref source, countI, countP);
            }
            // How the blocks read A: row i's values start at source + i x perRow, one p to the next is pStep on, and a
            // block's rows are rowStep apart (packed: panels of 6 rows, p-major; the rest one panel of `rest` rows).
            nint perRow = pack ? countP : strideI, pStep = pack ? PanelRows : strideP, rowStep = pack ? 1 : strideI;
            nint restPStep = pack ? rest : strideP;
            ref T restSource = ref Unsafe.Add(ref source, sixes * perRow);
            for (; k0 + panel <= k; k0 += panel)
            {
                for (int i0 = 0; i0 < sixes; i0 += PanelRows) Outer6x2(ref Unsafe.Add(ref source, i0 * perRow), pStep, rowStep, ref bm, ref c, i0, k0, countP, k, accumulate);
                int i = 0;
                for (; i + 2 <= rest; i += 2) Outer2x2(ref Unsafe.Add(ref restSource, i * rowStep), restPStep, rowStep, ref bm, ref c, sixes + i, k0, countP, k, accumulate);
                if (i < rest) Outer1x2(ref Unsafe.Add(ref restSource, i * rowStep), restPStep, ref bm, ref c, sixes + i, k0, countP, k, accumulate);
            }
        }
        OuterTail(ref a, strideP, strideI, ref bm, ref c, countI, k0, countP, k, accumulate);
    }

    /// <summary>
    /// Copies A's rows into <paramref name="packed"/> in panels of <see cref="PanelRows"/> (the last one holding the rest):
    /// the panel of rows i0.. starts at i0 x countP, and holds a[p, i0 + j] at p x height + j.
    /// </summary>
    private static void PackPanels(ref T a, int strideP, int strideI, ref T packed, int countI, int countP)
    {
        for (int i0 = 0; i0 < countI; i0 += PanelRows)
        {
            int height = Math.Min(PanelRows, countI - i0);
            ref T source = ref Unsafe.Add(ref a, (nint)i0 * strideI);
            ref T target = ref Unsafe.Add(ref packed, (nint)i0 * countP);
            for (int p = 0; p < countP; p++)
            {
                ref T from = ref Unsafe.Add(ref source, (nint)p * strideP);
                for (int j = 0; j < height; j++) Unsafe.Add(ref target, j) = Unsafe.Add(ref from, (nint)j * strideI);
                target = ref Unsafe.Add(ref target, height);
            }
        }
    }

    /// <summary>C in panels 4 vectors wide, with 32 vector registers: 6 x 4-vector blocks, then a 4 x 4 block, the rows left over one at a time.</summary>
    private static void OuterPanels4(ref T a, int strideP, int strideI, ref T bm, ref T c, int countI, int countP, int k, bool accumulate)
    {
        int panel = 4 * TOps.Count, k0 = 0;
        for (; k0 + panel <= k; k0 += panel)
        {
            int i0 = 0;
            for (; i0 + GemmBlocks.WideOuterRows <= countI; i0 += GemmBlocks.WideOuterRows) Outer6x4(ref a, strideP, strideI, ref bm, ref c, i0, k0, countP, k, accumulate);
            for (; i0 + 4 <= countI; i0 += 4) Outer4x4(ref a, strideP, strideI, ref bm, ref c, i0, k0, countP, k, accumulate);
            for (; i0 < countI; i0++) Outer1x4(ref a, strideP, strideI, ref bm, ref c, i0, k0, countP, k, accumulate);
        }
        OuterTail(ref a, strideP, strideI, ref bm, ref c, countI, k0, countP, k, accumulate);
    }

    /// <summary>
    /// Columns [k0, k) of every row of C: one vector of columns at a time (the last one partial), four rows of C at a
    /// time; a scalar loop only without SIMD.
    /// </summary>
    /// <remarks>
    /// Each element is the chain the scalar loop computes (fused multiply-adds over p from zero, then added to C or
    /// stored), one per lane, so the results are the same bits. Before, the whole vectors here ran one row at a time
    /// (one latency-bound chain) and a partial vector one element at a time: a layer narrower than a vector (10 inputs
    /// at 512 bits) reached 1 GMAC/s on dW and dX.
    /// </remarks>
    private static void OuterTail(ref T a, int strideP, int strideI, ref T bm, ref T c, int countI, int k0, int countP, int k, bool accumulate)
    {
        int width = TOps.Count;
        if (width > 1)
        {
            for (; k0 < k; k0 += width)
            {
                int columns = Math.Min(width, k - k0), whole = RowsWithWholeVector(countP, k, k0), i = 0;
                for (; i + 4 <= countI; i += 4) OuterColumns4(ref a, strideP, strideI, ref bm, ref c, i, k0, columns, whole, countP, k, accumulate);
                for (; i < countI; i++) OuterColumns1(ref a, strideP, strideI, ref bm, ref c, i, k0, columns, whole, countP, k, accumulate);
            }
            return;
        }
        for (; k0 < k; k0++)
        {
            for (int i = 0; i < countI; i++)
            {
                T sum = T.Zero;
                for (int p = 0; p < countP; p++)
                {
                    sum = ScalarMath.MultiplyAdd(Unsafe.Add(ref a, (nint)p * strideP + (nint)i * strideI), Unsafe.Add(ref bm, (nint)p * k + k0), sum);
                }
                ref T target = ref Unsafe.Add(ref c, (nint)i * k + k0);
                target = accumulate ? target + sum : sum;
            }
        }
    }

    /// <summary>
    /// The 6 x 2-vector block for cores with 16 vector registers: 12 accumulators, 2 vectors of B and one broadcast live
    /// (15 registers), 8 loads feeding 12 FMAs; one row of a 2-vector panel of float B is one 64-byte cache line, and the
    /// 6 values of A for one p are <paramref name="rowStep"/> apart (1 where A is packed) and the next p's
    /// <paramref name="pStep"/> on. Measured with AVX-512 disabled, dW of 64 x 784 -> 128: 85 to 101 GFLOP/s against 66 to
    /// 80 for a 2 x 4-vector block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer6x2(ref T a0, nint pStep, nint rowStep, ref T bm, ref T c, int i0, int k0, int countP, int k, bool accumulate)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count;
        nint s1 = rowStep, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1;
        ref T ap = ref a0;
        ref T row = ref Unsafe.Add(ref bm, k0);
        for (int p = 0; p < countP; p++)
        {
            TVector b0 = TOps.Load(ref row, 0), b1 = TOps.Load(ref row, w1);
            TVector s = TOps.Broadcast(ap);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s1));
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s2));
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s3));
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s4));
            c40 = TOps.MultiplyAdd(s, b0, c40); c41 = TOps.MultiplyAdd(s, b1, c41);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s5));
            c50 = TOps.MultiplyAdd(s, b0, c50); c51 = TOps.MultiplyAdd(s, b1, c51);
            ap = ref Unsafe.Add(ref ap, pStep);
            row = ref Unsafe.Add(ref row, k);
        }
        ref T t = ref Unsafe.Add(ref c, (nint)i0 * k + k0);
        Put(ref t, 0, c00, accumulate); Put(ref t, w1, c01, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c10, accumulate); Put(ref t, w1, c11, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c20, accumulate); Put(ref t, w1, c21, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c30, accumulate); Put(ref t, w1, c31, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c40, accumulate); Put(ref t, w1, c41, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c50, accumulate); Put(ref t, w1, c51, accumulate);
    }

    /// <summary>
    /// Two of the rows that <see cref="Outer6x2"/> leaves, on the same 2-vector column panel: 4 accumulators; A read as
    /// in <see cref="Outer6x2"/>. The same chain per element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer2x2(ref T a0, nint pStep, nint rowStep, ref T bm, ref T c, int i0, int k0, int countP, int k, bool accumulate)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count;
        ref T ap = ref a0;
        ref T row = ref Unsafe.Add(ref bm, k0);
        for (int p = 0; p < countP; p++)
        {
            TVector b0 = TOps.Load(ref row, 0), b1 = TOps.Load(ref row, w1);
            TVector s = TOps.Broadcast(ap);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01);
            s = TOps.Broadcast(Unsafe.Add(ref ap, rowStep));
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11);
            ap = ref Unsafe.Add(ref ap, pStep);
            row = ref Unsafe.Add(ref row, k);
        }
        ref T t = ref Unsafe.Add(ref c, (nint)i0 * k + k0);
        Put(ref t, 0, c00, accumulate); Put(ref t, w1, c01, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c10, accumulate); Put(ref t, w1, c11, accumulate);
    }

    /// <summary><see cref="Outer2x2"/> for the last row left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer1x2(ref T a0, nint pStep, ref T bm, ref T c, int i, int k0, int countP, int k, bool accumulate)
    {
        TVector c0 = TOps.Zero, c1 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count;
        ref T ap = ref a0;
        ref T row = ref Unsafe.Add(ref bm, k0);
        for (int p = 0; p < countP; p++)
        {
            TVector s = TOps.Broadcast(ap);
            c0 = TOps.MultiplyAdd(s, TOps.Load(ref row, 0), c0);
            c1 = TOps.MultiplyAdd(s, TOps.Load(ref row, w1), c1);
            ap = ref Unsafe.Add(ref ap, pStep);
            row = ref Unsafe.Add(ref row, k);
        }
        ref T t = ref Unsafe.Add(ref c, (nint)i * k + k0);
        Put(ref t, 0, c0, accumulate); Put(ref t, w1, c1, accumulate);
    }

    /// <summary>
    /// A 6 x 4-vector block of C with 32 vector registers: 24 accumulators, 4 vectors of B and a broadcast live, 10 loads
    /// per 24 fused multiply-adds where the 4 x 4 block has 8 per 16 (the shape of <see cref="Block6x4"/>, for dW and dX).
    /// A's 6 values for one p are <paramref name="strideI"/> apart and the next p's <paramref name="strideP"/> on. The same
    /// chain per element as every other block, so the same bits. Measured on Zen 5 at 512 bits against the 4 x 4 block alone:
    /// dW of 64 x 784 -> 128 77.7-81.0 -> 72.5-73.1 us, dX 76.4-76.7 -> 68.7-69.0 us; 256 x 784 -> 32 dW 78-102 -> 83-87 us,
    /// dX 105-106 -> 95-96 us.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer6x4(ref T a, int strideP, int strideI, ref T bm, ref T c, int i0, int k0, int countP, int k, bool accumulate)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        TVector c40 = TOps.Zero, c41 = TOps.Zero, c42 = TOps.Zero, c43 = TOps.Zero;
        TVector c50 = TOps.Zero, c51 = TOps.Zero, c52 = TOps.Zero, c53 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count, w2 = 2 * w1, w3 = 3 * w1;
        nint s1 = strideI, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1;
        ref T ap = ref Unsafe.Add(ref a, (nint)i0 * strideI);
        ref T row = ref Unsafe.Add(ref bm, k0);
        for (int p = 0; p < countP; p++)
        {
            TVector b0 = TOps.Load(ref row, 0), b1 = TOps.Load(ref row, w1), b2 = TOps.Load(ref row, w2), b3 = TOps.Load(ref row, w3);
            TVector s = TOps.Broadcast(ap);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01); c02 = TOps.MultiplyAdd(s, b2, c02); c03 = TOps.MultiplyAdd(s, b3, c03);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s1));
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11); c12 = TOps.MultiplyAdd(s, b2, c12); c13 = TOps.MultiplyAdd(s, b3, c13);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s2));
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21); c22 = TOps.MultiplyAdd(s, b2, c22); c23 = TOps.MultiplyAdd(s, b3, c23);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s3));
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31); c32 = TOps.MultiplyAdd(s, b2, c32); c33 = TOps.MultiplyAdd(s, b3, c33);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s4));
            c40 = TOps.MultiplyAdd(s, b0, c40); c41 = TOps.MultiplyAdd(s, b1, c41); c42 = TOps.MultiplyAdd(s, b2, c42); c43 = TOps.MultiplyAdd(s, b3, c43);
            s = TOps.Broadcast(Unsafe.Add(ref ap, s5));
            c50 = TOps.MultiplyAdd(s, b0, c50); c51 = TOps.MultiplyAdd(s, b1, c51); c52 = TOps.MultiplyAdd(s, b2, c52); c53 = TOps.MultiplyAdd(s, b3, c53);
            ap = ref Unsafe.Add(ref ap, strideP);
            row = ref Unsafe.Add(ref row, k);
        }
        ref T t = ref Unsafe.Add(ref c, (nint)i0 * k + k0);
        Put(ref t, 0, c00, accumulate); Put(ref t, w1, c01, accumulate); Put(ref t, w2, c02, accumulate); Put(ref t, w3, c03, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c10, accumulate); Put(ref t, w1, c11, accumulate); Put(ref t, w2, c12, accumulate); Put(ref t, w3, c13, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c20, accumulate); Put(ref t, w1, c21, accumulate); Put(ref t, w2, c22, accumulate); Put(ref t, w3, c23, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c30, accumulate); Put(ref t, w1, c31, accumulate); Put(ref t, w2, c32, accumulate); Put(ref t, w3, c33, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c40, accumulate); Put(ref t, w1, c41, accumulate); Put(ref t, w2, c42, accumulate); Put(ref t, w3, c43, accumulate); t = ref Unsafe.Add(ref t, k);
        Put(ref t, 0, c50, accumulate); Put(ref t, w1, c51, accumulate); Put(ref t, w2, c52, accumulate); Put(ref t, w3, c53, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer4x4(ref T a, int strideP, int strideI, ref T bm, ref T c, int i0, int k0, int countP, int k, bool accumulate)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count, w2 = 2 * w1, w3 = 3 * w1;
        ref T a0 = ref Unsafe.Add(ref a, (nint)i0 * strideI);
        ref T a1 = ref Unsafe.Add(ref a0, strideI);
        ref T a2 = ref Unsafe.Add(ref a1, strideI);
        ref T a3 = ref Unsafe.Add(ref a2, strideI);
        ref T row = ref Unsafe.Add(ref bm, k0);
        for (int p = 0; p < countP; p++)
        {
            TVector b0 = TOps.Load(ref row, 0), b1 = TOps.Load(ref row, w1), b2 = TOps.Load(ref row, w2), b3 = TOps.Load(ref row, w3);
            nint offset = (nint)p * strideP;
            TVector s = TOps.Broadcast(Unsafe.Add(ref a0, offset));
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01); c02 = TOps.MultiplyAdd(s, b2, c02); c03 = TOps.MultiplyAdd(s, b3, c03);
            s = TOps.Broadcast(Unsafe.Add(ref a1, offset));
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11); c12 = TOps.MultiplyAdd(s, b2, c12); c13 = TOps.MultiplyAdd(s, b3, c13);
            s = TOps.Broadcast(Unsafe.Add(ref a2, offset));
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21); c22 = TOps.MultiplyAdd(s, b2, c22); c23 = TOps.MultiplyAdd(s, b3, c23);
            s = TOps.Broadcast(Unsafe.Add(ref a3, offset));
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31); c32 = TOps.MultiplyAdd(s, b2, c32); c33 = TOps.MultiplyAdd(s, b3, c33);
            row = ref Unsafe.Add(ref row, k);
        }
        ref T t0 = ref Unsafe.Add(ref c, (nint)i0 * k + k0);
        ref T t1 = ref Unsafe.Add(ref t0, k);
        ref T t2 = ref Unsafe.Add(ref t1, k);
        ref T t3 = ref Unsafe.Add(ref t2, k);
        Put(ref t0, 0, c00, accumulate); Put(ref t0, w1, c01, accumulate); Put(ref t0, w2, c02, accumulate); Put(ref t0, w3, c03, accumulate);
        Put(ref t1, 0, c10, accumulate); Put(ref t1, w1, c11, accumulate); Put(ref t1, w2, c12, accumulate); Put(ref t1, w3, c13, accumulate);
        Put(ref t2, 0, c20, accumulate); Put(ref t2, w1, c21, accumulate); Put(ref t2, w2, c22, accumulate); Put(ref t2, w3, c23, accumulate);
        Put(ref t3, 0, c30, accumulate); Put(ref t3, w1, c31, accumulate); Put(ref t3, w2, c32, accumulate); Put(ref t3, w3, c33, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer1x4(ref T a, int strideP, int strideI, ref T bm, ref T c, int i, int k0, int countP, int k, bool accumulate)
    {
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        nuint w1 = (nuint)TOps.Count, w2 = 2 * w1, w3 = 3 * w1;
        ref T ai = ref Unsafe.Add(ref a, (nint)i * strideI);
        ref T row = ref Unsafe.Add(ref bm, k0);
        for (int p = 0; p < countP; p++)
        {
            TVector s = TOps.Broadcast(Unsafe.Add(ref ai, (nint)p * strideP));
            c0 = TOps.MultiplyAdd(s, TOps.Load(ref row, 0), c0);
            c1 = TOps.MultiplyAdd(s, TOps.Load(ref row, w1), c1);
            c2 = TOps.MultiplyAdd(s, TOps.Load(ref row, w2), c2);
            c3 = TOps.MultiplyAdd(s, TOps.Load(ref row, w3), c3);
            row = ref Unsafe.Add(ref row, k);
        }
        ref T t = ref Unsafe.Add(ref c, (nint)i * k + k0);
        Put(ref t, 0, c0, accumulate); Put(ref t, w1, c1, accumulate); Put(ref t, w2, c2, accumulate); Put(ref t, w3, c3, accumulate);
    }

    /// <summary>
    /// Rows i0..i0+3 of C at columns [k0, k0 + <paramref name="columns"/>), one vector (<paramref name="columns"/> at most
    /// a vector): four chains side by side. Lanes past <paramref name="columns"/> compute whatever follows in B and are
    /// dropped; B's rows from <paramref name="whole"/> on, whose vector would pass B's end, go through a zero-padded copy
    /// (a second loop: a branch or a copy inside the first cost it half its speed, measured).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterColumns4(ref T a, int strideP, int strideI, ref T bm, ref T c, int i0, int k0, int columns, int whole, int countP, int k, bool accumulate)
    {
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        nint s1 = strideI, s2 = 2 * s1, s3 = 3 * s1;
        ref T ap = ref Unsafe.Add(ref a, (nint)i0 * strideI);
        ref T row = ref Unsafe.Add(ref bm, k0);
        int p = 0;
        for (; p < whole; p++)
        {
            TVector b = TOps.Load(ref row, 0);
            c0 = TOps.MultiplyAdd(TOps.Broadcast(ap), b, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ap, s1)), b, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ap, s2)), b, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ap, s3)), b, c3);
            ap = ref Unsafe.Add(ref ap, strideP);
            row = ref Unsafe.Add(ref row, k);
        }
        for (; p < countP; p++)
        {
            TVector b = Padded(ref row, columns);
            c0 = TOps.MultiplyAdd(TOps.Broadcast(ap), b, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ap, s1)), b, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ap, s2)), b, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref ap, s3)), b, c3);
            ap = ref Unsafe.Add(ref ap, strideP);
            row = ref Unsafe.Add(ref row, k);
        }
        var block = new FourVectors(c0, c1, c2, c3);
        PutColumns(ref block, ref Unsafe.Add(ref c, (nint)i0 * k + k0), k, columns, accumulate);
    }

    /// <summary><see cref="OuterColumns4"/> for one row of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterColumns1(ref T a, int strideP, int strideI, ref T bm, ref T c, int i, int k0, int columns, int whole, int countP, int k, bool accumulate)
    {
        TVector c0 = TOps.Zero;
        ref T ap = ref Unsafe.Add(ref a, (nint)i * strideI);
        ref T row = ref Unsafe.Add(ref bm, k0);
        int p = 0;
        for (; p < whole; p++)
        {
            c0 = TOps.MultiplyAdd(TOps.Broadcast(ap), TOps.Load(ref row, 0), c0);
            ap = ref Unsafe.Add(ref ap, strideP);
            row = ref Unsafe.Add(ref row, k);
        }
        for (; p < countP; p++)
        {
            c0 = TOps.MultiplyAdd(TOps.Broadcast(ap), Padded(ref row, columns), c0);
            ap = ref Unsafe.Add(ref ap, strideP);
            row = ref Unsafe.Add(ref row, k);
        }
        PutColumns(ref Unsafe.Add(ref c, (nint)i * k + k0), c0, columns, accumulate);
    }

    /// <summary>The rows p of B (P x k) whose vector at column k0 lies inside B: p * k + k0 + Count &lt;= P * k.</summary>
    private static int RowsWithWholeVector(int countP, int k, int k0)
    {
        long room = (long)countP * k - k0 - TOps.Count; // the last p fitting has p * k <= room
        return room < 0 ? 0 : (int)Math.Min(room / k + 1, countP);
    }

    /// <summary>The first <paramref name="columns"/> values at <paramref name="source"/> in a vector, the other lanes zero.</summary>
    // Inlined: a call in a loop makes the JIT spill the loop's vector accumulators on every iteration.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Padded(ref T source, int columns)
    {
        TVector padded = TOps.Zero;
        ref T lanes = ref Unsafe.As<TVector, T>(ref padded);
        for (int j = 0; j < columns; j++) Unsafe.Add(ref lanes, j) = Unsafe.Add(ref source, j);
        return padded;
    }

    /// <summary>The first <paramref name="columns"/> lanes of <paramref name="value"/> stored to (or added to) <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutColumns(ref T target, TVector value, int columns, bool accumulate)
    {
        if (columns == TOps.Count)
        {
            Put(ref target, 0, value, accumulate);
            return;
        }
        ref T lanes = ref Unsafe.As<TVector, T>(ref value);
        for (int j = 0; j < columns; j++)
        {
            ref T element = ref Unsafe.Add(ref target, j);
            element = accumulate ? element + Unsafe.Add(ref lanes, j) : Unsafe.Add(ref lanes, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref T target, nuint offset, TVector value, bool accumulate) =>
        TOps.Store(accumulate ? TOps.Add(TOps.Load(ref target, offset), value) : value, ref target, offset);

    /// <summary>sums[j] += sum_r d[r * stride + j] for j in [0, n) (the bias gradient; d's rows are <paramref name="stride"/> long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSums(ref T d, ref T sums, int rows, int n, int stride)
    {
        int width = TOps.Count, j = 0;
        for (; j + width <= n; j += width)
        {
            TVector accumulator = TOps.Zero;
            for (int r = 0; r < rows; r++) accumulator = TOps.Add(accumulator, TOps.Load(ref d, (nuint)((nint)r * stride + j)));
            TOps.Store(TOps.Add(TOps.Load(ref sums, (nuint)j), accumulator), ref sums, (nuint)j);
        }
        for (; j < n; j++)
        {
            T sum = T.Zero;
            for (int r = 0; r < rows; r++) sum += Unsafe.Add(ref d, (nint)r * stride + j);
            Unsafe.Add(ref sums, j) += sum;
        }
    }

    /// <summary>d[i] *= f'(a[i]) for <paramref name="count"/> elements, f' written from the activation a = f(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyByDerivative(ref T d, ref T a, int count, ActivationFunction activation)
    {
        if (activation == ActivationFunction.Linear) return;
        int width = TOps.Count, i = 0;
        TVector one = TOps.Broadcast(T.One), zero = TOps.Zero, leak = TOps.Broadcast(Activations<T>.LeakySlope);
        for (; i + width <= count; i += width)
        {
            TVector y = TOps.Load(ref a, (nuint)i);
            TVector derivative = activation switch
            {
                ActivationFunction.Sigmoid => TOps.Multiply(y, TOps.Subtract(one, y)),
                ActivationFunction.Tanh => TOps.Subtract(one, TOps.Multiply(y, y)),
                ActivationFunction.ReLU => TOps.SelectWherePositive(y, one, zero),
                _ => TOps.SelectWherePositive(y, one, leak),
            };
            TOps.Store(TOps.Multiply(TOps.Load(ref d, (nuint)i), derivative), ref d, (nuint)i);
        }
        for (; i < count; i++) Unsafe.Add(ref d, i) *= Activations<T>.Derivative(activation, Unsafe.Add(ref a, i));
    }
}

/// <summary>The element-wise activations and their derivatives, written as the generated per-sample code writes them.</summary>
internal static class Activations<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>LeakyReLU's slope for z &lt;= 0, rounded to <typeparamref name="T"/> as the generated literal is.</summary>
    public static readonly T LeakySlope = T.CreateChecked(0.01);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply(ActivationFunction activation, T z) => activation switch
    {
        ActivationFunction.Sigmoid => T.One / (T.One + T.Exp(-z)),
        ActivationFunction.Tanh => T.Tanh(z),
        ActivationFunction.ReLU => z < T.Zero ? T.Zero : z, // NaN propagates, as in the generated per-sample code
        ActivationFunction.LeakyReLU => z > T.Zero ? z : LeakySlope * z,
        _ => z,
    };

    /// <summary>f'(z) from a = f(z): sigmoid a(1 - a), tanh 1 - a^2, ReLU 1 or 0, LeakyReLU 1 or 0.01, linear 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative(ActivationFunction activation, T a) => activation switch
    {
        ActivationFunction.Sigmoid => a * (T.One - a),
        ActivationFunction.Tanh => T.One - a * a,
        ActivationFunction.ReLU => a > T.Zero ? T.One : T.Zero,
        ActivationFunction.LeakyReLU => a > T.Zero ? T.One : LeakySlope,
        _ => T.One,
    };
}

/// <summary>
/// The heights of <see cref="Gemm{T, TVector, TOps}"/>'s register blocks, for the callers that split its work between
/// threads (<see cref="KernelSplit{T}"/>): a part that starts and ends on whole blocks runs no remainder kernels.
/// </summary>
internal static class GemmBlocks
{
    /// <summary>Rows of X in the forward dot block where the core has 32 vector registers: 4 x 4 (vectors).</summary>
    public const int WideRows = 4;

    /// <summary>Rows of C in the outer-product block with 32 vector registers: 6 x 4 vectors.</summary>
    public const int WideOuterRows = 6;

    /// <summary>Rows of X in the forward block with 16 vector registers: 3 x 4.</summary>
    public const int NarrowForwardRows = 3;

    /// <summary>Rows of C in the outer-product block with 16 vector registers: 6 x 2 vectors.</summary>
    public const int NarrowOuterRows = 6;

    /// <summary>
    /// True where the core has 32 vector registers (AVX-512, also at narrower widths through EVEX) or the width is 512 bits.
    /// </summary>
    public static bool Wide(SimdWidth width) => width == SimdWidth.Bits512 || Avx512F.IsSupported;

    /// <summary>Rows of X per forward block.</summary>
    public static int ForwardRows(SimdWidth width) => Wide(width) ? WideRows : NarrowForwardRows;

    /// <summary>Rows of C per outer-product block: units of dW, rows of dX.</summary>
    public static int OuterRows(SimdWidth width) => Wide(width) ? WideOuterRows : NarrowOuterRows;

    /// <summary>
    /// True where a layer narrower than a vector runs its forward product in the outer-product form (<c>ForwardOuter</c>):
    /// with vectors of <paramref name="lanes"/> values, fewer inputs than one vector, where the dot form has no vector step
    /// at all.
    /// </summary>
    /// <remarks>
    /// Tried and not kept: below two vectors of inputs. Batches gained (4,096 rows of 10 -> 64 at 256 bits 1.79 -> 0.12 ms,
    /// of 16 -> 32 at 512 bits 170 -> 79 us), but a single sample of 20 -> 64 at 512 bits took 0.94 us packed and 1.26
    /// unpacked against 0.39 in the dot form.
    /// </remarks>
    public static bool OuterForward(int lanes, int inputs) => lanes > 1 && inputs < lanes;

    /// <summary>
    /// The fewest rows of one call for which, at 512 bits, every layer's forward product runs in the outer-product form
    /// over W^T packed for the call. Measured on Zen 5 (ReLU, float, one thread), dot form against outer form with its
    /// packing: 1,024 x 784 -> 128 1.29-1.37 against 0.96-1.00 ms; 256 x 784 -> 32 85-87 against 65-67 us; but 128 x 784
    /// -> 128 154-157 against 166-167 us (packing 100,000 values costs about 45 us). With 16 vector registers the outer
    /// form measured only 5% faster than the dot form's 3 x 4 block, so narrower widths keep the dot form.
    /// </summary>
    public const int PackedForwardRows = 256;

    /// <summary>
    /// The form of a forward product over <paramref name="rows"/> rows of <paramref name="inputs"/> values: true for the
    /// outer-product form (a layer narrower than a vector, or at 512 bits a call of at least <see cref="PackedForwardRows"/>
    /// rows), false for the dot form. Decided once per call, from the whole call's rows: the forms add in different
    /// orders, so a row's last bits depend on this and on nothing else (not on its place, the threads, or its alignment).
    /// </summary>
    public static bool OuterForward<T>(SimdWidth width, int inputs, int rows) where T : unmanaged =>
        OuterForward(Lanes<T>(width), inputs) || (width == SimdWidth.Bits512 && rows >= PackedForwardRows);

    /// <summary>The values of <typeparamref name="T"/> in one vector of <paramref name="width"/> (1 for scalar).</summary>
    public static int Lanes<T>(SimdWidth width) where T : unmanaged =>
        width == SimdWidth.Scalar ? 1 : (int)width / 8 / Unsafe.SizeOf<T>();

    /// <summary>The fewest 512-bit vectors of inputs for the sample form's own pass: two runs of its 8 chains (256 floats, 128 doubles).</summary>
    public const int SampleFormMinVectors = 16;

    /// <summary>
    /// True where one sample's forward product takes the sample form's own pass (<c>Gemm.ForwardSample</c>, which says
    /// why): at 512 bits, for at least <see cref="SampleFormMinVectors"/> vectors of inputs. Elsewhere the sample form is
    /// the batch form's pass over one row, with its bits.
    /// </summary>
    public static bool SampleForm<T>(SimdWidth width, int inputs) where T : unmanaged =>
        width == SimdWidth.Bits512 && inputs >= SampleFormMinVectors * Vector512<T>.Count;
}
