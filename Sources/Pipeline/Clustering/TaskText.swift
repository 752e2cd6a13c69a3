import Foundation

/// One logged call as clustering sees it: what was asked and what the model did, plus the
/// numbers the per-cluster statistics sum.
public struct TaskCall: Sendable {
    public var prompt: String
    public var systemPrompt: String?
    public var output: String?
    public var toolNames: [String]
    public var failed: Bool
    public var latencyMs: Double?
    public var tokens: Int
    public var cost: Double

    public init(prompt: String, systemPrompt: String? = nil, output: String? = nil, toolNames: [String] = [],
                failed: Bool = false, latencyMs: Double? = nil, tokens: Int = 0, cost: Double = 0) {
        self.prompt = prompt
        self.systemPrompt = systemPrompt
        self.output = output
        self.toolNames = toolNames
        self.failed = failed
        self.latencyMs = latencyMs
        self.tokens = tokens
        self.cost = cost
    }

    public init(_ call: LoggedCall) {
        self.init(prompt: call.prompt ?? "", systemPrompt: call.systemPrompt, output: call.output,
                  toolNames: call.toolCalls.map(\.name), failed: call.status != .ok, latencyMs: call.latencyMs,
                  tokens: (call.inputTokens ?? 0) + (call.outputTokens ?? 0), cost: call.cost ?? 0)
    }

    /// Whether the call did anything: called a tool or wrote an output. Failed calls often
    /// did not.
    public var hasAction: Bool {
        !toolNames.isEmpty || !(output ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// The kind of output: what an SLM replacing this call would have to produce.
    public var outputKind: String {
        if !toolNames.isEmpty { return "tool call" }
        let text = (output ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return "empty" }
        if text.first == "{" || text.first == "[", (try? JSONValue.parse(text)) != nil { return "JSON" }
        let upper = text.prefix(12).uppercased()
        if text.hasPrefix("```sql") || ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "CREATE"].contains(where: upper.hasPrefix) {
            return "SQL"
        }
        return "free text"
    }

    /// "tools: run_sql search_docs; output: tool call", the action signature.
    public var actionSignature: String {
        let tools = toolNames.isEmpty ? "none" : Array(Set(toolNames)).sorted().joined(separator: " ")
        return "tools: \(tools); output: \(outputKind)"
    }

    /// The action signature and, for JSON output, its shape: two JSON tasks that return
    /// different structures are different tasks.
    /// "tools: none; output: JSON; structure: {ranking: [{column: string, score: number}]}"
    public var action: String {
        let text = (output ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard toolNames.isEmpty, text.first == "{" || text.first == "[", let json = try? JSONValue.parse(text) else { return actionSignature }
        return actionSignature + "; structure: " + Self.shape(json)
    }

    /// The keys and value types of a JSON value, arrays by their first element.
    static func shape(_ value: JSONValue, depth: Int = 0) -> String {
        guard depth < 6 else { return "..." }
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array(let items): return "[" + (items.first.map { shape($0, depth: depth + 1) } ?? "") + "]"
        case .object(let members): return "{" + members.map { "\($0.key): \(shape($0.value, depth: depth + 1))" }.joined(separator: ", ") + "}"
        }
    }
}

/// What of a call is embedded: the user prompt, system prompt + prompt, the action (tools
/// called, output kind and JSON shape), or all three. `combined` embeds each part on its
/// own and joins the unit vectors (TaskClustering.embed): the paper clusters "prompts and
/// actions", and a long prompt would otherwise drown the short system prompt and action in
/// one 256-token text.
public enum TaskView: String, CaseIterable, Sendable {
    case prompt
    case system = "system+prompt"
    case action
    case combined = "combined"

    /// The view as one text: what c-TF-IDF labels and central examples show.
    public func text(of call: TaskCall) -> String {
        switch self {
        case .prompt: return call.prompt
        case .system: return [call.systemPrompt, call.prompt].compactMap { $0 }.joined(separator: "\n")
        case .action: return call.action
        case .combined: return ([call.action, call.systemPrompt, call.prompt] as [String?]).compactMap { $0 }.joined(separator: "\n")
        }
    }
}
