// File built-ins: text, lines and JSON Lines.

import Foundation
import Lang

enum Files {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError("cannot read file '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ path: String, _ text: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw RuntimeError("cannot write file '\(path)'")
        }
    }

    /// Folders made by `temp_dir()`, removed when the process exits.
    private static let tempDirs = TempDirectories()

    static func register(_ b: Builtins) {
        b.define("temp_dir", "temp_dir()", "A fresh empty folder under the system temp folder, removed when slm exits.", topic: "files") { _ in
            .string(try tempDirs.make())
        }
        b.define("read_text", "read_text(path)", "The contents of a text file.", topic: "files") { args in
            .string(try read(try args.string(0, "path")))
        }
        b.define("write_text", "write_text(path, text)", "Writes text to a file, replacing it.", topic: "files") { args in
            try write(try args.string(0, "path"), try args.string(1, "text"))
            return .null
        }
        b.define("read_lines", "read_lines(path)", "The lines of a text file, without newlines.", topic: "files") { args in
            var lines = try read(try args.string(0, "path")).components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return .list(lines.map { .string($0.hasSuffix("\r") ? String($0.dropLast()) : $0) })
        }
        b.define("read_jsonl", "read_jsonl(path)", "Parses a JSON Lines file: one value per non-empty line.", topic: "files") { args in
            let path = try args.string(0, "path")
            var out: [Value] = []
            for (i, line) in try read(path).components(separatedBy: "\n").enumerated() {
                if line.allSatisfy({ $0.isWhitespace }) { continue }
                do { out.append(try Json.parse(line)) } catch let e as RuntimeError {
                    throw RuntimeError("\(path):\(i + 1): \(e.message)")
                }
            }
            return .list(out)
        }
        b.define("write_jsonl", "write_jsonl(path, items)", "Writes each item as one line of JSON.", topic: "files") { args in
            var out = ""
            for item in try args.items(1, "items") {
                try Json.write(item, into: &out, indent: 0, level: 0)
                out += "\n"
            }
            try write(try args.string(0, "path"), out)
            return .null
        }
        b.define("file_exists", "file_exists(path)", "Whether a file or folder exists at the path.", topic: "files") { args in
            .bool(FileManager.default.fileExists(atPath: try args.string(0, "path")))
        }
    }
}

/// Creates private temp folders (mode 0700, via mkdtemp) and deletes them at process exit,
/// so a notebook can write scratch files without touching the repository.
final class TempDirectories: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [String] = []
    private var cleanupRegistered = false

    func make() throws -> String {
        let base = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        var template = Array("\(base.hasSuffix("/") ? String(base.dropLast()) : base)/slm-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw RuntimeError("cannot create a temp folder under '\(base)': \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        lock.lock()
        defer { lock.unlock() }
        self.made.append(path)
        if !cleanupRegistered {
            cleanupRegistered = true
            atexit { Files.removeTempDirs() }
        }
        return path
    }

    func removeAll() {
        lock.lock()
        let paths = made
        made = []
        lock.unlock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}

extension Files {
    static func removeTempDirs() { tempDirs.removeAll() }
}
