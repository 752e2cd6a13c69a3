import Foundation

/// The REPL's persistent history (`~/.slm_history`): one entry per line, a multi-line entry
/// kept whole by escaping its line breaks (`\n`) and backslashes (`\\`). Entries are
/// appended as they are made, so a crash loses nothing and two sessions interleave.
public struct History {
    public let path: String?
    public private(set) var entries: [String]
    /// Older entries are dropped beyond this many.
    public let limit: Int

    /// Loads the history at `path` (nil: in memory only). A missing file is an empty history.
    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        var entries: [String] = []
        if let path, let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            entries = text.linesKeepingTerminators.map { History.decode($0.droppingFinalLineBreak) }
                .filter { !$0.isEmpty }
        }
        if entries.count > limit {
            entries.removeFirst(entries.count - limit)
            self.entries = entries
            rewrite()
        } else {
            self.entries = entries
        }
    }

    /// Adds `entry` unless it is blank or repeats the previous entry. Returns whether added.
    @discardableResult
    public mutating func add(_ entry: String) -> Bool {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              entry != entries.last else { return false }
        entries.append(entry)
        guard let path else { return true }
        if entries.count > 2 * limit {
            entries.removeFirst(entries.count - limit)
            rewrite()
        } else if let handle = FileHandle(forWritingAtPath: path) ?? create(path) {
            handle.seekToEndOfFile()
            handle.write(Data((History.encode(entry) + "\n").utf8))
            handle.closeFile()
        }
        return true
    }

    private func create(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        return FileHandle(forWritingAtPath: path)
    }

    private func rewrite() {
        guard let path else { return }
        let text = entries.map { History.encode($0) + "\n" }.joined()
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func encode(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
