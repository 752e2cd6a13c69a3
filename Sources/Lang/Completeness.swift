// Whether a REPL entry is complete or needs more lines: an open bracket, an unterminated
// string, or a line ending in an operator all ask for a continuation line.

extension Interpreter {
    public static func isComplete(_ source: String) -> Bool {
        let file = SourceFile(name: "<input>", text: source)
        var lexer = Lexer(file: file)
        let tokens = lexer.tokenize()
        if lexer.diagnostics.contains(where: { $0.message.hasPrefix("unterminated") }) { return false }
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            default: break
            }
        }
        if depth > 0 { return false }
        guard let last = tokens.last(where: { $0.kind != .newline && $0.kind != .eof }) else { return true }
        switch last.kind {
        case .plus, .minus, .star, .slash, .slashSlash, .percent, .starStar, .at,
             .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign, .percentAssign,
             .arrow, .pipe, .dotDot, .dotDotEqual, .comma, .dot, .colon,
             .kwAnd, .kwOr, .kwNot, .kwIn, .kwElse, .kwLet, .kwVar, .kwFn, .kwIf, .kwWhile, .kwFor,
             .kwTry, .kwCatch, .kwImport, .kwReturn:
            // `return` alone is complete; only an explicit continuation is not.
            return last.kind == .kwReturn
        default:
            return true
        }
    }
}
