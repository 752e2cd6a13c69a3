/// A projection of a Llama layer that can carry a LoRA adapter, with its names in GGUF
/// (llama.cpp) and in Hugging Face PEFT (REFERENCE.md "LoRA adapters").
public enum LoRATarget: String, CaseIterable, Sendable, Codable {
    case q, k, v, o, gate, up, down

    /// The GGUF tensor name inside a block: `blk.{i}.<name>.weight`.
    public var ggufName: String {
        switch self {
        case .q: "attn_q"
        case .k: "attn_k"
        case .v: "attn_v"
        case .o: "attn_output"
        case .gate: "ffn_gate"
        case .up: "ffn_up"
        case .down: "ffn_down"
        }
    }

    /// PEFT's `target_modules` entry.
    public var peftModule: String { "\(rawValue)_proj" }

    /// The module path under `model.layers.{i}`.
    public var peftPath: String {
        switch self {
        case .q, .k, .v, .o: "self_attn.\(peftModule)"
        case .gate, .up, .down: "mlp.\(peftModule)"
        }
    }

    /// Accepts "q", "q_proj", "attn_q", "gate_proj", "ffn_gate", ...
    public init?(name: String) {
        guard let t = LoRATarget.allCases.first(where: { [$0.rawValue, $0.peftModule, $0.ggufName].contains(name) }) else {
            return nil
        }
        self = t
    }

    /// (out, in) of this projection in a model of `config`.
    public func shape(_ c: LlamaConfig) -> (out: Int, in: Int) {
        switch self {
        case .q, .o: (c.dim, c.dim)
        case .k, .v: (c.kvDim, c.dim)
        case .gate, .up: (c.ffnDim, c.dim)
        case .down: (c.dim, c.ffnDim)
        }
    }
}
