import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide SQLite settings, applied once before the first connection opens (SQLite
/// accepts them only before it initializes; if someone else initialized it first they
/// are simply not applied).
private let sqliteConfigured: Void = {
    _ = slm_sqlite3_disable_memstatus()
}()

/// One connection to an SQLite database file (or `":memory:"`).
///
/// Not thread-safe: use one connection per thread (SQLite's multi-thread mode).
public final class SQLiteConnection {
    let handle: OpaquePointer
    public let path: String

    /// Opens (and with `create`, creates) a database. A new file is created with mode 0600
    /// before SQLite opens it, so logged prompts are never readable by other users; SQLite
    /// gives its -wal and -shm files the same mode.
    public init(path: String, readOnly: Bool = false, create: Bool = true, busyTimeoutMilliseconds: Int32 = 15_000) throws {
        self.path = path
        _ = sqliteConfigured
        if create && !readOnly && path != ":memory:" && !path.isEmpty {
            let fd = open(path, O_RDWR | O_CREAT, 0o600)
            guard fd >= 0 else {
                throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
        }
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "cannot open \(path): \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 0)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc & 0xFF, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements separated by semicolons, without parameters (schema, pragmas).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: rc & 0xFF, message: text, sql: sql)
        }
    }

    /// Compiles exactly one statement; text after it (other than spaces and `;`) is an error,
    /// so a query string cannot smuggle in a second statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        var tailOffset = 0
        let rc = sql.withCString { base -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(handle, base, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, &tail)
            if let tail { tailOffset = base.distance(to: tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
        guard let stmt else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql) }
        let rest = sql.utf8.dropFirst(tailOffset)
        if rest.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == UInt8(ascii: ";")) }) {
            sqlite3_finalize(stmt)
            throw SQLiteError(code: SQLITE_MISUSE, message: "only one statement is allowed", sql: sql)
        }
        return SQLiteStatement(handle: stmt, connection: self, sql: sql)
    }

    /// All rows of a one-statement query with bound parameters.
    public func query(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        try prepare(sql).rows(params)
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a write transaction (BEGIN IMMEDIATE, so two writers queue on the busy
    /// timeout instead of deadlocking), committing on success and rolling back on a throw.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// BEGIN IMMEDIATE, retried while another process holds the write lock beyond the busy timeout.
    func begin() throws {
        var attempt = 0
        while true {
            do {
                try execute("BEGIN IMMEDIATE")
                return
            } catch let e as SQLiteError where e.code == SQLITE_BUSY && attempt < 20 {
                attempt += 1
                usleep(UInt32(10_000 * attempt))
            }
        }
    }
}
