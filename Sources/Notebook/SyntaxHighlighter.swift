/// Colours slm source for HTML: keywords, strings, numbers, comments, calls.
/// Deliberately small; it never fails, whatever the input (text it does not know stays plain).
public enum SyntaxHighlighter {
    static let keywords: Set<String> = [
        "let", "var", "fn", "if", "else", "for", "in", "while", "return", "break", "continue",
        "try", "catch", "import", "and", "or", "not", "true", "false", "nil",
    ]

    public enum TokenKind: String, Equatable {
        case keyword = "kw", string = "str", number = "num", comment = "com", call = "fn", plain = ""
    }

    /// Splits `code` into coloured runs; concatenating the runs' text gives `code` back.
    public static func tokens(_ code: String) -> [(kind: TokenKind, text: String)] {
        let chars = Array(code)
        var out: [(kind: TokenKind, text: String)] = []
        func push(_ kind: TokenKind, _ text: String) {
            if kind == .plain, let last = out.last, last.kind == .plain {
                out[out.count - 1].text += text
            } else {
                out.append((kind, text))
            }
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let start = i
            if c == "#" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                push(.comment, String(chars[start..<i]))
            } else if c == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"", chars[i] != "\n" {
                    i += chars[i] == "\\" ? 2 : 1
                }
                i = min(i + 1, chars.count)
                push(.string, String(chars[start..<i]))
            } else if c.isNumber, c.isASCII {
                while i < chars.count, chars[i].isNumber || chars[i] == "_" || chars[i] == "e"
                        || (chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                    i += 1
                }
                push(.number, String(chars[start..<i]))
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                let word = String(chars[start..<i])
                if keywords.contains(word) {
                    push(.keyword, word)
                } else if i < chars.count, chars[i] == "(" {
                    push(.call, word)
                } else {
                    push(.plain, word)
                }
            } else {
                i += 1
                push(.plain, String(c))
            }
        }
        return out
    }

    /// `code` as HTML: escaped, with `<span class="...">` around coloured runs.
    public static func html(_ code: String) -> String {
        tokens(code).map { token in
            token.kind == .plain ? HTML.escape(token.text)
                : "<span class=\"\(token.kind.rawValue)\">\(HTML.escape(token.text))</span>"
        }.joined()
    }
}

enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
