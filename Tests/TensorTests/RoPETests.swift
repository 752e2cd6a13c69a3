import Foundation
import Tensor
import XCTest

/// x (T, H, d) rotated pair by pair in Float64.
func referenceRoPE(_ x: [Double], steps: Int, heads: Int, dim: Int, positions: [Int], base: Double, adjacent: Bool) -> [Double] {
    var y = x
    for t in 0..<steps { for h in 0..<heads { for i in 0..<dim / 2 {
        let angle = Double(positions[t]) * pow(base, -2 * Double(i) / Double(dim))
        let o = (t * heads + h) * dim
        let (a, b) = adjacent ? (o + 2 * i, o + 2 * i + 1) : (o + i, o + i + dim / 2)
        y[a] = x[a] * cos(angle) - x[b] * sin(angle)
        y[b] = x[a] * sin(angle) + x[b] * cos(angle)
    } } }
    return y
}

final class RoPETests: XCTestCase {
    func testBothLayoutsMatchNaive() throws {
        var random = TestRandom(seed: 60)
        for (steps, heads, dim) in [(1, 1, 2), (5, 3, 64), (7, 9, 64), (3, 2, 34)] {
            let x = random.tensor([steps, heads, dim])
            let positions = (0..<steps).map { $0 * 37 + 3 }
            for layout in [RoPELayout.adjacentPairs, .rotateHalf] {
                let y = try x.rope(positions: positions, base: 100_000, layout: layout)
                let expected = referenceRoPE(doubles(x), steps: steps, heads: heads, dim: dim, positions: positions,
                                             base: 100_000, adjacent: layout == .adjacentPairs)
                XCTAssertLessThan(maxRelativeError(y.scalars, expected), 1e-5, "\(layout) \(steps)x\(heads)x\(dim)")
            }
        }
    }

    /// llama.cpp's converter permutes Q/K rows so that rotate-half on HF weights equals
    /// adjacent pairs on GGUF weights: element (i, i + d/2) moves to (2i, 2i + 1).
    func testAdjacentPairsOnPermutedHeadsEqualsRotateHalf() throws {
        let (heads, dim) = (3, 8)
        let x = try Tensor.randn([4, heads, dim], seed: 61)
        let v = x.scalars
        var permuted = v
        for row in 0..<(4 * heads) { for i in 0..<dim / 2 {
            permuted[row * dim + 2 * i] = v[row * dim + i]
            permuted[row * dim + 2 * i + 1] = v[row * dim + i + dim / 2]
        } }
        let positions = [0, 1, 9, 100]
        let half = try x.rope(positions: positions, base: 10_000, layout: .rotateHalf).scalars
        let adjacent = try Tensor(shape: x.shape, scalars: permuted).rope(positions: positions, base: 10_000, layout: .adjacentPairs).scalars
        for row in 0..<(4 * heads) { for i in 0..<dim / 2 {
            XCTAssertEqual(adjacent[row * dim + 2 * i], half[row * dim + i], accuracy: 1e-6)
            XCTAssertEqual(adjacent[row * dim + 2 * i + 1], half[row * dim + i + dim / 2], accuracy: 1e-6)
        } }
    }

    func testShapeErrors() {
        XCTAssertThrowsError(try Tensor.zeros([2, 3, 5]).rope(positions: [0, 1], base: 1e4, layout: .rotateHalf))
        XCTAssertThrowsError(try Tensor.zeros([2, 3, 4]).rope(positions: [0], base: 1e4, layout: .rotateHalf))
    }

    func testGradients() throws {
        for layout in [RoPELayout.adjacentPairs, .rotateHalf] {
            try checkGradients(shapes: [[3, 2, 6]], seed: 62, { try $0[0].rope(positions: [2, 5, 11], base: 10_000, layout: layout) },
                               reference: { referenceRoPE($0[0], steps: 3, heads: 2, dim: 6, positions: [2, 5, 11],
                                                          base: 10_000, adjacent: layout == .adjacentPairs) })
        }
    }
}
