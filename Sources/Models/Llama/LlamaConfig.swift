/// The hyper-parameters of a Llama-architecture model, read from GGUF metadata (`llama.*`).
public struct LlamaConfig: Sendable, Equatable {
    public var vocabSize: Int
    /// Width of the residual stream (576 for SmolLM2-135M).
    public var dim: Int
    public var layers: Int
    public var heads: Int
    /// Key/value heads (grouped-query attention): query head h reads KV head h / (heads / kvHeads).
    public var kvHeads: Int
    public var headDim: Int
    public var ffnDim: Int
    public var contextLength: Int
    public var ropeBase: Float
    public var normEpsilon: Float

    public init(vocabSize: Int, dim: Int, layers: Int, heads: Int, kvHeads: Int, ffnDim: Int,
                contextLength: Int, ropeBase: Float, normEpsilon: Float) {
        self.vocabSize = vocabSize
        self.dim = dim
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = heads > 0 ? dim / heads : 0
        self.ffnDim = ffnDim
        self.contextLength = contextLength
        self.ropeBase = ropeBase
        self.normEpsilon = normEpsilon
    }

    public var kvDim: Int { kvHeads * headDim }

    /// Reads the `llama.*` keys of `file`; the vocabulary size comes from the token embedding.
    public init(gguf file: GGUFFile) throws {
        func value(_ key: String) throws -> GGUFValue {
            guard let v = file.metadata[key] else {
                throw LlamaError("\(file.path): metadata key \"\(key)\" is missing")
            }
            return v
        }
        func int(_ key: String) throws -> Int {
            guard let n = try value(key).int, n > 0, n <= 1 << 24 else {
                throw LlamaError("\(file.path): metadata \"\(key)\" must be a positive integer, found \(try value(key))")
            }
            return n
        }
        func float(_ key: String, default fallback: Double) throws -> Float {
            guard let v = file.metadata[key] else { return Float(fallback) }
            guard let d = v.double, d > 0, d.isFinite else {
                throw LlamaError("\(file.path): metadata \"\(key)\" must be a positive number, found \(v)")
            }
            return Float(d)
        }
        let architecture = try value("general.architecture").string ?? ""
        guard architecture == "llama" else {
            throw LlamaError("\(file.path): architecture \"\(architecture)\" is not supported (expected \"llama\")")
        }
        guard let embedding = file.tensor(named: "token_embd.weight"), embedding.dims.count == 2 else {
            throw LlamaError("\(file.path): tensor \"token_embd.weight\" (2-D) is missing")
        }
        self.init(vocabSize: embedding.dims[1], dim: try int("llama.embedding_length"),
                  layers: try int("llama.block_count"), heads: try int("llama.attention.head_count"),
                  kvHeads: try int("llama.attention.head_count_kv"), ffnDim: try int("llama.feed_forward_length"),
                  contextLength: try int("llama.context_length"),
                  ropeBase: try float("llama.rope.freq_base", default: 10000),
                  normEpsilon: try float("llama.attention.layer_norm_rms_epsilon", default: 1e-5))
        guard dim % heads == 0, heads % kvHeads == 0, headDim % 2 == 0 else {
            throw LlamaError("\(file.path): \(heads) heads of \(kvHeads) KV groups do not divide width \(dim) into even head sizes")
        }
        if let rotated = file.metadata["llama.rope.dimension_count"]?.int, rotated != headDim {
            throw LlamaError("\(file.path): partial RoPE (\(rotated) of \(headDim) dimensions) is not supported")
        }
    }
}

/// A model file that cannot be run as a Llama, or a request it cannot serve.
public struct LlamaError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
