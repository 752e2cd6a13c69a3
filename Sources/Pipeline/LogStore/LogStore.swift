import CSQLite

/// The LM-call log: an SQLite database (WAL) of calls, their tool calls and tool results,
/// with a full-text index over prompts and outputs.
///
/// One `LogStore` is one connection; use it from one thread at a time. Several processes
/// may write the same file at once: writers queue on SQLite's lock (busy timeout).
public final class LogStore {
    public let path: String
    let db: SQLiteConnection
    let writer: CallWriter

    /// Opens or creates a store at `path` (`":memory:"` for a private in-memory store).
    /// A new file gets mode 0600.
    public init(path: String) throws {
        self.path = path
        let db = try SQLiteConnection(path: path)
        self.db = db
        let version = try db.query("PRAGMA user_version").first?.first?.intValue ?? 0
        if version == 0 {
            // Never add our tables to someone else's database (an llm logs.db, say).
            let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.first?.textValue }
            if !tables.isEmpty {
                throw SQLiteError(code: SQLITE_ERROR, message: "\(path) is an SQLite database but not an slm log (it has tables \(tables.prefix(5).joined(separator: ", "))); open a new log and import it instead")
            }
        }
        if path != ":memory:" && !path.isEmpty {
            // WAL: readers never block the writer, and a crash mid-transaction leaves the
            // last commit intact. NORMAL sync is durable against process crashes.
            _ = try db.query("PRAGMA journal_mode=WAL")
            try db.execute("PRAGMA synchronous=NORMAL")
        }
        try db.execute("PRAGMA foreign_keys=ON")
        // 64 MiB of page cache keeps the hash and time indexes in memory during big imports.
        try db.execute("PRAGMA cache_size=-65536")
        if version < LogSchema.version {
            try db.transaction {
                try db.execute(LogSchema.sql)
                try db.execute("PRAGMA user_version=\(LogSchema.version)")
            }
        } else if version > LogSchema.version {
            throw SQLiteError(code: SQLITE_ERROR, message: "\(path) has log schema version \(version); this slm knows up to \(LogSchema.version)")
        }
        writer = try CallWriter(db: db)
    }

    /// Stores one call. Returns its row id, or nil when an identical call is already stored.
    @discardableResult
    public func record(_ call: LoggedCall) throws -> Int64? {
        if db.isInTransaction { return try writer.insert(call) }
        return try db.transaction { try writer.insert(call) }
    }

    /// Stores many calls in one transaction: (inserted, skipped as already stored).
    @discardableResult
    public func record(contentsOf calls: [LoggedCall]) throws -> (inserted: Int, skipped: Int) {
        try db.transaction {
            var inserted = 0
            for call in calls where try writer.insert(call) != nil { inserted += 1 }
            return (inserted, calls.count - inserted)
        }
    }

    /// Runs `body` in one write transaction (for batched `record` calls).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try db.transaction(body)
    }

    /// The number of stored calls.
    public func count() throws -> Int {
        Int(try db.query("SELECT count(*) FROM calls").first?.first?.intValue ?? 0)
    }

    /// Result of `PRAGMA integrity_check`: `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] {
        try db.query("PRAGMA integrity_check").compactMap { $0.first?.textValue }
    }
}
