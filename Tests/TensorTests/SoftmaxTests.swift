import Foundation
import Tensor
import XCTest

/// Float64 references, row by row over the last axis of width n.
func referenceSoftmax(_ x: [Double], _ n: Int) -> [Double] {
    stride(from: 0, to: x.count, by: n).flatMap { start -> [Double] in
        let row = x[start..<start + n], m = row.max()!
        let e = row.map { exp($0 - m) }, s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}

func referenceLogSoftmax(_ x: [Double], _ n: Int) -> [Double] { referenceSoftmax(x, n).map { log($0) } }

final class SoftmaxTests: XCTestCase {
    func testSoftmaxAndLogSoftmaxMatchNaive() throws {
        var random = TestRandom(seed: 30)
        for shape in [[1], [3, 5], [2, 17], [4, 3, 100], [1, 49]] {
            let x = random.tensor(shape, scale: 5)
            let n = shape.last!
            XCTAssertLessThan(maxRelativeError(x.softmax().scalars, referenceSoftmax(doubles(x), n)), 1e-6)
            XCTAssertLessThan(maxRelativeError(x.logSoftmax().scalars, referenceLogSoftmax(doubles(x), n)), 1e-5)
        }
    }

    func testHugeLogitsDoNotOverflow() throws {
        let x = try Tensor(shape: [3], scalars: [1000, 1001, -1000])
        let y = x.softmax().scalars
        XCTAssertTrue(y.allSatisfy { $0.isFinite })
        XCTAssertEqual(y[1], Float(1 / (1 + exp(-1.0))), accuracy: 1e-6)
        XCTAssertEqual(x.logSoftmax().scalars[2], -2001 - Float(log(1 + exp(-1.0))), accuracy: 1e-3)
    }

    func testGradients() throws {
        try checkGradients(shapes: [[3, 7]], seed: 31, { $0[0].softmax() }, reference: { referenceSoftmax($0[0], 7) })
        try checkGradients(shapes: [[2, 19]], seed: 32, { $0[0].logSoftmax() }, reference: { referenceLogSoftmax($0[0], 19) })
    }
}
