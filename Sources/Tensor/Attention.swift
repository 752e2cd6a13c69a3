import Foundation

/// Scaled dot-product attention with grouped-query heads, causal or full.
///
/// Layouts are the ones projections produce, so no transposes are needed: query
/// (T, Hq, d) or (B, T, Hq, d); keys and values (S, Hkv, d) or (B, S, Hkv, d). Query head h
/// reads key/value head h / (Hq / Hkv). With `causal`, query row t sits at position
/// `startPosition + t` and sees keys 0...startPosition + t. Each head's two products go
/// through sgemm with strided leading dimensions; a few query rows (decoding) use SIMD dot
/// products instead.
extension Tensor {
    public static func attention(query: Tensor, keys: Tensor, values: Tensor,
                                 causal: Bool = true, startPosition: Int = 0) throws(TensorError) -> Tensor {
        let layout = try AttentionLayout(query.shape, keys.shape, values.shape, causal: causal, startPosition: startPosition)
        return AttentionKernel.forward(query.contiguous(), keys.contiguous(), values.contiguous(),
                                       layout, keepProbabilities: false).output
    }
}

struct AttentionLayout {
    let batch: Int, steps: Int, keySteps: Int, queryHeads: Int, kvHeads: Int, dim: Int
    let causal: Bool, startPosition: Int
    /// Per batch row, the parts of the score plane that are computed: one block of all
    /// queries and keys, or one block per packed sequence (its queries see only its keys).
    let blocks: [[AttentionBlock]]
    /// Per batch row, the floats one head's blocks take, and where the row's heads start
    /// in the kept probabilities.
    let rowAreas: [Int], rowStarts: [Int]

    init(_ q: [Int], _ k: [Int], _ v: [Int], causal: Bool, startPosition: Int,
         segments: [[Range<Int>]]? = nil) throws(TensorError) {
        let fits = (q.count == 3 || q.count == 4) && k.count == q.count && v == k
            && q.last == k.last && (q.count == 3 || q[0] == k[0])
            && k[k.count - 2] > 0 && q[q.count - 2] % k[k.count - 2] == 0
        guard fits else {
            throw .shapeMismatch(operation: "attention", shapes: [q, k, v],
                                 expected: "query ([B,] T, Hq, d), keys and values ([B,] S, Hkv, d) with Hq a multiple of Hkv")
        }
        let r = q.count
        batch = r == 4 ? q[0] : 1
        (steps, queryHeads, dim) = (q[r - 3], q[r - 2], q[r - 1])
        (keySteps, kvHeads) = (k[r - 3], k[r - 2])
        self.causal = causal
        self.startPosition = startPosition
        guard !causal || (startPosition >= 0 && startPosition + steps <= keySteps) else {
            throw .invalidArgument(operation: "attention",
                                   reason: "causal queries at positions \(startPosition)..<\(startPosition + steps) need that many keys, got \(keySteps)")
        }
        if let segments {
            let (steps, batch) = (steps, batch)
            let tiled = segments.count == batch && segments.allSatisfy { row in
                row.first?.lowerBound == 0 && row.last?.upperBound == steps && row.allSatisfy { !$0.isEmpty }
                    && zip(row, row.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }
            }
            guard causal, startPosition == 0, keySteps == steps, tiled else {
                throw .invalidArgument(operation: "attention",
                                       reason: "packed segments need causal self-attention and, per batch row, ranges that tile its \(steps) positions")
            }
        }
        var blocks: [[AttentionBlock]] = [], areas: [Int] = [], starts: [Int] = []
        var start = 0
        for b in 0..<batch {
            var row: [AttentionBlock] = [], area = 0
            for s in segments?[b] ?? [0..<steps] {
                let keys = segments == nil ? 0..<keySteps : s
                row.append(AttentionBlock(queries: s, keys: keys, offset: area))
                area += s.count * keys.count
            }
            blocks.append(row)
            areas.append(area)
            starts.append(start)
            start += area * queryHeads
        }
        (self.blocks, rowAreas, rowStarts) = (blocks, areas, starts)
    }

    var scale: Float { 1 / Float(dim).squareRoot() }
    var group: Int { queryHeads / kvHeads }
    /// Floats of the probabilities kept for backward: every head's blocks of every row.
    var probabilityCount: Int { rowStarts.last.map { $0 + rowAreas[batch - 1] * queryHeads } ?? 0 }
    /// Keys visible to query row t (one block per row).
    func visible(_ t: Int) -> Int { causal ? startPosition + t + 1 : keySteps }
    /// Keys of `block` visible to its query row t (0-based within the block).
    func visible(_ t: Int, in block: AttentionBlock) -> Int {
        guard causal else { return block.keys.count }
        return startPosition + block.queries.lowerBound + t - block.keys.lowerBound + 1
    }
}

