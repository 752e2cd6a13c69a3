import Foundation
import Tensor

/// How the next token is chosen from the logits.
public struct SamplingOptions: Sendable, Equatable {
    /// 0 picks the most likely token (greedy); higher values flatten the distribution.
    public var temperature: Float
    /// Keep only the k most likely tokens (0: all).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches p (1: all).
    public var topP: Float
    /// Divides positive logits and multiplies negative ones of tokens already in the
    /// context (CTRL's penalty, as llama.cpp and transformers apply it; 1: off).
    public var repetitionPenalty: Float
    /// Seed of the random choices, so sampled runs repeat.
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, repetitionPenalty: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.repetitionPenalty = repetitionPenalty
        self.seed = seed
    }
}

/// Picks tokens from logits: repetition penalty, then greedy or temperature → top-k →
/// top-p → a seeded draw.
public struct Sampler {
    public let options: SamplingOptions
    private var random: SeededGenerator

    public init(_ options: SamplingOptions) {
        self.options = options
        random = SeededGenerator(seed: options.seed)
    }

    /// The next token given `logits` (vocab) and the tokens so far (for the penalty).
    public mutating func next(logits: [Float], context: [Int]) -> Int {
        var logits = logits
        if options.repetitionPenalty != 1 {
            for id in Set(context) where id >= 0 && id < logits.count {
                logits[id] = logits[id] > 0 ? logits[id] / options.repetitionPenalty : logits[id] * options.repetitionPenalty
            }
        }
        if options.temperature <= 0 {
            return logits.indices.max { logits[$0] < logits[$1] } ?? 0
        }
        // Candidates by falling logit; top-k cuts the list.
        var candidates = logits.indices.sorted { logits[$0] > logits[$1] }
        if options.topK > 0 && options.topK < candidates.count {
            candidates.removeSubrange(options.topK...)
        }
        let top = logits[candidates[0]]
        var weights = candidates.map { Double(((logits[$0] - top) / options.temperature).exponential) }
        let total = weights.reduce(0, +)
        // Top-p: the shortest prefix whose probability reaches p.
        if options.topP < 1 {
            var cumulative = 0.0
            var keep = 0
            while keep < weights.count {
                cumulative += weights[keep] / total
                keep += 1
                if cumulative >= Double(options.topP) { break }
            }
            weights.removeSubrange(keep...)
            candidates.removeSubrange(keep...)
        }
        let draw = Double(random.next() >> 11) / Double(1 << 53) * weights.reduce(0, +)
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            if draw < cumulative { return candidates[i] }
        }
        return candidates[candidates.count - 1]
    }
}

private extension Float {
    var exponential: Float { Float(Foundation.exp(Double(self))) }
}
