import Tensor
import XCTest

/// The bf16 frozen products against Float64 sums of the same operands rounded to bf16,
/// at shapes that leave partial panels, partial row groups and several backward tiles.
final class BFloat16LinearTests: XCTestCase {
    /// x rounded to bfloat16 (nearest even), as the kernel rounds its operands.
    func bfloat16(_ x: Float) -> Double {
        let u = x.bitPattern
        return Double(Float(bitPattern: ((u &+ 0x7FFF &+ ((u >> 16) & 1)) >> 16) << 16))
    }

    func testProductsMatchRoundedOperandsSummedExactly() throws {
        try XCTSkipUnless(BFloat16Linear.isAvailable, "this CPU has no AVX-512 BF16")
        var rng = SeededGenerator(seed: 41)
        // (n, rows, cols, format): 49-row panels of 48 leave one partial; 2100 rows make the
        // backward tile over 96 columns split in two (2 MiB of bf16 per tile).
        for (n, rows, cols, type) in [(1, 5, 32, BlockFormat.q4_1), (13, 50, 64, .q8_0), (64, 96, 96, .q4_0),
                                      (9, 11_000, 96, .q4_1)] {
            let w = try QuantizedMatrix(type: type, rows: rows, cols: cols, bytes: randomMatrixBytes(type, rows: rows, cols: cols, rng: &rng))
            let weights = w.dequantize().map(bfloat16)
            let x = (0..<(n * cols)).map { _ in Float.random(in: -1...1, using: &rng) }
            let dy = (0..<(n * rows)).map { _ in Float.random(in: -1...1, using: &rng) }
            let linear = BFloat16Linear(w)
            var y = [Float](repeating: .nan, count: n * rows), dx = [Float](repeating: .nan, count: n * cols)
            x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { linear.forward(x.baseAddress!, rows: n, into: $0.baseAddress!) } }
            dy.withUnsafeBufferPointer { dy in dx.withUnsafeMutableBufferPointer { linear.backward(dy.baseAddress!, rows: n, into: $0.baseAddress!) } }
            for i in 0..<n {
                for r in 0..<rows {
                    var sum = 0.0, size = 0.0
                    for j in 0..<cols {
                        let p = bfloat16(x[i * cols + j]) * weights[r * cols + j]
                        sum += p
                        size += abs(p)
                    }
                    XCTAssertEqual(Double(y[i * rows + r]), sum, accuracy: 1e-5 * size + 1e-30, "forward \(type) \(n)×\(rows)×\(cols) [\(i), \(r)]")
                }
                for j in 0..<cols {
                    var sum = 0.0, size = 0.0
                    for r in 0..<rows {
                        let p = bfloat16(dy[i * rows + r]) * weights[r * cols + j]
                        sum += p
                        size += abs(p)
                    }
                    XCTAssertEqual(Double(dx[i * cols + j]), sum, accuracy: 1e-5 * size + 1e-30, "backward \(type) \(n)×\(rows)×\(cols) [\(i), \(j)]")
                }
            }
        }
    }
}
