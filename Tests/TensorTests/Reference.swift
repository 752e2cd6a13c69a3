import Tensor

/// Seeded random inputs and Float64 comparisons shared by the tests.
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) * 2 - 1 }

    mutating func values(_ count: Int, scale: Double = 1) -> [Double] { (0..<count).map { _ in uniform() * scale } }

    mutating func tensor(_ shape: [Int], scale: Double = 1) -> Tensor {
        try! Tensor(shape: shape, scalars: values(shape.reduce(1, *), scale: scale).map(Float.init))
    }
}

/// Largest |a - b| relative to max(1, |b|).
func maxRelativeError(_ a: [Float], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
    var worst = 0.0
    for (x, y) in zip(a, b) { worst = max(worst, abs(Double(x) - y) / max(1, abs(y))) }
    return worst
}

func doubles(_ t: Tensor) -> [Double] { t.scalars.map(Double.init) }

/// Naive (..., m, k) @ (k, n) for contiguous row-major doubles.
func referenceMatmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { var s = 0.0; for p in 0..<k { s += a[i * k + p] * b[p * n + j] }; c[i * n + j] = s } }
    return c
}
