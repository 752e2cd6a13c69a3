/// How an LM call ended.
public enum CallStatus: String, CaseIterable, Sendable {
    case ok, error, cancelled, timeout

    /// Reads a status as logging libraries spell it ("success", "canceled", "timed_out", ...).
    public init?(lenient text: String) {
        switch text.lowercased() {
        case "ok", "success", "succeeded", "completed", "stop": self = .ok
        case "error", "failed", "failure": self = .error
        case "cancelled", "canceled", "aborted": self = .cancelled
        case "timeout", "timed_out", "timedout": self = .timeout
        default: return nil
        }
    }
}

/// A tool call the model asked for: the function name and its arguments as JSON text
/// (kept as the model wrote it, which may be invalid JSON).
public struct ToolCall: Equatable, Sendable {
    public var id: String?
    public var name: String
    public var arguments: String

    public init(id: String? = nil, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// True when `arguments` parses as JSON.
    public var argumentsAreValidJSON: Bool { (try? JSONValue.parse(arguments)) != nil }
}

/// A tool's answer fed back to the model: a `role: "tool"` message of the request.
public struct ToolResult: Equatable, Sendable {
    public var toolCallID: String?
    public var name: String?
    public var content: String
}

/// One logged LM call: the request, the response and how it went.
public struct LoggedCall: Equatable, Sendable {
    /// Row id in the store; nil until stored.
    public var id: Int64?
    /// When the call started, ISO 8601 in UTC (`2025-03-03T08:00:01.234Z`).
    public var timestamp: String
    /// Groups the calls of one agent run (trace, session or conversation).
    public var traceID: String?
    /// The agent (or agent component) that made the call, as the logger named it.
    public var agent: String?
    public var model: String?
    /// The request's chat messages: a JSON array of `{role, content, ...}` objects.
    public var messages: JSONValue
    /// The tools offered to the model (a JSON array in OpenAI's shape), if any.
    public var tools: JSONValue?
    /// The assistant's text output (nil for a pure tool-call answer or a failed call).
    public var output: String?
    public var toolCalls: [ToolCall]
    public var status: CallStatus
    public var error: String?
    public var latencyMs: Double?
    public var timeToFirstTokenMs: Double?
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// Cost in US dollars.
    public var cost: Double?
    /// Anything else the logger kept (a JSON object).
    public var metadata: JSONValue?

    public init(id: Int64? = nil, timestamp: String, traceID: String? = nil, agent: String? = nil, model: String? = nil,
                messages: JSONValue, tools: JSONValue? = nil, output: String? = nil, toolCalls: [ToolCall] = [],
                status: CallStatus = .ok, error: String? = nil, latencyMs: Double? = nil, timeToFirstTokenMs: Double? = nil,
                inputTokens: Int? = nil, outputTokens: Int? = nil, cost: Double? = nil, metadata: JSONValue? = nil) {
        self.id = id
        self.timestamp = timestamp
        self.traceID = traceID
        self.agent = agent
        self.model = model
        self.messages = messages
        self.tools = tools
        self.output = output
        self.toolCalls = toolCalls
        self.status = status
        self.error = error
        self.latencyMs = latencyMs
        self.timeToFirstTokenMs = timeToFirstTokenMs
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.metadata = metadata
    }

    /// The text of the first system message.
    public var systemPrompt: String? {
        messages.arrayValue?.first(where: { $0["role"]?.stringValue == "system" }).flatMap { Self.text(of: $0["content"]) }
    }

    /// The text of the last user message: what the call was asked.
    public var prompt: String? {
        messages.arrayValue?.last(where: { $0["role"]?.stringValue == "user" }).flatMap { Self.text(of: $0["content"]) }
    }

    /// The tool results the request carried (its `role: "tool"` messages).
    public var toolResults: [ToolResult] {
        (messages.arrayValue ?? []).compactMap { m in
            guard m["role"]?.stringValue == "tool" else { return nil }
            return ToolResult(toolCallID: m["tool_call_id"]?.stringValue, name: m["name"]?.stringValue,
                              content: Self.text(of: m["content"]) ?? "")
        }
    }

    /// Message content as text: a string, or the text parts of a content-part array.
    public static func text(of content: JSONValue?) -> String? {
        switch content {
        case .string(let s)?: return s
        case .array(let parts)?:
            let texts = parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        default: return nil
        }
    }
}
