import Tensor
import XCTest

/// HalfPrecisionGEMM against Float64 references: exactly on data fp16 holds exactly, within
/// the derived rounding bound on realistic data (normal activations, Q4_1 weights).
final class F16GEMMTests: XCTestCase {
    /// (m, n, k): the benchmark's tile-aligned shape, and odd sizes that leave partial
    /// register tiles, partial panels, an odd k and a partial fp16 chunk.
    let shapes = [(16, 48, 64), (13, 53, 71), (9, 97, 33), (1, 1, 1), (24, 200, 130), (7, 5, 300)]

    override func setUpWithError() throws {
        try XCTSkipUnless(HalfPrecisionGEMM.isAvailable, "this CPU has no AVX512-FP16")
    }

    /// W(p, j) for either layout.
    func weight(_ w: [Float], _ layout: HalfPrecisionGEMM.Layout, n: Int, k: Int, p: Int, j: Int) -> Double {
        Double(layout == .transposedWeights ? w[j * k + p] : w[p * n + j])
    }

    /// Small integers (times a power of two per row of A, from 2⁻⁶⁰ to 2⁶⁰) make every fp16
    /// product and chunk sum exact, so any dropped, repeated or misplaced term shows.
    func testExactOnRepresentableValues() throws {
        var rng = SeededGenerator(seed: 11)
        for (m, n, k) in shapes {
            let rowScale = (0..<m).map { _ in Float(sign: .plus, exponent: Int.random(in: -60...60, using: &rng), significand: 1) }
            let a = (0..<(m * k)).map { Float(Int.random(in: -8...8, using: &rng)) * rowScale[$0 / k] }
            let w = (0..<(n * k)).map { _ in Float(Int.random(in: -4...4, using: &rng)) / 4 }
            try assertExact(a, w, m: m, n: n, k: k)
        }
    }

    /// Long all-positive sums: each chunk's lanes stay exact in fp16 (below 32 in steps of
    /// 1/64), a whole row's would not, so summing too long in fp16 shows.
    func testChunksMoveToF32BeforeFP16RunsOutOfDigits() throws {
        var rng = SeededGenerator(seed: 12)
        let (m, n, k) = (9, 50, 1500)
        let a = (0..<(m * k)).map { _ in Float(Int.random(in: 1...8, using: &rng)) }
        let w = (0..<(n * k)).map { _ in Float(Int.random(in: 1...4, using: &rng)) / 4 }
        try assertExact(a, w, m: m, n: n, k: k)
    }

