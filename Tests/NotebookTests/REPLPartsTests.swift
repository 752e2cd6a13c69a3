import Foundation
import Notebook
import XCTest

final class REPLPartsTests: XCTestCase {
    func testMetaCommandsByUnambiguousPrefix() throws {
        XCTAssertEqual(try MetaCommand(parsing: ":help"), .help(topic: nil))
        XCTAssertEqual(try MetaCommand(parsing: ":he len"), .help(topic: "len"))
        XCTAssertEqual(try MetaCommand(parsing: "  :l data/a.slm "), .load(path: "data/a.slm"))
        XCTAssertEqual(try MetaCommand(parsing: ":load \"my file.slm\""), .load(path: "my file.slm"))
        XCTAssertEqual(try MetaCommand(parsing: ":rel"), .reload)
        XCTAssertEqual(try MetaCommand(parsing: ":sa s.slmnb"), .save(path: "s.slmnb"))
        XCTAssertEqual(try MetaCommand(parsing: ":ti fib(20)"), .time(source: "fib(20)"))
        XCTAssertEqual(try MetaCommand(parsing: ":ty [1, 2]"), .type(source: "[1, 2]"))
        XCTAssertEqual(try MetaCommand(parsing: ":v"), .vars)
        XCTAssertEqual(try MetaCommand(parsing: ":hi"), .history)
        XCTAssertEqual(try MetaCommand(parsing: ":q"), .quit)
        XCTAssertEqual(try MetaCommand(parsing: ":res"), .reset)

        XCTAssertThrowsError(try MetaCommand(parsing: ":r")) {
            XCTAssertEqual($0 as? MetaCommand.ParseError, .ambiguous("r", candidates: ["reload", "reset"]))
        }
        XCTAssertThrowsError(try MetaCommand(parsing: ":frobnicate")) {
            XCTAssertEqual(String(describing: $0), "unknown command ':frobnicate'; type :help for the list")
        }
        XCTAssertThrowsError(try MetaCommand(parsing: ":")) {
            XCTAssertEqual($0 as? MetaCommand.ParseError, .unknown(""))
        }
        XCTAssertThrowsError(try MetaCommand(parsing: ":load")) {
            XCTAssertEqual(String(describing: $0), ":load needs FILE")
        }
        XCTAssertThrowsError(try MetaCommand(parsing: ":quit now")) {
            XCTAssertEqual($0 as? MetaCommand.ParseError, .unexpectedArgument(command: "quit"))
        }
        XCTAssertTrue(MetaCommand.isMetaCommand("  :q"))
        XCTAssertFalse(MetaCommand.isMetaCommand("{a: 1}"))
        for spec in MetaCommand.specs { XCTAssertTrue(MetaCommand.helpText.contains(":" + spec.name)) }
    }

    func testHistoryKeepsMultiLineEntriesAndSkipsRepeats() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hist-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var history = History(path: path)
        XCTAssertTrue(history.add("fn f(x) {\n  x \\ 2\n}"))
        XCTAssertTrue(history.add("1 + 1"))
        XCTAssertFalse(history.add("1 + 1"), "consecutive duplicate")
        XCTAssertFalse(history.add("   "))
        XCTAssertTrue(history.add("fn f(x) {\n  x \\ 2\n}"))
        let again = History(path: path)
        XCTAssertEqual(again.entries, ["fn f(x) {\n  x \\ 2\n}", "1 + 1", "fn f(x) {\n  x \\ 2\n}"])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count, 3)

        var small = History(path: path, limit: 2)
        XCTAssertEqual(small.entries.count, 2)
        XCTAssertEqual(History(path: path).entries.count, 2, "trimmed on load")
        for i in 0..<5 { small.add("e\(i)") }
        XCTAssertLessThanOrEqual(History(path: path).entries.count, 4)
        XCTAssertEqual(History(path: path).entries.last, "e4")
    }

    func testCompletion() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("comp-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in ["metrics.slm", "mean.slmnb", "notes.txt", "data/calls.slm"] {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(file).path, contents: Data())
        }
        let completer = Completer(
            names: { ["store", "square", "sum", "split", "print"] },
            fields: { $0 == "r" || $0 == "a.b" ? ["task", "score", "tags"] : nil },
            directory: dir.path)

        XCTAssertEqual(completer.complete(word: "s", before: ""), ["split", "square", "store", "sum"])
        XCTAssertEqual(completer.complete(word: "sq", before: "let y = "), ["square"])
        XCTAssertEqual(completer.complete(word: "r.ta", before: "print("), ["r.tags", "r.task"])
        XCTAssertEqual(completer.complete(word: "a.b.s", before: ""), ["a.b.score"])
        XCTAssertEqual(completer.complete(word: "x.t", before: ""), [])
        XCTAssertEqual(completer.complete(word: ":h", before: ""), [":help", ":history"])
        XCTAssertEqual(completer.complete(word: ":", before: "  ").count, MetaCommand.specs.count)
        XCTAssertEqual(completer.complete(word: "m", before: ":load "), ["mean.slmnb", "metrics.slm"])
        XCTAssertEqual(completer.complete(word: "", before: ":lo \""), ["data/", "mean.slmnb", "metrics.slm"])
        XCTAssertEqual(completer.complete(word: "data/c", before: ":l "), ["data/calls.slm"])
        XCTAssertEqual(completer.complete(word: "me", before: "import \""), ["metrics"])
        XCTAssertEqual(completer.complete(word: "data/", before: "let m = import \""), ["data/calls"])
        XCTAssertEqual(completer.complete(word: "me", before: "print(\""), [], "plain strings are not paths")
    }
}
