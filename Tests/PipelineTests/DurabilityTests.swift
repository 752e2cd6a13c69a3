import Foundation
import Pipeline
import XCTest

/// Crash and concurrency behaviour of the store, with importers in separate processes.
final class DurabilityTests: XCTestCase {
    override class func tearDown() {
        removeTemporaryDirectories()
        super.tearDown()
    }

    /// slm-ingest-probe is built next to the test bundle (PipelineTests depends on it).
    func probePath() throws -> String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("slm-ingest-probe").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("slm-ingest-probe not found next to \(CommandLine.arguments[0])")
    }

    /// The number of distinct calls in the files, by a clean in-memory import.
    func distinctCalls(_ paths: [String]) throws -> Int {
        let store = try LogStore(path: ":memory:")
        for p in paths { _ = try store.importFile(p, showProgress: false) }
        return try store.count()
    }

    func testKillDuringImportLosesNoCommittedRow() throws {
        let dir = try temporaryDirectory("kill")
        let jsonl = dir + "/calls.jsonl", db = dir + "/calls.db"
        try demoAgentLogs(path: jsonl, n: 5000, seed: 21)
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: try probePath())
        probe.arguments = [db, jsonl, "100"]
        let out = Pipe()
        probe.standardOutput = out
        try probe.run()
        var committed = 0, commits = 0, buffer = ""
        while commits < 5 {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            while let nl = buffer.firstIndex(of: "\n") {
                let line = buffer[..<nl]
                if line.hasPrefix("committed "), let n = Int(line.dropFirst(10)) { committed = n; commits += 1 }
                buffer = String(buffer[buffer.index(after: nl)...])
            }
        }
        kill(probe.processIdentifier, SIGKILL)
        probe.waitUntilExit()
        XCTAssertEqual(probe.terminationReason, .uncaughtSignal, "the import finished before it could be killed")
        XCTAssertGreaterThanOrEqual(commits, 5)

        let store = try LogStore(path: db)
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        let survived = try store.count()
        XCTAssertGreaterThanOrEqual(survived, committed, "every committed row survives SIGKILL")
        // Running the import again completes it, adding only what was lost.
        let report = try store.importFile(jsonl, showProgress: false)
        XCTAssertEqual(report.errorCount, 0)
        XCTAssertEqual(try store.count(), try distinctCalls([jsonl]))
        XCTAssertEqual(survived + report.imported, try store.count())
    }

    func testTwoProcessesImportingAtOnceLoseNothing() throws {
        let dir = try temporaryDirectory("concurrent")
        let all = dir + "/all.jsonl", a = dir + "/a.jsonl", b = dir + "/b.jsonl", db = dir + "/calls.db"
        try demoAgentLogs(path: all, n: 3000, seed: 33)
        let lines = try String(contentsOfFile: all, encoding: .utf8).split(separator: "\n")
        // Overlapping halves: the middle third is in both files.
        try (lines[0..<2000].joined(separator: "\n") + "\n").write(toFile: a, atomically: true, encoding: .utf8)
        try (lines[1000...].joined(separator: "\n") + "\n").write(toFile: b, atomically: true, encoding: .utf8)
        _ = try LogStore(path: db)
        let probes = try [a, b].map { file -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try probePath())
            p.arguments = [db, file, "50"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in probes {
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0)
        }
        let store = try LogStore(path: db)
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        XCTAssertEqual(try store.count(), try distinctCalls([all]))
        let orphans = try store.sql("SELECT count(*) FROM tool_calls WHERE call_id NOT IN (SELECT id FROM calls)")
        XCTAssertEqual(orphans.rows, [[.int(0)]])
    }
}
