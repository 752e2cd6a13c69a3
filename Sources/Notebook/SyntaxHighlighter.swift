import Lang

/// Colours slm source for HTML with the language's own lexer: keywords, strings, numbers,
/// comments and called names. It never fails: text the lexer rejects stays plain.
public enum SyntaxHighlighter {
    public enum TokenKind: String, Equatable {
        case keyword = "kw", string = "str", number = "num", comment = "com", call = "fn", plain = ""
    }

    /// Splits `code` into coloured runs; concatenating the runs' text gives `code` back.
    public static func tokens(_ code: String) -> [(kind: TokenKind, text: String)] {
        let bytes = Array(code.utf8)
        var lexer = Lexer(file: SourceFile(name: "highlight", text: code))
        let tokens = lexer.tokenize()
        var runs: [(kind: TokenKind, text: String)] = []
        func push(_ kind: TokenKind, _ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let text = String(decoding: bytes[range], as: UTF8.self)
            if kind == .plain, let last = runs.last, last.kind == .plain {
                runs[runs.count - 1].text += text
            } else {
                runs.append((kind, text))
            }
        }
        // Comments are skipped by the lexer, so they live in the gaps between tokens.
        func pushGap(_ range: Range<Int>) {
            var i = range.lowerBound
            while i < range.upperBound {
                if bytes[i] == UInt8(ascii: "#") {
                    var end = i
                    while end < range.upperBound, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                    push(.comment, i..<end)
                    i = end
                } else {
                    var end = i
                    while end < range.upperBound, bytes[end] != UInt8(ascii: "#") { end += 1 }
                    push(.plain, i..<end)
                    i = end
                }
            }
        }
        var position = 0
        for (index, token) in tokens.enumerated() {
            let start = min(max(token.start, position), bytes.count)
            let end = min(max(token.end, start), bytes.count)
            pushGap(position..<start)
            let next = index + 1 < tokens.count ? tokens[index + 1].kind : .eof
            push(kind(of: token.kind, next: next), start..<end)
            position = end
        }
        pushGap(position..<bytes.count)
        return runs
    }

    private static func kind(of token: Lang.TokenKind, next: Lang.TokenKind) -> TokenKind {
        switch token {
        case .kwLet, .kwVar, .kwFn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile, .kwBreak, .kwContinue,
             .kwReturn, .kwTry, .kwCatch, .kwImport, .kwAnd, .kwOr, .kwNot, .kwTrue, .kwFalse, .kwNil:
            return .keyword
        case .string: return .string
        case .int, .float: return .number
        case .identifier: return next == .leftParen ? .call : .plain
        default: return .plain
        }
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
