import Foundation

/// Writes calls as chat-format JSONL, one `{"messages": [...], "tools": [...]}` object per
/// line: the request's messages followed by the call's answer as the final assistant
/// message. This is the conversational format of Hugging Face TRL (SFTTrainer) and of
/// mlx-lm's `lora` chat datasets, which pass `messages` and `tools` to the tokenizer's chat
/// template. Tool-call `arguments` are written as JSON objects, the form transformers'
/// chat templates document (OpenAI logs carry them as strings); arguments that are not an
/// object stay a string.
public enum ChatExport {
    /// The JSON object of one training example.
    public static func example(_ call: LoggedCall) -> JSONValue {
        var messages = (call.messages.arrayValue ?? []).map(normalizedMessage)
        var final: [JSONMember] = [JSONMember(key: "role", value: .string("assistant")),
                                   JSONMember(key: "content", value: .string(call.output ?? ""))]
        if !call.toolCalls.isEmpty {
            final.append(JSONMember(key: "tool_calls", value: .array(call.toolCalls.enumerated().map { k, tc in
                toolCall(id: tc.id ?? "call_\(k)", name: tc.name, arguments: tc.arguments)
            })))
        }
        messages.append(.object(final))
        return .object([JSONMember(key: "messages", value: .array(messages)),
                        JSONMember(key: "tools", value: call.tools ?? .array([]))])
    }

    static func toolCall(id: String, name: String, arguments: String) -> JSONValue {
        let args: JSONValue
        if let parsed = try? JSONValue.parse(arguments), case .object = parsed { args = parsed } else { args = .string(arguments) }
        return .object([JSONMember(key: "id", value: .string(id)), JSONMember(key: "type", value: .string("function")),
                        JSONMember(key: "function", value: .object([JSONMember(key: "name", value: .string(name)),
                                                                    JSONMember(key: "arguments", value: args)]))])
    }

    /// A request message with content as text and tool-call arguments as objects.
    static func normalizedMessage(_ m: JSONValue) -> JSONValue {
        guard let members = m.objectValue else { return m }
        return .object(members.map { member in
            switch member.key {
            case "content":
                return JSONMember(key: "content", value: .string(LoggedCall.text(of: member.value) ?? ""))
            case "tool_calls":
                let calls = (member.value.arrayValue ?? []).enumerated().map { k, tc -> JSONValue in
                    let f = tc["function"]
                    let args = f?["arguments"]
                    let text = args?.stringValue ?? args?.jsonText ?? "{}"
                    return toolCall(id: tc["id"]?.stringValue ?? "call_\(k)", name: f?["name"]?.stringValue ?? "", arguments: text)
                }
                return JSONMember(key: "tool_calls", value: .array(calls))
            default:
                return member
            }
        })
    }

    /// Writes the examples to `path` (mode 0600) and returns how many lines were written.
    @discardableResult
    public static func write(_ calls: [LoggedCall], to path: String) throws -> Int {
        var out: [UInt8] = []
        for call in calls {
            example(call).write(to: &out)
            out.append(10)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(out), attributes: [.posixPermissions: 0o600]) else {
            throw CurationError("\(path): cannot write the export (does the folder exist?)")
        }
        return calls.count
    }
}
