import CSQLite

/// The rows of an SQL query: column names and values.
public struct QueryResult: Equatable, Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
}

extension LogStore {
    static let callColumns = """
        id, timestamp, trace_id, agent, model, messages, tools, output, status, error,
        latency_ms, ttft_ms, input_tokens, output_tokens, cost_usd, metadata
        """

    /// Stored calls, oldest first, filtered by every argument given.
    ///
    /// - Parameters:
    ///   - since: an ISO 8601 date or time (`2025-03-03`, `2025-03-03T10:00:00Z`); calls at or after it.
    ///   - search: words that must all occur in the prompt or output (full-text, case-insensitive).
    ///   - limit: at most this many calls; nil for all.
    public func calls(agent: String? = nil, status: CallStatus? = nil, since: String? = nil,
                      search: String? = nil, limit: Int? = 100) throws -> [LoggedCall] {
        var conditions: [String] = []
        var params: [SQLValue] = []
        if let agent { conditions.append("agent = ?"); params.append(.text(agent)) }
        if let status { conditions.append("status = ?"); params.append(.text(status.rawValue)) }
        if let since {
            guard let ms = Timestamp.milliseconds(iso: since) else {
                throw SQLiteError(code: SQLITE_MISUSE, message: "since: '\(since)' is not an ISO 8601 date or time (e.g. 2025-03-03 or 2025-03-03T10:00:00Z)")
            }
            conditions.append("timestamp >= ?")
            params.append(.text(Timestamp.iso(milliseconds: ms)))
        }
        if let search {
            let query = Self.ftsQuery(words: search)
            if !query.isEmpty {
                conditions.append("id IN (SELECT rowid FROM calls_fts WHERE calls_fts MATCH ?)")
                params.append(.text(query))
            }
        }
        var sql = "SELECT \(Self.callColumns) FROM calls"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY timestamp, id"
        if let limit { sql += " LIMIT ?"; params.append(.int(Int64(max(0, limit)))) }
        return try readCalls(sql, params)
    }

    /// The call with row id `id`, or nil.
    public func call(id: Int64) throws -> LoggedCall? {
        try readCalls("SELECT \(Self.callColumns) FROM calls WHERE id = ?", [.int(id)]).first
    }

    /// Full-text words as an FTS5 query: each word quoted (so punctuation is never syntax),
    /// all required.
    static func ftsQuery(words text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map { word in
            "\"" + word.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
        }
        return words.joined(separator: " ")
    }

    private func readCalls(_ sql: String, _ params: [SQLValue]) throws -> [LoggedCall] {
        let stmt = try db.prepare(sql)
        let toolStmt = try db.prepare("SELECT tool_call_id, name, arguments FROM tool_calls WHERE call_id = ? ORDER BY position")
        try stmt.bind(params)
        var result: [LoggedCall] = []
        while try stmt.step() {
            let id = stmt.int(0) ?? 0
            func json(_ column: Int) throws -> JSONValue? {
                guard let text = stmt.text(column) else { return nil }
                do { return try JSONValue.parse(text) } catch {
                    throw SQLiteError(code: SQLITE_CORRUPT, message: "calls row \(id), column \(stmt.columnNames[column]): invalid JSON: \(error)")
                }
            }
            let statusText = stmt.text(8) ?? ""
            guard let status = CallStatus(rawValue: statusText) else {
                throw SQLiteError(code: SQLITE_CORRUPT, message: "calls row \(id): unknown status '\(statusText)'")
            }
            let toolCalls = try toolStmt.rows([.int(id)]).map { row in
                ToolCall(id: row[0].textValue, name: row[1].textValue ?? "", arguments: row[2].textValue ?? "")
            }
            result.append(LoggedCall(
                id: id, timestamp: stmt.text(1) ?? "", traceID: stmt.text(2), agent: stmt.text(3), model: stmt.text(4),
                messages: try json(5) ?? .array([]), tools: try json(6), output: stmt.text(7), toolCalls: toolCalls,
                status: status, error: stmt.text(9), latencyMs: stmt.double(10), timeToFirstTokenMs: stmt.double(11),
                inputTokens: stmt.int(12).map { Int($0) }, outputTokens: stmt.int(13).map { Int($0) },
                cost: stmt.double(14), metadata: try json(15)))
        }
        return result
    }

    /// Runs one SQL statement with `?` (or `:name`) parameters bound to `params`, never
    /// spliced into the text. Read-only unless `allowWrites`.
    public func sql(_ query: String, _ params: [SQLValue] = [], allowWrites: Bool = false) throws -> QueryResult {
        let stmt = try db.prepare(query)
        if !allowWrites && !stmt.isReadOnly {
            throw SQLiteError(code: SQLITE_READONLY, message: "sql() is read-only; this statement would change the log (pass allowWrites to permit it)", sql: query)
        }
        let rows = try stmt.rows(params)
        return QueryResult(columns: stmt.columnNames, rows: rows)
    }
}
