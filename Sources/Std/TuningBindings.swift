// Fine-tuning built-ins: finetune, with_adapter, save_adapter, load_adapter, merge.
//
// Data is a list (or any iterable, such as a table of logged calls) of records in one of
// the chat-JSONL forms: {messages: [...]} whose last message is the assistant's answer
// (the target), {messages, response} with the answer apart, or {prompt, completion}.

import Foundation
import Lang
import Models
import Tensor

final class AdapterObject: NativeObject {
    let adapter: LoRAAdapter
    let result: TrainingResult?

    init(adapter: LoRAAdapter, result: TrainingResult?) {
        self.adapter = adapter
        self.result = result
    }

    var typeName: String { "adapter" }

    func display(width: Int) -> String {
        let c = adapter.config
        let layers = c.layers.map { "\($0.count) layers" } ?? "all \(adapter.model.layers) layers"
        var text = "<adapter r\(c.rank) alpha \(TuningBindings.number(c.alpha)) on \(c.targets.map(\.rawValue).joined(separator: ",")) of \(layers), \(adapter.parameterCount) params"
        if let r = result, let first = r.losses.first, let last = r.losses.last {
            text += "; \(r.steps)/\(r.totalSteps) steps in \(TuningBindings.duration(r.seconds)), loss \(TuningBindings.number(first)) → \(TuningBindings.number(last)) \(TuningBindings.sparkline(r.losses, width: 24))"
            if let v = r.validationLosses.last { text += ", validation \(TuningBindings.number(v.loss))" }
            if r.stoppedEarly { text += ", stopped early" }
            if r.cancelled { text += ", interrupted" }
        }
        return text + ">"
    }

    var memberNames: [String] { ["rank", "alpha", "targets", "params", "losses", "validation_losses", "steps", "seconds", "tokens_per_second"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "rank": return .int(adapter.config.rank)
        case "alpha": return .float(Double(adapter.config.alpha))
        case "targets": return .list(adapter.config.targets.map { .string($0.rawValue) })
        case "params": return .int(adapter.parameterCount)
        case "losses": return .list((result?.losses ?? []).map { .float(Double($0)) })
        case "validation_losses":
            return .list((result?.validationLosses ?? []).map { .record([("step", .int($0.step)), ("loss", .float(Double($0.loss)))]) })
        case "steps": return .int(result?.steps ?? 0)
        case "seconds": return .float(result?.seconds ?? 0)
        case "tokens_per_second": return .float(result.map { Double($0.tokens) / max($0.seconds, 1e-9) } ?? 0)
        default: return nil
        }
    }
}

/// One conversation to train on or evaluate: the messages before the answer, and the answer.
struct ChatExample {
    var prompt: [ChatTemplate.Message]
    var answer: String

    var messages: [ChatTemplate.Message] { prompt + [ChatTemplate.Message(role: "assistant", content: answer)] }
}

enum TuningBindings {
    static func register(_ b: Builtins) {
        b.define("finetune",
                 "finetune(model, data, rank: 8, alpha: 16, targets: \"all\", epochs: 1, lr: 2e-4, batch: 4, max_len: 256, seed: 0, validation: nil, dropout: 0.05, accumulation: 1, warmup: 10, validate_every: 0, patience: 0, checkpoint: nil, checkpoint_every: 0, layers: nil, teacher: nil, temperature: 2, kd_weight: 0.5, pack: false, precision: nil)",
                 "Trains a LoRA adapter on chat records (loss on the answers only); returns the adapter. precision: \"fp16\" (the default where the CPU has AVX512-FP16) or \"f32\", the arithmetic of the frozen base's products. pack: true packs each batch's records into rows of up to max_len tokens (attention and positions restart per record) instead of padding one per row. validation: a fraction to hold out or a list of records. teacher: a model sharing the vocabulary to distill from token by token: the loss becomes kd_weight · T² · KL(teacher ‖ student at temperature T) + (1 − kd_weight) · cross-entropy on the answer.",
                 topic: "tuning") { args in
            try finetune(args)
        }
        b.define("with_adapter", "with_adapter(model, adapter)", "The model with a LoRA adapter applied (the base weights are shared).",
                 topic: "tuning") { args in
            let m = try ModelBindings.model(args)
            let a = try args.native(1, "adapter", as: AdapterObject.self, expected: "an adapter (from finetune or load_adapter)")
            return .native(try ModelBindings.wrap { try m.with(a.adapter) })
        }
        b.define("save_adapter", "save_adapter(adapter, path, format: \"peft\")",
                 "Writes an adapter: \"peft\" (a folder with adapter_config.json and adapter_model.safetensors) or \"gguf\" (llama.cpp's LoRA file).",
                 topic: "tuning") { args in
            let a = try args.native(0, "adapter", as: AdapterObject.self, expected: "an adapter")
            let path = try args.string(1, "path"), format = try args.string(2, "format", default: "peft")
            try ModelBindings.wrap {
                switch format {
                case "peft": try PEFTFormat.write(a.adapter, directory: path)
                case "gguf": try GGUFLoRAFormat.write(a.adapter, to: path)
                default: throw RuntimeError("save_adapter() format must be \"peft\" or \"gguf\", got \"\(format)\"")
                }
            }
            return .string(path)
        }
        b.define("load_adapter", "load_adapter(path, model)",
                 "Reads a PEFT folder or a GGUF LoRA file for the given model.", topic: "tuning") { args in
            let path = try args.string(0, "path")
            let m = try args.native(1, "model", as: ModelObject.self, expected: "the model the adapter is for")
            let adapter = try ModelBindings.wrap { try AdapterFile.read(path).adapter(for: m.model.config) }
            return .native(AdapterObject(adapter: adapter, result: nil))
        }
        b.define("merge", "merge(model, adapter, path, precision: \"q8_0\")",
                 "Folds the adapter into the base weights, writes the merged model as GGUF at path and opens it.",
                 topic: "tuning") { args in
            let m = try ModelBindings.model(args)
            let a = try args.native(1, "adapter", as: AdapterObject.self, expected: "an adapter")
            let path = try args.string(2, "path")
            guard let precision = MergedModel.Precision(rawValue: try args.string(3, "precision", default: "q8_0")) else {
                throw RuntimeError("merge() precision must be \"q8_0\" or \"f32\"")
            }
            return .native(try ModelBindings.wrap {
                try MergedModel.write(base: m.model, adapter: a.adapter, to: path, precision: precision)
                return try ModelObject(path: path)
            })
        }
        ModelEvaluation.register(b)
    }

