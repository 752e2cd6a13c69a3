// Model built-ins: load_model, generate, chat, tokenize, detokenize.
//
// A model value is a Llama GGUF (quantized weights in the memory map) with its tokenizer
// and chat template, optionally with a LoRA adapter applied (see TuningBindings).

import Foundation
import Lang
import Models

final class ModelObject: NativeObject {
    let model: LlamaModel
    let tokenizer: Tokenizer
    let template: ChatTemplate
    let name: String

    init(model: LlamaModel, tokenizer: Tokenizer, template: ChatTemplate, name: String) {
        self.model = model
        self.tokenizer = tokenizer
        self.template = template
        self.name = name
    }

    /// Opens a known model name or a GGUF path.
    convenience init(path nameOrPath: String) throws {
        let path = try ModelLocator.resolve(nameOrPath)
        let model = try LlamaModel(path: path)
        let name = model.file.metadata["general.name"]?.string ?? (path as NSString).lastPathComponent
        self.init(model: model, tokenizer: try Tokenizer(gguf: model.file), template: try ChatTemplate(gguf: model.file), name: name)
    }

    /// The same model with `adapter` (nil: the bare base).
    func with(_ adapter: LoRAAdapter?) throws -> ModelObject {
        ModelObject(model: try LlamaModel(base: model, adapter: adapter), tokenizer: tokenizer, template: template, name: name)
    }

    var typeName: String { "model" }

    var quantization: String {
        let counts = model.file.tensorTypeCounts.sorted { $0.value > $1.value }
        return counts.map { "\($0.key.name)×\($0.value)" }.joined(separator: " ")
    }

    var parameters: Int { model.file.parameterCount }

    func display(width: Int) -> String {
        let c = model.config
        let millions = String(format: "%.1fM", Double(parameters) / 1e6)
        var text = "<model \(name): llama, \(millions) params, \(c.layers) layers × \(c.dim) wide, \(c.heads)/\(c.kvHeads) heads, vocab \(c.vocabSize), \(quantization)"
        if let a = model.adapter { text += ", LoRA r\(a.config.rank) on \(a.config.targets.map(\.rawValue).joined(separator: ","))" }
        return text + ">"
    }

