import Tensor
import XCTest

final class ViewTests: XCTestCase {
    private let x = try! Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))

    func testReshapeInfersAndChecksCounts() throws {
        XCTAssertEqual(try x.reshaped([6, -1]).shape, [6, 4])
        XCTAssertThrowsError(try x.reshaped([5, 5])) { error in
            XCTAssertEqual("\(error)", "reshape: shapes (2, 3, 4) and (5, 5) do not fit (the element counts must match)")
        }
    }

    func testTransposeSliceSelectAndPermuteAreViews() throws {
        let t = x.transposed   // (2, 4, 3)
        XCTAssertEqual(t.shape, [2, 4, 3])
        XCTAssertFalse(t.isContiguous)
        XCTAssertEqual(try t.scalar(at: [1, 2, 0]), 14)
        let s = try x.slice(axis: 1, 1..<3)
        XCTAssertEqual(s.shape, [2, 2, 4])
        XCTAssertEqual(s.scalars, [4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23])
        XCTAssertEqual(try x.select(-1).select(2).scalars, [20, 21, 22, 23])
        let p = try x.permuted([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(try p.scalar(at: [3, 1, 2]), 23)
        XCTAssertEqual(try t.reshaped([-1]).scalars.prefix(4), [0, 4, 8, 1])
    }

    func testOutOfRangeIndicesAreErrors() {
        XCTAssertThrowsError(try x.select(2)) { error in
            XCTAssertEqual("\(error)", "index: index 2 is out of range for dimension 0 of extent 2")
        }
        XCTAssertThrowsError(try x.slice(axis: 2, 2..<5))
        XCTAssertThrowsError(try x.scalar(at: [0, 0]))
        XCTAssertThrowsError(try Tensor(shape: [2, 2], scalars: [1, 2, 3]))
        XCTAssertThrowsError(try Tensor.zeros([-1]))
    }

    func testConcatenateAlongAnAxis() throws {
        let a = try Tensor(shape: [2, 1], scalars: [1, 2]), b = try Tensor(shape: [2, 2], scalars: [3, 4, 5, 6])
        XCTAssertEqual(try Tensor.concatenate([a, b], axis: 1).scalars, [1, 3, 4, 2, 5, 6])
        XCTAssertThrowsError(try Tensor.concatenate([a, b.transposed.reshaped([4, 1])], axis: 1))
    }

    func testInitializingWithAClosureWritesEveryElement() throws {
        let t = try Tensor(shape: [2, 3]) { buffer in for i in buffer.indices { buffer[i] = Float(i * i) } }
        XCTAssertEqual(t.scalars, [0, 1, 4, 9, 16, 25])
        XCTAssertThrowsError(try Tensor(shape: [-2]) { _ in })
    }

    func testMutationCopiesSharedStorage() throws {
        var y = x
        y.withUnsafeMutableBufferPointer { $0[0] = 100 }
        XCTAssertEqual(try x.scalar(at: [0, 0, 0]), 0)
        XCTAssertEqual(try y.scalar(at: [0, 0, 0]), 100)
    }

    func testRandomTensorsAreReproducibleAndNormal() throws {
        let a = try Tensor.randn([10_001], seed: 7), b = try Tensor.randn([10_001], seed: 7)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, try Tensor.randn([10_001], seed: 8))
        let mean = a.mean(), variance = try (a * a).mean() - mean * mean
        XCTAssertEqual(mean, 0, accuracy: 0.05)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }
}

final class ShapeLimitTests: XCTestCase {
    /// Shapes from user input are checked before anything is allocated.
    func testImpossibleShapesAreErrorsNotCrashes() throws {
        XCTAssertThrowsError(try Tensor.zeros([1 << 40, 1 << 40])) { error in
            XCTAssertTrue("\(error)".hasPrefix("Tensor(shape:): invalid shape (1099511627776, 1099511627776): more elements than fit in memory"), "\(error)")
        }
        XCTAssertThrowsError(try Tensor.randn([Int.max, 3], seed: 1))
        XCTAssertThrowsError(try Tensor.zeros([4]).reshaped([Int.max, 2, -1]))
        let column = try Tensor.zeros([1 << 20, 1]), row = try Tensor.zeros([1, 1 << 20])
        XCTAssertThrowsError(try column + row)        // 2^40 elements
        XCTAssertThrowsError(try column.matmul(row))
    }
}
