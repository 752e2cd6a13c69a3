import Foundation

/// A training checkpoint: one safetensors file with the adapter's matrices (`param.{i}`),
/// AdamW's moments (`m.{i}`, `v.{i}`), the best validation weights (`best.{i}`), and the
/// counters in the `slm.trainer` metadata entry. Floats are kept as their bit patterns so a
/// resumed run continues bit for bit. Written to a temporary file and renamed, so a crash
/// mid-write leaves the previous checkpoint.
enum TrainingCheckpoint {
    static let metadataKey = "slm.trainer"

    static func save(_ trainer: LoRATrainer, to path: String) throws {
        let s = trainer.state
        var writer = SafetensorsWriter()
        for (i, p) in trainer.adapter.parameters.enumerated() {
            try writer.add("param.\(i)", shape: p.shape, floats: p.value.scalars)
            try writer.add("m.\(i)", shape: p.shape, floats: s.optimizer.m[i])
            try writer.add("v.\(i)", shape: p.shape, floats: s.optimizer.v[i])
            if let best = s.bestWeights { try writer.add("best.\(i)", shape: p.shape, floats: best[i]) }
        }
        let info: [String: Any] = [
            "step": s.step, "optimizer_step": s.optimizer.step, "bad_validations": s.badValidations,
            "losses": s.losses.map(\.bitPattern), "validation_steps": s.validations.map(\.step),
            "validation_losses": s.validations.map(\.loss.bitPattern), "best": s.best.map { [$0.bitPattern] } ?? [],
            "fingerprint": fingerprint(trainer),
        ]
        let json = try JSONSerialization.data(withJSONObject: info, options: [.sortedKeys])
        writer.metadata[metadataKey] = String(decoding: json, as: UTF8.self)
        do {
            try Data(writer.serialize()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch let error as SafetensorsWriterError {
            throw error
        } catch {
            throw LoRAError("\(path): cannot write the checkpoint: \(error.localizedDescription)")
        }
    }

    /// What must match for a checkpoint to continue this run.
    static func fingerprint(_ t: LoRATrainer) -> String {
        let c = t.adapter.config
        let distilled = t.distillation.map { " kd=\($0.weight)@T\($0.temperature)" } ?? ""
        return "examples=\(t.train.count) validation=\(t.validation.count) seed=\(t.options.seed) batch=\(t.options.batchSize)x\(t.options.accumulation) epochs=\(t.options.epochs) rank=\(c.rank) matrices=\(t.adapter.parameters.count)" + distilled
    }

    static func load(_ path: String, into trainer: LoRATrainer) throws {
        let file = try SafetensorsFile(path: path)
        func fail(_ reason: String) -> LoRAError { LoRAError("\(path): checkpoint \(reason)") }
        guard let text = file.metadata[metadataKey],
              let info = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw fail("has no \(metadataKey) metadata")
        }
        guard (info["fingerprint"] as? String) == fingerprint(trainer) else {
            throw fail("belongs to another run (\(info["fingerprint"] as? String ?? "?")); this run is \(fingerprint(trainer))")
        }
        func int(_ key: String) throws -> Int {
            guard let n = info[key] as? Int, n >= 0 else { throw fail("field \(key) is missing or negative") }
            return n
        }
        func floats(_ key: String) throws -> [Float] {
            guard let bits = info[key] as? [Any] else { throw fail("field \(key) is missing") }
            return try bits.map { b in
                guard let n = b as? UInt32 ?? (b as? Int).flatMap(UInt32.init(exactly:)) else { throw fail("field \(key) holds a non-float") }
                return Float(bitPattern: n)
            }
        }
        let parameters = trainer.adapter.parameters
        func matrices(_ prefix: String) throws -> [[Float]]? {
            if prefix == "best." && file.tensor(named: "best.0") == nil { return nil }
            return try parameters.indices.map { i in
                guard let t = file.tensor(named: "\(prefix)\(i)"), t.shape == parameters[i].shape, let v = t.floats() else {
                    throw fail("tensor \(prefix)\(i) is missing or has the wrong shape (expected \(parameters[i].shape))")
                }
                return v
            }
        }
        guard let weights = try matrices("param."), let m = try matrices("m."), let v = try matrices("v.") else {
            throw fail("lacks weights or moments")
        }
        let steps = try int("step")
        guard steps <= trainer.totalSteps else { throw fail("is at update \(steps), past this run's \(trainer.totalSteps)") }
        let validationSteps = (info["validation_steps"] as? [Int]) ?? []
        let validationLosses = try floats("validation_losses")
        guard validationSteps.count == validationLosses.count else { throw fail("validation history is inconsistent") }
        try trainer.restore(weights)
        var state = TrainingState(optimizer: AdamW(step: try int("optimizer_step"), m: m, v: v, weightDecay: trainer.options.weightDecay))
        state.step = steps
        state.losses = try floats("losses")
        state.validations = zip(validationSteps, validationLosses).map { (step: $0, loss: $1) }
        state.best = try floats("best").first
        state.bestWeights = try matrices("best.")
        state.badValidations = try int("bad_validations")
        trainer.state = state
    }
}
