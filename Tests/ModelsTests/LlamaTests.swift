import Models
import Tensor
import XCTest

/// The Llama forward pass against the Float64 reference: every position of a prefill, token
/// by token decoding through the KV cache, and prefill continued from a filled cache.
final class LlamaTests: XCTestCase {
    /// Largest |got − want| at a position, relative to that position's largest |logit|.
    private func relativeError(_ got: ArraySlice<Float>, _ want: [Double]) -> Double {
        let scale = want.map(abs).max()!
        return zip(got, want).map { abs(Double($0) - $1) }.max()! / scale
    }

    private func assertLogits(_ got: [Float], _ want: [[Double]], positions: Range<Int>, tolerance: Double,
                              _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let vocab = want[0].count
        XCTAssertEqual(got.count, positions.count * vocab, what, file: file, line: line)
        for (i, p) in positions.enumerated() {
            let error = relativeError(got[(i * vocab)..<((i + 1) * vocab)], want[p])
            XCTAssertLessThan(error, tolerance, "\(what): position \(p)", file: file, line: line)
        }
    }

    private let tokens = [5, 17, 3, 95, 0, 42, 42, 7, 60]

    func testPrefillMatchesReferenceAtEveryPosition() throws {
        let file = try TinyLlama.file()
        let want = LlamaReference(file).logits(tokens)
        for threads in [1, 2] {
            let model = try LlamaModel(gguf: file, threads: threads)
            let got = try model.forward(tokens, cache: model.makeCache(), allLogits: true)
            assertLogits(got, want, positions: 0..<tokens.count, tolerance: 1e-3, "prefill, \(threads) threads")
        }
    }

    func testDecodeMatchesReferenceTokenByToken() throws {
        let file = try TinyLlama.file()
        let want = LlamaReference(file).logits(tokens)
        let model = try LlamaModel(gguf: file)
        // int8 activations round each block of 32 inputs to 1/254 of its largest value, so
        // their logits are looser (llama.cpp's CPU path makes the same trade).
        for (kernels, tolerance) in [(QuantizedMatrix.Kernels.floatActivations, 1e-3), (.portable, 1e-3),
                                     (.int16Activations, 1e-3), (.int8Activations, 5e-2)] {
            model.decodeKernels = kernels
            let cache = model.makeCache()
            for (p, token) in tokens.enumerated() {
                let got = try model.forward([token], cache: cache)
                assertLogits(got, want, positions: p..<(p + 1), tolerance: tolerance, "decode with \(kernels)")
            }
            XCTAssertEqual(cache.count, tokens.count)
        }
    }

    /// A prompt in two parts (few rows: matrix-vector path; then many rows: sgemm path),
    /// the second attending to the cached first.
    func testPrefillContinuesFromCache() throws {
        let file = try TinyLlama.file(seed: 2)
        let want = LlamaReference(file).logits(tokens)
        let model = try LlamaModel(gguf: file)
        model.decodeKernels = .floatActivations
        let cache = model.makeCache()
        let first = try model.forward(Array(tokens[0..<3]), cache: cache, allLogits: true)
        assertLogits(first, want, positions: 0..<3, tolerance: 1e-3, "first part")
        let rest = try model.forward(Array(tokens[3...]), cache: cache, allLogits: true)
        assertLogits(rest, want, positions: 3..<tokens.count, tolerance: 1e-3, "second part")
        // Rewinding the cache and running the second part again gives the same logits.
        cache.truncate(to: 3)
        XCTAssertEqual(try model.forward(Array(tokens[3...]), cache: cache, allLogits: true), rest)
    }

    func testBadInputIsAnError() throws {
        let model = try LlamaModel(gguf: TinyLlama.file())
        XCTAssertThrowsError(try model.forward([TinyLlama.vocab], cache: model.makeCache())) {
            XCTAssertTrue("\($0)".contains("token id 96 is outside the vocabulary"), "\($0)")
        }
        XCTAssertThrowsError(try model.forward(Array(repeating: 1, count: 5), cache: model.makeCache(capacity: 4))) {
            XCTAssertTrue("\($0)".contains("exceed the context of 4"), "\($0)")
        }
        XCTAssertThrowsError(try LlamaModel(gguf: TinyLlama.file(omitting: "blk.1.ffn_up.weight"))) {
            XCTAssertTrue("\($0)".contains("tiny-llama.gguf: tensor \"blk.1.ffn_up.weight\" is missing"), "\($0)")
        }
    }

    /// The real SmolLM2-135M-Instruct (skipped when the model cache does not have it).
    func testRealModelLogitsMatchReference() throws {
        let file = try realSmolLM()
        // "<|im_start|>user\nWhat is the capital of France?" in SmolLM2's vocabulary.
        let prompt = [1, 4093, 198, 1780, 314, 260, 3575, 282]
        let want = LlamaReference(file).logits(prompt)
        let model = try LlamaModel(gguf: file)
        let got = try model.forward(prompt, cache: model.makeCache(capacity: 64), allLogits: true)
        assertLogits(got, want, positions: 0..<prompt.count, tolerance: 1e-3, "SmolLM2 prefill")
        // int8 activations: up to ~5 % of the largest logit after 30 layers (measured 3–5 %),
        // enough to flip near ties, which is why they are not the default.
        for (kernels, tolerance) in [(QuantizedMatrix.Kernels.floatActivations, 1e-3), (.int16Activations, 1e-3),
                                     (.int8Activations, 8e-2)] {
            model.decodeKernels = kernels
            let cache = model.makeCache(capacity: 64)
            for (p, token) in prompt.enumerated() {
                let logits = try model.forward([token], cache: cache)
                assertLogits(logits, want, positions: p..<(p + 1), tolerance: tolerance, "SmolLM2 decode, \(kernels)")
                if kernels != .int8Activations {
                    let best = want[p].indices.max { want[p][$0] < want[p][$1] }!
                    XCTAssertEqual(logits.indices.max { logits[$0] < logits[$1] }, best, "SmolLM2 decode argmax at \(p)")
                }
            }
        }
    }

    /// Decoding gives the same logits bit for bit on one and two threads (every row's
    /// products run in the same order however the rows are split); prefill splits its sgemm
    /// tiles by thread count, so it agrees to rounding and picks the same tokens.
    func testOneAndTwoThreadsAgree() throws {
        let file = try realSmolLM()
        let prompt = (0..<80).map { 200 + ($0 * 7919) % 40000 }
        var prefills: [[Float]] = [], decodes: [[[Float]]] = []
        for threads in [1, 2] {
            let model = try LlamaModel(gguf: file, threads: threads)
            prefills.append(try model.forward(prompt, cache: model.makeCache(capacity: 128), allLogits: true))
            let cache = model.makeCache(capacity: 128)
            decodes.append(try prompt.prefix(12).map { try model.forward([$0], cache: cache) })
        }
        XCTAssertEqual(decodes[0], decodes[1], "decoded logits")
        let vocab = prefills[0].count / prompt.count
        var worst: Float = 0
        for (a, b) in zip(prefills[0], prefills[1]) { worst = max(worst, abs(a - b)) }
        XCTAssertLessThan(worst, 1e-3, "prefill logits, largest difference")
        for t in 0..<prompt.count {
            let (a, b) = (prefills[0][(t * vocab)..<((t + 1) * vocab)], prefills[1][(t * vocab)..<((t + 1) * vocab)])
            XCTAssertEqual(a.indices.max { a[$0] < a[$1] }, b.indices.max { b[$0] < b[$1] }, "prefill argmax at \(t)")
        }
    }
}
