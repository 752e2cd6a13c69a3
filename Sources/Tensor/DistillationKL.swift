import Foundation

/// Knowledge distillation's soft-target loss (Hinton, Vinyals & Dean, 2015): the KL
/// divergence from the teacher's temperature-softened next-token distribution to the
/// student's, times T² so that its gradients keep the hard-label loss's scale whatever T is.
extension Variable {
    /// Student logits (N, V) (self) against teacher logits (N, V):
    /// T² / N · Σ_r KL(softmax(t_r / T) ‖ softmax(s_r / T)). Only the student gets a gradient,
    /// T / N · (softmax(s_r / T) − softmax(t_r / T)) per row.
    public func distillationKL(teacher: Tensor, temperature: Float) throws(TensorError) -> Variable {
        guard value.rank == 2, teacher.shape == value.shape else {
            throw .shapeMismatch(operation: "distillationKL", shapes: [value.shape, teacher.shape],
                                 expected: "student and teacher logits of one shape (N, V)")
        }
        guard temperature.isFinite, temperature > 0 else {
            throw .invalidShape(operation: "distillationKL", shape: value.shape, reason: "temperature \(temperature) must be positive")
        }
        let student = value.contiguous(), target = teacher.contiguous()
        let (rows, vocab) = (value.shape[0], value.shape[1])
        let t = temperature
        // Per row: log-sum-exp of s/T and of t/T (kept for backward) and the row's KL.
        var studentLSE = [Float](repeating: 0, count: rows), teacherLSE = studentLSE, divergence = [Double](repeating: 0, count: rows)
        studentLSE.withUnsafeMutableBufferPointer { sl in
            teacherLSE.withUnsafeMutableBufferPointer { tl in
                divergence.withUnsafeMutableBufferPointer { kl in
                    Parallel.forEach(rows, minChunk: 1) { range in
                        var a = [Float](repeating: 0, count: vocab), b = a, p = a
                        for r in range {
                            simdScale(1 / t, student.base + r * vocab, &a, vocab)
                            simdScale(1 / t, target.base + r * vocab, &b, vocab)
                            sl[r] = logSumExp(a, vocab)
                            tl[r] = logSumExp(b, vocab)
                            _ = simdExpShifted(b, &p, vocab, shift: -tl[r])
                            // KL = Σ p · (log p − log q), with log p = b − lse(b), log q = a − lse(a)
                            var sum = 0.0
                            let offset = sl[r] - tl[r]
                            for j in 0..<vocab where p[j] > 0 { sum += Double(p[j]) * Double(b[j] - a[j] + offset) }
                            kl[r] = sum
                        }
                    }
                }
            }
        }
        let loss = rows == 0 ? 0 : Float(Double(t * t) * divergence.reduce(0, +) / Double(rows))
        return Variable(Tensor(loss), parents: [self]) { g, _ in
            let d = Tensor(uninitializedShape: [rows, vocab])
            let scale = (g.item ?? 0) * t / Float(max(rows, 1))
            Parallel.forEach(rows, minChunk: 1) { range in
                var a = [Float](repeating: 0, count: vocab), p = a
                for r in range {
                    let dr = d.base + r * vocab
                    simdScale(1 / t, student.base + r * vocab, &a, vocab)
                    _ = simdExpShifted(a, dr, vocab, shift: -studentLSE[r])           // q
                    simdScale(1 / t, target.base + r * vocab, &a, vocab)
                    _ = simdExpShifted(a, &p, vocab, shift: -teacherLSE[r])           // p
                    for j in 0..<vocab { dr[j] = scale * (dr[j] - p[j]) }
                }
            }
            return [d]
        }
    }
}
