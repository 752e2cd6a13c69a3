import Tensor
import XCTest

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

/// Checks an autograd operation against a Float64 reference of its forward pass: the
/// forward values must match, and every input's gradient of L = Σ probe ⊙ f(inputs) must
/// match central finite differences of the reference.
func checkGradients(shapes: [[Int]], seed: UInt64, tolerance: Double = 2e-3, inputScale: Double = 1,
                    file: StaticString = #filePath, line: UInt = #line,
                    _ op: ([Variable]) throws -> Variable,
                    reference: ([[Double]]) -> [Double]) throws {
    var random = TestRandom(seed: seed)
    let inputs = shapes.map { random.values($0.reduce(1, *), scale: inputScale) }
    let variables = try zip(shapes, inputs).map { shape, x in
        Variable(try Tensor(shape: shape, scalars: x.map(Float.init)))
    }
    // The reference sees exactly the Float32-rounded inputs.
    let rounded = inputs.map { $0.map { Double(Float($0)) } }
    let output = try op(variables)
    let expected = reference(rounded)
    XCTAssertLessThan(maxRelativeError(output.value.scalars, expected), 1e-4, "forward", file: file, line: line)
    let probe = random.values(expected.count)
    try output.backward(seed: Tensor(shape: output.shape, scalars: probe.map(Float.init)))
    let h = 1e-6
    for (k, x) in rounded.enumerated() {
        var numeric = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            var plus = rounded, minus = rounded
            plus[k][i] += h
            minus[k][i] -= h
            let lp = zip(reference(plus), probe).reduce(0) { $0 + $1.0 * $1.1 }
            let lm = zip(reference(minus), probe).reduce(0) { $0 + $1.0 * $1.1 }
            numeric[i] = (lp - lm) / (2 * h)
        }
        let analytic = variables[k].gradient?.scalars ?? [Float](repeating: 0, count: x.count)
        XCTAssertLessThan(maxRelativeError(analytic, numeric), tolerance, "gradient of input \(k)", file: file, line: line)
    }
}
