// Recursive descent for statements, precedence climbing for expressions.
// On an error the parser records it, skips to the end of the statement and carries on,
// so one run reports every syntax error in the file.
//
// Precedence, loosest first:
//   |>   or   and   not   == != < <= > >= in   .. ..=   + -   * / // % @   unary - !   **
//   postfix: call, index, slice, field

public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var current = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// In `if`/`while`/`for` headers a `{` starts the body, never a record literal.
    var noRecordLiteral = false
    var depth = 0
    /// Set after "nested too deeply": the rest of the input is skipped, since every
    /// enclosing level would otherwise re-parse it.
    var abandoned = false
    /// Deeper nesting than this is reported instead of risking the native stack.
    static let maxDepth = 200

    struct ParseError: Error {}

    public init(file: SourceFile) {
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
        self.file = file
        self.diagnostics = lexer.diagnostics
    }

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// Parses a whole chunk. Diagnostics (lexer and parser) are in `diagnostics`.
    public mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if check(.eof) { break }
            if check(.rightBrace) {
                _ = report("unexpected '}'", at: peek)
                advance()
                continue
            }
            if let s = statementRecovering() { statements.append(s) }
        }
        diagnostics.sort { $0.location.offset < $1.location.offset }
        return statements
    }

    // MARK: token helpers

    var peek: Token { tokens[current] }
    func peekKind(_ ahead: Int) -> TokenKind {
        let i = current + ahead
        return i < tokens.count ? tokens[i].kind : .eof
    }
    func check(_ k: TokenKind) -> Bool { peek.kind == k }
    @discardableResult mutating func advance() -> Token {
        let t = tokens[current]
        if t.kind != .eof { current += 1 }
        return t
    }
    mutating func match(_ k: TokenKind) -> Bool {
        if check(k) { advance(); return true }
        return false
    }
    mutating func skipSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }
    mutating func skipNewlines() {
        while check(.newline) { advance() }
    }
    /// True (and newlines skipped) when the next significant token is `kind`, so that
    /// `}\nelse`, or a line starting with `|>` or `.`, continue the previous line.
    mutating func continues(with kind: TokenKind) -> Bool {
        if check(kind) { return true }
        var i = current
        while i < tokens.count, tokens[i].kind == .newline { i += 1 }
        if i < tokens.count, tokens[i].kind == kind, i > current {
            current = i
            return true
        }
        return false
    }

    mutating func report(_ message: String, at token: Token) -> ParseError {
        // The lexer already reported the invalid character itself.
        if token.kind == .invalid || abandoned { return ParseError() }
        diagnostics.append(Diagnostic(message, at: SourceLocation(file: file, offset: token.start)))
        return ParseError()
    }

    mutating func expect(_ k: TokenKind, _ what: String) throws -> Token {
        if check(k) { return advance() }
        throw report("expected \(what), found \(describe(peek))", at: peek)
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .newline: return "end of line"
        case .identifier: return "'\(t.text)'"
        case .int, .float: return "number \(t.text)"
        case .string: return "a string"
        case .invalid: return "an invalid character"
        default:
            let text = String(decoding: file.bytes[t.start..<t.end], as: UTF8.self)
            return "'\(text)'"
        }
    }

    mutating func enter(_ token: Token) throws {
        depth += 1
        if depth > Parser.maxDepth {
            let error = report("expression nested too deeply", at: token)
            abandoned = true
            throw error
        }
    }

    // MARK: statements

    /// A statement, or nil after reporting an error and skipping to the next statement.
    mutating func statementRecovering() -> Stmt? {
        let savedDepth = depth
        let start = current
        do {
            let s = try statement()
            if !(check(.newline) || check(.semicolon) || check(.rightBrace) || check(.eof)) {
                throw report("expected end of statement, found \(describe(peek))", at: peek)
            }
            return s
        } catch {
            depth = savedDepth
            noRecordLiteral = false
            if abandoned {
                current = tokens.count - 1
                return nil
            }
            synchronize(from: start)
            return nil
        }
    }

    /// Skips to the end of the current statement: a newline or `;` outside brackets,
    /// or the `}` that closes the enclosing block (left for the caller).
    mutating func synchronize(from start: Int) {
        // Brackets the failed statement opened and did not close are still open.
        var nesting = 0
        for t in tokens[start..<current] {
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace: nesting += 1
            case .rightParen, .rightBracket, .rightBrace: nesting = max(0, nesting - 1)
            default: break
            }
        }
        while !check(.eof) {
            switch peek.kind {
            case .newline, .semicolon:
                if nesting == 0 { return }
            case .leftParen, .leftBracket, .leftBrace:
                nesting += 1
            case .rightParen, .rightBracket, .rightBrace:
                if nesting == 0 {
                    if check(.rightBrace) { return }
                } else {
                    nesting -= 1
                }
            default: break
            }
            advance()
        }
    }

    mutating func statement() throws -> Stmt {
        let t = peek
        switch t.kind {
        case .kwLet, .kwVar:
            advance()
            let name = try expect(.identifier, "a name after '\(t.kind == .kwLet ? "let" : "var")'")
            _ = try expect(.assign, "'=' after the name")
            skipNewlines()
            let value = try expression()
            return .declare(name: name.text, mutable: t.kind == .kwVar, value: value, at: name.start)
        case .kwFn where peekKind(1) == .identifier:
            advance()
            let name = advance()
            return .function(try functionRest(name: name.text, at: name.start))
        case .kwFor:
            advance()
            var names = [try expect(.identifier, "a loop variable after 'for'").text]
            while match(.comma) { names.append(try expect(.identifier, "a loop variable").text) }
            _ = try expect(.kwIn, "'in' after the loop variable")
            let iterable = try headerExpression()
            let body = try block()
            return .forIn(names: names, iterable: iterable, body: body, at: t.start)
        case .kwWhile:
            advance()
            let condition = try headerExpression()
            let body = try block()
            return .whileLoop(condition: condition, body: body, at: t.start)
        case .kwBreak:
            advance()
            return .breakLoop(at: t.start)
        case .kwContinue:
            advance()
            return .continueLoop(at: t.start)
        case .kwReturn:
            advance()
            if check(.newline) || check(.semicolon) || check(.rightBrace) || check(.eof) {
                return .returnValue(nil, at: t.start)
            }
            return .returnValue(try expression(), at: t.start)
        case .kwImport:
            advance()
            let pathToken = try expect(.string, "a module name in quotes after 'import'")
            guard pathToken.parts.count == 1, case .text(let path) = pathToken.parts[0] else {
                throw report("the module name must be a plain string", at: pathToken)
            }
            var base = path.split(separator: "/").last.map(String.init) ?? path
            if base.hasSuffix(".slm") { base.removeLast(4) }
            let valid = !base.isEmpty && base.utf8.allSatisfy {
                ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95
            } && !(base.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? true)
            guard valid else { throw report("module name '\(path)' is not a valid identifier", at: pathToken) }
            return .importModule(path: path, name: base, at: pathToken.start)
        default:
            let expr = try expression()
            let op: AssignOp?
            switch peek.kind {
            case .assign: op = .assign
            case .plusAssign: op = .add
            case .minusAssign: op = .sub
            case .starAssign: op = .mul
            case .slashAssign: op = .div
            case .percentAssign: op = .mod
            default: op = nil
            }
            guard let op else { return .expression(expr) }
            let opToken = advance()
            switch expr {
            case .name, .field, .index: break
            default: throw report("cannot assign to this expression", at: opToken)
            }
            skipNewlines()
            let value = try expression()
            return .assign(target: expr, op: op, value: value, at: opToken.start)
        }
    }

    /// The condition of `if`/`while` or the iterable of `for`: no record literals at its top.
    mutating func headerExpression() throws -> Expr {
        let saved = noRecordLiteral
        noRecordLiteral = true
        defer { noRecordLiteral = saved }
        return try expression()
    }

    mutating func block() throws -> Block {
        let open = try expect(.leftBrace, "'{'")
        try enter(open)
        defer { depth -= 1 }
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if check(.rightBrace) || check(.eof) { break }
            if let s = statementRecovering() { statements.append(s) }
        }
        if check(.eof) { throw report("unclosed '{': expected '}' before the end of input", at: open) }
        _ = try expect(.rightBrace, "'}' to close the block")
        return Block(statements: statements, offset: open.start)
    }

    /// Parameters and body after `fn name`.
    mutating func functionRest(name: String, at offset: Int) throws -> FunctionDecl {
        _ = try expect(.leftParen, "'(' after the function name")
        let params = try parameterList(closing: .rightParen)
        let body = try block()
        return FunctionDecl(name: name, parameters: params, body: body, offset: offset)
    }

    mutating func parameterList(closing: TokenKind) throws -> [Parameter] {
        var params: [Parameter] = []
        var seenDefault = false
        while !check(closing) {
            let name = try expect(.identifier, "a parameter name")
            if params.contains(where: { $0.name == name.text }) {
                throw report("duplicate parameter '\(name.text)'", at: name)
            }
            var defaultValue: Expr?
            if match(.colon) {
                defaultValue = try expression()
                seenDefault = true
            } else if seenDefault {
                throw report("parameter '\(name.text)' without a default follows one with a default", at: name)
            }
            params.append(Parameter(name: name.text, defaultValue: defaultValue, offset: name.start))
            if !match(.comma) { break }
        }
        _ = try expect(closing, "')' after the parameters")
        return params
    }

    // MARK: expressions

    public mutating func expression() throws -> Expr {
        try enter(peek)
        defer { depth -= 1 }
        var lhs = try orExpr()
        while continues(with: .pipe) {
            let op = advance()
            skipNewlines()
            let rhs = try orExpr()
            switch rhs {
            case .call(let f, let args, let at):
                lhs = .call(f, [CallArgument(name: nil, value: lhs)] + args, at: at)
            case .methodCall(let obj, let name, let args, let at):
                lhs = .methodCall(obj, name, [CallArgument(name: nil, value: lhs)] + args, at: at)
            default:
                lhs = .call(rhs, [CallArgument(name: nil, value: lhs)], at: op.start)
            }
        }
        return lhs
    }

    mutating func orExpr() throws -> Expr {
        var lhs = try andExpr()
        while check(.kwOr) {
            let op = advance()
            skipNewlines()
            lhs = .or(lhs, try andExpr(), at: op.start)
        }
        return lhs
    }

    mutating func andExpr() throws -> Expr {
        var lhs = try notExpr()
        while check(.kwAnd) {
            let op = advance()
            skipNewlines()
            lhs = .and(lhs, try notExpr(), at: op.start)
        }
        return lhs
    }

    mutating func notExpr() throws -> Expr {
        if check(.kwNot) {
            let op = advance()
            try enter(op)
            defer { depth -= 1 }
            return .unary(.not, try notExpr(), at: op.start)
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        var lhs = try rangeExpr()
        while true {
            let op: BinaryOp
            switch peek.kind {
            case .equal: op = .eq
            case .notEqual: op = .ne
            case .less: op = .lt
            case .lessEqual: op = .le
            case .greater: op = .gt
            case .greaterEqual: op = .ge
            case .kwIn: op = .in
            default: return lhs
            }
            let t = advance()
            skipNewlines()
            lhs = .binary(op, lhs, try rangeExpr(), at: t.start)
        }
    }

    mutating func rangeExpr() throws -> Expr {
        let lhs = try additive()
        if check(.dotDot) || check(.dotDotEqual) {
            let t = advance()
            skipNewlines()
            return .range(lhs, try additive(), inclusive: t.kind == .dotDotEqual, at: t.start)
        }
        return lhs
    }

    mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        while check(.plus) || check(.minus) {
            let t = advance()
            skipNewlines()
            lhs = .binary(t.kind == .plus ? .add : .sub, lhs, try multiplicative(), at: t.start)
        }
        return lhs
    }

    mutating func multiplicative() throws -> Expr {
        var lhs = try unary()
        while true {
            let op: BinaryOp
            switch peek.kind {
            case .star: op = .mul
            case .slash: op = .div
            case .slashSlash: op = .floorDiv
            case .percent: op = .mod
            case .at: op = .matmul
            default: return lhs
            }
            let t = advance()
            skipNewlines()
            lhs = .binary(op, lhs, try unary(), at: t.start)
        }
    }

    mutating func unary() throws -> Expr {
        if check(.minus) || check(.kwNot) {
            let t = advance()
            try enter(t)
            defer { depth -= 1 }
            let operand = try unary()
            if t.kind == .minus {
                // Fold `-literal` so that the smallest Int can be written.
                if case .intLiteral(let v, _) = operand { return .intLiteral(-v, at: t.start) }
                if case .floatLiteral(let v, _) = operand { return .floatLiteral(-v, at: t.start) }
                return .unary(.negate, operand, at: t.start)
            }
            return .unary(.not, operand, at: t.start)
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        if check(.starStar) {
            let t = advance()
            skipNewlines()
            return .binary(.pow, base, try unary(), at: t.start)
        }
        return base
    }

    mutating func postfix() throws -> Expr {
        var expr = try primary()
        while true {
            if check(.leftParen) {
                let t = advance()
                expr = .call(expr, try arguments(), at: t.start)
            } else if check(.leftBracket) {
                let t = advance()
                let saved = noRecordLiteral
                noRecordLiteral = false
                defer { noRecordLiteral = saved }
                var lower: Expr?
                if !check(.colon) { lower = try expression() }
                if match(.colon) {
                    var upper: Expr?
                    if !check(.rightBracket) { upper = try expression() }
                    _ = try expect(.rightBracket, "']' after the slice")
                    expr = .slice(expr, lower, upper, at: t.start)
                } else {
                    _ = try expect(.rightBracket, "']' after the index")
                    expr = .index(expr, lower ?? .nilLiteral(at: t.start), at: t.start)
                }
            } else if continues(with: .dot) {
                advance()
                // A keyword is a plain name after '.', so `store.import(path)` reads naturally.
                if keywords[peek.text] == peek.kind { tokens[current].kind = .identifier }
                let name = try expect(.identifier, "a field name after '.'")
                if check(.leftParen) {
                    advance()
                    expr = .methodCall(expr, name.text, try arguments(), at: name.start)
                } else {
                    expr = .field(expr, name.text, at: name.start)
                }
            } else {
                return expr
            }
        }
    }

    /// Arguments after `(`, up to and including `)`.
    mutating func arguments() throws -> [CallArgument] {
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        var args: [CallArgument] = []
        var seenNamed = false
        while !check(.rightParen) {
            if check(.identifier), peekKind(1) == .colon {
                let name = advance()
                advance()
                if args.contains(where: { $0.name == name.text }) {
                    throw report("argument '\(name.text)' given twice", at: name)
                }
                args.append(CallArgument(name: name.text, value: try expression()))
                seenNamed = true
            } else {
                if seenNamed { throw report("positional argument after a named one", at: peek) }
                args.append(CallArgument(name: nil, value: try expression()))
            }
            if !match(.comma) { break }
        }
        _ = try expect(.rightParen, "')' after the arguments")
        return args
    }

    mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .int:
            advance()
            return .intLiteral(t.intValue, at: t.start)
        case .float:
            advance()
            return .floatLiteral(t.floatValue, at: t.start)
        case .string:
            advance()
            return try stringLiteral(t)
        case .kwTrue, .kwFalse:
            advance()
            return .boolLiteral(t.kind == .kwTrue, at: t.start)
        case .kwNil:
            advance()
            return .nilLiteral(at: t.start)
        case .identifier:
            advance()
            if check(.arrow) {
                advance()
                let param = Parameter(name: t.text, defaultValue: nil, offset: t.start)
                return .lambda(FunctionDecl(name: "lambda", parameters: [param], body: try lambdaBody(), offset: t.start))
            }
            return .name(t.text, at: t.start)
        case .leftParen:
            if isLambdaParameterList() {
                advance()
                let params = try parameterList(closing: .rightParen)
                _ = try expect(.arrow, "'=>'")
                return .lambda(FunctionDecl(name: "lambda", parameters: params, body: try lambdaBody(), offset: t.start))
            }
            advance()
            let saved = noRecordLiteral
            noRecordLiteral = false
            defer { noRecordLiteral = saved }
            let inner = try expression()
            _ = try expect(.rightParen, "')'")
            return inner
        case .leftBracket:
            advance()
            let saved = noRecordLiteral
            noRecordLiteral = false
            defer { noRecordLiteral = saved }
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if !match(.comma) { break }
            }
            _ = try expect(.rightBracket, "']' after the list items")
            return .list(items, at: t.start)
        case .leftBrace where !noRecordLiteral:
            return try recordLiteral()
        case .kwIf:
            return try ifExpression()
        case .kwTry:
            advance()
            let body = try block()
            _ = continues(with: .kwCatch)
            _ = try expect(.kwCatch, "'catch' after the try block")
            var name: String?
            if check(.identifier) { name = advance().text }
            let handler = try block()
            return .tryCatch(body, name, handler, at: t.start)
        case .kwFn where peekKind(1) == .leftParen:
            advance()
            return .lambda(try functionRest(name: "lambda", at: t.start))
        default:
            throw report("expected an expression, found \(describe(t))", at: t)
        }
    }

    mutating func ifExpression() throws -> Expr {
        let t = advance()
        let condition = try headerExpression()
        let then = try block()
        var otherwise: Block?
        if continues(with: .kwElse) {
            advance()
            if check(.kwIf) {
                let start = peek.start
                let nested = try ifExpression()
                otherwise = Block(statements: [.expression(nested)], offset: start)
            } else {
                otherwise = try block()
            }
        }
        return .ifElse(condition, then, otherwise, at: t.start)
    }

    /// `(` starts a lambda when its matching `)` is followed by `=>`.
    func isLambdaParameterList() -> Bool {
        // Only `()` or `(name` followed by `,` `:` or `)` can start a parameter list; this
        // keeps the scan below from running over every nested parenthesis.
        switch peekKind(1) {
        case .rightParen: break
        case .identifier where [.comma, .colon, .rightParen].contains(peekKind(2)): break
        default: return false
        }
        var i = current + 1
        var nesting = 0
        while i < tokens.count {
            switch tokens[i].kind {
            case .leftParen, .leftBracket, .leftBrace: nesting += 1
            case .rightParen, .rightBracket, .rightBrace:
                if nesting == 0 { return i + 1 < tokens.count && tokens[i + 1].kind == .arrow }
                nesting -= 1
            case .eof: return false
            default: break
            }
            i += 1
        }
        return false
    }

    /// After `=>`: a block if `{` does not start a record (`{name: ...}`), else an expression.
    mutating func lambdaBody() throws -> Block {
        if check(.leftBrace) {
            var i = current + 1
            while i < tokens.count, tokens[i].kind == .newline { i += 1 }
            let looksLikeRecord = i + 1 < tokens.count
                && (tokens[i].kind == .identifier || tokens[i].kind == .string)
                && tokens[i + 1].kind == .colon
            if !looksLikeRecord { return try block() }
        }
        let start = peek.start
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        return Block(statements: [.expression(try expression())], offset: start)
    }

    mutating func recordLiteral() throws -> Expr {
        let open = advance()
        var entries: [(key: String, value: Expr)] = []
        skipNewlines()
        while !check(.rightBrace) {
            let keyToken = peek
            let key: String
            if keyToken.kind == .identifier {
                key = keyToken.text
            } else if keyToken.kind == .string, keyToken.parts.count <= 1 {
                if case .text(let s)? = keyToken.parts.first { key = s } else { key = "" }
            } else {
                throw report("expected a field name, found \(describe(keyToken))", at: keyToken)
            }
            advance()
            if entries.contains(where: { $0.key == key }) {
                throw report("duplicate field '\(key)'", at: keyToken)
            }
            _ = try expect(.colon, "':' after the field name")
            skipNewlines()
            entries.append((key, try expression()))
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        _ = try expect(.rightBrace, "'}' to close the record")
        return .record(entries, at: open.start)
    }

    mutating func stringLiteral(_ t: Token) throws -> Expr {
        var parts: [InterpolationPart] = []
        for part in t.parts {
            switch part {
            case .text(let s):
                parts.append(.text(s))
            case .code(let start, let end):
                var lexer = Lexer(file: file, start: start, end: end, insideParens: true)
                let subTokens = lexer.tokenize()
                diagnostics.append(contentsOf: lexer.diagnostics)
                var sub = Parser(file: file, tokens: subTokens)
                sub.depth = depth
                if sub.check(.eof) {
                    throw report("empty '{}' in string; write \\{ for a literal brace", at: t)
                }
                let expr = try? sub.expression()
                if expr != nil, !sub.check(.eof) {
                    _ = sub.report("expected '}' after the interpolated expression, found \(sub.describe(sub.peek))", at: sub.peek)
                }
                diagnostics.append(contentsOf: sub.diagnostics)
                guard let expr, sub.diagnostics.isEmpty else { throw ParseError() }
                parts.append(.expr(expr))
            }
        }
        if parts.isEmpty { return .stringLiteral("", at: t.start) }
        if parts.count == 1, case .text(let s) = parts[0] { return .stringLiteral(s, at: t.start) }
        return .interpolation(parts, at: t.start)
    }
}
