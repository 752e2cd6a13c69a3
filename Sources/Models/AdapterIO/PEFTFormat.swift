import Foundation

/// Hugging Face PEFT's LoRA layout (REFERENCE.md): `adapter_config.json` and
/// `adapter_model.safetensors` with keys
/// `base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight` (r, in) and
/// `...lora_B.weight` (out, r); q/k rows un-permuted to Hugging Face order.
public enum PEFTFormat {
    static let prefix = "base_model.model.model.layers."

    /// Writes the adapter into `directory` (created if missing).
    public static func write(_ adapter: LoRAAdapter, directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let m = adapter.model, c = adapter.config
        var writer = SafetensorsWriter()
        writer.metadata["format"] = "pt"
        for p in adapter.pairs {
            let (out, inputs) = p.target.shape(m)
            var b = p.b.value.scalars
            if let heads = RopeRowOrder.heads(p.target, m) {
                b = RopeRowOrder.toHuggingFace(b, heads: heads, headDim: m.headDim, columns: c.rank)
            }
            let key = "\(prefix)\(p.layer).\(p.target.peftPath)"
            try writer.add("\(key).lora_A.weight", shape: [c.rank, inputs], floats: p.a.value.scalars)
            try writer.add("\(key).lora_B.weight", shape: [out, c.rank], floats: b)
        }
        var config: [String: Any] = [
            "peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": adapter.baseModelName,
            "r": c.rank, "lora_alpha": Double(c.alpha), "lora_dropout": Double(c.dropout),
            "target_modules": c.targets.map(\.peftModule), "bias": "none", "fan_in_fan_out": false,
            "inference_mode": true, "init_lora_weights": true, "modules_to_save": NSNull(),
        ]
        if let layers = c.layers { config["layers_to_transform"] = layers }
        let json = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        do {
            try json.write(to: URL(fileURLWithPath: "\(directory)/adapter_config.json"))
            try Data(writer.serialize()).write(to: URL(fileURLWithPath: "\(directory)/adapter_model.safetensors"))
        } catch let error as SafetensorsWriterError {
            throw error
        } catch {
            throw LoRAError("\(directory): cannot write the PEFT adapter: \(error.localizedDescription)")
        }
    }

    public static func read(directory: String) throws -> AdapterFile {
        let configPath = "\(directory)/adapter_config.json", weightsPath = "\(directory)/adapter_model.safetensors"
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw LoRAError("\(configPath): cannot read the PEFT adapter config")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoRAError("\(configPath): not a JSON object")
        }
        guard (json["peft_type"] as? String)?.uppercased() == "LORA" else {
            throw LoRAError("\(configPath): peft_type \(json["peft_type"] ?? "missing") is not LORA")
        }
        guard let rank = json["r"] as? Int, rank > 0, rank <= 1024 else { throw LoRAError("\(configPath): r must be an integer in 1...1024") }
        guard let alpha = (json["lora_alpha"] as? NSNumber)?.floatValue, alpha > 0 else {
            throw LoRAError("\(configPath): lora_alpha must be a positive number")
        }
        if (json["fan_in_fan_out"] as? Bool) == true { throw LoRAError("\(configPath): fan_in_fan_out adapters are not supported") }
        let dropout = (json["lora_dropout"] as? NSNumber)?.floatValue ?? 0
        let file = try SafetensorsFile(path: weightsPath)
        var found: [String: (a: [Float]?, b: [Float]?)] = [:]
        var keys: [String: (Int, LoRATarget)] = [:]
        for t in file.tensors {
            guard t.name.hasPrefix(prefix) else { throw LoRAError("\(weightsPath): unexpected tensor \"\(t.name)\"") }
            let parts = t.name.dropFirst(prefix.count).split(separator: ".").map(String.init)
            // {i}.{self_attn|mlp}.{x_proj}.lora_{A|B}.weight
            guard parts.count == 5, let layer = Int(parts[0]), let target = LoRATarget(name: parts[2]),
                  parts[1] == target.peftPath.split(separator: ".")[0], parts[4] == "weight",
                  parts[3] == "lora_A" || parts[3] == "lora_B" else {
                throw LoRAError("\(weightsPath): tensor \"\(t.name)\" is not a LoRA A/B weight of a Llama projection")
            }
            guard let values = t.floats() else { throw LoRAError("\(weightsPath): tensor \"\(t.name)\" is not floating point") }
            let key = "\(layer).\(target.rawValue)"
            keys[key] = (layer, target)
            if parts[3] == "lora_A" { found[key, default: (nil, nil)].a = values } else { found[key, default: (nil, nil)].b = values }
        }
        var matrices: [AdapterFile.Matrices] = []
        for (key, (layer, target)) in keys.sorted(by: { $0.key < $1.key }) {
            guard let a = found[key]?.a, let b = found[key]?.b else {
                throw LoRAError("\(weightsPath): layer \(layer) \(target.peftModule) lacks lora_A or lora_B")
            }
            matrices.append(AdapterFile.Matrices(layer: layer, target: target, a: a, b: b))
        }
        let targets = LoRATarget.allCases.filter { t in matrices.contains { $0.target == t } }
        guard !targets.isEmpty else { throw LoRAError("\(weightsPath): no LoRA tensors") }
        let layers = Array(Set(matrices.map(\.layer))).sorted()
        return AdapterFile(path: directory, config: LoRAConfig(rank: rank, alpha: alpha, dropout: dropout, targets: targets, layers: layers),
                           rowOrder: .huggingFace, matrices: matrices,
                           baseModelName: json["base_model_name_or_path"] as? String ?? "")
    }
}
