/// When generation stops, and what it produced.
public struct Generation: Sendable, Equatable {
    public enum StopReason: Sendable, Equatable {
        /// An end-of-sequence token (not included in `tokens`).
        case endOfSequence
        /// A stop string appeared; `text` ends just before it.
        case stopString(String)
        case maxTokens
        /// The caller's `onToken` asked to stop (for example on Ctrl-C).
        case cancelled
    }

    /// Generated token ids (without the prompt or the end-of-sequence token).
    public var tokens: [Int]
    /// The generated text, cut before a stop string.
    public var text: String
    public var stopReason: StopReason
}

extension LlamaModel {
    /// Generates after `prompt`: prefill once, then decode one token at a time through a
    /// KV cache until an end-of-sequence token, a stop string, `maxTokens`, or `onToken`
    /// returning false. `detokenize` turns generated ids into text (for stop strings and
    /// the result); `onToken` sees each token as it comes (for streaming).
    public func generate(prompt: [Int], maxTokens: Int, sampling: SamplingOptions = SamplingOptions(),
                         endOfSequence: Set<Int>, stop: [String] = [],
                         detokenize: ([Int]) -> String, onToken: (Int) -> Bool = { _ in true }) throws -> Generation {
        guard !prompt.isEmpty else { throw LlamaError("generate: the prompt has no tokens") }
        let cache = makeCache(capacity: min(config.contextLength, prompt.count + max(maxTokens, 0)))
        var sampler = Sampler(sampling)
        var context = prompt
        var generated: [Int] = []
        var logits = try forward(prompt, cache: cache)
        while generated.count < maxTokens {
            let token = sampler.next(logits: logits, context: context)
            if endOfSequence.contains(token) {
                return Generation(tokens: generated, text: detokenize(generated), stopReason: .endOfSequence)
            }
            generated.append(token)
            context.append(token)
            let text = detokenize(generated)
            if let hit = stop.compactMap({ s in text.range(of: s).map { (s, $0) } }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
                return Generation(tokens: generated, text: String(text[..<hit.1.lowerBound]), stopReason: .stopString(hit.0))
            }
            guard onToken(token) else {
                return Generation(tokens: generated, text: text, stopReason: .cancelled)
            }
            guard generated.count < maxTokens, cache.count < cache.capacity else { break }
            logits = try forward([token], cache: cache)
        }
        return Generation(tokens: generated, text: detokenize(generated), stopReason: .maxTokens)
    }
}
