import Foundation
import Tensor

/// The element-wise and per-row steps of the Llama forward pass on raw rows of floats.
/// Rows are short (576 values), so plain loops the compiler vectorizes are enough.
enum RowOps {
    /// y = x / sqrt(mean(x²) + eps) ⊙ weight, for `rows` rows of `n`.
    static func rmsNorm(_ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                        rows: Int, n: Int, epsilon: Float) {
        for r in 0..<rows {
            let xr = x + r * n, yr = y + r * n
            var sumSquares: Float = 0
            for i in 0..<n { sumSquares += xr[i] * xr[i] }
            let scale = 1 / (sumSquares / Float(n) + epsilon).squareRoot()
            for i in 0..<n { yr[i] = xr[i] * scale * weight[i] }
        }
    }

    /// x += y over `count` values.
    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }

    /// gate = silu(gate) ⊙ up, with silu(g) = g · sigmoid(g).
    static func siluGate(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        RowKernels.siluGate(gate, up, count: count)
    }

    /// Rotary position embedding on adjacent pairs (x[2i], x[2i+1]) of each head — the
    /// layout GGUF Llama weights need. `x` is (rows, heads, headDim); row t is at the angles
    /// in cos/sin row t ((rows, headDim/2)).
    static func ropeAdjacentPairs(_ x: UnsafeMutablePointer<Float>, rows: Int, heads: Int, headDim: Int,
                                  cos: UnsafePointer<Float>, sin: UnsafePointer<Float>) {
        let pairs = headDim / 2
        for t in 0..<rows {
            let c = cos + t * pairs, s = sin + t * pairs
            for h in 0..<heads {
                let v = x + (t * heads + h) * headDim
                for i in 0..<pairs {
                    let a = v[2 * i], b = v[2 * i + 1]
                    v[2 * i] = a * c[i] - b * s[i]
                    v[2 * i + 1] = a * s[i] + b * c[i]
                }
            }
        }
    }

    /// out[p] = scale · q·k_p for p < count, k_p = k + p·stride (n values each).
    static func scaledDots(_ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, stride: Int, count: Int, n: Int,
                           scale: Float, into out: UnsafeMutablePointer<Float>) {
        for p in 0..<count {
            let kp = k + p * stride
            var acc = SIMD16<Float>()
            var i = 0
            while i + 16 <= n {
                // `*` and `+`, not addProduct: that one lowers to scalar fmaf calls.
                acc += UnsafeRawPointer(q + i).loadUnaligned(as: SIMD16<Float>.self)
                    * UnsafeRawPointer(kp + i).loadUnaligned(as: SIMD16<Float>.self)
                i += 16
            }
            var total = acc.sum()
            while i < n {
                total += q[i] * kp[i]
                i += 1
            }
            out[p] = scale * total
        }
    }

    /// out (n) = Σ_p w[p] · v_p for p < count, v_p = v + p·stride.
    static func weightedSum(_ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, stride: Int, count: Int, n: Int,
                            into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: n)
        var i = 0
        while i + 16 <= n {
            var acc = SIMD16<Float>()
            for p in 0..<count {
                acc += SIMD16(repeating: w[p]) * UnsafeRawPointer(v + p * stride + i).loadUnaligned(as: SIMD16<Float>.self)
            }
            UnsafeMutableRawPointer(out + i).storeBytes(of: acc, as: SIMD16<Float>.self)
            i += 16
        }
        for p in 0..<count {
            let vp = v + p * stride, wp = w[p]
            for j in i..<n { out[j] += wp * vp[j] }
        }
    }

    /// Softmax in place over x[0..<visible]; x[visible..<count] become 0 (masked positions).
    static func maskedSoftmax(_ x: UnsafeMutablePointer<Float>, visible: Int, count: Int) {
        RowKernels.softmax(x, count: visible)
        (x + visible).update(repeating: 0, count: count - visible)
    }
}