    static func finetune(_ args: Arguments) throws -> Value {
        let m = try ModelBindings.model(args)
        let data = try chatExamples(args.value(1, "data"), args, "data")
        let rank = try args.int(2, "rank", default: 8)
        let alpha = try args.given(3, "alpha").map { _ in try args.double(3, "alpha") } ?? 16
        let targets = try targetList(args.given(4, "targets"), args)
        var options = TrainingOptions()
        options.epochs = try args.int(5, "epochs", default: 1)
        options.learningRate = Float(try args.given(6, "lr").map { _ in try args.double(6, "lr") } ?? 2e-4)
        options.batchSize = try args.int(7, "batch", default: 4)
        let maxLength = try args.int(8, "max_len", default: 256)
        let seed = try args.int(9, "seed", default: 0)
        options.seed = UInt64(truncatingIfNeeded: seed)
        let dropout = try args.given(11, "dropout").map { _ in try args.double(11, "dropout") } ?? 0.05
        options.accumulation = try args.int(12, "accumulation", default: 1)
        options.warmupSteps = try args.int(13, "warmup", default: 10)
        options.validationEvery = try args.int(14, "validate_every", default: 0)
        options.patience = try args.int(15, "patience", default: 0)
        if let path = args.given(16, "checkpoint") {
            guard case .string(let p) = path else { throw args.typeError("checkpoint", expected: "a file path", got: path) }
            options.checkpointPath = p
            options.checkpointEvery = try args.int(17, "checkpoint_every", default: 10)
        }
        let layers = try args.given(18, "layers").map { v in
            try (Iteration.items(of: v) ?? []).map { item -> Int in
                guard case .int(let i) = item else { throw args.typeError("layers", expected: "a list of ints", got: item) }
                return i
            }
        }
        let distillation = try args.given(19, "teacher").map { _ in
            let teacher = try args.native(19, "teacher", as: ModelObject.self, expected: "a model to distill from")
            let temperature = try args.given(20, "temperature").map { _ in try args.double(20, "temperature") } ?? 2
            let weight = try args.given(21, "kd_weight").map { _ in try args.double(21, "kd_weight") } ?? 0.5
            return try ModelBindings.wrap { try Distillation(teacher: teacher.model, temperature: Float(temperature), weight: Float(weight)) }
        }
        if try args.bool(22, "pack", default: false) { options.packLength = maxLength }
        if args.given(23, "precision") != nil {
            let name = try args.string(23, "precision")
            guard let precision = ProductPrecision(rawValue: name) else {
                throw RuntimeError("finetune() precision must be \"fp16\" or \"f32\", got \"\(name)\"")
            }
            options.precision = precision
        }
        guard maxLength >= 2, maxLength <= m.model.config.contextLength else {
            throw RuntimeError("finetune() max_len \(maxLength) must be in 2...\(m.model.config.contextLength)")
        }

        // validation: a fraction of data held out (seeded), or its own records
        var train = data, held: [ChatExample] = []
        switch args.given(10, "validation") {
        case nil: break
        case .float(let f)?:
            guard f > 0, f < 1 else { throw RuntimeError("finetune() validation fraction \(f) must be in (0, 1)") }
            var generator = SeededGenerator(seed: options.seed ^ 0xA5A5_5A5A)
            let order = Array(data.indices).shuffled(using: &generator)
            let count = max(1, Int((Double(data.count) * f).rounded()))
            guard count < data.count else { throw RuntimeError("finetune() validation leaves no training data") }
            held = order.prefix(count).map { data[$0] }
            train = order.dropFirst(count).sorted().map { data[$0] }
        case let v?: held = try chatExamples(v, args, "validation")
        }

        return try ModelBindings.wrap {
            let tokenize = { (e: ChatExample) in
                try TrainingExample(messages: e.messages, template: m.template, tokenizer: m.tokenizer, maxLength: maxLength)
            }
            let config = LoRAConfig(rank: rank, alpha: Float(alpha), dropout: Float(dropout), targets: targets, layers: layers)
            let adapter = try LoRAAdapter(model: m.model.config, config: config, seed: options.seed, baseModelName: m.name)
            let trainer = try LoRATrainer(model: m.model, adapter: adapter, train: train.map(tokenize),
                                          validation: held.map(tokenize), options: options, distillation: distillation)
            let flag = Interrupt.flag
            trainer.shouldStop = { flag.pointee != 0 }
            let terminal = isatty(STDERR_FILENO) != 0
            if terminal { trainer.onProgress = { progressLine($0) } }
            let result = try trainer.run()
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            // Ctrl-C ended training, not the script: the adapter so far is the result.
            if result.cancelled { flag.pointee = 0 }
            return .native(AdapterObject(adapter: adapter, result: result))
        }
    }

