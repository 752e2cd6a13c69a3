import Models

/// What a model costs to run, computed from the catalog's parameter count and architecture
/// (never typed in): weight memory at a quantization, KV-cache memory at a context length,
/// and the decode speed a memory bandwidth allows.
public struct Footprint: Sendable, Equatable {
    public var weightBytes: Double
    public var kvCacheBytes: Double
    /// Weights plus KV cache (runtime buffers and the OS are not counted).
    public var totalBytes: Double { weightBytes + kvCacheBytes }
    /// Decode is memory-bound: every token reads all weights and the whole KV cache once.
    public var decodeTokensPerSecond: Double

    /// Bits per weight of a ggml type from its block layout: Q8_0 34 B / 32 values = 8.5,
    /// Q4_1 20 B / 32 = 5.0, Q4_K 144 B / 256 = 4.5, F16 16.
    public static func bitsPerWeight(_ type: GGMLType) -> Double {
        Double(type.bytesPerBlock * 8) / Double(type.blockSize)
    }

    /// A ggml type by its name ("Q4_K", "q8_0", "F16").
    public static func quantization(named name: String) -> GGMLType? {
        GGMLType.allCases.first { $0.name == name.uppercased() }
    }

    /// KV-cache bytes at `context` tokens: K and V, `kvHeads × headDim` values per layer
    /// and token, for layers with attention; sliding-window layers keep at most the window.
    public static func kvCacheBytes(_ m: CatalogModel, context: Int, bytesPerValue: Int) -> Double {
        // Doubles throughout: catalog values are user data, and an Int product could overflow.
        let perLayerToken = 2 * Double(m.kvHeads) * Double(m.headDim) * Double(bytesPerValue)
        var layerTokens = Double(m.attentionLayers) * Double(context)
        if let window = m.slidingWindow, let global = m.globalLayers {
            layerTokens = Double(global) * Double(context) + Double(m.attentionLayers - global) * Double(min(window, context))
        }
        return perLayerToken * layerTokens
    }

    /// The footprint of `m` at quantization `quant` and `context` tokens of KV cache
    /// (f16 K and V by default, as llama.cpp keeps them), decoding at `bandwidth` bytes/s.
    public init(_ m: CatalogModel, quant: GGMLType, context: Int, bandwidth: Double, kvBytesPerValue: Int = 2) {
        weightBytes = m.paramsB * 1e9 * Self.bitsPerWeight(quant) / 8
        kvCacheBytes = Self.kvCacheBytes(m, context: context, bytesPerValue: kvBytesPerValue)
        decodeTokensPerSecond = bandwidth / (weightBytes + kvCacheBytes)
    }
}
