// Turns UTF-8 source bytes into tokens. Newlines separate statements, except inside
// parentheses and brackets (so a call or list can span lines); inside braces they count.

public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var pos: Int
    let end: Int
    /// Open brackets, innermost last: newlines are tokens only when the innermost is `{`
    /// or nothing is open.
    var brackets: [UInt8] = []
    public private(set) var diagnostics: [Diagnostic] = []

    /// Lexes `file`, or the byte range `start..<end` of it (an interpolated expression,
    /// which is lexed as if inside parentheses).
    public init(file: SourceFile, start: Int = 0, end: Int? = nil, insideParens: Bool = false) {
        self.file = file
        self.bytes = file.bytes
        self.pos = start
        self.end = end ?? file.bytes.count
        if insideParens { brackets = [UInt8(ascii: "(")] }
    }

    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let t = next()
            // Collapse runs of newlines, and drop a newline right at the start.
            if t.kind == .newline, tokens.isEmpty || tokens.last?.kind == .newline { continue }
            tokens.append(t)
            if t.kind == .eof { break }
        }
        return tokens
    }

    private mutating func error(_ message: String, at offset: Int) {
        diagnostics.append(Diagnostic(message, at: SourceLocation(file: file, offset: offset)))
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let i = pos + ahead
        return i < end ? bytes[i] : 0
    }

    private var newlinesSignificant: Bool {
        brackets.isEmpty || brackets.last == UInt8(ascii: "{")
    }

    mutating func next() -> Token {
        // Skip spaces, comments, and insignificant newlines.
        while pos < end {
            let c = bytes[pos]
            if c == 32 || c == 9 || c == 13 {
                pos += 1
            } else if c == UInt8(ascii: "#") {
                while pos < end, bytes[pos] != 10 { pos += 1 }
            } else if c == 10 {
                if newlinesSignificant {
                    pos += 1
                    return Token(kind: .newline, start: pos - 1, end: pos)
                }
                pos += 1
            } else {
                break
            }
        }
        guard pos < end else { return Token(kind: .eof, start: end, end: end) }
        let start = pos
        let c = bytes[pos]
        if isIdentStart(c) { return identifier() }
        if isDigit(c) { return number() }
        if c == UInt8(ascii: "\"") { return string() }
        pos += 1
        func tok(_ k: TokenKind) -> Token { Token(kind: k, start: start, end: pos) }
        func match(_ ch: Character) -> Bool {
            if peek() == UInt8(ascii: ch.unicodeScalars.first!) { pos += 1; return true }
            return false
        }
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            brackets.append(c)
            return tok(c == UInt8(ascii: "(") ? .leftParen : c == UInt8(ascii: "[") ? .leftBracket : .leftBrace)
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            // Pop the matching opener; a stray closer is left for the parser to report.
            let opener: UInt8 = c == UInt8(ascii: ")") ? 40 : c == UInt8(ascii: "]") ? 91 : 123
            if let i = brackets.lastIndex(of: opener) { brackets.removeSubrange(i...) }
            return tok(c == UInt8(ascii: ")") ? .rightParen : c == UInt8(ascii: "]") ? .rightBracket : .rightBrace)
        case UInt8(ascii: ","): return tok(.comma)
        case UInt8(ascii: ";"): return tok(.semicolon)
        case UInt8(ascii: ":"): return tok(.colon)
        case UInt8(ascii: "@"): return tok(.at)
        case UInt8(ascii: "."):
            if match(".") { return tok(match("=") ? .dotDotEqual : .dotDot) }
            return tok(.dot)
        case UInt8(ascii: "+"): return tok(match("=") ? .plusAssign : .plus)
        case UInt8(ascii: "-"): return tok(match("=") ? .minusAssign : .minus)
        case UInt8(ascii: "*"):
            if match("*") { return tok(.starStar) }
            return tok(match("=") ? .starAssign : .star)
        case UInt8(ascii: "/"):
            if match("/") { return tok(.slashSlash) }
            return tok(match("=") ? .slashAssign : .slash)
        case UInt8(ascii: "%"): return tok(match("=") ? .percentAssign : .percent)
        case UInt8(ascii: "="):
            if match("=") { return tok(.equal) }
            return tok(match(">") ? .arrow : .assign)
        case UInt8(ascii: "!"): return tok(match("=") ? .notEqual : .kwNot)
        case UInt8(ascii: "<"): return tok(match("=") ? .lessEqual : .less)
        case UInt8(ascii: ">"): return tok(match("=") ? .greaterEqual : .greater)
        case UInt8(ascii: "|"):
            if match(">") { return tok(.pipe) }
            if match("|") { return tok(.kwOr) }
        case UInt8(ascii: "&"):
            if match("&") { return tok(.kwAnd) }
        default:
            break
        }
        // Skip the rest of a multi-byte character so the message names it whole.
        while pos < end, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
        let shown = String(decoding: bytes[start..<pos], as: UTF8.self)
        error("unexpected character '\(shown)'", at: start)
        return tok(.invalid)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }

    private mutating func identifier() -> Token {
        let start = pos
        while pos < end, isIdentStart(bytes[pos]) || isDigit(bytes[pos]) { pos += 1 }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        return Token(kind: keywords[text] ?? .identifier, start: start, end: pos, text: text)
    }

    private mutating func number() -> Token {
        let start = pos
        var isFloat = false
        while pos < end, isDigit(bytes[pos]) || bytes[pos] == 95 { pos += 1 }
        // A dot followed by a digit makes a float; `0..10` stays a range.
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            isFloat = true
            pos += 1
            while pos < end, isDigit(bytes[pos]) || bytes[pos] == 95 { pos += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let save = pos
            pos += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { pos += 1 }
            if isDigit(peek()) {
                isFloat = true
                while pos < end, isDigit(bytes[pos]) { pos += 1 }
            } else {
                pos = save
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self).replacingOccurrences("_", "")
        var t = Token(kind: isFloat ? .float : .int, start: start, end: pos, text: text)
        if isFloat {
            if let v = Double(text), v.isFinite { t.floatValue = v } else {
                error("float literal '\(text)' is out of range", at: start)
            }
        } else if let v = Int(text) {
            t.intValue = v
        } else {
            error("integer literal '\(text)' does not fit in 64 bits", at: start)
        }
        return t
    }

    /// A string literal with escapes and `{expr}` interpolation. `\{` is a literal brace.
    private mutating func string() -> Token {
        let start = pos
        pos += 1
        var parts: [StringPart] = []
        var buffer: [UInt8] = []
        func flush() {
            if !buffer.isEmpty { parts.append(.text(String(decoding: buffer, as: UTF8.self))); buffer = [] }
        }
        while true {
            guard pos < end else {
                error("unterminated string", at: start)
                break
            }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == UInt8(ascii: "\\") {
                pos += 1
                guard pos < end else { continue }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "n"): buffer.append(10)
                case UInt8(ascii: "t"): buffer.append(9)
                case UInt8(ascii: "r"): buffer.append(13)
                case UInt8(ascii: "0"): buffer.append(0)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    buffer.append(e)
                case UInt8(ascii: "u"):
                    // \u{1F600}
                    var hex = ""
                    if peek() == UInt8(ascii: "{") {
                        pos += 1
                        while pos < end, bytes[pos] != UInt8(ascii: "}"), hex.count <= 8 {
                            hex.append(Character(UnicodeScalar(bytes[pos]))); pos += 1
                        }
                        if peek() == UInt8(ascii: "}") { pos += 1 }
                    }
                    if let v = UInt32(hex, radix: 16), let s = UnicodeScalar(v) {
                        buffer.append(contentsOf: Array(String(Character(s)).utf8))
                    } else {
                        error("invalid unicode escape", at: pos - 1)
                    }
                default:
                    error("unknown escape '\\\(Character(UnicodeScalar(e)))'", at: pos - 2)
                }
                continue
            }
            if c == UInt8(ascii: "{") {
                flush()
                let codeStart = pos + 1
                guard let codeEnd = matchingBrace(from: codeStart) else {
                    error("unterminated '{' in string", at: pos)
                    pos = end
                    break
                }
                parts.append(.code(start: codeStart, end: codeEnd))
                pos = codeEnd + 1
                continue
            }
            buffer.append(c)
            pos += 1
        }
        flush()
        return Token(kind: .string, start: start, end: pos, parts: parts)
    }

    /// Offset of the `}` closing an interpolation that starts at `from`, skipping nested
    /// braces and nested string literals; nil when the source ends first.
    private func matchingBrace(from: Int) -> Int? {
        var depth = 0
        var i = from
        var inString = false
        while i < end {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") {
                depth += 1
            } else if c == UInt8(ascii: "}") {
                if depth == 0 { return i }
                depth -= 1
            }
            i += 1
        }
        return nil
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
