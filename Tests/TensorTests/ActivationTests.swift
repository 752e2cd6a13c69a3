import Foundation
import Tensor
import XCTest

final class ActivationTests: XCTestCase {
    private let silu: (Double) -> Double = { $0 / (1 + exp(-$0)) }
    private let gelu: (Double) -> Double = { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }

    func testActivationsMatchNaive() throws {
        var random = TestRandom(seed: 50)
        for count in [1, 15, 16, 17, 100, 1537] {
            let x = random.tensor([count], scale: 6)
            XCTAssertLessThan(maxRelativeError(x.silu().scalars, doubles(x).map(silu)), 1e-6)
            XCTAssertLessThan(maxRelativeError(x.gelu().scalars, doubles(x).map(gelu)), 1e-6)
        }
        // Known values: GELU(1) = Φ(1) = 0.8413447, SiLU(1) = σ(1) = 0.7310586.
        let one = try Tensor(shape: [1], scalars: [1])
        XCTAssertEqual(one.gelu().scalars[0], 0.8413447, accuracy: 1e-6)
        XCTAssertEqual(one.silu().scalars[0], 0.7310586, accuracy: 1e-6)
    }

    func testGradients() throws {
        let (s, g) = (silu, gelu)
        try checkGradients(shapes: [[37]], seed: 51, inputScale: 4, { $0[0].silu() }, reference: { $0[0].map(s) })
        try checkGradients(shapes: [[37]], seed: 52, inputScale: 4, { $0[0].gelu() }, reference: { $0[0].map(g) })
        // SwiGLU as one node (37 elements: two full vectors and a tail) against silu(gate)·up.
        try checkGradients(shapes: [[37], [37]], seed: 53, inputScale: 4, { try Variable.swiGLU(gate: $0[0], up: $0[1]) },
                           reference: { zip($0[0], $0[1]).map { s($0) * $1 } })
        XCTAssertThrowsError(try Variable.swiGLU(gate: Variable(Tensor.zeros([3])), up: Variable(Tensor.zeros([4]))))
    }
}

final class ExpTests: XCTestCase {
    func testVectorExpIsAccurateOverTheFloatRange() throws {
        var random = TestRandom(seed: 53)
        let x = try Tensor(shape: [4102], scalars: random.values(4099, scale: 86.5).map(Float.init) + [0, -1e-8, 88.5])
        let y = x.exp().scalars
        for (a, b) in zip(x.scalars, y) {
            let expected = exp(Double(a))
            XCTAssertLessThan(abs(Double(b) - expected) / expected, 5e-7, "exp(\(a))")
        }
        // Below exp(-86.9) results flush to about 2e-38 instead of underflowing.
        XCTAssertTrue(try Tensor(shape: [2], scalars: [-200, -.infinity]).exp().scalars.allSatisfy { $0 >= 0 && $0 < 3e-38 })
    }
}
