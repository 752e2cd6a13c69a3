import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that cannot be imported at all (missing, unreadable, not a log).
public struct LogImportError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}

/// One line (or row) that was not imported, and why.
public struct ImportIssue: Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number in a JSONL file (row number for a database).
    public let line: Int
    public let message: String

    public var description: String { "line \(line): \(message)" }
}

/// What an import did: calls added, calls already present, and the lines it could not read.
public struct ImportReport: Equatable, Sendable {
    public var imported = 0
    /// Calls identical to one already stored (same content hash).
    public var skipped = 0
    /// Malformed lines, in file order (the first `ImportReport.maxIssues` of them).
    public var errors: [ImportIssue] = []
    /// How many lines were malformed in all (may exceed `errors.count`).
    public var errorCount = 0

    public static let maxIssues = 1000

    public init() {}

    mutating func fail(_ line: Int, _ message: String) {
        errorCount += 1
        if errors.count < Self.maxIssues { errors.append(ImportIssue(line: line, message: message)) }
    }
}

extension LogStore {
    /// Imports a log file: JSONL (one call per line, in the demo workload's shape or as plain
    /// OpenAI chat-completions `{request, response}` pairs) or an `llm` logs.db (SQLite).
    ///
    /// Streams the file and commits every `batchSize` calls, so a crash loses at most the
    /// open batch, and a re-run skips what was committed (content hash). Malformed lines are
    /// reported with their line numbers and skipped; every good line is kept.
    /// - Parameter onCommit: called after each commit with the number imported so far.
    public func importFile(_ path: String, batchSize: Int = 2000, showProgress: Bool = true,
                           onCommit: ((Int) -> Void)? = nil) throws -> ImportReport {
        if Self.isSQLiteFile(path) { return try importLLMDatabase(path, showProgress: showProgress) }
        let reader = LineReader(path: path)
        guard let size = reader.size else { throw LogImportError(path: path, message: "no such file") }
        let progress = ProgressBar(label: "importing \(path.split(separator: "/").last.map(String.init) ?? path)", total: size, enabled: showProgress)

        // Two threads: this one writes to SQLite while a reader thread parses lines and
        // prepares rows (JSON, derived columns, hash), so parsing overlaps the inserts.
        let queue = ImportQueue(capacity: 16)
        let readerDone = DispatchSemaphore(value: 0)
        let readerThread = Thread {
            defer { readerDone.signal() }
            var chunk: [ImportItem] = []
            do {
                try reader.forEachLine { lineNumber, bytes, consumed in
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
                    do {
                        chunk.append(.call(PreparedCall(try CallDecoder.decode(try JSONValue.parse(bytes: bytes)))))
                    } catch {
                        chunk.append(.malformed(line: lineNumber, message: error is JSONParseError ? "invalid JSON: \(error)" : "\(error)"))
                    }
                    if chunk.count >= 256 {
                        chunk.append(.progress(consumed))
                        guard queue.put(chunk) else { throw CancellationError() }
                        chunk = []
                    }
                }
                _ = queue.put(chunk)
                queue.finish(error: nil)
            } catch {
                queue.finish(error: error is CancellationError ? nil : error)
            }
        }
        // Room for the parser's recursion on hostile nesting (it stops at 512 levels).
        readerThread.stackSize = 16 << 20
        readerThread.start()

        var report = ImportReport()
        var inBatch = 0
        do {
            try db.begin()
            while let chunk = queue.take() {
                for item in chunk {
                    switch item {
                    case .call(let call):
                        if try writer.insert(call) != nil { report.imported += 1 } else { report.skipped += 1 }
                        inBatch += 1
                        if inBatch >= batchSize {
                            try db.execute("COMMIT")
                            onCommit?(report.imported)
                            try db.begin()
                            inBatch = 0
                        }
                    case .malformed(let line, let message):
                        report.fail(line, message)
                    case .progress(let consumed):
                        progress.update(done: consumed, items: report.imported + report.skipped)
                    }
                }
            }
            if let error = queue.producerError { throw error }
            try db.execute("COMMIT")
            onCommit?(report.imported)
        } catch {
            queue.cancel()
            readerDone.wait()
            if db.isInTransaction { try? db.execute("ROLLBACK") }
            throw error
        }
        readerDone.wait()
        progress.finish(items: report.imported + report.skipped)
        return report
    }

    static func isSQLiteFile(_ path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var header = [UInt8](repeating: 0, count: 16)
        let n = header.withUnsafeMutableBytes { fread($0.baseAddress, 1, 16, file) }
        return n == 16 && header == Array("SQLite format 3\0".utf8)
    }
}
