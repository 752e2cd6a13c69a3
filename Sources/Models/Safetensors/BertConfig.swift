import Foundation

/// The hyper-parameters of a BERT encoder from HF's `config.json` (all-MiniLM-L6-v2's: 6
/// layers, 384 wide, 12 heads, FFN 1536, GELU, LayerNorm eps 1e-12).
public struct BertConfig: Decodable, Equatable, Sendable {
    public let hiddenSize: Int
    public let layerCount: Int
    public let headCount: Int
    public let intermediateSize: Int
    public let maxPositions: Int
    public let vocabularySize: Int
    public let typeVocabularySize: Int
    public let layerNormEpsilon: Double
    public let activation: String

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", layerCount = "num_hidden_layers", headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size", maxPositions = "max_position_embeddings"
        case vocabularySize = "vocab_size", typeVocabularySize = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps", activation = "hidden_act"
    }

    public var headSize: Int { hiddenSize / headCount }

    /// Reads and checks `config.json` at `path`.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, reason: "cannot read the file")
        }
        do {
            self = try JSONDecoder().decode(BertConfig.self, from: data)
        } catch {
            throw FileError(path: path, reason: "not a BERT config.json: \(error)")
        }
        let sizes = [hiddenSize, layerCount, headCount, intermediateSize, maxPositions, vocabularySize, typeVocabularySize]
        guard sizes.allSatisfy({ $0 > 0 }), hiddenSize % headCount == 0, layerNormEpsilon > 0 else {
            throw FileError(path: path, reason: "inconsistent sizes: hidden \(hiddenSize) must split into \(headCount) heads, all sizes positive")
        }
    }
}
