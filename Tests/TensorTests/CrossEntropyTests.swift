import Foundation
import Tensor
import XCTest

func referenceCrossEntropy(_ logits: [Double], vocab: Int, targets: [Int], mask: [Double]) -> Double {
    let logProbabilities = referenceLogSoftmax(logits, vocab)
    var loss = 0.0
    for (r, t) in targets.enumerated() { loss -= mask[r] * logProbabilities[r * vocab + t] }
    return loss / mask.reduce(0, +)
}

final class CrossEntropyTests: XCTestCase {
    func testMaskedLossMatchesNaive() throws {
        var random = TestRandom(seed: 80)
        for (rows, vocab) in [(1, 2), (5, 17), (8, 1000)] {
            let logits = random.tensor([rows, vocab], scale: 4)
            let targets = (0..<rows).map { ($0 * 7 + 3) % vocab }
            let mask: [Float] = (0..<rows).map { $0 % 3 == 1 ? 0 : 1 }
            let loss = try logits.crossEntropy(targets: targets, mask: mask)
            let expected = referenceCrossEntropy(doubles(logits), vocab: vocab, targets: targets, mask: mask.map(Double.init))
            XCTAssertEqual(Double(loss), expected, accuracy: 1e-5 * max(1, abs(expected)))
        }
        // Uniform logits: the loss is log(V).
        XCTAssertEqual(try Tensor.zeros([2, 10]).crossEntropy(targets: [1, 2]), Float(log(10.0)), accuracy: 1e-6)
    }

    func testBadTargetsAndMasksAreErrors() {
        let logits = try! Tensor.zeros([2, 4])
        XCTAssertThrowsError(try logits.crossEntropy(targets: [0, 4])) { error in
            XCTAssertEqual("\(error)", "crossEntropy target 1: index 4 is out of range for dimension 1 of extent 4")
        }
        XCTAssertThrowsError(try logits.crossEntropy(targets: [0]))
        XCTAssertThrowsError(try logits.crossEntropy(targets: [0, 1], mask: [1]))
        XCTAssertEqual(try logits.crossEntropy(targets: [0, 1], mask: [0, 0]), 0)
    }

    func testGradient() throws {
        let targets = [3, 0, 6, 2], mask: [Double] = [1, 0, 1, 1]
        try checkGradients(shapes: [[4, 7]], seed: 81, inputScale: 3,
                           { try $0[0].crossEntropy(targets: targets, mask: mask.map(Float.init)) },
                           reference: { [referenceCrossEntropy($0[0], vocab: 7, targets: targets, mask: mask)] })
    }
}
