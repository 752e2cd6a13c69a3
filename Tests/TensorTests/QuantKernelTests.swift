import Tensor
import XCTest

/// The fused products against dequantize-then-multiply in Float64, on random matrices of many
/// shapes (rows not a multiple of the 4-row groups, columns not a multiple of the SIMD width),
/// with both kernel families.
final class QuantKernelTests: XCTestCase {
    private let columnsByType: [GGMLType: [Int]] = [
        .f32: [1, 7, 17, 33, 100, 576], .f16: [1, 15, 17, 100, 576], .bf16: [3, 16, 31, 576],
        .q4_0: [32, 96, 160, 576], .q4_1: [32, 64, 96, 160, 576, 1536], .q8_0: [32, 96, 160, 576],
        .q4_K: [256, 768], .q6_K: [256, 512],
    ]
    private let rowCounts = [1, 3, 4, 5, 17, 64, 131]

    private func assertClose(_ got: [Float], _ ref: (values: [Double], magnitudes: [Double]),
                             _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, ref.values.count, what(), file: file, line: line)
        for i in 0..<min(got.count, ref.values.count) {
            let error = abs(Double(got[i]) - ref.values[i])
            if error > 1e-5 * ref.magnitudes[i] + 1e-6 {
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
                    let ref = referenceMatvec(m.dequantize(), rows: rows, cols: cols, x)
                    for kernels in [QuantizedMatrix.Kernels.fastest, .portable] {
                        m.kernels = kernels
                        for threads in [1, 2] {
                            assertClose(m.matvec(x, threads: threads), ref, "\(type) \(rows)×\(cols) \(kernels) \(threads) threads")
                        }
                    }
                }
            }
        }
    }

    func testMatmulMatchesReference() throws {
        var rng = SeededGenerator(seed: 7)
        for type in [GGMLType.q4_1, .q8_0, .q4_0, .q6_K, .f16] {
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

    /// The fast and portable dequantizers agree bit for bit on random blocks.
    func testDequantizersAgree() throws {
        var rng = SeededGenerator(seed: 3)
        for type in [GGMLType.q4_0, .q4_1, .q8_0] {
            var m = try QuantizedMatrix(type: type, rows: 9, cols: 160, bytes: randomMatrixBytes(type, rows: 9, cols: 160, rng: &rng))
            let fast = m.dequantize()
            m.kernels = .portable
            XCTAssertEqual(fast, m.dequantize(), "\(type)")
        }
    }
}
