import Foundation
import Pipeline
import XCTest

final class LogStoreTests: XCTestCase {
    override class func tearDown() {
        removeTemporaryDirectories()
        super.tearDown()
    }

    func testRecordKeepsEveryFieldAndSkipsIdenticalCalls() throws {
        let store = try LogStore(path: ":memory:")
        XCTAssertEqual(try store.count(), 0)
        let call = sampleCall(1)
        let id = try XCTUnwrap(try store.record(call))
        XCTAssertNil(try store.record(call), "the same call again is a duplicate")
        XCTAssertEqual(try store.count(), 1)
        var back = try XCTUnwrap(try store.call(id: id))
        XCTAssertEqual(back.id, id)
        back.id = nil
        XCTAssertEqual(back, call)
        XCTAssertEqual(back.prompt, "How many orders in Berlin 1?")
        XCTAssertEqual(back.systemPrompt, "You write SQL.")
        XCTAssertEqual(back.toolResults.map(\.content), ["[[1]]"])
        // Tool calls and results live in their own tables.
        let tc = try store.sql("SELECT name, arguments, arguments_valid FROM tool_calls WHERE call_id = ?", [.int(id)])
        XCTAssertEqual(tc.rows, [[.text("execute_sql"), .text("{\"query\": \"SELECT 1\"}"), .int(1)]])
        let tr = try store.sql("SELECT tool_call_id, name, content FROM tool_results")
        XCTAssertEqual(tr.rows, [[.text("call_1"), .text("execute_sql"), .text("[[1]]")]])
    }

    func testCallsFiltersByAgentStatusTimeAndText() throws {
        let store = try LogStore(path: ":memory:")
        try store.record(contentsOf: (0..<20).map { i in
            sampleCall(i, agent: i % 2 == 0 ? "writer" : "fixer", status: i % 5 == 0 ? .error : .ok)
        })
        XCTAssertEqual(try store.calls(agent: "writer", limit: nil).count, 10)
        XCTAssertEqual(try store.calls(status: .error, limit: nil).count, 4)
        XCTAssertEqual(try store.calls(agent: "writer", status: .error, limit: nil).count, 2)
        let since = Timestamp.iso(milliseconds: 1_740_988_800_000 + 15 * 60_000)
        XCTAssertEqual(try store.calls(since: since, limit: nil).map { $0.output }, (15..<20).map { "SELECT COUNT(*) FROM orders -- \($0)" })
        XCTAssertEqual(try store.calls(limit: 3).count, 3)
        let hits = try store.calls(search: "Berlin 7?", limit: nil)
        XCTAssertEqual(hits.map(\.prompt), ["How many orders in Berlin 7?"])
        XCTAssertEqual(try store.calls(search: "orders \"quoted\" (", limit: nil).count, 0, "punctuation is not FTS syntax")
        XCTAssertThrowsError(try store.calls(since: "last tuesday"))
    }

    func testSQLBindsParametersAndRefusesWritesAndSecondStatements() throws {
        let store = try LogStore(path: ":memory:")
        try store.record(contentsOf: (0..<5).map { sampleCall($0) })
        let r = try store.sql("SELECT count(*) AS n FROM calls WHERE input_tokens >= ? AND agent = ?", [.int(102), .text("writer")])
        XCTAssertEqual(r.columns, ["n"])
        XCTAssertEqual(r.rows, [[.int(3)]])
        // A value with SQL in it stays a value.
        XCTAssertEqual(try store.sql("SELECT count(*) FROM calls WHERE agent = ?", [.text("x' OR '1'='1")]).rows, [[.int(0)]])
        XCTAssertThrowsError(try store.sql("DELETE FROM calls"))
        XCTAssertThrowsError(try store.sql("SELECT 1; DELETE FROM calls"))
        XCTAssertThrowsError(try store.sql("SELECT ?", []))
        XCTAssertEqual(try store.count(), 5)
        let fts = try store.sql("SELECT count(*) FROM calls_fts WHERE calls_fts MATCH ?", [.text("orders")])
        XCTAssertEqual(fts.rows, [[.int(5)]])
    }

    func testStatsPerAgent() throws {
        let store = try LogStore(path: ":memory:")
        // writer: latencies 10, 20, ..., 100 ms; one of ten failed.
        try store.record(contentsOf: (0..<10).map { sampleCall($0, agent: "writer", status: $0 == 3 ? .timeout : .ok, latency: Double($0 + 1) * 10) })
        try store.record(contentsOf: (10..<14).map { sampleCall($0, agent: "fixer", latency: 500) })
        let stats = try store.stats()
        XCTAssertEqual(stats.map(\.group), ["fixer", "writer"])
        let writer = stats[1]
        XCTAssertEqual(writer.count, 10)
        XCTAssertEqual(writer.failures, 1)
        XCTAssertEqual(writer.errorRate, 0.1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(writer.latencyP50), 55, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(writer.latencyP95), 95.5, accuracy: 1e-9)
        XCTAssertEqual(writer.inputTokens, (0..<10).reduce(0) { $0 + 100 + $1 })
        XCTAssertEqual(writer.outputTokens, (0..<10).reduce(0) { $0 + 10 + $1 })
        XCTAssertEqual(writer.cost, 0.01, accuracy: 1e-12)
        XCTAssertEqual(stats[0].latencyP95, 500)
        XCTAssertEqual(try store.stats(by: .status).map(\.group), ["ok", "timeout"])
    }

    func testFileIsPrivateWALAndReopens() throws {
        let dir = try temporaryDirectory("store")
        let path = dir + "/calls.db"
        do {
            let store = try LogStore(path: path)
            try store.record(sampleCall(1))
            var st = stat()
            XCTAssertEqual(stat(path, &st), 0)
            XCTAssertEqual(st.st_mode & 0o777, 0o600)
            XCTAssertEqual(stat(path + "-wal", &st), 0, "WAL mode keeps a -wal file while open")
            XCTAssertEqual(st.st_mode & 0o777, 0o600)
            XCTAssertEqual(try store.sql("SELECT journal_mode FROM pragma_journal_mode").rows, [[.text("wal")]])
        }
        let again = try LogStore(path: path)
        XCTAssertEqual(try again.count(), 1)
        XCTAssertEqual(try again.integrityCheck(), ["ok"])
    }

    func testAnotherToolReadsTheFile() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite3) else { throw XCTSkip("no sqlite3 shell installed") }
        let path = try temporaryDirectory("shell") + "/calls.db"
        try LogStore(path: path).record(contentsOf: (0..<3).map { sampleCall($0) })
        let p = Process()
        p.executableURL = URL(fileURLWithPath: sqlite3)
        p.arguments = [path, "SELECT count(*) FROM calls; SELECT name FROM tool_calls LIMIT 1; SELECT count(*) FROM calls_fts WHERE calls_fts MATCH 'berlin';"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(out, "3\nexecute_sql\n3\n")
    }
}
