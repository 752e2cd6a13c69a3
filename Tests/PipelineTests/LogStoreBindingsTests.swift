import Foundation
import Lang
import Std
import XCTest

/// The log store as slm code sees it.
final class LogStoreBindingsTests: XCTestCase {
    func run(_ source: String) throws -> (value: Value, display: String?, output: String) {
        let interp = StandardLibrary.makeInterpreter()
        var output = ""
        interp.output = { output += $0 }
        let e = try interp.evaluate(source)
        return (e.value, e.display, output)
    }

    func testRecordCountCallsSQLAndStats() throws {
        let r = try run("""
            let store = open_log(":memory:")
            store.record(timestamp: "2025-03-03T08:00:00Z", agent: "writer", model: "gpt-4o-mini", system: "You write SQL.",
                         prompt: "How many orders?", output: "SELECT count(*) FROM orders", latency_ms: 120, input_tokens: 1000,
                         output_tokens: 100, tool_calls: [{name: "execute_sql", arguments: {query: "SELECT 1"}}])
            store.record(timestamp: "2025-03-03T08:01:00Z", agent: "writer", prompt: "And customers?", status: "timeout",
                         error: "timed out", latency_ms: 60000)
            let again = store.record(timestamp: "2025-03-03T08:01:00Z", agent: "writer", prompt: "And customers?",
                                     status: "timeout", error: "timed out", latency_ms: 60000)
            let calls = store.calls(agent: "writer")
            let first = calls[0]
            let rows = store.sql("SELECT agent, count(*) AS n FROM calls WHERE status = ? GROUP BY agent", ["ok"])
            let stats = store.stats()
            print(store.count(), again, len(calls), first.prompt, first.tool_calls[0].name, first.cost_usd)
            print(first.messages[0].role, rows[0].n, stats[0].group, stats[0].count, stats[0].error_rate, stats[0].p95_ms)
            print(len(store.calls(search: "customers")), len(store.calls(status: "timeout")), store.calls(since: "2025-03-03T08:00:30Z")[0].error)
            calls
            """)
        let lines = r.output.split(separator: "\n")
        XCTAssertEqual(lines[0], "2 nil 2 How many orders? execute_sql 0.00021")
        XCTAssertEqual(lines[1], "system 1 writer 2 0.5 57006.0")
        XCTAssertEqual(lines[2], "1 1 timed out")
        let table = try XCTUnwrap(r.display)
        XCTAssertTrue(table.hasPrefix("id"), table)
        XCTAssertTrue(table.contains("How many orders?"), table)
    }

    func testDemoWorkloadImportAndChart() throws {
        let dir = try temporaryDirectory("bindings")
        let r = try run("""
            let n = demo_agent_logs("\(dir)/calls.jsonl", n: 300, seed: 1)
            let store = open_log("\(dir)/calls.db")
            let report = store.import_file("\(dir)/calls.jsonl")
            let again = store.import_file("\(dir)/calls.jsonl")
            print(n, report.imported + report.skipped, again.imported, len(report.errors), store.count() == report.imported)
            print(len(demo_databases("\(dir)")))
            store.chart("p95_ms", by: "model")
            """)
        XCTAssertEqual(r.output, "300 300 0 0 true\n3\n")
        let chart = try XCTUnwrap(r.display)
        XCTAssertTrue(chart.hasPrefix("p95_ms\n"), chart)
        XCTAssertTrue(chart.contains("gpt-4o-mini-2024-07-18"), chart)
        XCTAssertTrue(chart.contains("█"), chart)
    }

    func testBadInputIsACatchableError() throws {
        let r = try run("""
            let store = open_log(":memory:")
            var messages = []
            try { store.sql("DELETE FROM calls") } catch e { messages = messages + [e.message] }
            try { store.record(prompt: "x", colour: "red") } catch e { messages = messages + [e.message] }
            try { store.record(prompt: "x", status: "maybe") } catch e { messages = messages + [e.message] }
            try { store.import_file("/nonexistent.jsonl") } catch e { messages = messages + [e.message] }
            try { store.calls(since: "someday") } catch e { messages = messages + [e.message] }
            messages
            """)
        guard case .list(let list) = r.value else { return XCTFail("expected a list, got \(r.value)") }
        let messages = list.items.map { Display.str($0) }
        XCTAssertEqual(messages.count, 5)
        XCTAssertTrue(messages[0].contains("read-only"), messages[0])
        XCTAssertTrue(messages[1].contains("no field 'colour'"), messages[1])
        XCTAssertTrue(messages[2].contains("status"), messages[2])
        XCTAssertTrue(messages[3].contains("/nonexistent.jsonl"), messages[3])
        XCTAssertTrue(messages[4].contains("ISO 8601"), messages[4])
    }
}
