/// RMSNorm (Llama): y = x / sqrt(mean(x²) + eps) ⊙ w over the last axis.
extension Tensor {
    /// `weight` has the last axis's extent.
    public func rmsNorm(weight: Tensor, epsilon: Float) throws(TensorError) -> Tensor {
        try RMSNorm.check(shape, weight.shape)
        let w = weight.contiguous()
        return mapRows { x, y, n in
            let r = RMSNorm.inverseRMS(x, n, epsilon)
            for i in 0..<n { y[i] = x[i] * r * w.base[i] }
        }
    }
}

enum RMSNorm {
    static func check(_ x: [Int], _ w: [Int]) throws(TensorError) {
        guard x.count >= 1, w == [x[x.count - 1]] else {
            throw .shapeMismatch(operation: "rmsNorm", shapes: [x, w], expected: "the weight must be a vector as long as the last axis")
        }
    }

    @inline(__always) static func inverseRMS(_ x: UnsafePointer<Float>, _ n: Int, _ epsilon: Float) -> Float {
        1 / (simdDot(x, x, n) / Float(n) + epsilon).squareRoot()
    }
}

extension Variable {
    public func rmsNorm(weight: Variable, epsilon: Float) throws(TensorError) -> Variable {
        let x = value.contiguous(), w = weight.value.contiguous()
        return Variable(try x.rmsNorm(weight: w, epsilon: epsilon), parents: [self, weight]) { g, needs in
            // With r = 1/rms and x̂ = x·r:  dw = Σ_rows g ⊙ x̂,
            // dx = r · (g⊙w - x̂ · mean(g⊙w⊙x̂)).
            let gc = g.contiguous()
            let (rows, n) = x.rowsAndWidth
            let dx = Tensor(uninitializedShape: x.shape)
            let (xp, gp, wp, dp) = (x.base, gc.base, w.base, dx.base)
            Parallel.forEach(rows, minChunk: Swift.max(1, 8192 / Swift.max(n, 1))) { range in
                for row in range {
                    let xr = xp + row * n, gr = gp + row * n, dr = dp + row * n
                    let r = RMSNorm.inverseRMS(xr, n, epsilon)
                    // mean(g⊙w⊙x̂) = r · Σ g⊙w⊙x / n
                    var acc = SIMD16<Float>(), i = 0
                    while i + 16 <= n { acc += load16(gr + i) * load16(wp + i) * load16(xr + i); i += 16 }
                    var projection = acc.sum()
                    while i < n { projection += gr[i] * wp[i] * xr[i]; i += 1 }
                    projection *= r / Float(n)
                    for i in 0..<n { dr[i] = r * (gr[i] * wp[i] - xr[i] * r * projection) }
                }
            }
            guard needs[1] else { return [dx, nil] }
            let dw = Tensor(uninitializedShape: w.shape)
            dw.base.update(repeating: 0, count: n)
            for row in 0..<rows {
                let xr = xp + row * n, r = RMSNorm.inverseRMS(xr, n, epsilon)
                for i in 0..<n { dw.base[i] += gp[row * n + i] * xr[i] * r }
            }
            return [dx, dw]
        }
    }
}
