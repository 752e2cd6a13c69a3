// Tokens produced by the lexer. Each keeps its byte offset so errors can point at it.

public enum TokenKind: Equatable, Sendable {
    case identifier
    case int
    case float
    case string
    // Keywords
    case kwLet, kwVar, kwFn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue, kwReturn
    case kwTry, kwCatch, kwImport, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNil
    // Punctuation
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, semicolon, newline
    case assign, plusAssign, minusAssign, starAssign, slashAssign, percentAssign
    case plus, minus, star, slash, slashSlash, percent, starStar, at
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case arrow, pipe, dotDot, dotDotEqual
    case eof
    case invalid
}

/// One piece of a string literal: literal text or the byte range of an interpolated `{expr}`.
public enum StringPart: Equatable, Sendable {
    case text(String)
    case code(start: Int, end: Int)
}

public struct Token: Sendable {
    public var kind: TokenKind
    /// Byte range in the source file.
    public var start: Int
    public var end: Int
    /// Identifier name, or the literal text of a number.
    public var text: String = ""
    public var intValue: Int = 0
    public var floatValue: Double = 0
    public var parts: [StringPart] = []
}

let keywords: [String: TokenKind] = [
    "let": .kwLet, "var": .kwVar, "fn": .kwFn, "if": .kwIf, "else": .kwElse, "for": .kwFor,
    "in": .kwIn, "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue,
    "return": .kwReturn, "try": .kwTry, "catch": .kwCatch, "import": .kwImport,
    "and": .kwAnd, "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "nil": .kwNil,
]
