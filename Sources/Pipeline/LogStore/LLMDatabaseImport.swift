/// Import from Simon Willison's `llm` CLI logs.db. Its documented `responses` table has
/// id, model, prompt, system, prompt_json, options_json, response, response_json,
/// conversation_id, duration_ms, datetime_utc, and since 0.17 input_tokens, output_tokens,
/// token_details; since 0.26 a `tool_calls` table (response_id, name, arguments,
/// tool_call_id). Columns are looked up by name so older files import too.
extension LogStore {
    public func importLLMDatabase(_ path: String, showProgress: Bool = true) throws -> ImportReport {
        let source: SQLiteConnection
        do {
            source = try SQLiteConnection(path: path, readOnly: true, create: false)
        } catch {
            throw LogImportError(path: path, message: "cannot open as SQLite: \(error)")
        }
        let tables = Set(try source.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0.first?.textValue })
        guard tables.contains("responses") else {
            throw LogImportError(path: path, message: "not an llm logs database (no 'responses' table)")
        }
        let columns = Set(try source.query("SELECT name FROM pragma_table_info('responses')").compactMap { $0.first?.textValue })
        for needed in ["id", "model", "prompt", "response", "datetime_utc"] where !columns.contains(needed) {
            throw LogImportError(path: path, message: "'responses' has no '\(needed)' column")
        }
        func col(_ name: String) -> String { columns.contains(name) ? name : "NULL" }
        let stmt = try source.prepare("""
            SELECT id, model, prompt, \(col("system")), response, \(col("conversation_id")), \(col("duration_ms")),
                   datetime_utc, \(col("input_tokens")), \(col("output_tokens")), \(col("prompt_json"))
            FROM responses ORDER BY rowid
            """)
        let toolStmt = tables.contains("tool_calls")
            ? try source.prepare("SELECT tool_call_id, name, arguments FROM tool_calls WHERE response_id = ? ORDER BY id")
            : nil
        let total = Int(try source.query("SELECT count(*) FROM responses").first?.first?.intValue ?? 0)
        let progress = ProgressBar(label: "importing \(path.split(separator: "/").last.map(String.init) ?? path)", total: total, enabled: showProgress)
        var report = ImportReport()
        var row = 0
        try transaction {
            try stmt.bind([])
            while try stmt.step() {
                row += 1
                let responseID = stmt.text(0) ?? stmt.column(0).description
                guard let when = stmt.text(7), let timestamp = Timestamp.normalize(when) else {
                    report.fail(row, "response \(responseID): datetime_utc is not ISO 8601")
                    continue
                }
                var messages: [JSONValue] = []
                if let system = stmt.text(3), !system.isEmpty {
                    messages.append(.object(["role": .string("system"), "content": .string(system)]))
                }
                // OpenAI-backed rows keep the exact messages sent in prompt_json.
                if let pj = stmt.text(10), let parsed = try? JSONValue.parse(pj), case .array(let sent)? = parsed["messages"] {
                    messages = sent
                } else {
                    messages.append(.object(["role": .string("user"), "content": .optional(stmt.text(2))]))
                }
                var toolCalls: [ToolCall] = []
                if let toolStmt {
                    toolCalls = try toolStmt.rows([stmt.column(0)]).map {
                        ToolCall(id: $0[0].textValue, name: $0[1].textValue ?? "", arguments: $0[2].textValue ?? "{}")
                    }
                }
                let model = stmt.text(1)
                let inputTokens = stmt.int(8).map { Int($0) }, outputTokens = stmt.int(9).map { Int($0) }
                let call = LoggedCall(
                    timestamp: timestamp, traceID: stmt.text(5), agent: "llm", model: model,
                    messages: .array(messages), output: stmt.text(4), toolCalls: toolCalls, status: .ok,
                    latencyMs: stmt.double(6), inputTokens: inputTokens, outputTokens: outputTokens,
                    cost: ModelPricing.cost(model: model, inputTokens: inputTokens, outputTokens: outputTokens),
                    metadata: .object(["source": .string("llm"), "llm_response_id": .string(responseID)]))
                if try record(call) != nil { report.imported += 1 } else { report.skipped += 1 }
                progress.update(done: row, items: row)
            }
        }
        progress.finish(items: row)
        return report
    }
}
