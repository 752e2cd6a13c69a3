import Models
import Tensor
import XCTest

/// What the LoRA training and distillation tests share: random sequences, a non-zero B, and
/// the finite-difference gradient check.
extension XCTestCase {
    /// A few sequences of random tokens of the tiny Llama's vocabulary; the first `prompt`
    /// tokens of each are not trained.
    func examples(_ count: Int, length: Int, prompt: Int = 3, seed: UInt64 = 3) throws -> [TrainingExample] {
        var rng = SeededGenerator(seed: seed)
        return try (0..<count).map { i in
            let n = length - i % 3
            return try TrainingExample(tokens: (0..<n).map { _ in Int.random(in: 0..<TinyLlama.vocab, using: &rng) },
                                       trained: (0..<n).map { $0 >= prompt })
        }
    }

    /// Gives B non-zero values so gradients reach A too.
    func randomize(_ adapter: LoRAAdapter, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for p in adapter.pairs { p.b.updateValue { b in for i in b.indices { b[i] = Float.random(in: -0.3...0.3, using: &rng) } } }
    }
}

/// Checks every LoRA matrix's analytic gradient (already accumulated by `backward()`)
/// against central differences of `loss`, at each matrix's two largest-magnitude entries,
/// where Float32 differences are reliable. Returns how many entries were checked.
func assertGradientsMatchFiniteDifferences(_ adapter: LoRAAdapter, loss: () throws -> Double,
                                           file: StaticString = #filePath, line: UInt = #line) throws -> Int {
    var checked = 0
    for (index, p) in adapter.parameters.enumerated() {
        let gradient = try XCTUnwrap(p.gradient, "parameter \(index) has no gradient", file: file, line: line).scalars
        for i in gradient.indices.sorted(by: { abs(gradient[$0]) > abs(gradient[$1]) }).prefix(2) {
            let h: Float = 1e-2
            let original = p.value.scalars[i]
            p.updateValue { $0[i] = original + h }
            let plus = try loss()
            p.updateValue { $0[i] = original - h }
            let minus = try loss()
            p.updateValue { $0[i] = original }
            let numeric = (plus - minus) / Double(2 * h)
            XCTAssertEqual(Double(gradient[i]), numeric, accuracy: 2e-2 * max(abs(numeric), 1e-2),
                           "parameter \(index) element \(i)", file: file, line: line)
            checked += 1
        }
    }
    return checked
}
