import Foundation

/// A seeded generator (SplitMix64) so every random tensor is reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 random bits.
    mutating func unitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }
}

extension Tensor {
    /// Standard normal values (Box–Muller), reproducible from `seed`.
    public static func randn(_ shape: [Int], seed: UInt64) throws(TensorError) -> Tensor {
        try Shape.validate(shape, operation: "randn")
        var generator = SeededGenerator(seed: seed)
        let result = Tensor(uninitializedShape: shape)
        let out = result.base, n = result.count
        var i = 0
        while i < n {
            let u1 = 1 - generator.unitFloat(), u2 = generator.unitFloat()   // u1 in (0, 1]
            let radius = (-2 * Foundation.log(u1)).squareRoot(), angle = 2 * Float.pi * u2
            out[i] = radius * cos(angle)
            if i + 1 < n { out[i + 1] = radius * sin(angle) }
            i += 2
        }
        return result
    }

    /// Uniform values in [low, high), reproducible from `seed`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, seed: UInt64) throws(TensorError) -> Tensor {
        try Shape.validate(shape, operation: "uniform")
        var generator = SeededGenerator(seed: seed)
        let result = Tensor(uninitializedShape: shape)
        for i in 0..<result.count { result.base[i] = low + (high - low) * generator.unitFloat() }
        return result
    }
}
