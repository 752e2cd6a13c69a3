import Foundation

/// The ChatML chat format of a GGUF's `tokenizer.chat_template`, rendered natively.
///
/// SmolLM2's template is Jinja:
/// `<|im_start|>{role}\n{content}<|im_end|>\n` per message, a default system message first
/// when the conversation does not start with one, and `<|im_start|>assistant\n` as the
/// generation prompt. Rather than interpret Jinja, this recognises a ChatML template and
/// reads its default system prompt out of it; any other template is refused with an error.
public struct ChatTemplate: Sendable {
    public struct Message: Equatable, Sendable {
        public var role: String
        public var content: String
        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// The template text as stored in the GGUF.
    public let source: String
    /// The system message used when the conversation has none (nil if the template adds none).
    public let defaultSystemPrompt: String?

    public static let messageStart = "<|im_start|>"
    public static let messageEnd = "<|im_end|>"

    /// Reads `tokenizer.chat_template` from `gguf`.
    public init(gguf: GGUFFile) throws {
        guard let template = gguf.metadata["tokenizer.chat_template"]?.string else {
            throw TokenizerError(source: gguf.path, message: "missing tokenizer.chat_template")
        }
        try self.init(template: template, source: gguf.path)
    }

    /// Recognises a ChatML `template`; `source` names where it came from in errors.
    public init(template: String, source: String = "chat template") throws {
        let start = Self.messageStart, end = Self.messageEnd
        guard template.contains(start), template.contains(end),
              template.contains("message['role']") || template.contains("message.role"),
              template.contains("message['content']") || template.contains("message.content")
        else {
            throw TokenizerError(source: source, message: "chat template is not ChatML (<|im_start|>role ... <|im_end|>); only ChatML is supported")
        }
        self.source = template
        // The default system message is the literal "<|im_start|>system\n...<|im_end|>" in
        // the template; the newline may be written as an escape.
        let text = template.replacingOccurrences(of: "\\n", with: "\n")
        if let open = text.range(of: start + "system\n"),
           let close = text.range(of: end, range: open.upperBound ..< text.endIndex) {
            defaultSystemPrompt = String(text[open.upperBound ..< close.lowerBound])
        } else {
            defaultSystemPrompt = nil
        }
    }

    /// The prompt text for `messages`, ending with the assistant's turn opener when
    /// `addGenerationPrompt`.
    public func render(_ messages: [Message], addGenerationPrompt: Bool = true) -> String {
        var out = ""
        if let first = messages.first, first.role != "system", let system = defaultSystemPrompt {
            out += Self.messageStart + "system\n" + system + Self.messageEnd + "\n"
        }
        for message in messages {
            out += Self.messageStart + message.role + "\n" + message.content + Self.messageEnd + "\n"
        }
        if addGenerationPrompt { out += Self.messageStart + "assistant\n" }
        return out
    }
}
