import Foundation

/// One logged call as clustering sees it: what was asked and what the model did, plus the
/// numbers the per-cluster statistics sum.
public struct TaskCall: Sendable {
    public var prompt: String
    public var systemPrompt: String?
    public var output: String?
    public var toolNames: [String]
    /// The JSON arguments of each tool call, parallel to `toolNames` (may be shorter).
    public var toolArguments: [String]
    public var failed: Bool
    public var latencyMs: Double?
    public var tokens: Int
    public var cost: Double

    public init(prompt: String, systemPrompt: String? = nil, output: String? = nil, toolNames: [String] = [],
                toolArguments: [String] = [], failed: Bool = false, latencyMs: Double? = nil, tokens: Int = 0, cost: Double = 0) {
        self.prompt = prompt
        self.systemPrompt = systemPrompt
        self.output = output
        self.toolNames = toolNames
        self.toolArguments = toolArguments
        self.failed = failed
        self.latencyMs = latencyMs
        self.tokens = tokens
        self.cost = cost
    }

    public init(_ call: LoggedCall) {
        self.init(prompt: call.prompt ?? "", systemPrompt: call.systemPrompt, output: call.output,
                  toolNames: call.toolCalls.map(\.name), toolArguments: call.toolCalls.map(\.arguments), failed: call.status != .ok, latencyMs: call.latencyMs,
                  tokens: (call.inputTokens ?? 0) + (call.outputTokens ?? 0), cost: call.cost ?? 0)
    }

    /// Whether the call did anything: called a tool or wrote an output. Failed calls often
    /// did not.
    public var hasAction: Bool { !toolNames.isEmpty || hasOutput }

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

    /// What the call produced, by content kind, and the tools it called:
    /// "output: SQL; tools: execute_sql". The kind of a tool call's output is the kind of its
    /// main (longest string) argument, so SQL passed to a query tool and SQL written in a
    /// ```sql block are one kind of output, the tool name a separate, smaller difference; a
    /// JSON output keeps its shape ("output: JSON {tables: [string]}"): two tasks returning
    /// different structures are different tasks.
    public var action: String {
        var kinds = Set<String>()
        if hasOutput { kinds.insert(ContentKind.of(output ?? "")) }
        for arguments in toolArguments.prefix(toolNames.count) { kinds.insert(Self.argumentKind(arguments)) }
        let tools = toolNames.isEmpty ? "none" : Set(toolNames).sorted().joined(separator: " ")
        return "output: \(kinds.isEmpty ? "none" : kinds.sorted().joined(separator: ", ")); tools: \(tools)"
    }

    /// The call's type, what goes in and what comes out:
    /// "input: SQL query, SQL schema, error message, text; output: SQL; tools: none".
    /// Any agent's log has these (ContentKind): recurring tasks are recurring signatures.
    public var signature: String {
        let kinds = ContentKind.inputKinds(prompt)
        return "input: \(kinds.isEmpty ? "none" : kinds.joined(separator: ", ")); " + action
    }

    var hasOutput: Bool { !(output ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    /// The content kind of a tool call's main argument: its longest string value.
    static func argumentKind(_ arguments: String) -> String {
        guard let json = try? JSONValue.parse(arguments) else { return "invalid arguments" }
        guard case .object(let members) = json else { return "JSON " + shape(json) }
        let strings = members.compactMap { $0.value.stringValue }
        guard let main = strings.max(by: { $0.count < $1.count }) else { return "JSON " + shape(json) }
        return ContentKind.of(main)
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

/// What of a call is embedded: the user prompt, system prompt + prompt, the action (output
/// content kinds and tools), or all of it. `combined` embeds the system prompt, the prompt
/// and the signature (input kinds + action) each on its own and joins the unit vectors
/// (TaskClustering.embed): the paper clusters "prompts and actions", and a long prompt would
/// otherwise drown the short system prompt and signature in one 256-token text.
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
        case .combined: return ([call.signature, call.systemPrompt, call.prompt] as [String?]).compactMap { $0 }.joined(separator: "\n")
        }
    }
}
