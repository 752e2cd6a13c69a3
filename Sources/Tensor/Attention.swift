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
    /// Output (shape of the query) and, for backward, the probabilities (B, Hq, T, S).
    static func forward(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ l: AttentionLayout,
                        keepProbabilities: Bool) -> (output: Tensor, probabilities: Tensor?) {
        if !keepProbabilities && l.steps <= 4 { return (decode(q, k, v, l), nil) }
        let output = Tensor(uninitializedShape: q.shape)
        let probabilities = keepProbabilities ? Tensor(uninitializedShape: [l.probabilityCount]) : nil
        let scratch = keepProbabilities ? nil : Tensor(uninitializedShape: [l.rowAreas.max() ?? 0])
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        for b in 0..<l.batch {
            for h in 0..<l.queryHeads {
                let kv = h / l.group
                let qh = q.base + b * l.steps * qRow + h * l.dim, oh = output.base + b * l.steps * qRow + h * l.dim
                let kh = k.base + b * l.keySteps * kvRow + kv * l.dim, vh = v.base + b * l.keySteps * kvRow + kv * l.dim
                let plane = probabilities.map { $0.base + l.rowStarts[b] + h * l.rowAreas[b] } ?? scratch!.base
                for block in l.blocks[b] {
                    let (q0, k0, n, s) = (block.queries.lowerBound, block.keys.lowerBound, block.queries.count, block.keys.count)
                    let p = plane + block.offset
                    // scores (n, s) = scale · Q_h · K_hᵀ over the block
                    BLAS.sgemm(transposeB: true, m: n, n: s, k: l.dim, alpha: l.scale,
                               a: qh + q0 * qRow, lda: qRow, b: kh + k0 * kvRow, ldb: kvRow, c: p, ldc: s)
                    Parallel.forEach(n, minChunk: Swift.max(1, 4096 / Swift.max(s, 1))) { rows in
                        for t in rows {
                            let row = p + t * s, visible = l.visible(t, in: block)
                            softmaxRow(row, row, visible)
                            (row + visible).update(repeating: 0, count: s - visible)
                        }
                    }
                    // out_h (n, d) = P · V_h
                    BLAS.sgemm(m: n, n: l.dim, k: s, a: p, lda: s, b: vh + k0 * kvRow, ldb: kvRow,
                               c: oh + q0 * qRow, ldc: qRow)
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

    /// Gradients of query, keys and values from the output gradient `g`.
    static func backward(_ g: Tensor, _ q: Tensor, _ k: Tensor, _ v: Tensor, _ p: Tensor,
                         _ l: AttentionLayout) -> (Tensor, Tensor, Tensor) {
        let dq = Tensor(uninitializedShape: q.shape)
        let dk = Tensor(uninitializedShape: k.shape), dv = Tensor(uninitializedShape: v.shape)
        dk.base.update(repeating: 0, count: dk.count)
        dv.base.update(repeating: 0, count: dv.count)
        let ds = Tensor(uninitializedShape: [l.blocks.lazy.flatMap { $0 }.map { $0.queries.count * $0.keys.count }.max() ?? 0])
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        for b in 0..<l.batch {
            for h in 0..<l.queryHeads {
                let kv = h / l.group
                let qOffset = b * l.steps * qRow + h * l.dim, kvOffset = b * l.keySteps * kvRow + kv * l.dim
                let plane = p.base + l.rowStarts[b] + h * l.rowAreas[b]
                for block in l.blocks[b] {
                    let (q0, k0, n, s) = (block.queries.lowerBound, block.keys.lowerBound, block.queries.count, block.keys.count)
                    let (ph, qo, ko) = (plane + block.offset, qOffset + q0 * qRow, kvOffset + k0 * kvRow)
                    // dP (n, s) = dO_h · V_hᵀ
                    BLAS.sgemm(transposeB: true, m: n, n: s, k: l.dim,
                               a: g.base + qo, lda: qRow, b: v.base + ko, ldb: kvRow, c: ds.base, ldc: s)
                    // dScores = P ⊙ (dP - Σ P ⊙ dP) · scale (softmax backward, then the score scale)
                    for t in 0..<n {
                        let pr = ph + t * s, dr = ds.base + t * s
                        let sum = simdDot(pr, dr, s)
                        for j in 0..<s { dr[j] = pr[j] * (dr[j] - sum) * l.scale }
                    }
                    // dQ_h = dScores · K_h;  dK_h += dScoresᵀ · Q_h;  dV_h += Pᵀ · dO_h
                    BLAS.sgemm(m: n, n: l.dim, k: s, a: ds.base, lda: s,
                               b: k.base + ko, ldb: kvRow, c: dq.base + qo, ldc: qRow)
                    BLAS.sgemm(transposeA: true, m: s, n: l.dim, k: n, a: ds.base, lda: s,
                               b: q.base + qo, ldb: qRow, beta: 1, c: dk.base + ko, ldc: kvRow)
                    BLAS.sgemm(transposeA: true, m: s, n: l.dim, k: n, a: ph, lda: s,
                               b: g.base + qo, ldb: qRow, beta: 1, c: dv.base + ko, ldc: kvRow)
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
