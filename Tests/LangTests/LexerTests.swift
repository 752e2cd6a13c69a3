import Lang
import XCTest

final class LexerTests: XCTestCase {
    func kinds(_ source: String) -> [TokenKind] {
        var lexer = Lexer(file: SourceFile(name: "t", text: source))
        return lexer.tokenize().map(\.kind)
    }

    func testOperatorsAndKeywords() {
        XCTAssertEqual(kinds("let x = a |> f // 2 ** 3"),
                       [.kwLet, .identifier, .assign, .identifier, .pipe, .identifier, .slashSlash, .int, .starStar, .int, .eof])
        XCTAssertEqual(kinds("0..10 0..=3 x => y != z"),
                       [.int, .dotDot, .int, .int, .dotDotEqual, .int, .identifier, .arrow, .identifier, .notEqual, .identifier, .eof])
        XCTAssertEqual(kinds("a && b || !c"), [.identifier, .kwAnd, .identifier, .kwOr, .kwNot, .identifier, .eof])
    }

    func testNewlinesCountOnlyOutsideParentheses() {
        XCTAssertEqual(kinds("f(1,\n2)\nx"), [.identifier, .leftParen, .int, .comma, .int, .rightParen, .newline, .identifier, .eof])
        XCTAssertEqual(kinds("{\na\n}"), [.leftBrace, .newline, .identifier, .newline, .rightBrace, .eof])
        XCTAssertEqual(kinds("# only a comment\n\n\nx"), [.identifier, .eof])
    }

    func testNumbers() {
        var lexer = Lexer(file: SourceFile(name: "t", text: "1_000 2.5 1e3 7"))
        let tokens = lexer.tokenize()
        XCTAssertEqual(tokens[0].intValue, 1000)
        XCTAssertEqual(tokens[1].floatValue, 2.5)
        XCTAssertEqual(tokens[2].kind, .float)
        XCTAssertEqual(tokens[2].floatValue, 1000)
        XCTAssertEqual(tokens[3].intValue, 7)
        XCTAssertTrue(lexer.diagnostics.isEmpty)
    }

    func testStringPartsAndEscapes() {
        var lexer = Lexer(file: SourceFile(name: "t", text: #""a\n{x + 1}b\{""#))
        let t = lexer.tokenize()[0]
        XCTAssertEqual(t.kind, .string)
        XCTAssertEqual(t.parts.count, 3)
        XCTAssertEqual(t.parts[0], .text("a\n"))
        XCTAssertEqual(t.parts[2], .text("b{"))
        guard case .code(let start, let end) = t.parts[1] else { return XCTFail("expected code part") }
        XCTAssertEqual(end - start, 5)
    }

    func testErrorsArePositioned() {
        let file = SourceFile(name: "f.slm", text: "let a = 1\nlet s = \"open")
        var lexer = Lexer(file: file)
        _ = lexer.tokenize()
        XCTAssertEqual(lexer.diagnostics.count, 1)
        XCTAssertEqual(lexer.diagnostics[0].description, "f.slm:2:9: error: unterminated string\n    let s = \"open\n            ^")
    }
}
