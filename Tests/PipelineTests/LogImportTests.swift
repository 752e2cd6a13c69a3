import Foundation
import Pipeline
import XCTest

final class LogImportTests: XCTestCase {
    func testDemoLogImportsAndReimportAddsNothing() throws {
        let dir = try temporaryDirectory("import")
        let jsonl = dir + "/calls.jsonl"
        XCTAssertEqual(try demoAgentLogs(path: jsonl, n: 600, seed: 3), 600)
        let store = try LogStore(path: dir + "/calls.db")
        var commits: [Int] = []
        let first = try store.importFile(jsonl, batchSize: 100, showProgress: false) { commits.append($0) }
        XCTAssertEqual(first.errorCount, 0, "\(first.errors.prefix(3))")
        XCTAssertEqual(first.imported + first.skipped, 600)
        XCTAssertGreaterThan(first.skipped, 0, "the demo log repeats some lines verbatim")
        XCTAssertEqual(try store.count(), first.imported)
        XCTAssertEqual(commits.last, first.imported)
        XCTAssertGreaterThanOrEqual(commits.count, 6)
        let again = try store.importFile(jsonl, showProgress: false)
        XCTAssertEqual(again.imported, 0)
        XCTAssertEqual(again.skipped, 600)
        XCTAssertEqual(try store.count(), first.imported)
        XCTAssertGreaterThan(try store.sql("SELECT count(*) FROM tool_calls").rows[0][0].intValue ?? 0, 0)
        XCTAssertGreaterThan(try store.sql("SELECT count(*) FROM tool_results").rows[0][0].intValue ?? 0, 0)
        XCTAssertEqual(Set(try store.stats().map(\.group)), ["query-writer"])
        XCTAssertGreaterThan(try store.stats(by: .model).count, 1)
    }

    func testMalformedLinesAreReportedWithLineNumbersAndGoodLinesKept() throws {
        let dir = try temporaryDirectory("bad")
        let path = dir + "/mixed.jsonl"
        let good = { (i: Int) in
            #"{"timestamp": "2025-01-0\#(i)T10:00:00Z", "agent": "a", "request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "q\#(i)"}]}, "response": {"choices": [{"message": {"role": "assistant", "content": "a\#(i)"}}], "usage": {"prompt_tokens": 10, "completion_tokens": 2}}, "latency_ms": 12, "status": "ok", "error": null}"#
        }
        let lines = [
            good(1),
            #"{"timestamp": "2025-01-01", "request": {"model": "#,                      // 2: truncated JSON
            good(2),
            #"{"timestamp": "2025-01-01", "response": {}}"#,                            // 4: no request
            #"{"timestamp": "2025-01-01", "status": "maybe", "request": {"messages": []}, "response": null}"#, // 5
            "",                                                                         // 6: blank, ignored
            #"{"timestamp": "noon", "request": {"messages": []}, "response": null, "status": "error"}"#, // 7
            good(3) + "\r",
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let store = try LogStore(path: ":memory:")
        let report = try store.importFile(path, showProgress: false)
        XCTAssertEqual(report.imported, 3)
        XCTAssertEqual(report.errors.map(\.line), [2, 4, 5, 7])
        XCTAssertTrue(report.errors[0].message.contains("invalid JSON"), report.errors[0].message)
        XCTAssertTrue(report.errors[0].message.contains("column"), report.errors[0].message)
        XCTAssertTrue(report.errors[1].message.contains("request"), report.errors[1].message)
        XCTAssertTrue(report.errors[2].message.contains("status"), report.errors[2].message)
        XCTAssertTrue(report.errors[3].message.contains("timestamp"), report.errors[3].message)
        let calls = try store.calls(limit: nil)
        XCTAssertEqual(calls.map(\.output), ["a1", "a2", "a3"])
        XCTAssertEqual(calls[0].cost ?? 0, (10 * 2.5 + 2 * 10.0) / 1e6, accuracy: 1e-15)
    }

    func testHostileLinesAreErrorsNotCrashes() throws {
        let path = try temporaryDirectory("hostile") + "/hostile.jsonl"
        let lines = [String(repeating: "[", count: 200_000), String(repeating: "{\"a\":", count: 100_000), "\u{FF}\u{FE}", "null", "[]"]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try LogStore(path: ":memory:").importFile(path, showProgress: false)
        XCTAssertEqual(report.imported, 0)
        XCTAssertEqual(report.errors.map(\.line), [1, 2, 3, 4, 5])
        XCTAssertTrue(report.errors[0].message.contains("nesting"), report.errors[0].message)
    }

    func testMissingFileIsAnErrorNamingIt() throws {
        let store = try LogStore(path: ":memory:")
        XCTAssertThrowsError(try store.importFile("/nonexistent/calls.jsonl", showProgress: false)) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/calls.jsonl"))
        }
    }

