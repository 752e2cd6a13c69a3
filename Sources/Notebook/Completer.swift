import Foundation

/// Tab completion for the REPL, independent of the terminal: given the word under the
/// cursor and the text before it, the words that may replace it.
public struct Completer {
    /// Characters that end a word for completion. `.`, `:`, `/` and `-` are not among them,
    /// so `r.ta`, `:he` and `data/cal` each complete as one word.
    public static let wordBreaks = " \t\n\"'`()[]{},;=+*<>|&!%^@"

    /// Names in scope, built-ins included.
    public var names: () -> [String]
    /// The field names of the record a name (or dotted path) holds, or nil.
    public var fields: (String) -> [String]?
    /// Where relative paths start.
    public var directory: String

    public init(names: @escaping () -> [String], fields: @escaping (String) -> [String]?,
                directory: String = FileManager.default.currentDirectoryPath) {
        self.names = names
        self.fields = fields
        self.directory = directory
    }

    public func complete(word: String, before: String) -> [String] {
        let lead = before.trimmingSpaces()
        if lead.isEmpty, word.hasPrefix(":") {
            return MetaCommand.specs.map { ":" + $0.name }.filter { $0.hasPrefix(word) }
        }
        if let kind = pathContext(before) {
            return paths(word, kind: kind)
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let partial = word[word.index(after: dot)...]
            guard !base.isEmpty, let fields = fields(base) else { return [] }
            return fields.filter { $0.hasPrefix(partial) }.sorted().map { base + "." + $0 }
        }
        guard !word.isEmpty else { return [] }
        return Array(Set(names().filter { $0.hasPrefix(word) })).sorted()
    }

    enum PathKind { case loadable, module }

    /// Whether the cursor is in a path after `:load` (any prefix) or inside `import "`.
    private func pathContext(_ before: String) -> PathKind? {
        let trimmed = before.drop(while: { $0 == " " })
        if trimmed.hasPrefix(":") {
            let name = String(trimmed.dropFirst().prefix(while: { !$0.isWhitespace }))
            if trimmed.count > name.count + 1, MetaCommand.names(matching: name) == ["load"]
                || MetaCommand.names(matching: name) == ["save"] {
                return .loadable
            }
            return nil
        }
        // Inside an open string right after `import`.
        guard let quote = before.lastIndex(of: "\"") else { return nil }
        let head = before[..<quote].trimmingCharacters(in: .whitespaces)
        return head.hasSuffix("import") && before[before.index(after: quote)...].isEmpty ? .module : nil
    }

    private func paths(_ word: String, kind: PathKind) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folderPart = slash.map { String(word[...$0]) } ?? ""
        let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let expanded = folderPart.hasPrefix("~/")
            ? NSHomeDirectory() + folderPart.dropFirst() : folderPart
        let folder = expanded.hasPrefix("/") ? expanded
            : (directory as NSString).appendingPathComponent(expanded)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var result: [String] = []
        for entry in entries where entry.hasPrefix(prefix) && (!entry.hasPrefix(".") || prefix.hasPrefix(".")) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(entry), isDirectory: &isDir)
            if isDir.boolValue {
                result.append(folderPart + entry + "/")
            } else if kind == .loadable, entry.hasSuffix(".slm") || entry.hasSuffix(".slmnb") {
                result.append(folderPart + entry)
            } else if kind == .module, entry.hasSuffix(".slm") {
                result.append(folderPart + String(entry.dropLast(4)))
            }
        }
        return result.sorted()
    }
}
