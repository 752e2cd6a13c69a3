import Tensor
import XCTest

final class DescriptionTests: XCTestCase {
    func testSmallTensorsPrintInFull() throws {
        XCTAssertEqual("\(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4.5]))", "[[1. , 2. ],\n [3. , 4.5]]")
        XCTAssertEqual("\(try Tensor(shape: [2, 1, 2], scalars: [1, -20, 3, .nan]))", "[[[  1., -20.]],\n\n [[  3.,  nan]]]")
        XCTAssertEqual("\(Tensor(-2))", "-2.")
        XCTAssertEqual("\(try Tensor(shape: [3], scalars: [0.25, -1, 1e-7]))", "[ 2.5000e-01, -1.0000e+00,  1.0000e-07]")
    }

    func testLargeTensorsAreAbbreviated() throws {
        let t = try Tensor(shape: [100, 20], scalars: (0..<2000).map { Float($0 % 10) })
        let text = "\(t)"
        XCTAssertTrue(text.hasPrefix("[[0., 1., 2., ..., 7., 8., 9.],\n [0., 1., 2., ..., 7., 8., 9.],"), text)
        XCTAssertTrue(text.contains("\n ...,\n"), text)
        XCTAssertLessThan(text.count, 300)
    }
}
