import Foundation

/// SiLU (Llama's FFN gate) and GELU (BERT, the exact erf form).
extension Tensor {
    /// x · σ(x)
    public func silu() -> Tensor { mapVectors { x in x / (1 + simdExp(-x)) } }

    /// x · Φ(x) = x/2 · (1 + erf(x/√2))
    public func gelu() -> Tensor { map { x in 0.5 * x * (1 + erf(x * Float(0.5).squareRoot())) } }
}

extension Variable {
    public func silu() -> Variable {
        let x = value.contiguous()
        return Variable(x.silu(), parents: [self]) { g, _ throws(TensorError) in
            // d/dx x·σ(x) = σ(x) · (1 + x · (1 - σ(x)))
            let slope = x.mapVectors { x in
                let s = 1 / (1 + simdExp(-x))
                return s * (1 + x * (1 - s))
            }
            return [try g * slope]
        }
    }

    public func gelu() -> Variable {
        let x = value.contiguous()
        return Variable(x.gelu(), parents: [self]) { g, _ throws(TensorError) in
            // d/dx x·Φ(x) = Φ(x) + x·φ(x)
            let slope = x.map { x in
                let cdf = 0.5 * (1 + erf(x * Float(0.5).squareRoot()))
                let pdf = Foundation.exp(-0.5 * x * x) / (2 * Float.pi).squareRoot()
                return cdf + x * pdf
            }
            return [try g * slope]
        }
    }
}

extension Variable {
    /// silu(gate) ⊙ up (Llama's gated FFN) as one node: one pass forward and one pass back,
    /// where silu then a product would take two each and keep silu(gate) as a tensor.
    public static func swiGLU(gate: Variable, up: Variable) throws(TensorError) -> Variable {
        guard gate.shape == up.shape else {
            throw .shapeMismatch(operation: "swiGLU", shapes: [gate.shape, up.shape], expected: "gate and up of one shape")
        }
        let (g, u) = (gate.value.contiguous(), up.value.contiguous())
        let result = Tensor(uninitializedShape: g.shape)
        let (gp, up_, out) = (g.base, u.base, result.base)
        Parallel.forEach(g.count, minChunk: 1 << 14) { range in
            forEachVector(range) { i, load, store in
                let x = load(gp + i)
                store(x / (1 + simdExp(-x)) * load(up_ + i), out + i)
            }
        }
        return Variable(result, parents: [gate, up]) { dy, needs in
            let d = dy.contiguous()
            // d gate = dy ⊙ up ⊙ σ(g)·(1 + g·(1 − σ(g))),  d up = dy ⊙ silu(g)
            let dGate = Tensor(uninitializedShape: g.shape), dUp = Tensor(uninitializedShape: g.shape)
            let (dp, dgp, dup) = (d.base, dGate.base, dUp.base)
            Parallel.forEach(g.count, minChunk: 1 << 14) { range in
                forEachVector(range) { i, load, store in
                    let x = load(gp + i), s = 1 / (1 + simdExp(-x)), dyi = load(dp + i)
                    store(dyi * load(up_ + i) * (s * (1 + x * (1 - s))), dgp + i)
                    store(dyi * x * s, dup + i)
                }
            }
            return [needs[0] ? dGate : nil, needs[1] ? dUp : nil]
        }
    }
}

/// Calls `body` for each 16-float step of `range`, the tail through zero-padded buffers, with
/// the load and store to use (the tail's copy in and out of a full vector).
@inline(__always)
func forEachVector(_ range: Range<Int>,
                   _ body: (Int, (UnsafePointer<Float>) -> SIMD16<Float>, (SIMD16<Float>, UnsafeMutablePointer<Float>) -> Void) -> Void) {
    var i = range.lowerBound
    while i + 16 <= range.upperBound { body(i, load16, store16); i += 16 }
    let tail = range.upperBound - i
    guard tail > 0 else { return }
    body(i, { p in
        var v = SIMD16<Float>()
        for j in 0..<tail { v[j] = p[j] }
        return v
    }, { v, p in
        for j in 0..<tail { p[j] = v[j] }
    })
}
