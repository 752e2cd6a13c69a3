/// One training sequence: token ids and, per token, whether the loss counts it (the
/// assistant's answer tokens only, as mlx-lm's `--mask-prompt` does).
public struct TrainingExample: Sendable, Equatable {
    public var tokens: [Int]
    public var trained: [Bool]

    public init(tokens: [Int], trained: [Bool]) throws {
        guard tokens.count == trained.count else {
            throw LoRAError("training example: \(tokens.count) tokens but \(trained.count) mask entries")
        }
        self.tokens = tokens
        self.trained = trained
    }

    /// Tokens whose prediction is trained (position 0 is never predicted).
    public var trainedCount: Int { trained.dropFirst().filter { $0 }.count }

    /// A chat conversation whose last message (the assistant's) is the target: the prompt
    /// is everything before it rendered with the assistant opener, the target is the
    /// answer and its end-of-message token. Longer sequences are cut to `maxLength`.
    public init(messages: [ChatTemplate.Message], template: ChatTemplate, tokenizer: Tokenizer, maxLength: Int) throws {
        guard let last = messages.last, last.role == "assistant" else {
            throw LoRAError("training example: the last message must be the assistant's answer, got \(messages.last?.role ?? "no messages")")
        }
        guard maxLength >= 2 else { throw LoRAError("training example: max_len \(maxLength) must be at least 2") }
        let prompt = template.render(Array(messages.dropLast()), addGenerationPrompt: true)
        let answer = last.content + ChatTemplate.messageEnd
        let promptTokens = tokenizer.encode(prompt), answerTokens = tokenizer.encode(answer)
        let tokens = Array((promptTokens + answerTokens).prefix(maxLength))
        let trained = (0..<tokens.count).map { $0 >= promptTokens.count }
        try self.init(tokens: tokens, trained: trained)
    }
}

/// Sequences padded on the right to one length: inputs (B, L), next-token targets (B, L)
/// and a loss weight per position (1 where the target is a trained token, else 0).
/// Right padding with causal attention leaves the real tokens' results unchanged.
public struct TrainingBatch {
    public let batch: Int
    public let steps: Int
    public let inputs: [Int]
    public let targets: [Int]
    public let weights: [Float]

    public init(_ examples: [TrainingExample], padding: Int = 0) throws {
        guard let longest = examples.map(\.tokens.count).max(), longest >= 2 else {
            throw LoRAError("training batch: needs at least one sequence of two or more tokens")
        }
        let steps = longest - 1
        var inputs = [Int](repeating: padding, count: examples.count * steps), targets = inputs
        var weights = [Float](repeating: 0, count: examples.count * steps)
        for (b, e) in examples.enumerated() {
            for t in 0..<(e.tokens.count - 1) {
                inputs[b * steps + t] = e.tokens[t]
                targets[b * steps + t] = e.tokens[t + 1]
                weights[b * steps + t] = e.trained[t + 1] ? 1 : 0
            }
        }
        self.batch = examples.count
        self.steps = steps
        self.inputs = inputs
        self.targets = targets
        self.weights = weights
    }

    /// Positions whose target is trained.
    public var trainedTokens: Int { weights.filter { $0 > 0 }.count }
}
