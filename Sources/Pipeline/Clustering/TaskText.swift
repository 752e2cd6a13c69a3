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
}

/// What of a call is embedded: the user prompt, system prompt + prompt, the action
/// signature (tools called, output kind), or all three (the action first, so it survives
/// MiniLM's 256-token truncation).
public enum TaskView: String, CaseIterable, Sendable {
    case prompt
    case system = "system+prompt"
    case action
    case combined = "combined"

    public func text(of call: TaskCall) -> String {
        switch self {
        case .prompt: return call.prompt
        case .system: return [call.systemPrompt, call.prompt].compactMap { $0 }.joined(separator: "\n")
        case .action: return call.actionSignature
        case .combined: return ([call.actionSignature, call.systemPrompt, call.prompt] as [String?]).compactMap { $0 }.joined(separator: "\n")
        }
    }
}
