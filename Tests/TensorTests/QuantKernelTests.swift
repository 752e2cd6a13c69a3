import Tensor
import XCTest

/// The fused products against dequantize-then-multiply in Float64, on random matrices of many
/// shapes (rows not a multiple of the 4-row groups, columns not a multiple of the SIMD width),
/// with both kernel families.
final class QuantKernelTests: XCTestCase {
    private let columnsByType: [BlockFormat: [Int]] = [
        .f32: [1, 7, 17, 33, 100, 576], .f16: [1, 15, 17, 100, 576], .bf16: [3, 16, 31, 576],
        .q4_0: [32, 96, 160, 576], .q4_1: [32, 64, 96, 160, 576, 1536], .q8_0: [32, 96, 160, 576],
        .q4_K: [256, 768], .q6_K: [256, 512],
    ]
    private let rowCounts = [1, 3, 4, 5, 17, 64, 131]

    private func assertClose(_ got: [Float], _ ref: (values: [Double], magnitudes: [Double]),
                             allowed: [Double]? = nil,
                             _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, ref.values.count, what(), file: file, line: line)
        for i in 0..<min(got.count, ref.values.count) {
            let error = abs(Double(got[i]) - ref.values[i])
            if error > 1e-5 * ref.magnitudes[i] + 1e-6 + (allowed?[i] ?? 0) {
                XCTFail("\(what()) element \(i): \(got[i]) vs \(ref.values[i])", file: file, line: line)
                return
            }
        }
    }

    func testMatvecMatchesReference() throws {
        var rng = SeededGenerator(seed: 42)
        for (type, colsList) in columnsByType.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for cols in colsList {
                for rows in rowCounts {
                    let bytes = randomMatrixBytes(type, rows: rows, cols: cols, rng: &rng)
                    var m = try QuantizedMatrix(type: type, rows: rows, cols: cols, bytes: bytes)
                    let x = (0..<cols).map { _ in Float.random(in: -2...2, using: &rng) }
                    let w = m.dequantize()
                    let ref = referenceMatvec(w, rows: rows, cols: cols, x)
                    let roundingBound = int8RoundingBound(w, rows: rows, cols: cols, x)
                    // Unpacked matrices run int16 activations on the float kernels (no rounding).
                    for kernels in [QuantizedMatrix.Kernels.int8Activations, .int16Activations, .floatActivations, .portable] {
                        m.kernels = kernels
                        for threads in [1, 2] {
                            assertClose(m.matvec(x, threads: threads), ref, allowed: kernels == .int8Activations ? roundingBound : nil,
                                        "\(type) \(rows)×\(cols) \(kernels) \(threads) threads")
                        }
                    }
                }
            }
        }
    }

    /// The row-interleaved copies decode uses: against the reference, the same on 1 and 2
    /// threads, and fused over several matrices the same as one at a time.
    func testPackedMatvecMatchesReference() throws {
        try XCTSkipUnless(QuantizedMatrix.cpuHasVNNI, "no AVX-512 VNNI on this CPU")
        var rng = SeededGenerator(seed: 7)
        var fusedSet: [QuantizedMatrix] = []
        for type in [BlockFormat.q4_1, .q8_0] {
            for (rows, cols) in [(16, 32), (48, 576), (32, 1536), (160, 96), (64, 576)] {
                let bytes = randomMatrixBytes(type, rows: rows, cols: cols, rng: &rng)
                var m = try QuantizedMatrix(type: type, rows: rows, cols: cols, bytes: bytes).packedForDecode()
                XCTAssertTrue(m.isPacked, "\(type) \(rows)×\(cols)")
                if cols == 576 { fusedSet.append(m) }
                let x = (0..<cols).map { _ in Float.random(in: -2...2, using: &rng) }
                let w = m.dequantize()
                let ref = referenceMatvec(w, rows: rows, cols: cols, x)
                let bounds: [QuantizedMatrix.Kernels: [Double]] = [
                    .int8Activations: int8RoundingBound(w, rows: rows, cols: cols, x),
                    .int16Activations: int16RoundingBound(w, offsets: blockOffsets(type, bytes, rows: rows, cols: cols),
                                                          rows: rows, cols: cols, x),
                ]
                for kernels in [QuantizedMatrix.Kernels.int8Activations, .int16Activations, .floatActivations] {
                    m.kernels = kernels
                    let one = m.matvec(x, threads: 1)
                    assertClose(one, ref, allowed: bounds[kernels], "packed \(type) \(rows)×\(cols) \(kernels)")
                    XCTAssertEqual(m.matvec(x, threads: 2), one, "packed \(type) \(rows)×\(cols) \(kernels) on 2 threads")
                }
            }
        }
        let x = (0..<576).map { _ in Float.random(in: -2...2, using: &rng) }
        for kernels in [QuantizedMatrix.Kernels.int8Activations, .int16Activations, .floatActivations] {
            let set = fusedSet.map { m -> QuantizedMatrix in var m = m; m.kernels = kernels; return m }
            for threads in [1, 2] {
                let outputs = set.map { UnsafeMutablePointer<Float>.allocate(capacity: $0.rows) }
                defer { outputs.forEach { $0.deallocate() } }
                x.withUnsafeBufferPointer { QuantizedMatrix.matvec(set, $0.baseAddress!, into: outputs, threads: threads) }
                for (m, y) in zip(set, outputs) {
                    XCTAssertEqual(Array(UnsafeBufferPointer(start: y, count: m.rows)), m.matvec(x, threads: 1),
                                   "fused \(m.type) \(m.rows) rows \(kernels) \(threads) threads")
                }
            }
        }
        for (type, rows) in [(BlockFormat.q4_1, 17), (.q4_0, 16), (.f32, 16)] {
            let m = try QuantizedMatrix(type: type, rows: rows, cols: 32, bytes: randomMatrixBytes(type, rows: rows, cols: 32, rng: &rng))
            XCTAssertFalse(m.packedForDecode().isPacked, "\(type) \(rows) rows")
        }
    }

    /// The most that rounding x to int8 per block of 32 (step max|x|/127, error at most half a
    /// step) can move each output: Σ_blocks Σ|w| · max|x| / 254.
    private func int8RoundingBound(_ w: [Float], rows: Int, cols: Int, _ x: [Float]) -> [Double] {
        (0..<rows).map { r in
            stride(from: 0, to: cols, by: 32).reduce(0.0) { total, start in
                let block = start..<min(cols, start + 32)
                let amax = block.map { Double(abs(x[$0])) }.max() ?? 0
                return total + block.reduce(0.0) { $0 + Double(abs(w[r * cols + $1])) } * amax / 254 * 1.001
            }
        }
    }

    /// The most that rounding x to int16 per block of 32 (step s = max|x|/32767, error at most
    /// half a step, plus x/s's own float rounding: 32767 · 2⁻²³ of a step) can move each
    /// output. The rounding error multiplies w − offset, the part the integer dot product
    /// sees (Q4_1's d·q; its minimum m multiplies the exact Σx).
    private func int16RoundingBound(_ w: [Float], offsets: [Float], rows: Int, cols: Int, _ x: [Float]) -> [Double] {
        (0..<rows).map { r in
            stride(from: 0, to: cols, by: 32).reduce(0.0) { total, start in
                let amax = (start..<(start + 32)).map { Double(abs(x[$0])) }.max() ?? 0
                let offset = Double(offsets[(r * cols + start) / 32])
                let weight = (start..<(start + 32)).reduce(0.0) { $0 + abs(Double(w[r * cols + $1]) - offset) }
                return total + weight * amax / 32767 * (0.5 + 32767 * 0x1p-23)
            }
        }
    }

    /// Each block's offset in the dequantized weights: Q4_1's minimum m (the f16 after d), else 0.
    private func blockOffsets(_ type: BlockFormat, _ bytes: [UInt8], rows: Int, cols: Int) -> [Float] {
        (0..<(rows * cols / 32)).map { b in
            type == .q4_1 ? Float(Float16(bitPattern: UInt16(bytes[20 * b + 2]) | UInt16(bytes[20 * b + 3]) << 8)) : 0
        }
    }

    /// Activations that int16 holds exactly (integers times a power of two, each block's
    /// largest at ±32767 steps, one block all zero): the int16 kernels must then agree with
    /// the float reference to float rounding, with no rounding allowance, so a wrong limb
    /// (a lost or misplaced lo, a wrong shift, a missing Q8_0 offset) fails.
    func testInt16ActivationsAreExactWhenRepresentable() throws {
        try XCTSkipUnless(QuantizedMatrix.cpuHasVNNI, "no AVX-512 VNNI on this CPU")
        var rng = SeededGenerator(seed: 19)
        for type in [BlockFormat.q4_1, .q8_0] {
            let (rows, cols) = (48, 576)
            var m = try QuantizedMatrix(type: type, rows: rows, cols: cols,
                                        bytes: randomMatrixBytes(type, rows: rows, cols: cols, rng: &rng)).packedForDecode()
            m.kernels = .int16Activations
            var x: [Float] = []
            for b in 0..<(cols / 32) {
                let step = Float(sign: .plus, exponent: Int.random(in: -12...2, using: &rng), significand: 1)
                var v = (0..<32).map { _ in Int.random(in: -32767...32767, using: &rng) }
                v[Int.random(in: 0..<32, using: &rng)] = Bool.random(using: &rng) ? 32767 : -32767
                x += v.map { b == 5 ? 0 : Float($0) * step }
            }
            let ref = referenceMatvec(m.dequantize(), rows: rows, cols: cols, x)
            for threads in [1, 2] {
                assertClose(m.matvec(x, threads: threads), ref, "\(type) int16 on representable activations, \(threads) threads")
            }
        }
    }

    /// The int8 and int16 kernels do quantize: their results differ from the float kernels'
    /// (a test that the bounds above are not vacuous).
    func testIntegerActivationsAreRounded() throws {
        try XCTSkipUnless(QuantizedMatrix.cpuHasVNNI, "no AVX-512 VNNI on this CPU")
        var rng = SeededGenerator(seed: 5)
        var m = try QuantizedMatrix(type: .q4_1, rows: 16, cols: 576, bytes: randomMatrixBytes(.q4_1, rows: 16, cols: 576, rng: &rng))
        let x = (0..<576).map { _ in Float.random(in: -1...1, using: &rng) }
        m.kernels = .int8Activations
        let int8 = m.matvec(x)
        m.kernels = .floatActivations
        XCTAssertNotEqual(int8, m.matvec(x))
        var packed = m.packedForDecode()
        packed.kernels = .int16Activations
        let int16 = packed.matvec(x)
        packed.kernels = .floatActivations
        XCTAssertNotEqual(int16, packed.matvec(x))
    }

    func testMatmulMatchesReference() throws {
        var rng = SeededGenerator(seed: 7)
        for type in [BlockFormat.q4_1, .q8_0, .q4_0, .q6_K, .f16] {
            let cols = type.blockSize == 256 ? 512 : 96
            for rows in [5, 67] {
                let bytes = randomMatrixBytes(type, rows: rows, cols: cols, rng: &rng)
                let m = try QuantizedMatrix(type: type, rows: rows, cols: cols, bytes: bytes)
                let w = m.dequantize()
                for n in [1, 2, 5, 6, 9, 33] {
                    let x = (0..<(n * cols)).map { _ in Float.random(in: -1...1, using: &rng) }
                    let y = m.matmul(x, count: n, threads: 2)
                    for i in 0..<n {
                        let ref = referenceMatvec(w, rows: rows, cols: cols, Array(x[(i * cols)..<((i + 1) * cols)]))
                        assertClose(Array(y[(i * rows)..<((i + 1) * rows)]), ref, "\(type) \(rows)×\(cols) n=\(n) row \(i)")
                    }
                }
            }
        }
    }

    /// A matrix taller than one dequantized tile, so the tiled sgemm path covers several tiles.
    func testMatmulAcrossTiles() throws {
        var rng = SeededGenerator(seed: 11)
        let rows = 1000, cols = 1536
        let m = try QuantizedMatrix(type: .q4_1, rows: rows, cols: cols, bytes: randomMatrixBytes(.q4_1, rows: rows, cols: cols, rng: &rng))
        let n = 8
        let x = (0..<(n * cols)).map { _ in Float.random(in: -1...1, using: &rng) }
        let y = m.matmul(x, count: n)
        let w = m.dequantize()
        for i in [0, n - 1] {
            let ref = referenceMatvec(w, rows: rows, cols: cols, Array(x[(i * cols)..<((i + 1) * cols)]))
            assertClose(Array(y[(i * rows)..<((i + 1) * rows)]), ref, "row \(i)")
        }
    }

    /// As a frozen linear layer: forward is X·Wᵀ, backward gives dX = dY·W.
    func testLinearWeightForwardAndBackward() throws {
        var rng = SeededGenerator(seed: 13)
        let (rows, cols, n) = (67, 96, 7)
        let m = try QuantizedMatrix(type: .q4_1, rows: rows, cols: cols, bytes: randomMatrixBytes(.q4_1, rows: rows, cols: cols, rng: &rng))
        let w = m.dequantize()
        let dy = (0..<(n * rows)).map { _ in Float.random(in: -1...1, using: &rng) }
        var dx = [Float](repeating: .nan, count: n * cols)
        dy.withUnsafeBufferPointer { g in dx.withUnsafeMutableBufferPointer { m.backward(g.baseAddress!, rows: n, into: $0.baseAddress!) } }
        for i in 0..<n {
            for j in 0..<cols {
                var want = 0.0, magnitude = 0.0
                for r in 0..<rows {
                    want += Double(dy[i * rows + r]) * Double(w[r * cols + j])
                    magnitude += abs(Double(dy[i * rows + r]) * Double(w[r * cols + j]))
                }
                XCTAssertEqual(Double(dx[i * cols + j]), want, accuracy: 1e-5 * magnitude + 1e-6, "dx[\(i), \(j)]")
            }
        }
        let x = (0..<(n * cols)).map { _ in Float.random(in: -1...1, using: &rng) }
        let y = try (try Tensor(shape: [n, cols], scalars: x)).linear(m)
        XCTAssertEqual(y.shape, [n, rows])
        XCTAssertEqual(y.scalars, m.matmul(x, count: n))
    }

    /// The fast and portable dequantizers agree bit for bit on random blocks.
    func testDequantizersAgree() throws {
        var rng = SeededGenerator(seed: 3)
        for type in [BlockFormat.q4_0, .q4_1, .q8_0] {
            var m = try QuantizedMatrix(type: type, rows: 9, cols: 160, bytes: randomMatrixBytes(type, rows: 9, cols: 160, rng: &rng))
            m.kernels = .floatActivations
            let fast = m.dequantize()
            m.kernels = .portable
            XCTAssertEqual(fast, m.dequantize(), "\(type)")
        }
    }
}
