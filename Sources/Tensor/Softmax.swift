import Foundation

/// Numerically stable softmax and log-softmax over the last axis.
extension Tensor {
    /// exp(x - max) / Σ exp(x - max), row by row.
    public func softmax() -> Tensor { mapRows { x, y, n in softmaxRow(x, y, n) } }

    /// x - max - log Σ exp(x - max), row by row.
    public func logSoftmax() -> Tensor {
        mapRows { x, y, n in
            let lse = logSumExp(x, n)
            for i in 0..<n { y[i] = x[i] - lse }
        }
    }
}

/// y = softmax(x) over n values; y may alias x.
func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    guard n > 0 else { return }
    let total = simdExpShifted(x, y, n, shift: -simdMax(x, n))
    simdScale(1 / total, y, y, n)
}

/// log Σ exp(x) over n values, shifted by the maximum so it cannot overflow.
func logSumExp(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    guard n > 0 else { return -.infinity }
    let m = simdMax(x, n)
    if m == -.infinity || m == .infinity { return m }
    // Sum in chunks through a small buffer: the exponentials themselves are not needed.
    var total: Float = 0
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 256) { buffer in
        var i = 0
        while i < n {
            let c = min(256, n - i)
            total += simdExpShifted(x + i, buffer.baseAddress!, c, shift: -m)
            i += c
        }
    }
    return m + log(total)
}

extension Variable {
    public func softmax() -> Variable {
        let y = value.softmax()
        return Variable(y, parents: [self]) { g, _ in
            // dx = y ⊙ (g - Σ g ⊙ y)
            let gc = g.contiguous()
            let dx = Tensor(uninitializedShape: y.shape)
            let (rows, n) = y.rowsAndWidth
            for r in 0..<rows {
                let yr = y.base + r * n, gr = gc.base + r * n, dr = dx.base + r * n
                let s = simdDot(gr, yr, n)
                for i in 0..<n { dr[i] = yr[i] * (gr[i] - s) }
            }
            return [dx]
        }
    }

    public func logSoftmax() -> Variable {
        let y = value.logSoftmax()
        return Variable(y, parents: [self]) { g, _ in
            // dx = g - softmax ⊙ Σ g, with softmax = exp(y)
            let gc = g.contiguous()
            let dx = Tensor(uninitializedShape: y.shape)
            let (rows, n) = y.rowsAndWidth
            for r in 0..<rows {
                let yr = y.base + r * n, gr = gc.base + r * n, dr = dx.base + r * n
                let s = simdSum(gr, n)
                _ = simdExpShifted(yr, dr, n, shift: 0)
                for i in 0..<n { dr[i] = gr[i] - dr[i] * s }
            }
            return [dx]
        }
    }
}
