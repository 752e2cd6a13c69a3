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

    static func register(_ b: Builtins) {
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
