import Tensor
import XCTest

final class ReductionTests: XCTestCase {
    func testAxisReductionsMatchNaive() throws {
        var random = TestRandom(seed: 20)
        for shape in [[7], [3, 5], [2, 17, 3], [4, 33, 2, 5], [1, 1]] {
            let x = random.tensor(shape)
            let v = doubles(x)
            for axis in 0..<shape.count {
                let outer = shape[..<axis].reduce(1, *), n = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
                var sums = [Double](repeating: 0, count: outer * inner), maxima = [Double](repeating: -.infinity, count: outer * inner)
                for o in 0..<outer { for r in 0..<n { for i in 0..<inner {
                    sums[o * inner + i] += v[(o * n + r) * inner + i]
                    maxima[o * inner + i] = max(maxima[o * inner + i], v[(o * n + r) * inner + i])
                } } }
                XCTAssertLessThan(maxRelativeError(try x.sum(axis: axis).scalars, sums), 1e-5)
                XCTAssertLessThan(maxRelativeError(try x.mean(axis: axis).scalars, sums.map { $0 / Double(n) }), 1e-5)
                XCTAssertEqual(maxRelativeError(try x.max(axis: axis).scalars, maxima), 0)
                var kept = shape
                kept[axis] = 1
                XCTAssertEqual(try x.sum(axis: axis, keepingAxis: true).shape, kept)
            }
            XCTAssertEqual(Double(x.sum()), v.reduce(0, +), accuracy: 1e-4)
        }
    }

    func testBadAxisIsReported() {
        XCTAssertThrowsError(try Tensor.zeros([2, 3]).sum(axis: 2)) { error in
            XCTAssertEqual(error as? TensorError, .invalidAxis(operation: "sum", axis: 2, rank: 2))
        }
        XCTAssertEqual(try Tensor.zeros([2, 3]).sum(axis: -1).shape, [2])
    }
}
