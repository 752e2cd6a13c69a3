import Foundation

/// What kind of content a text is, and which kinds a prompt carries: the formats any LLM
/// traffic is made of (JSON, SQL, code, lists, error messages, prose), nothing specific to
/// one agent. A task maps inputs of some kinds to outputs of some kinds, so these kinds make
/// a call's signature (TaskCall.signature): "a failing query and its error" is a different
/// input from "a question and a schema", and SQL in a ```sql block or passed to a query tool
/// is the same output.
public enum ContentKind {
    /// The kind of a whole text (an output, or a tool call's argument): "JSON {shape}",
    /// "SQL", "code", "text" or "empty".
    public static func of(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { return "empty" }
        if t.first == "{" || t.first == "[", let json = try? JSONValue.parse(t) { return "JSON " + TaskCall.shape(json) }
        if let language = fenceLanguage(t) { return language == "sql" ? "SQL" : "code" }
        let first = t.prefix { !$0.isNewline }
        if isSchema(first) || isQuery(first, labelled: false) { return "SQL" }
        return "text"
    }

    /// The kinds of content in a prompt, sorted: each line outside code fences is a SQL
    /// schema statement, a SQL query (possibly after a short "Label:"), JSON, a list item,
    /// or text (which may also mention an error); a fenced block counts as SQL or code.
    public static func inputKinds(_ prompt: String) -> [String] {
        var kinds = Set<String>()
        var inFence = false
        for raw in prompt.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if let language = fenceLanguage(line) {
                if !inFence { kinds.insert(language == "sql" ? "SQL query" : "code") }
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if isSchema(Substring(line)) { kinds.insert("SQL schema"); continue }
            if isQuery(Substring(line), labelled: true) { kinds.insert("SQL query"); continue }
            if line.first == "{" || line.first == "[", (try? JSONValue.parse(line)) != nil { kinds.insert("JSON"); continue }
            if line.prefixMatch(of: listItem) != nil { kinds.insert("list"); continue }
            if line.firstMatch(of: errorWord) != nil { kinds.insert("error message") }
            if line.firstMatch(of: word) != nil { kinds.insert("text") }
        }
        return kinds.sorted()
    }

    /// "sql" for a line opening "```sql", "" for a bare "```", nil if not a fence.
    static func fenceLanguage(_ text: String) -> String? {
        guard text.hasPrefix("```") else { return nil }
        return text.dropFirst(3).prefix { !$0.isNewline }.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func isSchema(_ line: Substring) -> Bool { line.prefixMatch(of: schemaStatement) != nil }

    /// A query statement: an upper-case keyword opening it (SQL as usually written), or any
    /// case "select … from". `labelled` allows a short "Query: " before it, as prompts put it.
    static func isQuery(_ line: Substring, labelled: Bool) -> Bool {
        func opensQuery(_ s: Substring) -> Bool { s.prefixMatch(of: queryKeyword) != nil || s.prefixMatch(of: selectFrom) != nil }
        if opensQuery(line) { return true }
        guard labelled, let label = line.prefixMatch(of: shortLabel) else { return false }
        return opensQuery(line[label.range.upperBound...])
    }

    nonisolated(unsafe) static let schemaStatement = #/(?i)(CREATE|ALTER|DROP)\s+(TEMP\w*\s+|UNIQUE\s+)?(TABLE|VIEW|INDEX|TRIGGER)\b/#
    nonisolated(unsafe) static let queryKeyword = #/(SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS)\b/#
    nonisolated(unsafe) static let selectFrom = #/(?i)select\b.*\bfrom\b/#
    nonisolated(unsafe) static let shortLabel = #/[A-Za-z][\w ]{0,29}:\s*/#
    nonisolated(unsafe) static let listItem = #/([-*•]|\d+[.)])\s+\S/#
    nonisolated(unsafe) static let errorWord = #/(?i)\b(error|exception|traceback)\b/#
    nonisolated(unsafe) static let word = #/[A-Za-z]{3}/#
}
