import Foundation
import Tensor

/// AdamW (Loshchilov & Hutter): Adam's moment estimates with bias correction, and weight
/// decay applied to the weights directly rather than through the gradient.
public struct AdamW {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float
    /// Updates taken so far (the t of the bias correction).
    public internal(set) var step: Int = 0
    /// First and second moments, one array per parameter.
    public internal(set) var m: [[Float]]
    public internal(set) var v: [[Float]]

    public init(parameters: [Variable], weightDecay: Float = 0) {
        self.weightDecay = weightDecay
        m = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        v = m
    }

    /// Restores a saved state (from a checkpoint).
    init(step: Int, m: [[Float]], v: [[Float]], weightDecay: Float) {
        self.step = step
        self.m = m
        self.v = v
        self.weightDecay = weightDecay
    }

    /// The joint L2 norm of all gradients.
    public static func gradientNorm(_ parameters: [Variable]) -> Float {
        var sum: Double = 0
        for p in parameters {
            p.gradient?.withUnsafeBufferPointer { g in for x in g { sum += Double(x) * Double(x) } }
        }
        return Float(sum.squareRoot())
    }

    /// One update of every parameter from its gradient times `gradientScale` (gradient
    /// clipping and accumulation averaging); parameters without a gradient are skipped.
    public mutating func update(_ parameters: [Variable], learningRate lr: Float, gradientScale: Float = 1) {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        for (i, p) in parameters.enumerated() {
            guard let g = p.gradient else { continue }
            let (b1, b2, eps, decay, scale) = (beta1, beta2, epsilon, weightDecay, gradientScale)
            g.withUnsafeBufferPointer { g in
                p.updateValue { w in
                    m[i].withUnsafeMutableBufferPointer { m in
                        v[i].withUnsafeMutableBufferPointer { v in
                            for j in 0..<w.count {
                                let gj = g[j] * scale
                                m[j] = b1 * m[j] + (1 - b1) * gj
                                v[j] = b2 * v[j] + (1 - b2) * gj * gj
                                let mHat = m[j] / correction1, vHat = v[j] / correction2
                                w[j] -= lr * (mHat / (vHat.squareRoot() + eps) + decay * w[j])
                            }
                        }
                    }
                }
            }
        }
    }
}

private func pow(_ x: Float, _ n: Float) -> Float { Float(Foundation.pow(Double(x), Double(n))) }