    static func targetList(_ v: Value?, _ args: Arguments) throws -> [LoRATarget] {
        guard let v else { return LoRATarget.allCases }
        if case .string(let s) = v {
            if s == "all" { return LoRATarget.allCases }
            if s == "attention" { return [.q, .k, .v, .o] }
            if s == "mlp" { return [.gate, .up, .down] }
        }
        let names: [Value] = if case .string = v { [v] } else { try Iteration.items(of: v) ?? [] }
        let targets = try names.map { item -> LoRATarget in
            guard case .string(let s) = item, let t = LoRATarget(name: s) else {
                throw RuntimeError("finetune() targets: \(item) is not one of q, k, v, o, gate, up, down (or \"all\", \"attention\", \"mlp\")")
            }
            return t
        }
        return LoRATarget.allCases.filter(targets.contains)
    }

    /// The records of `v` as conversations with their answer.
    static func chatExamples(_ v: Value, _ args: Arguments, _ name: String) throws -> [ChatExample] {
        guard let items = try Iteration.items(of: v) else {
            throw args.typeError(name, expected: "a list of {messages: [...]} records or a table of calls", got: v)
        }
        return try items.enumerated().map { i, item in
            guard case .record(let r) = item else { throw RuntimeError("\(args.function)() \(name)[\(i)]: expected a record, got \(item.typeName)") }
            func text(_ key: String) -> String? { if case .string(let s)? = r[key] { return s } else { return nil } }
            if case .string(let prompt)? = r["prompt"], let completion = text("completion") {
                return ChatExample(prompt: [ChatTemplate.Message(role: "user", content: prompt)], answer: completion)
            }
            guard let list = r["messages"] else {
                throw RuntimeError("\(args.function)() \(name)[\(i)]: needs messages (or prompt and completion)")
            }
            var messages = try ModelBindings.chatMessages(list, args, "\(name)[\(i)].messages")
            if let answer = text("response") ?? text("output") ?? text("completion") {
                return ChatExample(prompt: messages, answer: answer)
            }
            guard let last = messages.last, last.role == "assistant" else {
                throw RuntimeError("\(args.function)() \(name)[\(i)]: the last message must be the assistant's answer")
            }
            messages.removeLast()
            return ChatExample(prompt: messages, answer: last.content)
        }
    }

    static func progressLine(_ p: TrainingProgress) {
        var line = "\r\u{1B}[K  step \(p.step)/\(p.totalSteps) · epoch \(p.epoch) · loss \(number(p.loss))"
        if let v = p.validationLoss { line += " · val \(number(v))" }
        line += " · \(Int(p.tokensPerSecond)) tok/s · ETA \(duration(p.etaSeconds))"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func number(_ x: Float) -> String { String(format: "%.4g", Double(x)) }

    static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "?" }
        let t = Int(s.rounded())
        return t >= 60 ? "\(t / 60)m\(String(format: "%02d", t % 60))s" : String(format: "%.1fs", s)
    }

    /// The loss curve as block characters (▁ lowest … █ highest), averaged into `width` bins.
    static func sparkline(_ values: [Float], width: Int) -> String {
        guard let lo = values.min(), let hi = values.max(), !values.isEmpty else { return "" }
        let bins = min(width, values.count)
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String((0..<bins).map { b -> Character in
            let part = values[(b * values.count / bins)..<((b + 1) * values.count / bins)]
            let mean = part.reduce(0, +) / Float(part.count)
            let level = hi > lo ? Int(((mean - lo) / (hi - lo) * 7).rounded()) : 0
            return blocks[min(7, max(0, level))]
        })
    }
}
