/// One LM call of the demo agent as its component made it, before the workload gives it a
/// time, a latency and a status.
struct DemoCall {
    var component: String
    var model: String
    var messages: [JSONValue]
    var tools: [JSONValue]
    var temperature: Double
    /// The assistant's text (nil when it only calls tools).
    var content: String?
    var toolCalls: [(id: String, name: String, arguments: String)] = []
    var finishReason = "stop"
    /// The user's question as it appears inside `messages`.
    var question: String
    var pii: [PIIRecord]
    var task: String
    var database: DemoDatabase
    /// The SQL the output carries (writer, fixer) or the researcher runs; it runs on `database`.
    var sql: String?
    var flags: [String] = []
}

/// Small helpers on SQL text the demo generates (simple, well-formed SELECTs).
enum DemoSQL {
    /// Identifier-like words of a query, in order.
    static func words(_ sql: String) -> [String] {
        var words: [String] = [], current = ""
        for ch in sql {
            if ch.isLetter || ch.isNumber || ch == "_" { current.append(ch) } else if !current.isEmpty { words.append(current); current = "" }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The tables a query reads, in order of first mention (the word after FROM or JOIN).
    static func tables(_ sql: String) -> [String] {
        let w = words(sql)
        var out: [String] = []
        for (i, word) in w.enumerated() where (word == "FROM" || word == "JOIN") && i + 1 < w.count {
            if !out.contains(w[i + 1]) { out.append(w[i + 1]) }
        }
        return out
    }

    /// `table.column` for every column of the query's tables that the query names.
    static func columns(_ sql: String, in database: DemoDatabase) -> [String] {
        let used = Set(words(sql))
        let tables = Self.tables(sql)
        return database.tables.filter { tables.contains($0.name) }.flatMap { t in
            t.columns.filter { used.contains($0) }.map { "\(t.name).\($0)" }
        }
    }
}
