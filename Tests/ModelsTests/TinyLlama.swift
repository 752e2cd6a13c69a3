import Tensor
import Models

/// A small Llama GGUF with random weights (seeded), written in memory: Q4_1 matrices, a Q8_0
/// tied embedding and F32 norms, like SmolLM2's file, at toy sizes.
enum TinyLlama {
    static let vocab = 96, dim = 64, layers = 2, heads = 4, kvHeads = 2, ffn = 96

    static func file(seed: UInt64 = 1, omitting omitted: String? = nil, outputNormScale: Float = 0.2, vocab: Int = TinyLlama.vocab) throws -> GGUFFile {
        var rng = SeededGenerator(seed: seed)
        var w = try GGUFWriter()
        try w.add("general.architecture", .string("llama"))
        try w.add("llama.embedding_length", .uint32(UInt32(dim)))
        try w.add("llama.block_count", .uint32(UInt32(layers)))
        try w.add("llama.attention.head_count", .uint32(UInt32(heads)))
        try w.add("llama.attention.head_count_kv", .uint32(UInt32(kvHeads)))
        try w.add("llama.feed_forward_length", .uint32(UInt32(ffn)))
        try w.add("llama.context_length", .uint32(64))
        try w.add("llama.rope.freq_base", .float32(10000))
        try w.add("llama.attention.layer_norm_rms_epsilon", .float32(1e-5))

        func add(_ name: String, rows: Int, cols: Int, _ type: GGMLType) throws {
            guard name != omitted else { return }
            try w.addTensor(name, dims: [cols, rows], type: type, bytes: randomBlocks(type, blocks: rows * cols / 32, rng: &rng))
        }
        func addNorm(_ name: String, scale: Float = 1) throws {
            guard name != omitted else { return }
            try w.addTensor(name, dims: [dim], floats: (0..<dim).map { _ in scale * Float.random(in: 0.5...1.5, using: &rng) })
        }
        try add("token_embd.weight", rows: vocab, cols: dim, .q8_0)
        for i in 0..<layers {
            try addNorm("blk.\(i).attn_norm.weight")
            try add("blk.\(i).attn_q.weight", rows: dim, cols: dim, .q4_1)
            try add("blk.\(i).attn_k.weight", rows: dim / heads * kvHeads, cols: dim, .q4_1)
            try add("blk.\(i).attn_v.weight", rows: dim / heads * kvHeads, cols: dim, .q4_1)
            try add("blk.\(i).attn_output.weight", rows: dim, cols: dim, .q4_1)
            try addNorm("blk.\(i).ffn_norm.weight")
            try add("blk.\(i).ffn_gate.weight", rows: ffn, cols: dim, .q4_1)
            try add("blk.\(i).ffn_up.weight", rows: ffn, cols: dim, .q4_1)
            try add("blk.\(i).ffn_down.weight", rows: dim, cols: ffn, .q4_0)
        }
        // A small final norm keeps the toy model's logits within a few units, so sampling varies.
        try addNorm("output_norm.weight", scale: outputNormScale)
        return try GGUFFile(bytes: w.serialize(), name: "tiny-llama.gguf")
    }

    /// Random quant bytes with finite f16 scales sized so activations stay near unit scale.
    static func randomBlocks(_ type: GGMLType, blocks: Int, rng: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<blocks {
            var block = (0..<type.bytesPerBlock).map { _ in UInt8.random(in: 0...255, using: &rng) }
            func setHalf(_ at: Int, _ value: Float) {
                let bits = Float16(value).bitPattern
                block[at] = UInt8(bits & 0xFF)
                block[at + 1] = UInt8(bits >> 8)
            }
            switch type {
            case .q4_1:
                let d = Float.random(in: 0.01...0.04, using: &rng)
                setHalf(0, d)
                setHalf(2, -7.5 * d + Float.random(in: -0.01...0.01, using: &rng))
            case .q8_0: setHalf(0, Float.random(in: 0.002...0.01, using: &rng))
            default: setHalf(0, Float.random(in: 0.01...0.04, using: &rng))
            }
            bytes += block
        }
        return bytes
    }
}
