/// LayerNorm (BERT): y = (x - mean) / sqrt(var + eps) ⊙ w + b over the last axis.
extension Tensor {
    public func layerNorm(weight: Tensor, bias: Tensor, epsilon: Float) throws(TensorError) -> Tensor {
        let n = rank == 0 ? 0 : shape[rank - 1]
        guard rank >= 1, weight.shape == [n], bias.shape == [n] else {
            throw .shapeMismatch(operation: "layerNorm", shapes: [shape, weight.shape, bias.shape],
                                 expected: "weight and bias must be vectors as long as the last axis")
        }
        let w = weight.contiguous(), b = bias.contiguous()
        return mapRows { x, y, n in
            let (mean, r) = LayerNorm.statistics(x, n, epsilon)
            for i in 0..<n { y[i] = (x[i] - mean) * r * w.base[i] + b.base[i] }
        }
    }
}

enum LayerNorm {
    /// (mean, 1/sqrt(variance + eps)) of one row; the variance is the biased one, as in PyTorch.
    static func statistics(_ x: UnsafePointer<Float>, _ n: Int, _ epsilon: Float) -> (Float, Float) {
        let mean = simdSum(x, n) / Float(n)
        var variance: Float = 0
        for i in 0..<n { let d = x[i] - mean; variance += d * d }
        return (mean, 1 / (variance / Float(n) + epsilon).squareRoot())
    }
}

extension Variable {
    public func layerNorm(weight: Variable, bias: Variable, epsilon: Float) throws(TensorError) -> Variable {
        let x = value.contiguous(), w = weight.value.contiguous()
        let y = try x.layerNorm(weight: w, bias: bias.value, epsilon: epsilon)
        return Variable(y, parents: [self, weight, bias]) { g, _ in
            // x̂ = (x - μ)·r, ĝ = g ⊙ w:  dx = r · (ĝ - mean(ĝ) - x̂ · mean(ĝ ⊙ x̂)),
            // dw = Σ_rows g ⊙ x̂, db = Σ_rows g.
            let gc = g.contiguous()
            let (rows, n) = x.rowsAndWidth
            let dx = Tensor(uninitializedShape: x.shape)
            let dw = Tensor(uninitializedShape: w.shape), db = Tensor(uninitializedShape: w.shape)
            dw.base.update(repeating: 0, count: n)
            db.base.update(repeating: 0, count: n)
            var xhat = [Float](repeating: 0, count: n), gw = [Float](repeating: 0, count: n)
            for row in 0..<rows {
                let xr = x.base + row * n, gr = gc.base + row * n, dr = dx.base + row * n
                let (mean, r) = LayerNorm.statistics(xr, n, epsilon)
                var meanG: Float = 0, meanGX: Float = 0
                for i in 0..<n {
                    xhat[i] = (xr[i] - mean) * r
                    gw[i] = gr[i] * w.base[i]
                    meanG += gw[i]
                    meanGX += gw[i] * xhat[i]
                    dw.base[i] += gr[i] * xhat[i]
                    db.base[i] += gr[i]
                }
                meanG /= Float(n)
                meanGX /= Float(n)
                for i in 0..<n { dr[i] = r * (gw[i] - meanG - xhat[i] * meanGX) }
            }
            return [dx, dw, db]
        }
    }
}
