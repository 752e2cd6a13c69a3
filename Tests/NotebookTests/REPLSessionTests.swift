import Foundation
import Notebook
import XCTest

final class REPLSessionTests: XCTestCase {
    var out = ""
    var err = ""
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func session(seed: UInt64 = 0) -> REPLSession {
        REPLSession(seed: seed, write: { self.out += $0 }, writeError: { self.err += $0 })
    }

    /// Submits `entry` and returns what it wrote (output and errors), clearing both.
    private func say(_ s: REPLSession, _ entry: String) -> String {
        out = ""; err = ""
        s.submit(entry)
        return out + err
    }

    func testValuesUnderscoreAndCompleteness() {
        let s = session()
        XCTAssertEqual(say(s, "let xs = [1, 2, 3]"), "")
        XCTAssertEqual(say(s, "len(xs) * 10"), "30\n")
        XCTAssertEqual(say(s, "_ + 1"), "31\n")
        XCTAssertEqual(say(s, "print(\"hi\")"), "hi\n")
        XCTAssertEqual(say(s, "_"), "31\n", "nil does not replace _")
        XCTAssertFalse(REPLSession.isComplete("fn f(x) {"))
        XCTAssertFalse(REPLSession.isComplete("1 +"))
        XCTAssertFalse(REPLSession.isComplete("\"open"))
        XCTAssertFalse(REPLSession.isComplete("[1,"))
        XCTAssertTrue(REPLSession.isComplete("fn f(x) {\n x\n}"))
        XCTAssertTrue(REPLSession.isComplete(":load {"))
    }

    func testSavedSessionPassesCheck() throws {
        let s = session(seed: 5)
        _ = say(s, "fn add(a, b) {\n  a + b\n}")
        _ = say(s, "add(1, 2)")
        _ = say(s, "1 +* 2")                        // does not compile: left out
        _ = say(s, "[1][3]")                        // raises: kept with its error
        _ = say(s, "print(\"x\"); random_int(1, 1000)")
        _ = say(s, ":vars")
        _ = say(s, "_ * 2")
        _ = say(s, "let s = \"```\"\ns")
        XCTAssertEqual(s.cells.count, 6)
        let path = dir.appendingPathComponent("s.slmnb").path
        XCTAssertTrue(say(s, ":save \(path)").hasPrefix("saved 6 cells"))

        let notebook = try Notebook.read(path: path)
        XCTAssertEqual(notebook.frontMatter?.seed, 5)
        XCTAssertEqual(notebook.cells.map(\.code), ["fn add(a, b) {\n  a + b\n}", "add(1, 2)", "[1][3]",
                                                    "print(\"x\"); random_int(1, 1000)", "_ * 2", "let s = \"```\"\ns"])
        XCTAssertTrue(notebook.cells[2].output?.hasPrefix("cell 3:1:4: error:") ?? false)
        let runs = NotebookRunner(notebook: notebook, path: path).run()
        XCTAssertEqual(NotebookCheck.drifts(in: notebook, runs: runs, file: path), [])
        XCTAssertTrue(say(s, ":save \(dir.path)/s.txt").contains(".slmnb"))
    }

    func testMetaCommands() throws {
        let s = session()
        XCTAssertTrue(say(s, ":he").contains(":reload"))
        XCTAssertTrue(say(s, ":help len").hasPrefix("len(x)\n  "))
        XCTAssertTrue(say(s, ":help nosuch").contains("no built-in or command named 'nosuch'"))
        XCTAssertEqual(say(s, ":help :save"), ":save FILE.slmnb\n  save this session's inputs and outputs as a notebook\n")
        XCTAssertEqual(say(s, ":x"), "unknown command ':x'; type :help for the list\n")
        XCTAssertEqual(say(s, ":ty [1, 2]"), "list\n")
        XCTAssertEqual(say(s, ":type {a: 1}.a"), "int\n")
        _ = say(s, "var counter = 41")
        XCTAssertEqual(say(s, ":vars"), "counter: int = 41\n")
        XCTAssertTrue(say(s, ":time counter + 1").hasPrefix("42\ntime: "))
        XCTAssertEqual(say(s, ":hist"), "   1  :he\n   2  :help len\n   3  :help nosuch\n   4  :help :save\n   5  :x\n   6  :ty [1, 2]\n   7  :type {a: 1}.a\n   8  var counter = 41\n   9  :vars\n  10  :time counter + 1\n  11  :hist\n")
        XCTAssertEqual(say(s, ":reset"), "session reset: every definition forgotten\n")
        XCTAssertTrue(say(s, "counter").contains("unknown name 'counter'"))
        XCTAssertEqual(s.cells.count, 0)
        XCTAssertEqual(say(s, ":reload"), "nothing loaded yet: use :load FILE first\n")
        XCTAssertEqual(s.submit(":quit"), .quit)
        XCTAssertEqual(s.submit(":bogus"), .failed(status: 64))
        XCTAssertEqual(s.submit("1 +* 1"), .failed(status: 65))
        XCTAssertEqual(s.submit("error(\"e\")"), .failed(status: 70))
    }

    func testLoadAndReload() throws {
        let s = session()
        let file = dir.appendingPathComponent("lib.slm")
        try "var loads = 1\nprint(\"loaded\")\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(say(s, ":load \(file.path)"), "loaded\n")
        try "var loads = 2\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(say(s, ":rel"), "")
        XCTAssertEqual(say(s, "loads"), "2\n")
        let nb = dir.appendingPathComponent("n.slmnb")
        try "```slm\nlet fromNotebook = 7\n```\n```slm\nfromNotebook * 6\n```\n".write(to: nb, atomically: true, encoding: .utf8)
        XCTAssertEqual(say(s, ":load \"\(nb.path)\""), "42\n")
        XCTAssertTrue(say(s, ":load \(dir.path)/missing.slm").contains("missing.slm: cannot read the file"))
    }

    func testCompletionSeesSessionNamesAndFields() {
        let s = session()
        _ = say(s, "let record = {task: \"sql\", inner: {depth: 1}}")
        _ = say(s, "fn recompute() { 1 }")
        let c = s.completer
        XCTAssertEqual(c.complete(word: "rec", before: ""), ["recompute", "record"])
        XCTAssertEqual(c.complete(word: "record.", before: ""), ["record.inner", "record.task"])
        XCTAssertEqual(c.complete(word: "record.inner.d", before: ""), ["record.inner.depth"])
        XCTAssertTrue(c.complete(word: "le", before: "").contains("len"), "built-ins complete")
    }
}
