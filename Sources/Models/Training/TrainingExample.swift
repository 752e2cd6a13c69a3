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
///
/// Packed, a row holds several sequences one after another: attention stays within each
/// (`segments`) and positions restart at 0 for each, so every sequence gets the results it
/// would get alone, and no compute goes to padding between them.
public struct TrainingBatch {
    public let batch: Int
    public let steps: Int
    public let inputs: [Int]
    public let targets: [Int]
    public let weights: [Float]
    /// Each input's position in its own sequence (B·L), for RoPE.
    public let positions: [Int]
    /// Per row, the ranges of its packed sequences (the last may be padding); nil when each
    /// row holds one sequence.
    public let segments: [[Range<Int>]]?

    /// One sequence per row.
    public init(_ examples: [TrainingExample], padding: Int = 0) throws {
        try self.init(rows: examples.map { [$0] }, packed: false, padding: padding)
    }

    /// Sequences packed in order into rows of at most `rowLength` inputs, each into the
    /// first row with room (a sequence of n tokens takes n − 1 inputs).
    public init(packing examples: [TrainingExample], rowLength: Int, padding: Int = 0) throws {
        var rows: [[TrainingExample]] = [], used: [Int] = []
        for e in examples {
            let n = e.tokens.count - 1
            guard n <= rowLength else {
                throw LoRAError("training batch: a sequence of \(e.tokens.count) tokens does not fit a packed row of \(rowLength) inputs")
            }
            if let r = used.firstIndex(where: { $0 + n <= rowLength }) {
                rows[r].append(e)
                used[r] += n
            } else {
                rows.append([e])
                used.append(n)
            }
        }
        try self.init(rows: rows, packed: true, padding: padding)
    }

    private init(rows: [[TrainingExample]], packed: Bool, padding: Int) throws {
        let lengths = rows.map { $0.reduce(0) { $0 + max(0, $1.tokens.count - 1) } }
        guard let steps = lengths.max(), steps >= 1, rows.allSatisfy({ $0.allSatisfy { $0.tokens.count >= 2 } }) else {
            throw LoRAError("training batch: needs sequences of two or more tokens")
        }
        var inputs = [Int](repeating: padding, count: rows.count * steps), targets = inputs, positions = inputs
        var weights = [Float](repeating: 0, count: rows.count * steps)
        var segments: [[Range<Int>]] = []
        for (b, row) in rows.enumerated() {
            var start = 0, ranges: [Range<Int>] = []
            for e in row {
                let n = e.tokens.count - 1
                for t in 0..<n {
                    let i = b * steps + start + t
                    inputs[i] = e.tokens[t]
                    targets[i] = e.tokens[t + 1]
                    weights[i] = e.trained[t + 1] ? 1 : 0
                    positions[i] = t
                }
                ranges.append(start..<(start + n))
                start += n
            }
            if start < steps {
                ranges.append(start..<steps)
                for t in start..<steps { positions[b * steps + t] = t - start }
            }
            segments.append(ranges)
        }
        self.batch = rows.count
        self.steps = steps
        self.inputs = inputs
        self.targets = targets
        self.weights = weights
        self.positions = positions
        self.segments = packed ? segments : nil
    }

    /// Positions whose target is trained.
    public var trainedTokens: Int { weights.filter { $0 > 0 }.count }
}
