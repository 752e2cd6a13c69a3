/// An SQLite failure, with SQLite's own message and the statement it came from.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary SQLite result code (SQLITE_BUSY is 5, SQLITE_CONSTRAINT 19, ...).
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql))" }
        return text
    }
}
