/// Sums, means and maxima over one axis or over everything.
extension Tensor {
    /// Σ over `axis`; the axis is kept with extent 1 when `keepingAxis`.
    public func sum(axis: Int, keepingAxis: Bool = false) throws(TensorError) -> Tensor {
        try reduce(axis: axis, keepingAxis: keepingAxis, operation: "sum", isMax: false)
    }

    public func mean(axis: Int, keepingAxis: Bool = false) throws(TensorError) -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, operation: "mean")
        return try sum(axis: a, keepingAxis: keepingAxis).affine(scale: 1 / Float(Swift.max(shape[a], 1)))
    }

    public func max(axis: Int, keepingAxis: Bool = false) throws(TensorError) -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, operation: "max")
        guard shape[a] > 0 else { throw .invalidShape(operation: "max", shape: shape, reason: "axis \(a) is empty") }
        return try reduce(axis: a, keepingAxis: keepingAxis, operation: "max", isMax: true)
    }

    /// Σ of all elements, accumulated in Float64 so long sums stay exact to float precision.
    public func sum() -> Float {
        withUnsafeBufferPointer { p in
            var s = 0.0
            var i = 0
            while i < p.count {
                let n = Swift.min(4096, p.count - i)
                s += Double(simdSum(p.baseAddress! + i, n))
                i += n
            }
            return Float(s)
        }
    }

    public func mean() -> Float { count == 0 ? .nan : sum() / Float(count) }

    private func reduce(axis: Int, keepingAxis: Bool, operation: String, isMax: Bool) throws(TensorError) -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, operation: operation)
        let source = contiguous()
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        var outShape = shape
        if keepingAxis { outShape[a] = 1 } else { outShape.remove(at: a) }
        let result = Tensor(uninitializedShape: outShape)
        let src = source.base, out = result.base
        Parallel.forEach(outer, minChunk: Swift.max(1, (1 << 14) / Swift.max(n * inner, 1))) { range in
            for o in range {
                let block = src + o * n * inner, dst = out + o * inner
                if inner == 1 {
                    dst.pointee = isMax ? UnsafeBufferPointer(start: block, count: n).max()! : simdSum(block, n)
                    continue
                }
                // Accumulate whole rows of `inner` values at a time (SIMD across the row).
                if n == 0 { dst.update(repeating: 0, count: inner); continue }
                dst.update(from: block, count: inner)
                for r in 1..<n {
                    let row = block + r * inner
                    if isMax {
                        for j in 0..<inner { dst[j] = Swift.max(dst[j], row[j]) }
                    } else {
                        simdAxpy(1, row, dst, inner)
                    }
                }
            }
        }
        return result
    }
}
