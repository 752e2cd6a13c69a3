import Foundation
import Models
import XCTest

final class SamplerTests: XCTestCase {
    private func logits(probabilities: [Double]) -> [Float] { probabilities.map { Float(log($0)) } }

    private func frequencies(_ options: SamplingOptions, _ logits: [Float], draws: Int) -> [Double] {
        var sampler = Sampler(options)
        var counts = [Double](repeating: 0, count: logits.count)
        for _ in 0..<draws { counts[sampler.next(logits: logits, context: [])] += 1 }
        return counts.map { $0 / Double(draws) }
    }

    func testGreedyTakesTheLargestLogit() {
        var sampler = Sampler(SamplingOptions())
        XCTAssertEqual(sampler.next(logits: [0.1, 3, -2, 2.9], context: []), 1)
    }

    func testRepetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        var sampler = Sampler(SamplingOptions(repetitionPenalty: 1.2))
        XCTAssertEqual(sampler.next(logits: [2.0, 1.9], context: [0]), 1)          // 2/1.2 < 1.9
        XCTAssertEqual(sampler.next(logits: [-1.0, -1.1], context: [0]), 1)        // −1·1.2 < −1.1
        XCTAssertEqual(sampler.next(logits: [2.0, 1.9], context: [1]), 0)
    }

    func testTemperatureSamplesTheSoftmax() {
        let p = [0.5, 0.3, 0.15, 0.05]
        let f = frequencies(SamplingOptions(temperature: 1, seed: 9), logits(probabilities: p), draws: 20000)
        for i in p.indices {
            XCTAssertEqual(f[i], p[i], accuracy: 4 * (p[i] * (1 - p[i]) / 20000).squareRoot(), "token \(i)")
        }
        // Temperature 0.5 squares the odds: 0.5² : 0.3² : 0.15² : 0.05².
        let squared = p.map { $0 * $0 }, total = squared.reduce(0, +)
        let g = frequencies(SamplingOptions(temperature: 0.5, seed: 10), logits(probabilities: p), draws: 20000)
        XCTAssertEqual(g[0], squared[0] / total, accuracy: 0.015)
    }

    func testTopKAndTopPCutTheTail() {
        let l = logits(probabilities: [0.5, 0.3, 0.15, 0.05])
        let k = frequencies(SamplingOptions(temperature: 1, topK: 2, seed: 1), l, draws: 4000)
        XCTAssertEqual(k[2] + k[3], 0)
        XCTAssertEqual(k[0], 0.625, accuracy: 0.03)                              // 0.5 / 0.8
        let p = frequencies(SamplingOptions(temperature: 1, topP: 0.85, seed: 2), l, draws: 4000)
        XCTAssertEqual(p[3], 0)                                                  // 0.5 + 0.3 + 0.15 reaches 0.85
        XCTAssertGreaterThan(p[2], 0.1)
        XCTAssertEqual(frequencies(SamplingOptions(temperature: 1, topP: 0.1, seed: 3), l, draws: 100)[0], 1)
    }

    func testSeedsRepeatAndDiffer() {
        let l = logits(probabilities: [0.25, 0.25, 0.25, 0.25])
        func run(_ seed: UInt64) -> [Int] {
            var s = Sampler(SamplingOptions(temperature: 1, seed: seed))
            return (0..<40).map { _ in s.next(logits: l, context: []) }
        }
        XCTAssertEqual(run(7), run(7))
        XCTAssertNotEqual(run(7), run(8))
    }
}

final class GenerationTests: XCTestCase {
    private func name(_ ids: [Int]) -> String { ids.map { "<\($0)>" }.joined() }

    func testStopsAtMaxTokensEndOfSequenceAndStopStrings() throws {
        let model = try LlamaModel(gguf: TinyLlama.file())
        let prompt = [5, 17, 3]
        // Greedy with a repetition penalty, so the random toy model does not repeat one token.
        let greedy = SamplingOptions(repetitionPenalty: 3)
        func generate(stop: [String] = [], endOfSequence: Set<Int> = [], onToken: (Int) -> Bool = { _ in true }) throws -> Generation {
            try model.generate(prompt: prompt, maxTokens: 6, sampling: greedy, endOfSequence: endOfSequence, stop: stop,
                               detokenize: name, onToken: onToken)
        }
        let free = try generate()
        XCTAssertEqual(free.tokens.count, 6)
        XCTAssertEqual(free.stopReason, .maxTokens)
        XCTAssertEqual(free.text, name(free.tokens))

        // Greedy decoding is deterministic, so a token it will produce can be made the end of
        // sequence (or a stop string): the first one that differs from the first token.
        let k = try XCTUnwrap(free.tokens.firstIndex { $0 != free.tokens[0] }, "the toy model repeats one token")
        let eos = try generate(endOfSequence: [free.tokens[k]])
        XCTAssertEqual(eos.tokens, Array(free.tokens[0..<k]))
        XCTAssertEqual(eos.stopReason, .endOfSequence)

        let stop = "<\(free.tokens[k])>"
        let stopped = try generate(stop: [stop])
        XCTAssertEqual(stopped.stopReason, .stopString(stop))
        XCTAssertEqual(stopped.text, name(Array(free.tokens[0..<k])))

        var streamed: [Int] = []
        let cancelled = try generate {
            streamed.append($0)
            return streamed.count < 3
        }
        XCTAssertEqual(cancelled.stopReason, .cancelled)
        XCTAssertEqual(streamed, Array(free.tokens[0..<3]))
    }

    func testSampledGenerationRepeatsWithItsSeed() throws {
        let model = try LlamaModel(gguf: TinyLlama.file())
        let options = SamplingOptions(temperature: 1.5, topK: 40, topP: 0.95, repetitionPenalty: 1.1, seed: 123)
        let a = try model.generate(prompt: [1, 2], maxTokens: 12, sampling: options, endOfSequence: [], detokenize: name)
        let b = try model.generate(prompt: [1, 2], maxTokens: 12, sampling: options, endOfSequence: [], detokenize: name)
        XCTAssertEqual(a, b)
        var other = options
        other.seed = 124
        XCTAssertNotEqual(try model.generate(prompt: [1, 2], maxTokens: 12, sampling: other, endOfSequence: [], detokenize: name).tokens, a.tokens)
    }

    /// The goal test of issue 5 on the real model, end to end: chat template, tokenizer,
    /// prefill, greedy decode, stop at <|im_end|>.
    func testGreedyChatAnswersParis() throws {
        let file = try realSmolLM()
        let model = try LlamaModel(gguf: file)
        let tokenizer = try Tokenizer(gguf: file)
        let prompt = try ChatTemplate(gguf: file).render([
            .init(role: "system", content: "You are a helpful assistant."),
            .init(role: "user", content: "What is the capital of France?"),
        ])
        let ids = tokenizer.encode(prompt)
        // The same ids as Hugging Face `tokenizers` gives for this prompt (recorded once).
        XCTAssertEqual(ids, [1, 9690, 198, 2683, 359, 253, 5356, 11173, 30, 2, 198, 1, 4093, 198, 1780, 314, 260,
                             3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198])
        let endOfTurn = try XCTUnwrap(tokenizer.id(of: ChatTemplate.messageEnd))
        let answer = try model.generate(prompt: ids, maxTokens: 32, endOfSequence: [endOfTurn]) {
            (try? tokenizer.decode($0)) ?? ""
        }
        XCTAssertEqual(answer.text, "The capital of France is Paris.")
        XCTAssertEqual(answer.stopReason, .endOfSequence)
    }
}
