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
