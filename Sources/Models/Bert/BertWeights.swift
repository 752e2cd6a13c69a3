/// The float32 weights of a BERT encoder from its safetensors file (HF `BertModel` names,
/// with or without a `bert.` prefix), each checked against the config's shapes.
final class BertWeights: @unchecked Sendable {
    /// W (out × in, PyTorch order) and its bias.
    struct Linear {
        let weight: Scratch, bias: Scratch
        let inFeatures: Int, outFeatures: Int
    }

    struct Norm { let weight: Scratch, bias: Scratch }

    struct Layer {
        /// Query, key and value stacked into one (3·hidden × hidden) matrix: one sgemm.
        let qkv: Linear
        let attentionOutput: Linear
        let attentionNorm: Norm
        let intermediate: Linear
        let output: Linear
        let outputNorm: Norm
    }

    let wordEmbeddings: Scratch
    let positionEmbeddings: Scratch
    let tokenTypeEmbeddings: Scratch
    let embeddingNorm: Norm
    let layers: [Layer]

    init(file: SafetensorsFile, config c: BertConfig) throws {
        let prefix = file.tensor(named: "embeddings.word_embeddings.weight") == nil ? "bert." : ""
        func load(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let t = file.tensor(named: prefix + name) else {
                throw FileError(path: file.path, reason: "missing tensor \"\(prefix + name)\"")
            }
            guard t.shape == shape else {
                throw FileError(path: file.path, reason: "tensor \"\(t.name)\" has shape \(t.shape), config.json implies \(shape)")
            }
            guard let values = t.floats() else {
                throw FileError(path: file.path, reason: "tensor \"\(t.name)\" is \(t.dtype.rawValue), not a float type")
            }
            return values
        }
        func linear(_ name: String, _ outFeatures: Int, _ inFeatures: Int) throws -> Linear {
            Linear(weight: Scratch(try load(name + ".weight", [outFeatures, inFeatures])),
                   bias: Scratch(try load(name + ".bias", [outFeatures])), inFeatures: inFeatures, outFeatures: outFeatures)
        }
        func norm(_ name: String) throws -> Norm {
            Norm(weight: Scratch(try load(name + ".weight", [c.hiddenSize])), bias: Scratch(try load(name + ".bias", [c.hiddenSize])))
        }
        let h = c.hiddenSize
        wordEmbeddings = Scratch(try load("embeddings.word_embeddings.weight", [c.vocabularySize, h]))
        positionEmbeddings = Scratch(try load("embeddings.position_embeddings.weight", [c.maxPositions, h]))
        tokenTypeEmbeddings = Scratch(try load("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h]))
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0 ..< c.layerCount).map { i in
            let base = "encoder.layer.\(i)."
            let parts = try ["query", "key", "value"].map { try load(base + "attention.self.\($0).weight", [h, h]) }
            let biases = try ["query", "key", "value"].map { try load(base + "attention.self.\($0).bias", [h]) }
            return Layer(qkv: Linear(weight: Scratch(parts.flatMap { $0 }), bias: Scratch(biases.flatMap { $0 }),
                                     inFeatures: h, outFeatures: 3 * h),
                         attentionOutput: try linear(base + "attention.output.dense", h, h),
                         attentionNorm: try norm(base + "attention.output.LayerNorm"),
                         intermediate: try linear(base + "intermediate.dense", c.intermediateSize, h),
                         output: try linear(base + "output.dense", h, c.intermediateSize),
                         outputNorm: try norm(base + "output.LayerNorm"))
        }
    }
}
