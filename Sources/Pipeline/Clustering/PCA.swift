import Tensor

/// Projection onto the top principal components (for plotting): the covariance XᵀX of the
/// centered points through sgemm, its leading eigenvectors by seeded power iteration with
/// deflation.
public enum PCA {
    /// (n × components) coordinates, row-major.
    public static func project(_ x: Points, components: Int = 2, seed: UInt64 = 0) -> [Float] {
        let n = x.count, d = x.dimension
        guard n > 0, d > 0 else { return [] }
        var centered = x.values
        for j in 0 ..< d {
            var mean: Float = 0
            for i in 0 ..< n { mean += centered[i * d + j] }
            mean /= Float(n)
            for i in 0 ..< n { centered[i * d + j] -= mean }
        }
        var covariance = [Float](repeating: 0, count: d * d)
        BLAS.sgemm(transposeA: true, m: d, n: d, k: n, a: centered, lda: d, b: centered, ldb: d, c: &covariance, ldc: d)
        var generator = SeededGenerator(seed: seed)
        var axes: [[Float]] = []
        for _ in 0 ..< components {
            var v = (0 ..< d).map { _ in Float(Double(generator.next() >> 11) / Double(1 << 53)) - 0.5 }
            for _ in 0 ..< 200 {
                var w = [Float](repeating: 0, count: d)
                for r in 0 ..< d {
                    var s: Float = 0
                    for c in 0 ..< d { s += covariance[r * d + c] * v[c] }
                    w[r] = s
                }
                // Deflate: stay orthogonal to the axes already found. Twice, because
                // w is tiny next to the removed part and one pass leaves float error.
                for _ in 0 ..< 2 {
                    for a in axes {
                        let dot = zip(a, w).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                        for r in 0 ..< d { w[r] -= dot * a[r] }
                    }
                }
                let norm = w.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { break }
                let next = w.map { $0 / norm }
                let moved = zip(next, v).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                v = next
                if moved < 1e-10 { break }
            }
            // A fixed sign (largest entry positive), so plots do not flip between runs.
            if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[big] < 0 { v = v.map { -$0 } }
            axes.append(v)
        }
        var out = [Float](repeating: 0, count: n * components)
        for i in 0 ..< n {
            for (c, a) in axes.enumerated() {
                var s: Float = 0
                for j in 0 ..< d { s += centered[i * d + j] * a[j] }
                out[i * components + c] = s
            }
        }
        return out
    }
}
