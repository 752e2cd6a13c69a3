import Foundation
import XCTest

/// Runs the built `slm` executable as a user would.
final class CommandLineTests: XCTestCase {
    static let repository = NotebookRunTests.repository

    /// The `slm` binary built next to this test bundle.
    static var slm: URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let here = products.appendingPathComponent("slm")
        if FileManager.default.isExecutableFile(atPath: here.path) { return here }
        return Bundle.main.bundleURL.appendingPathComponent("slm")
    }

    @discardableResult
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    in directory: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = slm
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    var dir: URL!

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.slm.path), "slm is not built")
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    func testCheckPassesOnEveryNotebook() throws {
        let folder = Self.repository.appendingPathComponent("notebooks")
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".slmnb") }.sorted().map { folder.appendingPathComponent($0).path }
        let result = try Self.run(["check"] + notebooks)
        XCTAssertEqual(result.status, 0, result.out + result.err)
        XCTAssertEqual(result.out.components(separatedBy: "cells match").count - 1, notebooks.count, result.out)
    }

    func testCheckFailsOnATamperedOutputWithADiff() throws {
        let tour = try String(contentsOf: Self.repository.appendingPathComponent("notebooks/00-tour.slmnb"), encoding: .utf8)
        let tampered = tour.replacingOccurrences(of: "```output\n5050\n```", with: "```output\n5051\n```")
        XCTAssertNotEqual(tampered, tour)
        let path = dir.appendingPathComponent("tour.slmnb").path
        try tampered.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.run(["check", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("@@ -1 +1 @@\n-5051\n+5050\n"), result.out)
        XCTAssertTrue(result.out.contains("1 of \(tour.components(separatedBy: "```slm").count - 1) cells drifted"), result.out)

        // --update accepts the replayed outputs: the file is the original again, but for
        // the volatile timing cell.
        XCTAssertEqual(try Self.run(["run", "--update", path]).status, 0)
        let updated = try String(contentsOfFile: path, encoding: .utf8)
        let volatileTiming = try NSRegularExpression(pattern: "took [0-9]+ ms")
        func withoutTimings(_ s: String) -> String {
            volatileTiming.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "took N ms")
        }
        XCTAssertEqual(withoutTimings(updated), withoutTimings(tour))
        XCTAssertEqual(try Self.run(["check", path]).status, 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(leftovers, ["tour.slmnb"], "no temporary file left behind")
    }

    func testRunPrintsMarkdownAndOutputsWithParams() throws {
        let path = dir.appendingPathComponent("p.slmnb").path
        try "---\nparams:\n  n: 2\n---\n# Squares\n\n```slm\nparams.n ** 2\n```\n\n```output\nold\n```\n\n```slm\n[1][4]\n```\n\n```slm\n\"end\"\n```\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let plain = try Self.run(["run", path])
        XCTAssertEqual(plain.status, 0, "errors are stored, the run goes on")
        XCTAssertTrue(plain.out.hasPrefix("---\nparams:\n  n: 2\n---\n# Squares\n\n```slm\nparams.n ** 2\n```\n\n```output\n4\n```\n"), plain.out)
        XCTAssertTrue(plain.out.contains("error: index 4 out of range"))
        XCTAssertTrue(plain.out.hasSuffix("```slm\n\"end\"\n```\n\n```output\n\"end\"\n```\n"), plain.out)
        XCTAssertTrue(plain.err.contains("error in cell 2"))

        XCTAssertTrue(try Self.run(["run", path, "-p", "n=12"]).out.contains("```output\n144\n```"))
        let stopped = try Self.run(["run", "--stop-on-error", path])
        XCTAssertEqual(stopped.status, 70)
        XCTAssertFalse(stopped.out.contains("\"end\""))
        XCTAssertEqual(try Self.run(["run", path, "-p", "oops"]).status, 64)
    }

    func testMalformedNotebookNamesFileAndLine() throws {
        let path = dir.appendingPathComponent("bad.slmnb").path
        try "# t\n\n```slm\n1\n".write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["check", path], ["run", path], ["export", path, "--html", "x.html"]] {
            let result = try Self.run(command, in: dir)
            XCTAssertEqual(result.status, 65)
            XCTAssertEqual(result.err, "\(path):3: error: unclosed slm cell: no closing ``` found\n")
        }
    }

    func testExportWritesOneSelfContainedPage() throws {
        let html = dir.appendingPathComponent("tour.html").path
        let tour = Self.repository.appendingPathComponent("notebooks/00-tour.slmnb").path
        let result = try Self.run(["export", tour, "--html", html])
        XCTAssertEqual(result.status, 0, result.err)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("<title>A tour of the slm language</title>"))
        XCTAssertTrue(page.contains("<figure class=\"plot\"><svg xmlns='http://www.w3.org/2000/svg'"))
        XCTAssertTrue(page.contains("<pre class=\"output error\">cell 11:1:10: error: index 10 out of range"))
        XCTAssertFalse(page.contains("<script"))

        let stored = try Self.run(["export", tour, "--html", html, "--stored"])
        XCTAssertEqual(stored.status, 0, stored.err)
        let storedPage = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(storedPage.contains("<pre class=\"output\">5050\n</pre>"))
        XCTAssertFalse(storedPage.contains("<figure"), "stored outputs carry no pictures")
    }

    func testPipedREPLHasNoPromptAndExitsLikeAFileRun() throws {
        let ok = try Self.run([], input: "let x = 2\nfn f(a) {\n  a * x\n}\nf(21)\n:type f\n")
        XCTAssertEqual(ok.status, 0)
        XCTAssertEqual(ok.out, "42\nfunction\n", "no banner, no prompt")
        XCTAssertEqual(ok.err, "")
        let failing = try Self.run([], input: "[1][2]\n\"still running\"\n", environment: ["TERM": "xterm"])
        XCTAssertEqual(failing.status, 70)
        XCTAssertEqual(failing.out, "\"still running\"\n")
        XCTAssertFalse(failing.err.contains("\u{1B}["), "no colour off a terminal")
        let unfinished = try Self.run([], input: "fn f() {\n")
        XCTAssertEqual(unfinished.status, 65)
    }

    /// The tmux-driven REPL test (Tests/repl/repl_test.sh): editing, multi-line input,
    /// completion, Ctrl-C and :save in a real terminal.
    func testREPLInATerminal() throws {
        let script = Self.repository.appendingPathComponent("Tests/repl/repl_test.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, Self.slm.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let log = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 { throw XCTSkip("tmux is not installed") }
        XCTAssertEqual(process.terminationStatus, 0, log)
    }
}
