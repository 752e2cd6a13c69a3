import Foundation
import Tensor

/// The BERT forward's row kernels on raw row-major buffers; linear layers go through sgemm,
/// everything else is split over the cores with `Parallel.forEach` (never around sgemm).
enum BertKernels {
    /// y (rows × out) = x (rows × in) · Wᵀ + b: the bias rows are written first, then sgemm
    /// accumulates onto them.
    static func linear(_ x: UnsafePointer<Float>, rows: Int, _ layer: BertWeights.Linear, into y: UnsafeMutablePointer<Float>) {
        let n = layer.outFeatures
        for r in 0 ..< rows { (y + r * n).update(from: layer.bias.p, count: n) }
        BLAS.sgemm(transposeB: true, m: rows, n: n, k: layer.inFeatures, a: x, lda: layer.inFeatures,
                   b: layer.weight.p, ldb: layer.inFeatures, beta: 1, c: y, ldc: n)
    }

    /// out = LayerNorm(x + residual) row by row (no residual when nil); out may alias either.
    static func addAndNormalize(_ x: UnsafeMutablePointer<Float>, _ residual: UnsafePointer<Float>?,
                                _ out: UnsafeMutablePointer<Float>?, rows: Int, width n: Int,
                                _ norm: BertWeights.Norm, _ epsilon: Float) {
        let target = out ?? x
        Parallel.forEach(rows, minChunk: 16) { range in
            for r in range {
                let row = x + r * n, y = target + r * n
                if let residual { for i in 0 ..< n { row[i] += residual[r * n + i] } }
                var mean: Float = 0
                for i in 0 ..< n { mean += row[i] }
                mean /= Float(n)
                var variance: Float = 0
                for i in 0 ..< n { let d = row[i] - mean; variance += d * d }
                let scale = 1 / (variance / Float(n) + epsilon).squareRoot()
                for i in 0 ..< n { y[i] = (row[i] - mean) * scale * norm.weight.p[i] + norm.bias.p[i] }
            }
        }
    }

    /// GELU in place, x·Φ(x) with the exact erf (as PyTorch's default `gelu`).
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEach(count, minChunk: 4096) { range in
            var i = range.lowerBound
            let half = SIMD16<Float>(repeating: 0.5), invSqrt2 = SIMD16<Float>(repeating: Float(0.5).squareRoot())
            while i + 16 <= range.upperBound {
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(x + i).storeBytes(of: half * v * (1 + erf16(v * invSqrt2)), as: SIMD16<Float>.self)
                i += 16
            }
            while i < range.upperBound { x[i] = 0.5 * x[i] * (1 + Foundation.erf(x[i] * Float(0.5).squareRoot())); i += 1 }
        }
    }

    /// erf on 16 floats: x·P(x²)/Q(x²) on x clamped to [-4, 4] (erf is ±1 in float beyond),
    /// with the rational coefficients Eigen uses for float erf; absolute error below 5e-7.
    @inline(__always) static func erf16(_ a: SIMD16<Float>) -> SIMD16<Float> {
        var x = a.replacing(with: 4, where: a .> 4)
        x.replace(with: -4, where: x .< -4)
        let x2 = x * x
        var p = SIMD16<Float>(repeating: -2.72614225801306e-10)
        p = p * x2 + SIMD16(repeating: 2.77068142495902e-08)
        p = p * x2 + SIMD16(repeating: -2.10102402082508e-06)
        p = p * x2 + SIMD16(repeating: -5.69250639462346e-05)
        p = p * x2 + SIMD16(repeating: -7.34990630326855e-04)
        p = p * x2 + SIMD16(repeating: -2.95459980854025e-03)
        p = p * x2 + SIMD16(repeating: -1.60960333262415e-02)
        var q = SIMD16<Float>(repeating: -1.45660718464996e-05)
        q = q * x2 + SIMD16(repeating: -2.13374055278905e-04)
        q = q * x2 + SIMD16(repeating: -1.68282697438203e-03)
        q = q * x2 + SIMD16(repeating: -7.37332916720468e-03)
        q = q * x2 + SIMD16(repeating: -1.42647390514189e-02)
        return x * p / q
    }

    /// Full (bidirectional) self-attention of each packed sentence over its own tokens,
    /// through the tensor core's attention (per-head sgemm, SIMD softmax).
    /// qkv is (T, 3·width) with query | key | value per row; context is (T, width).
    static func attention(_ qkv: UnsafePointer<Float>, offsets: [Int], heads: Int, width: Int,
                          into context: UnsafeMutablePointer<Float>) throws(TensorError) {
        let d = width / heads, stride = 3 * width
        for s in 0 ..< offsets.count - 1 {
            let first = offsets[s], length = offsets[s + 1] - first
            // (length, heads, d) each: query, key and value split out of the packed rows.
            func part(_ index: Int) throws(TensorError) -> Tensor {
                var values = [Float](repeating: 0, count: length * width)
                for t in 0 ..< length {
                    let row = qkv + (first + t) * stride + index * width
                    for j in 0 ..< width { values[t * width + j] = row[j] }
                }
                return try Tensor(shape: [length, heads, d], scalars: values)
            }
            let out = try Tensor.attention(query: part(0), keys: part(1), values: part(2), causal: false)
            out.withUnsafeBufferPointer { (context + first * width).update(from: $0.baseAddress!, count: length * width) }
        }
    }
}
