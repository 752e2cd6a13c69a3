// Runs every Tests/lang/**/*.slm program and checks it against its inline expectations:
//   # expect: TEXT                 the next line of standard output
//   # expect error: MESSAGE        a parse/resolve error on this line (exit code 65)
//   # expect runtime error: MESSAGE  the runtime error, raised on this line (exit code 70)

import Foundation
import Lang
import Std
import XCTest

final class LanguageFileTests: XCTestCase {
    struct Expectations {
        var output: [String] = []
        var errors: [(line: Int, message: String)] = []
        var runtimeError: (line: Int, message: String)?
        var count: Int { output.count + errors.count + (runtimeError == nil ? 0 : 1) }
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lang")

    static func expectations(in source: String) -> Expectations {
        var e = Expectations()
        for (i, line) in source.components(separatedBy: "\n").enumerated() {
            if let r = line.range(of: "# expect: ") {
                e.output.append(String(line[r.upperBound...]))
            } else if let r = line.range(of: "# expect error: ") {
                e.errors.append((i + 1, String(line[r.upperBound...])))
            } else if let r = line.range(of: "# expect runtime error: ") {
                e.runtimeError = (i + 1, String(line[r.upperBound...]))
            }
        }
        return e
    }

    func testLanguageFiles() throws {
        let files = FileManager.default.enumerator(atPath: Self.root.path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".slm") }.sorted() ?? []
        XCTAssertGreaterThan(files.count, 20, "no test programs found under \(Self.root.path)")
        var total = 0
        for relative in files {
            let path = Self.root.appendingPathComponent(relative).path
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let expected = Self.expectations(in: source)
            total += expected.count
            var stdout = ""
            var stderr = ""
            let interpreter = StandardLibrary.makeInterpreter()
            interpreter.searchPaths = [Self.root.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("stdlib").path]
            let code = ScriptRunner.run(source: source, name: path, interpreter: interpreter,
                                        output: { stdout += $0 }, errorOutput: { stderr += $0 })
            var lines = stdout.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            XCTAssertEqual(lines, expected.output, "\(relative): standard output")
            let errorLines = stderr.components(separatedBy: "\n").filter { $0.hasPrefix(path + ":") }
            if !expected.errors.isEmpty {
                XCTAssertEqual(code, ExitStatus.programError, "\(relative): exit code\n\(stderr)")
                for (line, message) in expected.errors {
                    let found = errorLines.contains {
                        $0.hasPrefix("\(path):\(line):") && $0.contains(": error: \(message)")
                    }
                    XCTAssertTrue(found, "\(relative):\(line): expected error '\(message)', got:\n\(stderr)")
                }
                XCTAssertEqual(errorLines.count, expected.errors.count, "\(relative): error count\n\(stderr)")
            } else if let (line, message) = expected.runtimeError {
                XCTAssertEqual(code, ExitStatus.runtimeError, "\(relative): exit code\n\(stderr)")
                let first = stderr.components(separatedBy: "\n").first ?? ""
                XCTAssertTrue(first.hasPrefix("\(path):\(line):") && first.contains(": error: \(message)"),
                              "\(relative):\(line): expected runtime error '\(message)', got:\n\(stderr)")
            } else {
                XCTAssertEqual(code, ExitStatus.ok, "\(relative): exit code\n\(stderr)")
                XCTAssertEqual(stderr, "", "\(relative): unexpected diagnostics")
            }
        }
        print("Ran \(total) expectations in \(files.count) slm test programs.")
        XCTAssertGreaterThanOrEqual(total, 150)
    }
}
