import Foundation
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

final class BLASKernelTests: XCTestCase {
    /// On an AVX-512 CPU that OpenBLAS does not recognise, the bridge must not leave sgemm
    /// on the generic SSE3 ("Prescott") kernels.
    func testAVX512MachinesDoNotRunGenericKernels() throws {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        try XCTSkipIf(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil, "OPENBLAS_CORETYPE chooses the kernels")
        try XCTSkipUnless(flags.contains("avx512bw") && flags.contains("avx512vl"), "no AVX-512 on this CPU")
        _ = try Tensor.zeros([2, 2]).matmul(Tensor.zeros([2, 2]))
        XCTAssertNotEqual(BLAS.coreName, "Prescott")
    }

    /// Every transpose combination and odd size through the bridge, against naive products.
    func testSgemmTransposesAndLeadingDimensions() throws {
        var random = TestRandom(seed: 3)
        for (m, k, n) in [(1, 1, 1), (2, 3, 4), (15, 17, 31), (33, 65, 16), (100, 7, 129)] {
            let a = random.values(m * k), b = random.values(k * n)
            let expected = referenceMatmul(a, b, m: m, k: k, n: n)
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                // Store op(A) transposed when asked, with two spare columns per row.
                let (ar, ac) = ta ? (k, m) : (m, k), (br, bc) = tb ? (n, k) : (k, n)
                var sa = [Float](repeating: 0, count: ar * (ac + 2)), sb = [Float](repeating: 0, count: br * (bc + 2))
                for i in 0..<m { for p in 0..<k { sa[ta ? p * (ac + 2) + i : i * (ac + 2) + p] = Float(a[i * k + p]) } }
                for p in 0..<k { for j in 0..<n { sb[tb ? j * (bc + 2) + p : p * (bc + 2) + j] = Float(b[p * n + j]) } }
                var c = [Float](repeating: .nan, count: m * n)
                BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: sa, lda: ac + 2, b: sb, ldb: bc + 2, c: &c, ldc: n)
                XCTAssertLessThan(maxRelativeError(c, expected), 1e-5, "\(m)x\(k)x\(n) \(ta) \(tb)")
            }
        }
    }
}
