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

    init(_ q: [Int], _ k: [Int], _ v: [Int], causal: Bool, startPosition: Int) throws(TensorError) {
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
    }

    var scale: Float { 1 / Float(dim).squareRoot() }
    var group: Int { queryHeads / kvHeads }
    /// Keys visible to query row t.
    func visible(_ t: Int) -> Int { causal ? startPosition + t + 1 : keySteps }
}

enum AttentionKernel {
    /// Output (shape of the query) and, for backward, the probabilities (B, Hq, T, S).
    static func forward(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ l: AttentionLayout,
                        keepProbabilities: Bool) -> (output: Tensor, probabilities: Tensor?) {
        if !keepProbabilities && l.steps <= 4 { return (decode(q, k, v, l), nil) }
        let output = Tensor(uninitializedShape: q.shape)
        let plane = l.steps * l.keySteps
        let probabilities = keepProbabilities ? Tensor(uninitializedShape: [l.batch, l.queryHeads, l.steps, l.keySteps]) : nil
        let scratch = keepProbabilities ? nil : Tensor(uninitializedShape: [plane])
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        for b in 0..<l.batch {
            for h in 0..<l.queryHeads {
                let kv = h / l.group
                let qh = q.base + b * l.steps * qRow + h * l.dim
                let kh = k.base + b * l.keySteps * kvRow + kv * l.dim, vh = v.base + b * l.keySteps * kvRow + kv * l.dim
                let p = probabilities.map { $0.base + (b * l.queryHeads + h) * plane } ?? scratch!.base
                // scores (T, S) = scale · Q_h · K_hᵀ
                BLAS.sgemm(transposeB: true, m: l.steps, n: l.keySteps, k: l.dim, alpha: l.scale,
                           a: qh, lda: qRow, b: kh, ldb: kvRow, c: p, ldc: l.keySteps)
                Parallel.forEach(l.steps, minChunk: Swift.max(1, 4096 / Swift.max(l.keySteps, 1))) { rows in
                    for t in rows {
                        let row = p + t * l.keySteps, n = l.visible(t)
                        softmaxRow(row, row, n)
                        (row + n).update(repeating: 0, count: l.keySteps - n)
                    }
                }
                // out_h (T, d) = P · V_h
                BLAS.sgemm(m: l.steps, n: l.dim, k: l.keySteps, a: p, lda: l.keySteps, b: vh, ldb: kvRow,
                           c: output.base + b * l.steps * qRow + h * l.dim, ldc: qRow)
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
        let plane = l.steps * l.keySteps
        let ds = Tensor(uninitializedShape: [plane])
        let (qRow, kvRow) = (l.queryHeads * l.dim, l.kvHeads * l.dim)
        for b in 0..<l.batch {
            for h in 0..<l.queryHeads {
                let kv = h / l.group
                let qOffset = b * l.steps * qRow + h * l.dim, kvOffset = b * l.keySteps * kvRow + kv * l.dim
                let ph = p.base + (b * l.queryHeads + h) * plane
                // dP (T, S) = dO_h · V_hᵀ
                BLAS.sgemm(transposeB: true, m: l.steps, n: l.keySteps, k: l.dim,
                           a: g.base + qOffset, lda: qRow, b: v.base + kvOffset, ldb: kvRow, c: ds.base, ldc: l.keySteps)
                // dScores = P ⊙ (dP - Σ P ⊙ dP) · scale (softmax backward, then the score scale)
                for t in 0..<l.steps {
                    let pr = ph + t * l.keySteps, dr = ds.base + t * l.keySteps
                    let s = simdDot(pr, dr, l.keySteps)
                    for j in 0..<l.keySteps { dr[j] = pr[j] * (dr[j] - s) * l.scale }
                }
                // dQ_h = dScores · K_h;  dK_h += dScoresᵀ · Q_h;  dV_h += Pᵀ · dO_h
                BLAS.sgemm(m: l.steps, n: l.dim, k: l.keySteps, a: ds.base, lda: l.keySteps,
                           b: k.base + kvOffset, ldb: kvRow, c: dq.base + qOffset, ldc: qRow)
                BLAS.sgemm(transposeA: true, m: l.keySteps, n: l.dim, k: l.steps, a: ds.base, lda: l.keySteps,
                           b: q.base + qOffset, ldb: qRow, beta: 1, c: dk.base + kvOffset, ldc: kvRow)
                BLAS.sgemm(transposeA: true, m: l.keySteps, n: l.dim, k: l.steps, a: ph, lda: l.keySteps,
                           b: g.base + qOffset, ldb: qRow, beta: 1, c: dv.base + kvOffset, ldc: kvRow)
            }
        }
        return (dq, dk, dv)
    }
}

extension Variable {
    /// Differentiable attention (see `Tensor.attention`); keeps the probabilities for backward.
    public static func attention(query: Variable, keys: Variable, values: Variable,
                                 causal: Bool = true, startPosition: Int = 0) throws(TensorError) -> Variable {
        let l = try AttentionLayout(query.shape, keys.shape, values.shape, causal: causal, startPosition: startPosition)
        let (q, k, v) = (query.value.contiguous(), keys.value.contiguous(), values.value.contiguous())
        let (output, probabilities) = AttentionKernel.forward(q, k, v, l, keepProbabilities: true)
        return Variable(output, parents: [query, keys, values]) { g, _ in
            let (dq, dk, dv) = AttentionKernel.backward(g.contiguous(), q, k, v, probabilities!, l)
            return [dq, dk, dv]
        }
    }
}
