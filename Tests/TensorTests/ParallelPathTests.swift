import Foundation
import Tensor
import XCTest

/// Inputs large enough that the kernels split their work over threads (and odd sizes so
/// that chunk boundaries fall inside SIMD vectors), against the same naive references.
final class ParallelPathTests: XCTestCase {
    func testLargeInputsMatchNaiveWithOneAndTwoThreads() throws {
        let saved = Parallel.threadCount
        defer { try? Parallel.setThreadCount(saved) }
        var random = TestRandom(seed: 900)
        let a = random.tensor([211, 523]), b = random.tensor([523]), c = random.tensor([211, 523])
        let (da, db, dc) = (doubles(a), doubles(b), doubles(c))
        for threads in [1, 2] {
            try Parallel.setThreadCount(threads)
            XCTAssertLessThan(maxRelativeError(try (a * c).scalars, zip(da, dc).map(*)), 1e-6)
            XCTAssertLessThan(maxRelativeError(try (a + b).scalars, da.indices.map { da[$0] + db[$0 % 523] }), 1e-6)
            XCTAssertLessThan(maxRelativeError(a.exp().scalars, da.map(exp)), 1e-6)
            XCTAssertLessThan(maxRelativeError((a * 3 + 1).scalars, da.map { $0 * 3 + 1 }), 1e-6)
            XCTAssertLessThan(maxRelativeError(a.softmax().scalars, referenceSoftmax(da, 523)), 1e-6)
            let columnSums = (0..<523).map { j in (0..<211).reduce(0.0) { $0 + da[$1 * 523 + j] } }
            XCTAssertLessThan(maxRelativeError(try a.sum(axis: 0).scalars, columnSums), 1e-5)
            let rowSums = (0..<211).map { i in da[(i * 523)..<(i * 523 + 523)].reduce(0, +) }
            XCTAssertLessThan(maxRelativeError(try a.sum(axis: 1).scalars, rowSums), 1e-5)
            let w = random.tensor([523])
            XCTAssertLessThan(maxRelativeError(try a.rmsNorm(weight: w, epsilon: 1e-5).scalars,
                                               referenceRMSNorm(da, doubles(w), 1e-5)), 1e-5)
        }
    }
}
