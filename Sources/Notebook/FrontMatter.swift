/// The block between `---` lines at the top of a notebook: a small YAML subset.
///
///     ---
///     title: "Step 1: log every LM call"
///     seed: 42
///     params:
///       n: 100
///       model: "smollm"
///     ---
///
/// Supported: `key: value` pairs, one level of nesting under `params:`, quoted or plain
/// scalars, blank lines and `#` comments. The exact text read is kept so that writing an
/// unchanged notebook gives back the same bytes.
public struct FrontMatter: Equatable {
    public struct Entry: Equatable {
        public var key: String
        public var value: Scalar
        public init(key: String, value: Scalar) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var title: String?
    public private(set) var seed: UInt64?
    /// Notebook parameters in file order, read in cells as `params.key`.
    public private(set) var params: [Entry]
    /// Other top-level keys (author, date, ...), kept but not interpreted.
    public private(set) var other: [Entry]
    /// The exact text, both `---` lines included, with line terminators.
    public private(set) var raw: String

    /// Builds front matter from values (for a notebook saved from the REPL).
    public init(title: String? = nil, seed: UInt64? = nil, params: [Entry] = []) {
        self.title = title
        self.seed = seed
        self.params = params
        self.other = []
        var text = "---\n"
        if let title { text += "title: \(Scalar.string(title).yaml)\n" }
        if let seed { text += "seed: \(seed)\n" }
        if !params.isEmpty {
            text += "params:\n"
            for p in params { text += "  \(p.key): \(p.value.yaml)\n" }
        }
        self.raw = text + "---\n"
    }

    /// Parses the lines strictly between the `---` delimiters.
    /// - Parameters:
    ///   - body: the lines' contents, without terminators.
    ///   - raw: the exact text including delimiters, kept for writing back.
    ///   - firstLine: the 1-based line number of `body[0]`.
    init(parsing body: [String], raw: String, file: String, firstLine: Int) throws {
        self.raw = raw
        self.params = []
        self.other = []
        var inParams = false
        var seen: Set<String> = []
        var seenParams: Set<String> = []

        for (offset, line) in body.enumerated() {
            let lineNo = firstLine + offset
            func fail(_ message: String) -> NotebookError {
                NotebookError(file: file, line: lineNo, message: "front matter: \(message)")
            }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indented = line.first == " " || line.first == "\t"
            if line.first == "\t" { throw fail("use spaces, not tabs, to indent") }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw fail("expected 'key: value', found '\(trimmed)'")
            }
            let key = String(trimmed[..<colon]).trimmingSpaces()
            guard key.isIdentifier else { throw fail("'\(key)' is not a valid key") }
            let valueText = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces()

            if indented {
                guard inParams else {
                    throw fail("unexpected indentation (only 'params:' has nested keys)")
                }
                guard seenParams.insert(key).inserted else { throw fail("duplicate param '\(key)'") }
                let value = try Self.scalar(valueText, fail: fail)
                params.append(Entry(key: key, value: value))
                continue
            }
            inParams = false
            guard seen.insert(key).inserted else { throw fail("duplicate key '\(key)'") }
            switch key {
            case "params":
                guard valueText.isEmpty || valueText.hasPrefix("#") else {
                    throw fail("write params one per line, indented under 'params:'")
                }
                inParams = true
            case "title":
                switch try Self.scalar(valueText, fail: fail) {
                case .string(let s): title = s
                case let other: title = other.description
                }
            case "seed":
                guard case .int(let i) = try Self.scalar(valueText, fail: fail), i >= 0 else {
                    throw fail("seed must be a non-negative integer, found '\(valueText)'")
                }
                seed = UInt64(i)
            default:
                other.append(Entry(key: key, value: try Self.scalar(valueText, fail: fail)))
            }
        }
    }

    /// Parameters with command-line overrides (`-p key=value`) applied: overridden keys keep
    /// their place, new keys come last.
    public func params(overriding overrides: [Entry]) -> [Entry] {
        var result = params
        for o in overrides {
            if let i = result.firstIndex(where: { $0.key == o.key }) {
                result[i].value = o.value
            } else {
                result.append(o)
            }
        }
        return result
    }

    private static func scalar(_ text: String, fail: (String) -> NotebookError) throws -> Scalar {
        guard let first = text.first else { return .null }
        if first == "\"" { return .string(try doubleQuoted(text, fail: fail)) }
        if first == "'" { return .string(try singleQuoted(text, fail: fail)) }
        if first == "[" || first == "{" { throw fail("lists and maps are not supported here") }
        var plain = text
        if let hash = plain.range(of: " #") { plain = String(plain[..<hash.lowerBound]) }
        return Scalar(plain: plain.trimmingSpaces())
    }

    private static func doubleQuoted(_ text: String, fail: (String) -> NotebookError) throws -> String {
        var out = ""
        var it = text.dropFirst().makeIterator()
        while let ch = it.next() {
            switch ch {
            case "\"":
                let rest = String(it).trimmingSpaces()
                guard rest.isEmpty || rest.hasPrefix("#") else {
                    throw fail("unexpected text after the closing quote: '\(rest)'")
                }
                return out
            case "\\":
                switch it.next() {
                case "n": out += "\n"
                case "t": out += "\t"
                case "\"": out += "\""
                case "\\": out += "\\"
                case let other?: throw fail("unknown escape '\\\(other)' in string")
                case nil: throw fail("unterminated string")
                }
            default: out.append(ch)
            }
        }
        throw fail("unterminated string")
    }

    private static func singleQuoted(_ text: String, fail: (String) -> NotebookError) throws -> String {
        var out = ""
        var chars = Array(text.dropFirst())
        var i = 0
        while i < chars.count {
            if chars[i] == "'" {
                if i + 1 < chars.count, chars[i + 1] == "'" {
                    out.append("'")
                    i += 2
                    continue
                }
                chars.removeFirst(i + 1)
                let rest = String(chars).trimmingSpaces()
                guard rest.isEmpty || rest.hasPrefix("#") else {
                    throw fail("unexpected text after the closing quote: '\(rest)'")
                }
                return out
            }
            out.append(chars[i])
            i += 1
        }
        throw fail("unterminated string")
    }
}
