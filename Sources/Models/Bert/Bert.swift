import Foundation
import Tensor

/// A sentence-transformers BERT encoder (all-MiniLM-L6-v2: 6 post-LayerNorm layers, 384
/// wide, 12 heads, exact-erf GELU) on our tensor core, with mean pooling over the real
/// tokens and L2 normalization, as sentence-transformers' `encode(normalize_embeddings=True)`.
///
/// A batch is packed, not padded: the sentences' tokens are stacked into one (T, hidden)
/// matrix so every linear layer is one sgemm over real tokens only, and attention runs per
/// sentence and head over that sentence's own tokens (no padding mask is needed).
/// Sentences are sorted by length before batching, so a batch holds similar lengths.
public final class BertEncoder: @unchecked Sendable {
    public let config: BertConfig
    public let tokenizer: WordPieceTokenizer
    private let weights: BertWeights

    /// Loads `config.json`, `tokenizer.json` and `model.safetensors` from a
    /// sentence-transformers folder.
    public init(directory: String) throws {
        config = try BertConfig(path: directory + "/config.json")
        guard config.activation == "gelu" else {
            throw FileError(path: directory + "/config.json", reason: "hidden_act \"\(config.activation)\" is not supported (supported: gelu)")
        }
        tokenizer = try WordPieceTokenizer(directory: directory, maxLength: nil)
        guard tokenizer.maxLength <= config.maxPositions else {
            throw FileError(path: directory + "/sentence_bert_config.json",
                            reason: "max_seq_length \(tokenizer.maxLength) exceeds the model's \(config.maxPositions) positions")
        }
        weights = try BertWeights(file: SafetensorsFile(path: directory + "/model.safetensors"), config: config)
    }

    /// The encoder of a known model name ("minilm") or a folder path.
    public static func load(_ nameOrPath: String = "minilm") throws -> BertEncoder {
        try BertEncoder(directory: ModelLocator.resolve(nameOrPath))
    }

    /// Width of an embedding.
    public var dimension: Int { config.hiddenSize }

    /// Unit-length sentence embeddings, (texts.count, hidden), in input order.
    public func embed(_ texts: [String], batchSize: Int = 32) throws -> Tensor {
        try embed(tokenized: texts.map { tokenizer.encode($0) }, batchSize: batchSize)
    }

    /// Embeddings of already tokenized sentences (each `[CLS] ... [SEP]`, ids < vocabulary).
    public func embed(tokenized: [[Int]], batchSize: Int = 32) throws -> Tensor {
        let h = config.hiddenSize
        var out = [Float](repeating: 0, count: tokenized.count * h)
        // Longest first (as sentence-transformers): similar lengths share a batch.
        let order = tokenized.indices.sorted { tokenized[$0].count > tokenized[$1].count }
        var start = 0
        while start < order.count {
            let batch = Array(order[start ..< min(start + max(1, batchSize), order.count)])
            let pooled = try forward(batch.map { tokenized[$0] })
            for (row, index) in batch.enumerated() {
                for j in 0 ..< h { out[index * h + j] = pooled[row * h + j] }
            }
            start += batch.count
        }
        return try Tensor(shape: [tokenized.count, h], scalars: out)
    }

    /// Pooled, normalized embeddings of one packed batch, (sequences, hidden) row-major.
    private func forward(_ sequences: [[Int]]) throws -> [Float] {
        let c = config, w = weights
        let h = c.hiddenSize, inner = c.intermediateSize
        let lengths = sequences.map { min(max($0.count, 1), c.maxPositions) }
        var offsets = [0]
        for l in lengths { offsets.append(offsets.last! + l) }
        let t = offsets.last!
        let x = Scratch(t * h), qkv = Scratch(t * 3 * h), context = Scratch(t * h), sum = Scratch(t * h), ffn = Scratch(t * inner)
        let epsilon = Float(c.layerNormEpsilon)

        // Embeddings: word + position + token type 0, then LayerNorm.
        for (s, ids) in sequences.enumerated() {
            for p in 0 ..< lengths[s] {
                let id = p < ids.count && ids[p] >= 0 && ids[p] < c.vocabularySize ? ids[p] : tokenizer.unknownId
                let row = x.p + (offsets[s] + p) * h
                let word = w.wordEmbeddings.p + id * h, position = w.positionEmbeddings.p + p * h
                for j in 0 ..< h { row[j] = word[j] + position[j] + w.tokenTypeEmbeddings.p[j] }
            }
        }
        BertKernels.addAndNormalize(x.p, nil, nil, rows: t, width: h, w.embeddingNorm, epsilon)

        for layer in w.layers {
            BertKernels.linear(x.p, rows: t, layer.qkv, into: qkv.p)
            try BertKernels.attention(qkv.p, offsets: offsets, heads: c.headCount, width: h, into: context.p)
            BertKernels.linear(context.p, rows: t, layer.attentionOutput, into: sum.p)
            BertKernels.addAndNormalize(sum.p, x.p, x.p, rows: t, width: h, layer.attentionNorm, epsilon)
            BertKernels.linear(x.p, rows: t, layer.intermediate, into: ffn.p)
            BertKernels.gelu(ffn.p, count: t * inner)
            BertKernels.linear(ffn.p, rows: t, layer.output, into: sum.p)
            BertKernels.addAndNormalize(sum.p, x.p, x.p, rows: t, width: h, layer.outputNorm, epsilon)
        }

        // Mean over each sentence's tokens, then unit length.
        var pooled = [Float](repeating: 0, count: sequences.count * h)
        for s in sequences.indices {
            var norm: Float = 0
            for j in 0 ..< h {
                var total: Float = 0
                for r in offsets[s] ..< offsets[s + 1] { total += x.p[r * h + j] }
                let mean = total / Float(lengths[s])
                pooled[s * h + j] = mean
                norm += mean * mean
            }
            let scale = 1 / max(norm.squareRoot(), 1e-12)
            for j in 0 ..< h { pooled[s * h + j] *= scale }
        }
        return pooled
    }
}

/// A float buffer that frees itself: weights and one forward pass's activations.
final class Scratch: @unchecked Sendable {
    let p: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(values.count)
        values.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { p.deallocate() }
}
