import Foundation
import Models
import XCTest

/// 32-token greedy continuations of SmolLM2 against llama.cpp's, recorded once in
/// Fixtures/llama_cpp_greedy.json (the file says how). llama.cpp rounds activations to int8,
/// so where our top two logits are within 0.1 the paths may part; such a step is reported
/// by name and ends that prompt's comparison.
///
/// Of 11 prompts, 5 agree on all 32 tokens, 4 part at near ties, and 2 part with a wider gap:
/// "The three primary colors are" at token 30 (top two 0.18 apart) and "import numpy as
/// np\n" at token 16 (0.30). Our logits match the Float64 reference to 1e-3 of the largest
/// (LlamaTests); int8 activations move SmolLM2's logits by up to ~5 % of the largest (our
/// own int8 kernels, measured in LlamaTests), i.e. by tenths, which explains such gaps.
/// They are listed below so that any other divergence fails.
final class LlamaCppAgreementTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            let text: String
            let prompt: [Int]
            let llama_cpp_greedy: [Int]
        }
        let cases: [Case]
    }

    /// (prompt, token index) of the known divergence beyond a near tie, and its largest gap.
    private let knownDivergences: [String: (token: Int, maximumGap: Float)] = [
        "The three primary colors are": (30, 0.25),
        "import numpy as np\n": (16, 0.35),
    ]

    func testGreedyContinuationsMatchLlamaCpp() throws {
        let file = try realSmolLM()
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/llama_cpp_greedy.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 5)
        let model = try LlamaModel(gguf: file)
        var fullAgreements = 0
        for c in fixture.cases {
            let cache = model.makeCache(capacity: c.prompt.count + c.llama_cpp_greedy.count)
            var logits = try model.forward(c.prompt, cache: cache)
            var parted = false
            for (i, expected) in c.llama_cpp_greedy.enumerated() {
                let ranked = logits.indices.sorted { logits[$0] > logits[$1] }
                if ranked[0] != expected {
                    let gap = logits[ranked[0]] - logits[ranked[1]]
                    if let known = knownDivergences[c.text] {
                        XCTAssertEqual(i, known.token, "\(c.text.debugDescription) parts from llama.cpp at another token")
                        XCTAssertLessThan(gap, known.maximumGap, c.text.debugDescription)
                    } else {
                        XCTAssertLessThan(gap, 0.1, "\(c.text.debugDescription): token \(i) is \(ranked[0]), llama.cpp's \(expected), not a near tie")
                    }
                    print("\(c.text.debugDescription) parts from llama.cpp at token \(i): \(ranked[0]) vs \(expected), top-two gap \(gap)")
                    parted = true
                    break
                }
                logits = try model.forward([expected], cache: cache)
            }
            if !parted { fullAgreements += 1 }
        }
        XCTAssertGreaterThanOrEqual(fullAgreements, 5, "prompts whose 32 greedy tokens all agree")
    }
}