    /// Both layouts on 1 and 2 threads equal the Float64 product exactly.
    func assertExact(_ a: [Float], _ w: [Float], m: Int, n: Int, k: Int, line: UInt = #line) throws {
        for layout in [HalfPrecisionGEMM.Layout.transposedWeights, .weights] {
            for threads in [1, 2] {
                let c = try HalfPrecisionGEMM.multiply(layout, a, w, m: m, n: n, k: k, threads: threads)
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0
                        for p in 0..<k { sum += Double(a[i * k + p]) * weight(w, layout, n: n, k: k, p: p, j: j) }
                        XCTAssertEqual(Double(c[i * n + j]), sum, "\(layout) \(m)×\(n)×\(k) threads \(threads) at [\(i)][\(j)]", line: line)
                    }
                }
            }
        }
    }

    /// Normal activations with rows from 1e-30 to 1e4 (gradients ~1e-6), one row spanning
    /// twelve decades, weights dequantized from Q4_1: error within the derived bound
    /// errorFactor·Σ|a·w| plus fp16's subnormal floor (2⁻²⁴ of the row's largest |a|, per
    /// term), and in practice (measured up to ~3e-4) below 1e-3 of Σ|a·w|.
    func testRealisticDataWithinBound() throws {
        var rng = SeededGenerator(seed: 5)
        let rowMagnitudes: [Float] = [1, 1e-6, 1e4, 1e-30, 3e-3, 1, 1e-6, 250, 1, 1e-2, 1, 1]
        for (m, n, k) in [(12, 53, 96), (12, 100, 160), (12, 48, 576)] {
            let q = try QuantizedMatrix(type: .q4_1, rows: n, cols: k, bytes: randomMatrixBytes(.q4_1, rows: n, cols: k, rng: &rng))
            let wt = q.dequantize()                                    // n × k
            let wn = (0..<(k * n)).map { wt[($0 % n) * k + $0 / n] }   // k × n, the same W(p, j)
            var a = [Float](repeating: 0, count: m * k)
            for i in 0..<m {
                for p in 0..<k {
                    let u1 = Float.random(in: Float.ulpOfOne...1, using: &rng), u2 = Float.random(in: 0..<1, using: &rng)
                    let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                    // Row 5 spans 1 down to 1e-12 (its tail meets fp16's subnormals).
                    let spread: Float = i == 5 ? pow(10, -12 * Float(p) / Float(k)) : 1
                    a[i * k + p] = normal * rowMagnitudes[i] * spread
                }
            }
            for (layout, w) in [(HalfPrecisionGEMM.Layout.transposedWeights, wt), (.weights, wn)] {
                let c = try HalfPrecisionGEMM.multiply(layout, a, w, m: m, n: n, k: k, threads: 2)
                var worst = 0.0
                for i in 0..<m {
                    let rowMax = Double(a[(i * k)..<((i + 1) * k)].map { abs($0) }.max() ?? 0)
                    for j in 0..<n {
                        var sum = 0.0, magnitude = 0.0, weights = 0.0
                        for p in 0..<k {
                            let wv = weight(w, layout, n: n, k: k, p: p, j: j)
                            sum += Double(a[i * k + p]) * wv
                            magnitude += abs(Double(a[i * k + p]) * wv)
                            weights += abs(wv)
                        }
                        let error = abs(Double(c[i * n + j]) - sum)
                        // Subnormal floor, in units of the row's scale 2^e ≤ 2·rowMax: rounding a to fp16
                        // (2⁻²⁵·|w| per term), rounding w (2⁻²⁵ per term, |a| ≤ 1 scaled) and each FMA
                        // (2⁻²⁵ per term).
                        let bound = HalfPrecisionGEMM.errorFactor * magnitude + 0x1p-24 * rowMax * (weights + 2 * Double(k))
                        XCTAssertLessThanOrEqual(error, bound, "\(layout) \(m)×\(n)×\(k) at [\(i)][\(j)]")
                        if i != 5, magnitude > 0 { worst = max(worst, error / magnitude) }
                    }
                }
                XCTAssertLessThan(worst, 1e-3, "\(layout) \(m)×\(n)×\(k)")
            }
        }
    }

    /// Splitting n over threads runs the same arithmetic per element: identical results.
    func testThreadsAgree() throws {
        var rng = SeededGenerator(seed: 3)
        let (m, n, k) = (20, 150, 90)
        let a = (0..<(m * k)).map { _ in Float.random(in: -3...3, using: &rng) }
        let w = (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &rng) }
        for layout in [HalfPrecisionGEMM.Layout.transposedWeights, .weights] {
            XCTAssertEqual(try HalfPrecisionGEMM.multiply(layout, a, w, m: m, n: n, k: k, threads: 1),
                           try HalfPrecisionGEMM.multiply(layout, a, w, m: m, n: n, k: k, threads: 2), "\(layout)")
        }
    }

    func testRejectsBadShapesAndStrides() throws {
        XCTAssertThrowsError(try HalfPrecisionGEMM.multiply(.weights, [1, 2, 3], [1, 2], m: 1, n: 1, k: 2))
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 24)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 1, count: 24)
        // lda 3 is shorter than a row of k = 4.
        XCTAssertThrowsError(try HalfPrecisionGEMM.multiply(.transposedWeights, m: 2, n: 2, k: 4, a: buffer, lda: 3,
                                                            w: buffer + 8, ldw: 4, c: buffer + 16, ldc: 2))
    }
}
