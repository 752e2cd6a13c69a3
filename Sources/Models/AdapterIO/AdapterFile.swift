import Foundation
import Tensor

/// An adapter read from disk before it is bound to a model: its hyper-parameters and raw
/// matrices. PEFT files hold q/k rows in Hugging Face order, GGUF files in llama.cpp's
/// permuted order; `adapter(for:)` converts to the model's (GGUF) order.
public struct AdapterFile {
    public enum RowOrder: Sendable { case gguf, huggingFace }

    public struct Matrices {
        public var layer: Int
        public var target: LoRATarget
        public var a: [Float]       // (r, in)
        public var b: [Float]       // (out, r)
    }

    public var path: String
    public var config: LoRAConfig
    public var rowOrder: RowOrder
    public var matrices: [Matrices]
    public var baseModelName: String

    /// Reads a PEFT directory (or its adapter_config.json) or a GGUF LoRA file.
    public static func read(_ path: String) throws -> AdapterFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoRAError("\(path): no such adapter file or directory")
        }
        if isDirectory.boolValue || path.hasSuffix(".json") || path.hasSuffix(".safetensors") {
            let dir = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
            return try PEFTFormat.read(directory: dir)
        }
        return try GGUFLoRAFormat.read(path)
    }

    /// The adapter for a model of `model`'s shape (checks every matrix's size).
    public func adapter(for model: LlamaConfig) throws -> LoRAAdapter {
        let r = config.rank
        let pairs = try matrices.map { m -> LoRAPair in
            guard m.layer >= 0 && m.layer < model.layers else {
                throw LoRAError("\(path): adapter for layer \(m.layer), but the model has \(model.layers) layers")
            }
            let (out, inputs) = m.target.shape(model)
            guard m.a.count == r * inputs, m.b.count == out * r else {
                throw LoRAError("\(path): layer \(m.layer) \(m.target.rawValue): A has \(m.a.count) and B \(m.b.count) values; the model needs \(r)×\(inputs) and \(out)×\(r)")
            }
            var b = m.b
            if rowOrder == .huggingFace, let heads = RopeRowOrder.heads(m.target, model) {
                b = RopeRowOrder.toGGUF(b, heads: heads, headDim: model.headDim, columns: r)
            }
            return LoRAPair(layer: m.layer, target: m.target, a: Variable(try Tensor(shape: [r, inputs], scalars: m.a)),
                            b: Variable(try Tensor(shape: [out, r], scalars: b)))
        }
        return try LoRAAdapter(model: model, config: config, pairs: pairs, baseModelName: baseModelName)
    }
}

/// llama.cpp's converter permutes the rows of Wq and Wk within each head so that RoPE
/// rotates adjacent pairs: GGUF row 2i + half of a head is Hugging Face row
/// half·(d/2) + i. A LoRA B on q or k lives in the same row order as its weight.
enum RopeRowOrder {
    /// The head count whose rows are permuted (q: query heads, k: KV heads), else nil.
    static func heads(_ target: LoRATarget, _ c: LlamaConfig) -> Int? {
        switch target {
        case .q: c.heads
        case .k: c.kvHeads
        default: nil
        }
    }

    /// Rows (heads·d, columns) from GGUF order to Hugging Face order.
    static func toHuggingFace(_ m: [Float], heads: Int, headDim: Int, columns: Int) -> [Float] {
        permute(m, heads: heads, headDim: headDim, columns: columns, toHF: true)
    }

    static func toGGUF(_ m: [Float], heads: Int, headDim: Int, columns: Int) -> [Float] {
        permute(m, heads: heads, headDim: headDim, columns: columns, toHF: false)
    }

    private static func permute(_ m: [Float], heads: Int, headDim: Int, columns: Int, toHF: Bool) -> [Float] {
        var out = m
        let half = headDim / 2
        for h in 0..<heads {
            for i in 0..<half {
                for side in 0..<2 {
                    let gguf = h * headDim + 2 * i + side, hf = h * headDim + side * half + i
                    let (from, to) = toHF ? (gguf, hf) : (hf, gguf)
                    for c in 0..<columns { out[to * columns + c] = m[from * columns + c] }
                }
            }
        }
        return out
    }
}
