import Lang
import XCTest

final class ParserTests: XCTestCase {
    func parse(_ source: String) -> ([Stmt], [Diagnostic]) {
        var parser = Parser(file: SourceFile(name: "t", text: source))
        let program = parser.parseProgram()
        return (program, parser.diagnostics)
    }

    func testPrecedence() {
        let (program, errors) = parse("1 + 2 * 3 ** 2")
        XCTAssertTrue(errors.isEmpty)
        guard case .expression(.binary(.add, .intLiteral(1, _), .binary(.mul, _, .binary(.pow, _, _, _), _), _))? = program.first else {
            return XCTFail("wrong tree: \(program)")
        }
    }

    func testPipeBecomesCallWithFirstArgument() {
        let (program, _) = parse("xs |> map(f)")
        guard case .expression(.call(.name("map", _), let args, _))? = program.first else { return XCTFail("\(program)") }
        XCTAssertEqual(args.count, 2)
        guard case .name("xs", _) = args[0].value else { return XCTFail("first argument should be xs") }
    }

    func testLambdasAndRecords() {
        let (program, errors) = parse("let f = (a, b) => a + b\nlet r = {a: 1, \"b c\": 2}\nlet g = x => {v: x}")
        XCTAssertTrue(errors.isEmpty, "\(errors)")
        XCTAssertEqual(program.count, 3)
        guard case .declare(_, _, .lambda(let decl), _) = program[0] else { return XCTFail() }
        XCTAssertEqual(decl.parameters.map(\.name), ["a", "b"])
        guard case .declare(_, _, .record(let entries, _), _) = program[1] else { return XCTFail() }
        XCTAssertEqual(entries.map(\.key), ["a", "b c"])
        guard case .declare(_, _, .lambda(let g), _) = program[2],
              case .expression(.record)? = g.body.statements.first else { return XCTFail("x => {v: x} is a record body") }
    }

    func testElseOnNextLineAndLeadingPipe() {
        let (program, errors) = parse("if a { 1 }\nelse { 2 }\nxs\n  |> f")
        XCTAssertTrue(errors.isEmpty, "\(errors)")
        XCTAssertEqual(program.count, 2)
    }

    func testRecoveryReportsEveryError() {
        let (program, errors) = parse("let = 1\nlet ok = 2\nprint(1 +)\nlet fine = 3")
        XCTAssertEqual(errors.count, 2)
        XCTAssertEqual(program.count, 2)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let (_, errors) = parse(String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000))
        XCTAssertTrue(errors.contains { $0.message == "expression nested too deeply" })
        let (_, errors2) = parse(String(repeating: "[", count: 100_000))
        XCTAssertFalse(errors2.isEmpty)
    }
}
