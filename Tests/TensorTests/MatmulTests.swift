import Tensor
import XCTest

final class MatmulTests: XCTestCase {
    func testMatrixProductMatchesNaiveOnManySizes() throws {
        var random = TestRandom(seed: 1)
        for (m, k, n) in [(1, 1, 1), (3, 5, 7), (17, 33, 15), (64, 64, 64), (1, 100, 37), (129, 31, 2)] {
            let a = random.tensor([m, k]), b = random.tensor([k, n])
            let c = try a.matmul(b)
            XCTAssertEqual(c.shape, [m, n])
            XCTAssertLessThan(maxRelativeError(c.scalars, referenceMatmul(doubles(a), doubles(b), m: m, k: k, n: n)), 1e-5)
        }
    }

    func testTransposedViewsAndBatchesMatchNaive() throws {
        var random = TestRandom(seed: 2)
        let (batch, m, k, n) = (3, 6, 5, 4)
        let a = random.tensor([batch, k, m]).transposed   // (3, m, k) view, column-major
        let b = random.tensor([n, k]).transposed          // (k, n) view
        let c = try a.matmul(b)
        XCTAssertEqual(c.shape, [batch, m, n])
        let bRef = doubles(b)
        for i in 0..<batch {
            let ai = doubles(try a.select(i))
            XCTAssertLessThan(maxRelativeError(try c.select(i).scalars, referenceMatmul(ai, bRef, m: m, k: k, n: n)), 1e-5)
        }
        // Broadcast batch: (2, 1, m, k) @ (3, k, n) -> (2, 3, m, n)
        let x = random.tensor([2, 1, m, k]), y = random.tensor([3, k, n])
        let z = try x.matmul(y)
        XCTAssertEqual(z.shape, [2, 3, m, n])
        let expected = referenceMatmul(doubles(try x.select(1).select(0)), doubles(try y.select(2)), m: m, k: k, n: n)
        XCTAssertLessThan(maxRelativeError(try z.select(1).select(2).scalars, expected), 1e-5)
    }

    func testVectorOperandsDropTheirAxis() throws {
        let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let v = try Tensor(shape: [3], scalars: [1, 0, -1])
        XCTAssertEqual(try a.matmul(v).scalars, [-2, -2])
        XCTAssertEqual(try v.matmul(a.transposed).shape, [2])
    }

    func testMismatchedInnerAxesNameBothShapes() {
        let a = try! Tensor.zeros([2, 3]), b = try! Tensor.zeros([4, 5])
        XCTAssertThrowsError(try a.matmul(b)) { error in
            XCTAssertEqual("\(error)", "matmul: shapes (2, 3) and (4, 5) do not fit (the last axis of the left must equal the second-to-last of the right)")
        }
    }

    func testThreadCountIsSettableAndChecked() throws {
        let saved = Parallel.threadCount
        try Parallel.setThreadCount(1)
        XCTAssertEqual(Parallel.threadCount, 1)
        XCTAssertThrowsError(try Parallel.setThreadCount(0))
        try Parallel.setThreadCount(saved)
    }

    func testParallelForEachCoversEveryIndexOnce() {
        for count in [0, 1, 7, 1000] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
            hits.initialize(repeating: 0, count: max(count, 1))
            Parallel.forEach(count, minChunk: 3) { range in for i in range { hits[i] += 1 } }
            XCTAssertTrue((0..<count).allSatisfy { hits[$0] == 1 })
            hits.deallocate()
        }
    }
}
