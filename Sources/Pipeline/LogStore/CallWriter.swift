/// Inserts calls with prepared statements reused across rows (the store's write path).
final class CallWriter {
    private let db: SQLiteConnection
    private let insertCall: SQLiteStatement
    private let insertToolCall: SQLiteStatement
    private let insertToolResult: SQLiteStatement

    init(db: SQLiteConnection) throws {
        self.db = db
        insertCall = try db.prepare("""
            INSERT INTO calls (timestamp, trace_id, agent, model, system_prompt, prompt, messages, tools,
                output, status, error, latency_ms, ttft_ms, input_tokens, output_tokens, cost_usd, metadata, content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(content_hash) DO NOTHING
            """)
        insertToolCall = try db.prepare("""
            INSERT INTO tool_calls (call_id, position, tool_call_id, name, arguments, arguments_valid)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertToolResult = try db.prepare("""
            INSERT INTO tool_results (call_id, position, tool_call_id, name, content) VALUES (?, ?, ?, ?, ?)
            """)
    }

    /// Inserts `call` unless its content hash is already stored; returns the new row id or nil.
    func insert(_ call: LoggedCall) throws -> Int64? {
        try insert(PreparedCall(call))
    }

    func insert(_ call: PreparedCall) throws -> Int64? {
        try insertCall.run(call.callRow)
        guard db.changes > 0 else { return nil }
        let rowID = db.lastInsertRowID
        for row in call.toolCallRows { try insertToolCall.run([.int(rowID)] + row) }
        for row in call.toolResultRows { try insertToolResult.run([.int(rowID)] + row) }
        return rowID
    }
}

/// A call turned into the rows the store writes (JSON text, derived columns, content hash).
/// Computing it needs no database, so an import prepares calls on one thread while another
/// inserts them.
struct PreparedCall {
    /// The `calls` columns, in CallWriter's INSERT order.
    let callRow: [SQLValue]
    /// `tool_calls` rows without the call id.
    let toolCallRows: [[SQLValue]]
    /// `tool_results` rows without the call id.
    let toolResultRows: [[SQLValue]]

    init(_ call: LoggedCall) {
        let messages = call.messages.jsonText
        let tools = call.tools?.jsonText
        let metadata = call.metadata?.jsonText
        var hasher = ContentHasher()
        hasher.field(call.timestamp)
        hasher.field(call.traceID)
        hasher.field(call.agent)
        hasher.field(call.model)
        hasher.field(messages)
        hasher.field(tools)
        hasher.field(call.output)
        for tc in call.toolCalls {
            hasher.field(tc.id)
            hasher.field(tc.name)
            hasher.field(tc.arguments)
        }
        hasher.field(call.status.rawValue)
        hasher.field(call.error)
        hasher.field(call.latencyMs.map { String($0) })
        hasher.field(call.timeToFirstTokenMs.map { String($0) })
        hasher.field(call.inputTokens.map { String($0) })
        hasher.field(call.outputTokens.map { String($0) })
        hasher.field(metadata)

        callRow = [
            .text(call.timestamp), .optional(call.traceID), .optional(call.agent), .optional(call.model),
            .optional(call.systemPrompt), .optional(call.prompt), .text(messages), .optional(tools),
            .optional(call.output), .text(call.status.rawValue), .optional(call.error),
            .optional(call.latencyMs), .optional(call.timeToFirstTokenMs), .optional(call.inputTokens),
            .optional(call.outputTokens), .optional(call.cost), .optional(metadata), .blob(hasher.finalizeBytes()),
        ]
        toolCallRows = call.toolCalls.enumerated().map { i, tc in
            [.int(Int64(i)), .optional(tc.id), .text(tc.name), .text(tc.arguments), .int(tc.argumentsAreValidJSON ? 1 : 0)]
        }
        toolResultRows = (call.messages.arrayValue ?? []).enumerated().compactMap { i, m in
            guard m["role"]?.stringValue == "tool" else { return nil }
            return [.int(Int64(i)), .optional(m["tool_call_id"]?.stringValue), .optional(m["name"]?.stringValue),
                    .text(LoggedCall.text(of: m["content"]) ?? "")]
        }
    }
}