    var memberNames: [String] { ["name", "architecture", "params", "layers", "width", "vocab", "context", "quantization", "path", "adapter"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        let c = model.config
        switch name {
        case "name": return .string(self.name)
        case "architecture": return .string("llama")
        case "params": return .int(parameters)
        case "layers": return .int(c.layers)
        case "width": return .int(c.dim)
        case "vocab": return .int(c.vocabSize)
        case "context": return .int(c.contextLength)
        case "quantization": return .string(quantization)
        case "path": return .string(model.file.path)
        case "adapter": return model.adapter.map { .native(AdapterObject(adapter: $0, result: nil)) } ?? .null
        default: return nil
        }
    }

    /// End-of-sequence tokens: the tokenizer's and the chat template's message end.
    var endOfSequence: Set<Int> {
        Set([tokenizer.eosTokenId, tokenizer.id(of: ChatTemplate.messageEnd)].compactMap { $0 })
    }

    /// Generates after `prompt` tokens; Ctrl-C stops after the current token and raises
    /// "interrupted". A `GenerationStream.observer` sees the text as it comes.
    func generate(_ prompt: [Int], _ o: GenerationArguments) throws -> String {
        let flag = Interrupt.flag
        let observer = GenerationStream.observer
        var stream = StreamingDecoder(tokenizer: tokenizer, skipSpecial: true)
        let start = DispatchTime.now().uptimeNanoseconds
        let g = try model.generate(prompt: prompt, maxTokens: o.maxTokens, sampling: o.sampling, endOfSequence: endOfSequence,
                                   stop: o.stop, detokenize: { [tokenizer] in (try? tokenizer.decode($0, skipSpecial: true)) ?? "" },
                                   onToken: { token in
                                       if let observer, let piece = try? stream.push(token), !piece.isEmpty { observer.generated(piece) }
                                       return flag.pointee == 0
                                   })
        if let observer {
            let rest = stream.finish()
            if !rest.isEmpty { observer.generated(rest) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            observer.finished(tokens: g.tokens.count, seconds: seconds, cancelled: g.stopReason == .cancelled)
        }
        // Like any evaluation Ctrl-C stops, this one has no value (the REPL then leaves it
        // out of a saved session, whose replay would run to the end).
        if g.stopReason == .cancelled { throw RuntimeError("interrupted", kind: .interrupted) }
        return g.text
    }

    /// The chat prompt of `messages` with the assistant opener.
    func chatPrompt(_ messages: [ChatTemplate.Message]) -> [Int] {
        tokenizer.encode(template.render(messages, addGenerationPrompt: true))
    }
}

/// The sampling arguments shared by generate and chat.
struct GenerationArguments {
    var maxTokens: Int
    var sampling: SamplingOptions
    var stop: [String]

    init(_ args: Arguments, from i: Int) throws {
        maxTokens = try args.int(i, "max_tokens", default: 128)
        guard maxTokens >= 0 && maxTokens <= 1 << 20 else { throw RuntimeError("\(args.function)() max_tokens must be in 0...1048576") }
        let temperature = try args.given(i + 1, "temperature").map { _ in try args.double(i + 1, "temperature") } ?? 0
        let topP = try args.given(i + 2, "top_p").map { _ in try args.double(i + 2, "top_p") } ?? 1
        let seed = try args.int(i + 3, "seed", default: 0)
        guard temperature >= 0, topP > 0, topP <= 1 else {
            throw RuntimeError("\(args.function)() needs temperature >= 0 and top_p in (0, 1]")
        }
        sampling = SamplingOptions(temperature: Float(temperature), topP: Float(topP), seed: UInt64(truncatingIfNeeded: seed))
        switch args.given(i + 4, "stop") {
        case nil: stop = []
        case .string(let s)?: stop = [s]
        case let v?:
            stop = try (Iteration.items(of: v) ?? []).map { item in
                guard case .string(let s) = item else { throw args.typeError("stop", expected: "a string or list of strings", got: item) }
                return s
            }
        }
    }
}

enum ModelBindings {
    static func register(_ b: Builtins) {
        b.define("load_model", "load_model(name_or_path)",
                 "Opens a Llama GGUF model: a known name (\"smollm2-135m\") or a file path.", topic: "models") { args in
            let name = try args.string(0, "name_or_path")
            return .native(try wrap { try ModelObject(path: name) })
        }
        b.define("generate", "generate(model, prompt, max_tokens: 128, temperature: 0, top_p: 1, seed: 0, stop: [])",
                 "Continues a raw text prompt; greedy unless temperature > 0.", topic: "models") { args in
            let m = try model(args)
            let prompt = m.tokenizer.encode(try args.string(1, "prompt"))
            guard !prompt.isEmpty else { throw RuntimeError("generate() needs a non-empty prompt") }
            return .string(try wrap { try m.generate(prompt, GenerationArguments(args, from: 2)) })
        }
        b.define("chat", "chat(model, messages, max_tokens: 128, temperature: 0, top_p: 1, seed: 0, stop: [])",
                 "The assistant's reply to a list of {role, content} messages (or one user string), through the model's chat template.",
                 topic: "models") { args in
            let m = try model(args)
            let messages = try chatMessages(args.value(1, "messages"), args, "messages")
            return .string(try wrap { try m.generate(m.chatPrompt(messages), GenerationArguments(args, from: 2)) })
        }
        b.define("tokenize", "tokenize(model, text)", "The token ids of text (special tokens such as <|im_end|> recognized).",
                 topic: "models") { args in
            .list(try model(args).tokenizer.encode(try args.string(1, "text")).map { .int($0) })
        }
        b.define("detokenize", "detokenize(model, ids)", "The text of a list of token ids.", topic: "models") { args in
            let ids = try args.items(1, "ids").map { v -> Int in
                guard case .int(let i) = v else { throw args.typeError("ids", expected: "a list of ints", got: v) }
                return i
            }
            let t = try model(args).tokenizer
            return .string(try wrap { try t.decode(ids) })
        }
    }

    static func model(_ args: Arguments) throws -> ModelObject {
        try args.native(0, "model", as: ModelObject.self, expected: "a model (from load_model)")
    }

    /// Messages from a list of {role, content} records, or one user message from a string.
    static func chatMessages(_ v: Value, _ args: Arguments, _ name: String) throws -> [ChatTemplate.Message] {
        if case .string(let s) = v { return [ChatTemplate.Message(role: "user", content: s)] }
        guard let items = try Iteration.items(of: v) else { throw args.typeError(name, expected: "a list of {role, content} records", got: v) }
        return try items.map { item in
            guard case .record(let r) = item, case .string(let role)? = r["role"], case .string(let content)? = r["content"] else {
                throw RuntimeError("\(args.function)(): each message must be a record with string role and content, got \(item.typeName)")
            }
            return ChatTemplate.Message(role: role, content: content)
        }
    }

    /// Runs model-layer code, turning its errors into slm runtime errors with their text.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RuntimeError { throw e } catch { throw RuntimeError("\(error)") }
    }
}
