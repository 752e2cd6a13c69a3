/// Mean cross-entropy over the rows a mask keeps (prompt tokens are masked out in
/// fine-tuning, so only answer tokens teach).
extension Tensor {
    /// logits (N, V), targets N class ids, mask N weights (1 keep, 0 skip).
    /// Returns Σ mask·(logsumexp - logit[target]) / Σ mask (0 when nothing is kept).
    public func crossEntropy(targets: [Int], mask: [Float]? = nil) throws(TensorError) -> Float {
        try CrossEntropy.forward(self, targets, mask).loss
    }
}

enum CrossEntropy {
    static func check(_ shape: [Int], _ targets: [Int], _ mask: [Float]?) throws(TensorError) {
        guard shape.count == 2, shape[0] == targets.count, mask == nil || mask!.count == targets.count else {
            throw .shapeMismatch(operation: "crossEntropy", shapes: [shape, [targets.count], [mask?.count ?? targets.count]],
                                 expected: "logits (N, V) with N targets and N mask values")
        }
        for (i, t) in targets.enumerated() where t < 0 || t >= shape[1] {
            throw .indexOutOfRange(operation: "crossEntropy target \(i)", index: t, dimension: 1, extent: shape[1])
        }
    }

    /// The loss, each row's log-sum-exp (kept for backward) and the mask total.
    static func forward(_ logits: Tensor, _ targets: [Int], _ mask: [Float]?) throws(TensorError) -> (loss: Float, lse: [Float], total: Float) {
        try check(logits.shape, targets, mask)
        let x = logits.contiguous()
        let (rows, vocab) = (logits.shape[0], logits.shape[1])
        var lse = [Float](repeating: 0, count: rows)
        lse.withUnsafeMutableBufferPointer { lse in
            Parallel.forEach(rows, minChunk: 1) { range in
                for r in range { lse[r] = logSumExp(x.base + r * vocab, vocab) }
            }
        }
        var loss = 0.0, total: Float = 0
        for r in 0..<rows {
            let w = mask?[r] ?? 1
            total += w
            if w != 0 { loss += Double(w) * Double(lse[r] - x.base[r * vocab + targets[r]]) }
        }
        return (total == 0 ? 0 : Float(loss / Double(total)), lse, total)
    }
}

extension Variable {
    /// Differentiable masked mean cross-entropy; keeps only each row's log-sum-exp and
    /// recomputes the softmax from the logits in backward.
    public func crossEntropy(targets: [Int], mask: [Float]? = nil) throws(TensorError) -> Variable {
        let logits = value.contiguous()
        let (loss, lse, total) = try CrossEntropy.forward(logits, targets, mask)
        return Variable(Tensor(loss), parents: [self]) { g, _ in
            // dlogits[r] = g · mask[r] / Σmask · (softmax(logits[r]) - onehot(target[r]))
            let (rows, vocab) = (logits.shape[0], logits.shape[1])
            let d = Tensor(uninitializedShape: logits.shape)
            let upstream = g.item ?? 0
            Parallel.forEach(rows, minChunk: 1) { range in
                for r in range {
                    let w = total == 0 ? 0 : upstream * (mask?[r] ?? 1) / total
                    let x = logits.base + r * vocab, dr = d.base + r * vocab
                    if w == 0 { dr.update(repeating: 0, count: vocab); continue }
                    _ = simdExpShifted(x, dr, vocab, shift: -lse[r])
                    simdScale(w, dr, dr, vocab)
                    dr[targets[r]] -= w
                }
            }
            return [d]
        }
    }
}