/// Queries `queries` of a batch row attend to keys `keys`; their (queries, keys) scores sit
/// at `offset` in the row's per-head plane, with the block's key count as leading dimension.
struct AttentionBlock {
    let queries: Range<Int>, keys: Range<Int>
    let offset: Int
}

enum AttentionKernel {
    /// Query rows per score product: a causal block's chunk of rows multiplies only the keys
    /// its last row sees, which skips most of the masked upper triangle.
    static let rowChunk = 32

    /// Chunks of `block`'s query rows (block-relative) with the keys the chunk's last row sees.
    static func chunks(_ block: AttentionBlock, _ l: AttentionLayout) -> [(rows: Range<Int>, keys: Int)] {
        stride(from: 0, to: block.queries.count, by: rowChunk).map { r0 in
            let r1 = Swift.min(block.queries.count, r0 + rowChunk)
            return (r0..<r1, Swift.min(block.keys.count, l.visible(r1 - 1, in: block)))
        }
    }

    /// Output (shape of the query) and, for backward, the probabilities (B, Hq, T, S).
    /// Heads run in parallel, each on one thread with its own products, so every element
    /// is summed in the same order on any number of threads.
    static func forward(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ l: AttentionLayout,
                        keepProbabilities: Bool) -> (output: Tensor, probabilities: Tensor?) {
        if !keepProbabilities && l.steps <= 4 { return (decode(q, k, v, l), nil) }
        let output = Tensor(uninitializedShape: q.shape)
        let probabilities = keepProbabilities ? Tensor(uninitializedShape: [l.probabilityCount]) : nil
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        let scratchFloats = keepProbabilities ? 0 : rowChunk * l.keySteps
        Parallel.run(chunks: l.batch * l.queryHeads, threads: Parallel.threadCount) { unit in
            let (b, h) = (unit / l.queryHeads, unit % l.queryHeads)
            let kv = h / l.group
            let qh = q.base + b * l.steps * qRow + h * l.dim, oh = output.base + b * l.steps * qRow + h * l.dim
            let kh = k.base + b * l.keySteps * kvRow + kv * l.dim, vh = v.base + b * l.keySteps * kvRow + kv * l.dim
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(scratchFloats, 1))
            defer { scratch.deallocate() }
            for block in l.blocks[b] {
                let (q0, k0, s) = (block.queries.lowerBound, block.keys.lowerBound, block.keys.count)
                for (rows, keys) in chunks(block, l) {
                    // Kept probabilities: the chunk's rows of the block's plane; else a scratch chunk.
                    let p = probabilities.map { $0.base + l.rowStarts[b] + h * l.rowAreas[b] + block.offset + rows.lowerBound * s }
                        ?? scratch
                    let (n, qo) = (rows.count, (q0 + rows.lowerBound) * qRow)
                    // scores (n, keys) = scale · Q_h · K_hᵀ
                    BLAS.sgemmOnThisThread(transposeB: true, m: n, n: keys, k: l.dim, alpha: l.scale,
                                           a: qh + qo, lda: qRow, b: kh + k0 * kvRow, ldb: kvRow, c: p, ldc: s)
                    for t in 0..<n {
                        let row = p + t * s, visible = l.visible(rows.lowerBound + t, in: block)
                        softmaxRow(row, row, visible)
                        (row + visible).update(repeating: 0, count: keys - visible)
                    }
                    // out_h (n, d) = P · V_h
                    BLAS.sgemmOnThisThread(m: n, n: l.dim, k: keys, a: p, lda: s, b: vh + k0 * kvRow, ldb: kvRow,
                                           c: oh + qo, ldc: qRow)
                }
            }
        }
        return (output, probabilities)
    }

    /// A few query rows (decoding with a KV cache): per-row SIMD dot products and
    /// weighted sums, query heads split over threads. Hundreds of tiny sgemm calls per
    /// token would cost more than the arithmetic.
    static func decode(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ l: AttentionLayout) -> Tensor {
        let output = Tensor(uninitializedShape: q.shape)
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        let rows = l.batch * l.steps * l.queryHeads
        Parallel.forEach(rows, minChunk: Swift.max(1, 2048 / Swift.max(l.keySteps * l.dim / 64, 1))) { range in
            var scores = [Float](repeating: 0, count: l.keySteps)
            scores.withUnsafeMutableBufferPointer { scores in
                let p = scores.baseAddress!
                for row in range {
                    let h = row % l.queryHeads, t = (row / l.queryHeads) % l.steps, b = row / (l.queryHeads * l.steps)
                    let kv = h / l.group
                    let qh = q.base + (b * l.steps + t) * qRow + h * l.dim
                    let kh = k.base + b * l.keySteps * kvRow + kv * l.dim, vh = v.base + b * l.keySteps * kvRow + kv * l.dim
                    let out = output.base + (b * l.steps + t) * qRow + h * l.dim
                    let n = l.visible(t)
                    // scores[s] = scale · q·k_s, softmax, then out = Σ p_s · v_s
                    for s in 0..<n { p[s] = l.scale * simdDot(qh, kh + s * kvRow, l.dim) }
                    softmaxRow(p, p, n)
                    out.update(repeating: 0, count: l.dim)
                    for s in 0..<n { simdAxpy(p[s], vh + s * kvRow, out, l.dim) }
                }
            }
        }
        return output
    }

    /// Gradients of query, keys and values from the output gradient `g`. Key/value heads run
    /// in parallel, each with its group of query heads in order, so dK and dV sum the same
    /// way on any number of threads.
    static func backward(_ g: Tensor, _ q: Tensor, _ k: Tensor, _ v: Tensor, _ p: Tensor,
                         _ l: AttentionLayout) -> (Tensor, Tensor, Tensor) {
        let dq = Tensor(uninitializedShape: q.shape)
        let dk = Tensor(uninitializedShape: k.shape), dv = Tensor(uninitializedShape: v.shape)
        dk.base.update(repeating: 0, count: dk.count)
        dv.base.update(repeating: 0, count: dv.count)
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        Parallel.run(chunks: l.batch * l.kvHeads, threads: Parallel.threadCount) { unit in
            let (b, kv) = (unit / l.kvHeads, unit % l.kvHeads)
            let ds = UnsafeMutablePointer<Float>.allocate(capacity: rowChunk * Swift.max(l.keySteps, 1))
            defer { ds.deallocate() }
            let kvOffset = b * l.keySteps * kvRow + kv * l.dim
            for h in (kv * l.group)..<((kv + 1) * l.group) {
                let qOffset = b * l.steps * qRow + h * l.dim
                let plane = p.base + l.rowStarts[b] + h * l.rowAreas[b]
                for block in l.blocks[b] {
                    let (q0, k0, s) = (block.queries.lowerBound, block.keys.lowerBound, block.keys.count)
                    let ko = kvOffset + k0 * kvRow
                    for (rows, keys) in chunks(block, l) {
                        let (n, qo) = (rows.count, qOffset + (q0 + rows.lowerBound) * qRow)
                        let ph = plane + block.offset + rows.lowerBound * s
                        // dP (n, keys) = dO_h · V_hᵀ
                        BLAS.sgemmOnThisThread(transposeB: true, m: n, n: keys, k: l.dim,
                                               a: g.base + qo, lda: qRow, b: v.base + ko, ldb: kvRow, c: ds, ldc: keys)
                        // dScores = P ⊙ (dP - Σ P ⊙ dP) · scale (softmax backward, then the score scale)
                        for t in 0..<n {
                            let pr = ph + t * s, dr = ds + t * keys
                            let sum = simdDot(pr, dr, keys)
                            for j in 0..<keys { dr[j] = pr[j] * (dr[j] - sum) * l.scale }
                        }
                        // dQ_h = dScores · K_h;  dK_h += dScoresᵀ · Q_h;  dV_h += Pᵀ · dO_h
                        BLAS.sgemmOnThisThread(m: n, n: l.dim, k: keys, a: ds, lda: keys,
                                               b: k.base + ko, ldb: kvRow, c: dq.base + qo, ldc: qRow)
                        BLAS.sgemmOnThisThread(transposeA: true, m: keys, n: l.dim, k: n, a: ds, lda: keys,
                                               b: q.base + qo, ldb: qRow, beta: 1, c: dk.base + ko, ldc: kvRow)
                        BLAS.sgemmOnThisThread(transposeA: true, m: keys, n: l.dim, k: n, a: ph, lda: s,
                                               b: g.base + qo, ldb: qRow, beta: 1, c: dv.base + ko, ldc: kvRow)
                    }
                }
            }
        }
        return (dq, dk, dv)
    }
}

extension Variable {
    /// Differentiable attention (see `Tensor.attention`); keeps the probabilities for backward.
    /// `segments` (per batch row, ranges tiling its positions) packs several sequences into
    /// a row: causal attention within each range only, so each sees none of the others.
    public static func attention(query: Variable, keys: Variable, values: Variable,
                                 causal: Bool = true, startPosition: Int = 0,
                                 segments: [[Range<Int>]]? = nil) throws(TensorError) -> Variable {
        let l = try AttentionLayout(query.shape, keys.shape, values.shape, causal: causal, startPosition: startPosition,
                                    segments: segments)
        let (q, k, v) = (query.value.contiguous(), keys.value.contiguous(), values.value.contiguous())
        let (output, probabilities) = AttentionKernel.forward(q, k, v, l, keepProbabilities: true)
        return Variable(output, parents: [query, keys, values]) { g, _ in
            let (dq, dk, dv) = AttentionKernel.backward(g.contiguous(), q, k, v, probabilities!, l)
            return [dq, dk, dv]
        }
    }
}
