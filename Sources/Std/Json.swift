// JSON in and out. Objects become records with their keys in document order; integers
// that fit in 64 bits stay ints. Written by hand so that order and positions survive.

import Lang

public enum Json {
    static func register(_ b: Builtins) {
        b.define("json", "json(text)", "Parses JSON text into values (objects become records).", topic: "data") { args in
            try parse(try args.string(0, "text"))
        }
        b.define("to_json", "to_json(value, indent: 0)", "The value as JSON text; indent > 0 pretty-prints.", topic: "data") { args in
            let indent = try args.int(1, "indent", default: 0)
            guard (0...16).contains(indent) else { throw RuntimeError("to_json() indent must be in 0...16") }
            var out = ""
            try write(try args.value(0, "value"), into: &out, indent: indent, level: 0)
            return .string(out)
        }
    }

    /// Parses one JSON document; errors name the byte offset.
    public static func parse(_ text: String) throws -> Value {
        var p = JsonParser(bytes: Array(text.utf8))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.pos < p.bytes.count { throw p.error("unexpected text after the JSON value") }
        return v
    }

    /// Compact (indent 0) or pretty JSON for a value.
    public static func write(_ v: Value, into out: inout String, indent: Int, level: Int) throws {
        if level > 500 { throw RuntimeError("to_json(): value nested too deeply") }
        let newline = indent > 0 ? "\n" + String(repeating: " ", count: indent * (level + 1)) : ""
        let close = indent > 0 ? "\n" + String(repeating: " ", count: indent * level) : ""
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d):
            guard d.isFinite else { throw RuntimeError("to_json(): \(Display.float(d)) is not valid JSON") }
            out += Display.float(d)
        case .string(let s): writeString(s, into: &out)
        case .list(let l):
            if l.items.isEmpty { out += "[]"; return }
            out += "["
            for (i, x) in l.items.enumerated() {
                out += i > 0 ? "," + newline : newline
                try write(x, into: &out, indent: indent, level: level + 1)
            }
            out += close + "]"
        case .record(let r):
            if r.count == 0 { out += "{}"; return }
            out += "{"
            for (i, (k, x)) in zip(r.keys, r.values).enumerated() {
                out += i > 0 ? "," + newline : newline
                writeString(k, into: &out)
                out += indent > 0 ? ": " : ":"
                try write(x, into: &out, indent: indent, level: level + 1)
            }
            out += close + "}"
        case .range(let a, let b):
            try write(.list((a..<max(a, b)).map { .int($0) }), into: &out, indent: indent, level: level)
        default:
            throw RuntimeError("to_json(): cannot convert \(v.typeName) to JSON")
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        out += "\""
    }
}

struct JsonParser {
    let bytes: [UInt8]
    var pos = 0

    func error(_ message: String) -> RuntimeError {
        RuntimeError("invalid JSON at byte \(pos): \(message)")
    }

    mutating func skipSpace() {
        while pos < bytes.count, [32, 9, 10, 13].contains(bytes[pos]) { pos += 1 }
    }

    mutating func literal(_ word: String, _ v: Value) throws -> Value {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<pos + w.count]) == w else {
            throw error("unexpected character")
        }
        pos += w.count
        return v
    }

    mutating func value(depth: Int) throws -> Value {
        guard depth < 500 else { throw error("nested too deeply") }
        guard pos < bytes.count else { throw error("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var pairs: [(String, Value)] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .record(pairs) }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':'") }
                pos += 1
                skipSpace()
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated object") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .record(pairs) }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            pos += 1
            var items: [Value] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .list(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated array") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .list(items) }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return try number()
        }
    }

    mutating func number() throws -> Value {
        let start = pos
        var isFloat = false
        while pos < bytes.count {
            let c = bytes[pos]
            if (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                pos += 1
            } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                isFloat = true
                pos += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if text.isEmpty { throw error("unexpected character") }
        if !isFloat, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { pos = start; throw error("invalid number '\(text)'") }
        return .float(d)
    }

    mutating func string() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error("unterminated string") }
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard pos < bytes.count else { throw error("unterminated string") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), pos + 1 < bytes.count,
                   bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                    pos += 2
                    let low = try hex4()
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                let scalar = UnicodeScalar(code) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count,
              let v = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16) else {
            throw error("invalid \\u escape")
        }
        pos += 4
        return v
    }
}
