import Foundation
import Tensor
import XCTest

func referenceRMSNorm(_ x: [Double], _ w: [Double], _ eps: Double) -> [Double] {
    let n = w.count
    return stride(from: 0, to: x.count, by: n).flatMap { s -> [Double] in
        let row = Array(x[s..<s + n])
        let r = 1 / (row.map { $0 * $0 }.reduce(0, +) / Double(n) + eps).squareRoot()
        return (0..<n).map { row[$0] * r * w[$0] }
    }
}

func referenceLayerNorm(_ x: [Double], _ w: [Double], _ b: [Double], _ eps: Double) -> [Double] {
    let n = w.count
    return stride(from: 0, to: x.count, by: n).flatMap { s -> [Double] in
        let row = Array(x[s..<s + n])
        let mean = row.reduce(0, +) / Double(n)
        let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        return (0..<n).map { (row[$0] - mean) / (variance + eps).squareRoot() * w[$0] + b[$0] }
    }
}

final class NormTests: XCTestCase {
    func testRMSNormMatchesNaive() throws {
        var random = TestRandom(seed: 40)
        for (rows, n) in [(1, 1), (3, 17), (5, 64), (2, 576), (7, 33)] {
            let x = random.tensor([rows, n]), w = random.tensor([n])
            XCTAssertLessThan(maxRelativeError(try x.rmsNorm(weight: w, epsilon: 1e-5).scalars,
                                               referenceRMSNorm(doubles(x), doubles(w), 1e-5)), 1e-5)
        }
        XCTAssertThrowsError(try random.tensor([2, 3]).rmsNorm(weight: random.tensor([4]), epsilon: 1e-5)) { error in
            XCTAssertEqual("\(error)", "rmsNorm: shapes (2, 3) and (4,) do not fit (the weight must be a vector as long as the last axis)")
        }
    }

    func testLayerNormMatchesNaive() throws {
        var random = TestRandom(seed: 41)
        for (rows, n) in [(1, 2), (3, 17), (4, 384), (2, 31)] {
            let x = random.tensor([rows, n], scale: 3), w = random.tensor([n]), b = random.tensor([n])
            XCTAssertLessThan(maxRelativeError(try x.layerNorm(weight: w, bias: b, epsilon: 1e-12).scalars,
                                               referenceLayerNorm(doubles(x), doubles(w), doubles(b), 1e-12)), 1e-5)
        }
    }

    func testGradients() throws {
        try checkGradients(shapes: [[3, 19], [19]], seed: 42, { try $0[0].rmsNorm(weight: $0[1], epsilon: 1e-5) },
                           reference: { referenceRMSNorm($0[0], $0[1], 1e-5) })
        try checkGradients(shapes: [[4, 9], [9], [9]], seed: 43, { try $0[0].layerNorm(weight: $0[1], bias: $0[2], epsilon: 1e-5) },
                           reference: { referenceLayerNorm($0[0], $0[1], $0[2], 1e-5) })
    }
}
