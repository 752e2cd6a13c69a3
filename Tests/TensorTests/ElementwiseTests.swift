import Foundation
import Tensor
import XCTest

final class ElementwiseTests: XCTestCase {
    /// numpy broadcasting of a and b (contiguous doubles) under op.
    private func reference(_ a: [Double], _ sa: [Int], _ b: [Double], _ sb: [Int], _ op: (Double, Double) -> Double) -> [Double] {
        let rank = max(sa.count, sb.count)
        let pa = [Int](repeating: 1, count: rank - sa.count) + sa, pb = [Int](repeating: 1, count: rank - sb.count) + sb
        let out = zip(pa, pb).map { max($0, $1) }
        let count = out.reduce(1, *)
        return (0..<count).map { flat in
            var rest = flat, ia = 0, ib = 0, stepA = 1, stepB = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                let i = rest % out[axis]
                rest /= out[axis]
                ia += (pa[axis] == 1 ? 0 : i) * stepA
                ib += (pb[axis] == 1 ? 0 : i) * stepB
                stepA *= pa[axis]
                stepB *= pb[axis]
            }
            return op(a[ia], b[ib])
        }
    }

    func testBroadcastingOperationsMatchNaive() throws {
        var random = TestRandom(seed: 10)
        let cases: [([Int], [Int])] = [([5], [5]), ([37], [37]), ([3, 17], [17]), ([4, 1, 33], [5, 1]), ([1], [2, 19]),
                                      ([2, 3, 4], [2, 3, 4]), ([1000], [1]), ([7, 1], [1, 16]), ([], [3])]
        let ops: [(BinaryOperation, (Double, Double) -> Double)] = [
            (.add, +), (.subtract, -), (.multiply, *), (.divide, /), (.maximum, { max($0, $1) }), (.minimum, { min($0, $1) }),
        ]
        for (sa, sb) in cases {
            let a = random.tensor(sa), b = random.tensor(sb)
            for (op, f) in ops {
                let c = try a.elementwise(op, b)
                XCTAssertLessThan(maxRelativeError(c.scalars, reference(doubles(a), sa, doubles(b), sb, f)), 1e-6, "\(op) \(sa) \(sb)")
            }
        }
    }

    func testStridedViewsAreReadThroughTheirStrides() throws {
        var random = TestRandom(seed: 11)
        let a = random.tensor([19, 21])
        let t = a.transposed
        let sum = try t + t.contiguous()
        XCTAssertEqual(sum.scalars, t.contiguous().scalars.map { $0 * 2 })
    }

    func testIncompatibleShapesNameBothShapes() {
        let a = try! Tensor.zeros([2, 3]), b = try! Tensor.zeros([4])
        XCTAssertThrowsError(try a + b) { error in
            XCTAssertEqual("\(error)", "add: shapes (2, 3) and (4,) do not fit (axes must be equal or 1 to broadcast)")
        }
    }

    func testUnaryMaps() throws {
        let x = try Tensor(shape: [3], scalars: [0, 1, 4])
        XCTAssertEqual(x.sqrt().scalars, [0, 1, 2])
        XCTAssertEqual((x * 2 + 1).scalars, [1, 3, 9])
        XCTAssertEqual((-x).scalars, [0, -1, -4])
        XCTAssertEqual(x.exp().scalars[1], Float(M_E), accuracy: 1e-6)
    }

    func testArithmeticGradientsWithBroadcasting() throws {
        func ref(_ f: @escaping (Double, Double) -> Double, _ sa: [Int], _ sb: [Int]) -> ([[Double]]) -> [Double] {
            { x in self.reference(x[0], sa, x[1], sb, f) }
        }
        let one = Variable(Tensor(1), requiresGradient: false)
        try checkGradients(shapes: [[3, 17], [17]], seed: 12, { try $0[0] + $0[1] }, reference: ref(+, [3, 17], [17]))
        try checkGradients(shapes: [[2, 1, 5], [3, 1]], seed: 13, { try $0[0] - $0[1] }, reference: ref(-, [2, 1, 5], [3, 1]))
        try checkGradients(shapes: [[4, 6], [4, 1]], seed: 14, { try $0[0] * $0[1] }, reference: ref(*, [4, 6], [4, 1]))
        // Keep the divisor away from 0.
        try checkGradients(shapes: [[5], [5]], seed: 15, { v in try v[0] / (v[1] * 0.25 + one) },
                           reference: { x in zip(x[0], x[1]).map { (a: Double, b: Double) -> Double in a / (b * 0.25 + 1) } })
        try checkGradients(shapes: [[3, 4]], seed: 16, { $0[0].sum() }, reference: { [$0[0].reduce(0, +)] })
        try checkGradients(shapes: [[3, 4]], seed: 17, { $0[0].mean() * 3 }, reference: { [$0[0].reduce(0, +) / 12 * 3] })
        try checkGradients(shapes: [[3, 4]], seed: 18, { try $0[0].sum(axis: 0) },
                           reference: { x in (0..<4).map { (j: Int) -> Double in (0..<3).reduce(0.0) { $0 + x[0][$1 * 4 + j] } } })
        try checkGradients(shapes: [[7]], seed: 20, inputScale: 2, { $0[0].exp() }, reference: { $0[0].map(Foundation.exp) })
        try checkGradients(shapes: [[7]], seed: 21, { $0[0].exp().log() * 3 }, reference: { $0[0].map { 3 * $0 } })
        try checkGradients(shapes: [[7]], seed: 22, { ($0[0] * 0.5).exp().pow(3) },
                           reference: { $0[0].map { Foundation.pow(Foundation.exp(0.5 * $0), 3) } })
        try checkGradients(shapes: [[3, 4]], seed: 23, { try $0[0].select(-1) * $0[0].select(0) },
                           reference: { x in (0..<4).map { x[0][8 + $0] * x[0][$0] } })
        try checkGradients(shapes: [[3, 5]], seed: 24, { try $0[0].slice(axis: 1, 1..<4).sum(axis: 1) },
                           reference: { x in (0..<3).map { r in x[0][(r * 5 + 1)..<(r * 5 + 4)].reduce(0, +) } })
        try checkGradients(shapes: [[3, 4]], seed: 19, { try $0[0].transposed.reshaped([12]) * 2 },
                           reference: { x in (0..<12).map { (f: Int) -> Double in 2 * x[0][(f % 3) * 4 + f / 3] } })
    }
}

final class DropoutTests: XCTestCase {
    func testDropoutKeepsTheExpectationAndIsReproducible() throws {
        let x = Variable(try Tensor.ones([10_000]))
        let y = try x.dropout(probability: 0.25, seed: 5)
        let kept = y.value.scalars.filter { $0 != 0 }
        XCTAssertEqual(Double(kept.count) / 10_000, 0.75, accuracy: 0.02)
        XCTAssertTrue(kept.allSatisfy { abs($0 - 4 / 3) < 1e-6 })
        XCTAssertEqual(try x.dropout(probability: 0.25, seed: 5).value, y.value)
        XCTAssertThrowsError(try x.dropout(probability: 1, seed: 5))
        // The gradient flows through the kept elements only, with the same scale.
        try y.sum().backward()
        XCTAssertEqual(try XCTUnwrap(x.gradient).scalars, y.value.scalars)
    }
}