    func testPlainOpenAIRequestResponsePairs() throws {
        let path = try temporaryDirectory("openai") + "/pairs.jsonl"
        let pair = """
        {"request": {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"}]}], "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]}, "response": {"id": "chatcmpl-1", "object": "chat.completion", "created": 1735689600, "model": "gpt-4o-mini-2024-07-18", "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]}, "finish_reason": "tool_calls"}], "usage": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}}}
        {"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": {"status_code": 200, "body": {"created": 1735689660, "choices": [{"message": {"role": "assistant", "content": "hello"}}], "usage": {"prompt_tokens": 5, "completion_tokens": 1}}}}
        """
        try pair.write(toFile: path, atomically: true, encoding: .utf8)
        let store = try LogStore(path: ":memory:")
        let report = try store.importFile(path, showProgress: false)
        XCTAssertEqual(report.imported, 2, "\(report.errors)")
        let calls = try store.calls(limit: nil)
        XCTAssertEqual(calls[0].timestamp, "2025-01-01T00:00:00.000Z")
        XCTAssertEqual(calls[0].prompt, "Weather in Paris?")
        XCTAssertEqual(calls[0].systemPrompt, "Be brief.")
        XCTAssertNil(calls[0].output)
        XCTAssertEqual(calls[0].toolCalls, [ToolCall(id: "call_a", name: "get_weather", arguments: #"{"city": "Paris"}"#)])
        XCTAssertEqual(calls[0].inputTokens, 1000)
        XCTAssertEqual(calls[0].status, .ok)
        XCTAssertEqual(calls[0].cost ?? 0, (1000 * 0.15 + 200 * 0.60) / 1e6, accuracy: 1e-15)
        XCTAssertEqual(calls[1].output, "hello")
        XCTAssertEqual(calls[1].timestamp, "2025-01-01T00:01:00.000Z")
    }

    /// A logs.db in the shape simonw/llm documents (docs/logging.md, SQL schema section).
    func testLLMLogsDatabase() throws {
        let dir = try temporaryDirectory("llm")
        let path = dir + "/logs.db"
        let db = try SQLiteConnection(path: path)
        try db.execute("""
            CREATE TABLE [conversations] ([id] TEXT PRIMARY KEY, [name] TEXT, [model] TEXT);
            CREATE TABLE [responses] ([id] TEXT PRIMARY KEY, [model] TEXT, [prompt] TEXT, [system] TEXT, [prompt_json] TEXT,
              [options_json] TEXT, [response] TEXT, [response_json] TEXT, [conversation_id] TEXT REFERENCES [conversations]([id]),
              [duration_ms] INTEGER, [datetime_utc] TEXT, [input_tokens] INTEGER, [output_tokens] INTEGER, [token_details] TEXT,
              [schema_id] TEXT);
            CREATE VIRTUAL TABLE [responses_fts] USING FTS5 ([prompt], [response], content=[responses]);
            INSERT INTO conversations VALUES ('01conv', 'names', 'gpt-4o-mini');
            INSERT INTO responses (id, model, prompt, system, response, conversation_id, duration_ms, datetime_utc, input_tokens, output_tokens)
              VALUES ('01a', 'gpt-4o-mini', 'Ten names for cheesecakes', 'Be creative', '1. Cheesy', '01conv', 1200, '2023-08-12T16:39:39.123456', 12, 40);
            INSERT INTO responses (id, model, prompt, prompt_json, response, conversation_id, duration_ms, datetime_utc)
              VALUES ('01b', 'gpt-4o-mini', 'More', '{"messages": [{"role": "user", "content": "Ten names for cheesecakes"}, {"role": "assistant", "content": "1. Cheesy"}, {"role": "user", "content": "More"}]}', '11. Creamy', '01conv', 900, '2023-08-12T16:40:00.5');
            INSERT INTO responses (id, model, prompt, response, datetime_utc) VALUES ('01c', 'x', 'p', 'r', 'not a date');
            """)
        let store = try LogStore(path: ":memory:")
        let report = try store.importFile(path, showProgress: false)
        XCTAssertEqual(report.imported, 2)
        XCTAssertEqual(report.errors.map(\.line), [3])
        let calls = try store.calls(limit: nil)
        XCTAssertEqual(calls[0].systemPrompt, "Be creative")
        XCTAssertEqual(calls[0].prompt, "Ten names for cheesecakes")
        XCTAssertEqual(calls[0].output, "1. Cheesy")
        XCTAssertEqual(calls[0].timestamp, "2023-08-12T16:39:39.123Z")
        XCTAssertEqual(calls[0].latencyMs, 1200)
        XCTAssertEqual(calls[0].traceID, "01conv")
        XCTAssertEqual(calls[0].outputTokens, 40)
        XCTAssertEqual(calls[1].messages.arrayValue?.count, 3)
        XCTAssertEqual(calls[1].prompt, "More")
        XCTAssertEqual(try store.importLLMDatabase(path, showProgress: false).skipped, 2)
    }
}
