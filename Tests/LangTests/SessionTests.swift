import Lang
import Std
import XCTest

final class SessionTests: XCTestCase {
    func testGlobalsPersistAcrossChunksAndOutputIsCaptured() throws {
        let interp = StandardLibrary.makeInterpreter()
        var out = ""
        interp.output = { out += $0 }
        XCTAssertNil(try interp.evaluate("let x = 40").display)
        XCTAssertNil(try interp.evaluate("fn inc(n) { n + 1 + x }").display)
        let r = try interp.evaluate("print(\"hi\"); inc(1)")
        XCTAssertEqual(r.display, "42")
        XCTAssertEqual(out, "hi\n")
        XCTAssertEqual(try interp.evaluate("\"s\"").display, "\"s\"")
        // Redefining a global is visible to functions defined earlier.
        _ = try interp.evaluate("let x = 0")
        XCTAssertEqual(try interp.evaluate("inc(1)").display, "2")
        XCTAssertTrue(interp.namesInScope.contains("inc"))
        XCTAssertTrue(interp.namesInScope.contains("print"))
    }

    func testFailedChunkDefinesNothing() {
        let interp = StandardLibrary.makeInterpreter()
        XCTAssertThrowsError(try interp.evaluate("let y = 1\nprint(nope)"))
        XCTAssertNil(interp.global("y"))
        XCTAssertThrowsError(try interp.evaluate("y"))
    }

    func testRuntimeErrorHasPositionAndStack() {
        let interp = StandardLibrary.makeInterpreter()
        XCTAssertThrowsError(try interp.evaluate("fn f(x) {\n  x / 0\n}\nf(1)", name: "cell")) { error in
            guard let e = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "division by zero")
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 5)
            XCTAssertEqual(e.trace.map(\.function), ["f", "<main>"])
            XCTAssertTrue(e.description.hasPrefix("cell:2:5: error: division by zero\n      x / 0\n        ^\nstack"))
        }
    }

    func testIsComplete() {
        XCTAssertTrue(Interpreter.isComplete("let x = 1"))
        XCTAssertFalse(Interpreter.isComplete("fn f() {"))
        XCTAssertFalse(Interpreter.isComplete("let x = [1,"))
        XCTAssertFalse(Interpreter.isComplete("let s = \"abc"))
        XCTAssertFalse(Interpreter.isComplete("let y = 1 +"))
        XCTAssertFalse(Interpreter.isComplete("xs |>"))
        XCTAssertTrue(Interpreter.isComplete("fn f() {\n 1\n}"))
    }

    func testSeedMakesRandomReproducible() throws {
        let a = StandardLibrary.makeInterpreter(), b = StandardLibrary.makeInterpreter()
        a.seed(42)
        b.seed(42)
        XCTAssertEqual(try a.evaluate("[random(), random_int(0, 100)]").display,
                       try b.evaluate("[random(), random_int(0, 100)]").display)
    }

    func testInterruptStopsALoop() {
        let interp = StandardLibrary.makeInterpreter()
        Interrupt.flag.pointee = 1
        XCTAssertThrowsError(try interp.evaluate("while true { }")) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "interrupted")
        }
        XCTAssertEqual(Interrupt.flag.pointee, 0)
    }

    func testTableTruncatesToWidth() {
        var options = DisplayOptions(width: 12, maxRows: 2)
        options.width = 12
        let rows: Value = .list((0..<3).map { .record([("name", .string("row\($0)-long-name")), ("n", .int($0))]) })
        XCTAssertEqual(Display.show(rows, options), "name       …\n-----------…\nrow0-long-n…\nrow1-long-n…\n… 1 more rows")
    }

    /// A native type registered from outside Lang: member, method and operator hooks.
    final class Counter: NativeObject {
        var n = 0
        var typeName: String { "counter" }
        func display(width: Int) -> String { "<counter \(n)>" }
        func member(_ name: String, interpreter: Interpreter) throws -> Value? { name == "n" ? .int(n) : nil }
        func callMethod(_ name: String, _ args: Arguments) throws -> Value? {
            guard name == "add" else { return nil }
            n += try args.int(0, "k")
            return .native(self)
        }
        func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? {
            guard op == .add, case .int(let k) = other else { return nil }
            return .int(n + k)
        }
    }

    func testNativeObjectsPlugIn() throws {
        let builtins = StandardLibrary.builtins()
        builtins.define("counter", "counter()", "A test counter.", topic: "test") { _ in .native(Counter()) }
        let interp = Interpreter(builtins: builtins)
        XCTAssertEqual(try interp.evaluate("let c = counter(); c.add(2).add(3); [c.n, c + 10, type(c)]").display,
                       "[5, 15, \"counter\"]")
        XCTAssertEqual(try interp.evaluate("c").display, "<counter 5>")
        XCTAssertThrowsError(try interp.evaluate("c.nope()"))
    }
}

final class DeepValueTests: XCTestCase {
    /// A million nested lists are built, shown, compared and freed without exhausting
    /// the native stack (the interpreter is released on the test's main thread).
    func testDeeplyNestedValuesAreSafe() throws {
        var interp: Interpreter? = StandardLibrary.makeInterpreter()
        let r = try interp!.evaluate("var a = []\nfor i in 0..1000000 { a = [a] }\nlen(str(a)) < 1000")
        XCTAssertEqual(r.display, "true")
        XCTAssertThrowsError(try interp!.evaluate("a == [[[[1]]]] or a == [a]"))
        interp = nil
    }
}

final class CallFromSwiftTests: XCTestCase {
    func testCallingAnSlmFunctionFromSwift() throws {
        let interp = StandardLibrary.makeInterpreter()
        _ = try interp.evaluate("fn depth(n) { if n == 0 { 0 } else { 1 + depth(n - 1) } }")
        let f = try XCTUnwrap(interp.global("depth"))
        guard case .int(let d) = try interp.call(f, [.int(10_000)]) else { return XCTFail("expected an int") }
        XCTAssertEqual(d, 10_000)
        XCTAssertThrowsError(try interp.call(f, [.string("x")]))
    }
}
