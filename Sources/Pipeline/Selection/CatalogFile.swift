// The catalog file format: a subset of TOML that any TOML reader also accepts, parsed here
// so that every error names the file and line. Supported: `# comments`, `[[table]]` and
// `[[table.sub]]` headers, `key = value` with basic strings ("..." with \" \\ \n \t \uXXXX
// escapes), integers (1_000 allowed), floats (1.5, 3e9), booleans and one-line arrays of
// those. Multi-line values, literal strings and inline tables are not needed by the catalog
// and are reported as errors.

import Foundation

/// A value of the catalog file.
public enum CatalogValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case array([CatalogValue])

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .float: return "a float"
        case .bool: return "a boolean"
        case .array: return "an array"
        }
    }
}

/// A `[[header]]` section: its keys in file order, each with the line it is on.
public struct CatalogSection: Sendable {
    public let header: String
    public let line: Int
    public internal(set) var entries: [(key: String, value: CatalogValue, line: Int)] = []

    public func entry(_ key: String) -> (value: CatalogValue, line: Int)? {
        entries.first { $0.key == key }.map { ($0.value, $0.line) }
    }
}

/// An error in a catalog file, at a line (1-based).
public struct CatalogError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

enum CatalogFile {
    /// The sections of `text` in order; keys before the first header are an error.
    static func parse(_ text: String, file: String) throws -> [CatalogSection] {
        var sections: [CatalogSection] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            func fail(_ message: String) -> CatalogError { CatalogError(file: file, line: lineNumber, message: message) }
            var scanner = LineScanner(Array(rawLine.utf8))
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            if scanner.peek == UInt8(ascii: "[") {
                guard scanner.consume("[["), let close = scanner.rest.firstRange(of: Array("]]".utf8)) else {
                    throw fail("expected a [[table]] header (only arrays of tables are used in the catalog)")
                }
                let name = String(decoding: scanner.rest[..<close.lowerBound], as: UTF8.self).trimmingCharacters(in: " ")
                scanner.advance(close.upperBound)
                scanner.skipSpaces()
                guard scanner.atEndOrComment else { throw fail("unexpected text after [[\(name)]]") }
                guard !name.isEmpty, name.utf8.allSatisfy({ isBareKey($0) || $0 == UInt8(ascii: ".") }) else {
                    throw fail("invalid table name '\(name)'")
                }
                sections.append(CatalogSection(header: name, line: lineNumber))
                continue
            }
            let key = scanner.bareKey()
            guard !key.isEmpty else { throw fail("expected a key (letters, digits, _ or -) or a [[table]] header") }
            scanner.skipSpaces()
            guard scanner.consume("=") else { throw fail("expected '=' after the key '\(key)'") }
            scanner.skipSpaces()
            let value: CatalogValue
            do { value = try scanner.value(depth: 0) } catch let e as ScanError { throw fail("\(key): \(e.message)") }
            scanner.skipSpaces()
            guard scanner.atEndOrComment else { throw fail("unexpected text after the value of '\(key)'") }
            guard !sections.isEmpty else { throw fail("'\(key)' comes before any [[table]] header") }
            guard sections[sections.count - 1].entry(key) == nil else {
                throw fail("'\(key)' is set twice in this [[\(sections[sections.count - 1].header)]]")
            }
            sections[sections.count - 1].entries.append((key, value, lineNumber))
        }
        return sections
    }

    static func isBareKey(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 45
    }
}

private struct ScanError: Error { let message: String }

/// Reads the tokens of one line.
private struct LineScanner {
    let bytes: [UInt8]
    var pos = 0

    init(_ bytes: [UInt8]) {
        // A CRLF file leaves a carriage return at the end of each line.
        self.bytes = bytes.last == 13 ? Array(bytes.dropLast()) : bytes
    }

    var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }
    var rest: ArraySlice<UInt8> { bytes[pos...] }
    var atEndOrComment: Bool { peek == nil || peek == UInt8(ascii: "#") }

    mutating func advance(_ to: Int) { pos = to }

    mutating func skipSpaces() {
        while let c = peek, c == 32 || c == 9 { pos += 1 }
    }

    mutating func consume(_ text: String) -> Bool {
        let t = Array(text.utf8)
        guard bytes.count - pos >= t.count, Array(bytes[pos..<pos + t.count]) == t else { return false }
        pos += t.count
        return true
    }

    mutating func bareKey() -> String {
        let start = pos
        while let c = peek, CatalogFile.isBareKey(c) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    mutating func value(depth: Int) throws -> CatalogValue {
        guard let c = peek else { throw ScanError(message: "missing value") }
        switch c {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            guard depth < 8 else { throw ScanError(message: "arrays nested too deeply") }
            pos += 1
            var items: [CatalogValue] = []
            skipSpaces()
            if consume("]") { return .array(items) }
            while true {
                skipSpaces()
                items.append(try value(depth: depth + 1))
                skipSpaces()
                if consume(",") { skipSpaces(); if consume("]") { return .array(items) }; continue }
                if consume("]") { return .array(items) }
                throw ScanError(message: "expected ',' or ']' in the array (arrays must fit on one line)")
            }
        case UInt8(ascii: "'"): throw ScanError(message: "use \"double quotes\" for strings")
        case UInt8(ascii: "{"): throw ScanError(message: "inline tables are not supported; use a [[table]]")
        default:
            if consume("true") { return .bool(true) }
            if consume("false") { return .bool(false) }
            return try number()
        }
    }

    mutating func number() throws -> CatalogValue {
        let start = pos
        while let c = peek, c != 32, c != 9, c != UInt8(ascii: ","), c != UInt8(ascii: "]"), c != UInt8(ascii: "#") { pos += 1 }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        let digits = text.replacingOccurrences(of: "_", with: "")
        if let i = Int(digits) { return .int(i) }
        if let d = Double(digits), d.isFinite, digits.contains(where: { $0.isNumber }) { return .float(d) }
        throw ScanError(message: "'\(text)' is not a string, number, boolean or array")
    }

    mutating func string() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw ScanError(message: "unterminated string") }
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard let e = peek else { throw ScanError(message: "unterminated string") }
            pos += 1
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
            case UInt8(ascii: "u"):
                guard bytes.count - pos >= 4,
                      let code = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code) else { throw ScanError(message: "invalid \\u escape") }
                pos += 4
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw ScanError(message: "invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
