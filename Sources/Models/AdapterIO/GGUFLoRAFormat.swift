import Foundation

/// llama.cpp's GGUF LoRA (REFERENCE.md): `general.type = "adapter"`, `adapter.type = "lora"`,
/// `adapter.lora.alpha`; F32 tensors `blk.{i}.attn_q.weight.lora_a` with dims [in, r] (A,
/// r rows of `in`) and `.lora_b` with dims [r, out] (B, out rows of r), q/k rows in GGUF's
/// permuted order (the order our base weights already use).
public enum GGUFLoRAFormat {
    public static func write(_ adapter: LoRAAdapter, to path: String) throws {
        var w = try GGUFWriter()
        try w.add("general.architecture", .string("llama"))
        try w.add("general.type", .string("adapter"))
        if !adapter.baseModelName.isEmpty { try w.add("general.name", .string(adapter.baseModelName)) }
        try w.add("adapter.type", .string("lora"))
        try w.add("adapter.lora.alpha", .float32(adapter.config.alpha))
        let r = adapter.config.rank
        for p in adapter.pairs {
            let (out, inputs) = p.target.shape(adapter.model)
            let name = "blk.\(p.layer).\(p.target.ggufName).weight"
            try w.addTensor("\(name).lora_a", dims: [inputs, r], floats: p.a.value.scalars)
            try w.addTensor("\(name).lora_b", dims: [r, out], floats: p.b.value.scalars)
        }
        try w.write(to: path)
    }

    public static func read(_ path: String) throws -> AdapterFile {
        let file = try GGUFFile(path: path)
        guard file.metadata["general.type"]?.string == "adapter", file.metadata["adapter.type"]?.string == "lora" else {
            throw LoRAError("\(path): not a GGUF LoRA adapter (general.type \"adapter\", adapter.type \"lora\" expected)")
        }
        guard let alpha = file.metadata["adapter.lora.alpha"]?.double, alpha > 0 else {
            throw LoRAError("\(path): adapter.lora.alpha is missing or not positive")
        }
        var found: [String: (layer: Int, target: LoRATarget, a: [Float]?, b: [Float]?)] = [:]
        var rank: Int?
        for t in file.tensors {
            let parts = t.name.split(separator: ".").map(String.init)
            // blk.{i}.{attn_q}.weight.lora_{a|b}
            guard parts.count == 5, parts[0] == "blk", let layer = Int(parts[1]), let target = LoRATarget(name: parts[2]),
                  parts[3] == "weight", parts[4] == "lora_a" || parts[4] == "lora_b", t.dims.count == 2 else {
                throw LoRAError("\(path): tensor \"\(t.name)\" is not a LoRA A/B of a Llama projection")
            }
            guard t.type == .f32 else { throw LoRAError("\(path): tensor \"\(t.name)\" is \(t.type.name); only F32 adapters are read") }
            let r = parts[4] == "lora_a" ? t.dims[1] : t.dims[0]
            guard r == rank ?? r, r > 0, r <= 1024 else { throw LoRAError("\(path): tensor \"\(t.name)\" has rank \(r), others \(rank ?? 0)") }
            rank = r
            let values = (0..<t.elementCount).map { t.data.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            let key = "\(layer).\(target.rawValue)"
            var entry = found[key] ?? (layer, target, nil, nil)
            if parts[4] == "lora_a" { entry.a = values } else { entry.b = values }
            found[key] = entry
        }
        guard let rank else { throw LoRAError("\(path): no LoRA tensors") }
        let matrices = try found.values.sorted { ($0.layer, $0.target.rawValue) < ($1.layer, $1.target.rawValue) }.map { e in
            guard let a = e.a, let b = e.b else { throw LoRAError("\(path): layer \(e.layer) \(e.target.ggufName) lacks lora_a or lora_b") }
            return AdapterFile.Matrices(layer: e.layer, target: e.target, a: a, b: b)
        }
        let targets = LoRATarget.allCases.filter { t in matrices.contains { $0.target == t } }
        return AdapterFile(path: path, config: LoRAConfig(rank: rank, alpha: Float(alpha), targets: targets,
                                                          layers: Array(Set(matrices.map(\.layer))).sorted()),
                           rowOrder: .gguf, matrices: matrices, baseModelName: file.metadata["general.name"]?.string ?? "")
    }
}
