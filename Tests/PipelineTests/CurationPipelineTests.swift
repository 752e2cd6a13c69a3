import Foundation
import Pipeline
import XCTest

final class CurationPipelineTests: XCTestCase {
    func call(_ question: String, output: String? = "SELECT 1", status: CallStatus = .ok, arguments: String? = nil, system: String = "You write SQL.") -> LoggedCall {
        LoggedCall(timestamp: "2025-03-03T08:00:00.000Z",
                   messages: .array([.object(["role": .string("system"), "content": .string(system)]),
                                     .object(["role": .string("user"), "content": .string(question)])]),
                   tools: .array([.object(["type": .string("function"), "function": .object(["name": .string("run_sql")])])]),
                   output: output, toolCalls: arguments.map { [ToolCall(id: "call_1", name: "run_sql", arguments: $0)] } ?? [],
                   status: status)
    }

    func testFiltersEachReason() {
        var curator = Curator()
        curator.filters.maxOutputChars = 50
        let calls = [
            call("a question about orders in Berlin", status: .error), call("b question about flights to Rome", status: .cancelled),
            call("c question about salaries in HR", status: .timeout), call("d question", output: nil, arguments: #"{"query": "SEL"#),
            call("e question about revenue", output: "  "), call("f question about products", output: String(repeating: "x", count: 51)),
            call("g how many customers live in Paris?"),
        ]
        let r = curator.curate(calls)
        XCTAssertEqual(r.dropped.map(\.reason), [.failed, .cancelled, .timeout, .invalidToolJSON, .emptyOutput, .tooLong])
        XCTAssertEqual(r.kept.count, 1)
        XCTAssertEqual(r.report.kept, 1)
        XCTAssertEqual(r.report.rows.first?.count, 7)
        // Switching a filter off keeps those calls.
        curator.filters.dropFailed = false
        curator.filters.maxOutputChars = nil
        XCTAssertEqual(curator.curate(calls).kept.count, 3)
    }

    func testExactAndNearDuplicates() {
        let base = "How many orders did customers from Springfield place in 2023, grouped by month and by product category, sorted by total?"
        let calls = [
            call(base), call("  " + base.uppercased() + " "),      // exact after normalization
            call(base.replacingOccurrences(of: "sorted", with: "ordered")),  // near
            call("List the five most expensive products in the catalogue with their suppliers and stock levels."),
            call(base, system: "A different system prompt does not make a call new."),
        ]
        var curator = Curator()
        let r = curator.curate(calls)
        XCTAssertEqual(r.dropped.map(\.index), [1, 2, 4])
        XCTAssertEqual(r.dropped.map(\.reason), [.exactDuplicate, .nearDuplicate, .exactDuplicate])
        curator.nearDuplicateThreshold = nil
        XCTAssertEqual(curator.curate(calls).dropped.map(\.index), [1, 4])
        curator.nearDuplicateThreshold = 0.99
        XCTAssertEqual(curator.curate(calls).report.dropped[.nearDuplicate] ?? 0, 0)
    }

    func testSplitIsStableAndKeepsGroupsTogether() throws {
        let vocabulary = "orders customers revenue flights salaries products region quarter month city airline delayed refund average total count list top cheapest newest oldest employees managers projects budget hours payments card invoice shipped returned category supplier stock price rating review country year week weekend morning night route seat passenger crew gate terminal baggage".split(separator: " ")
        var state: UInt64 = 99
        func word() -> Substring {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return vocabulary[Int((state >> 33) % UInt64(vocabulary.count))]
        }
        var calls: [LoggedCall] = []
        for i in 0..<300 {
            let words = (0..<40).map { _ in word() }
            calls.append(call(words.joined(separator: " ")))
            if i % 10 == 0 { calls.append(call((words.dropLast() + ["again"]).joined(separator: " "))) }
        }
        let splitter = try DatasetSplitter(test: 0.2, validation: 0.1, seed: 3)
        let a = splitter.assign(calls)
        XCTAssertEqual(a, splitter.assign(calls), "same input, same split")
        XCTAssertEqual(Array(splitter.assign(Array(calls.reversed())).reversed()), a, "order does not matter")
        let groups = NearDuplicateFinder().groups(calls.map(NearDuplicateFinder.dedupText))
        for (i, g) in groups.enumerated() { XCTAssertEqual(a[i], a[g], "group \(g) straddles splits") }
        XCTAssertEqual(Set(groups).count, 300, "each question and its variant form one group")
        let test = Double(a.filter { $0 == .test }.count) / Double(a.count)
        XCTAssertEqual(test, 0.2, accuracy: 0.07)
        XCTAssertNotEqual(try DatasetSplitter(test: 0.2, validation: 0.1, seed: 4).assign(calls), a, "the seed matters")
        XCTAssertThrowsError(try DatasetSplitter(test: 0.8, validation: 0.3))
    }

    func testChatExportShape() throws {
        let dir = try temporaryDirectory("export")
        let path = dir + "/train.jsonl"
        let calls = [call("q1", output: nil, arguments: #"{"query": "SELECT 1"}"#), call("q2", output: "done")]
        XCTAssertEqual(try ChatExport.write(calls, to: path), 2)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let first = try JSONValue.parse(String(lines[0]))
        XCTAssertEqual(first.objectValue?.map(\.key), ["messages", "tools"])
        let messages = try XCTUnwrap(first["messages"]?.arrayValue)
        XCTAssertEqual(messages.map { $0["role"]?.stringValue }, ["system", "user", "assistant"])
        let tc = try XCTUnwrap(messages[2]["tool_calls"]?[0])
        XCTAssertEqual(tc["type"]?.stringValue, "function")
        XCTAssertEqual(tc["function"]?["name"]?.stringValue, "run_sql")
        XCTAssertEqual(tc["function"]?["arguments"]?["query"]?.stringValue, "SELECT 1")
        XCTAssertEqual(first["tools"]?[0]?["function"]?["name"]?.stringValue, "run_sql")
        XCTAssertEqual(try JSONValue.parse(String(lines[1]))["messages"]?[2]?["content"]?.stringValue, "done")
        XCTAssertThrowsError(try ChatExport.write(calls, to: dir + "/missing/dir/x.jsonl"))
    }

    /// Every piece of personal data the demo generator wrote into a call is gone from the
    /// curated export.
    func testNoDemoPIISurvivesIntoTheExport() throws {
        let dir = try temporaryDirectory("demo-pii")
        try demoAgentLogs(path: dir + "/demo.jsonl", n: 1000, seed: 11)
        let store = try LogStore(path: ":memory:")
        _ = try store.importFile(dir + "/demo.jsonl")
        let calls = try store.calls(limit: nil)
        let pii = calls.flatMap(DemoWorkload.hiddenPII(of:))
        XCTAssertGreaterThan(pii.count, 200)
        XCTAssertEqual(Set(pii.map(\.type)), ["email", "phone", "credit_card", "iban", "person", "address", "ip_address"])
        let result = Curator().curate(calls)
        XCTAssertGreaterThan(result.kept.count, 700)
        try ChatExport.write(result.kept, to: dir + "/train.jsonl")
        let export = try String(contentsOfFile: dir + "/train.jsonl", encoding: .utf8)
        let exportLower = export.lowercased()
        var leaks: [String] = []
        for record in Set(pii.map { "\($0.type): \($0.value)" }).sorted() {
            let value = String(record.split(separator: ":", maxSplits: 1)[1].dropFirst())
            if Self.containsWord(exportLower, value.lowercased()) { leaks.append(record) }
        }
        XCTAssertEqual(leaks, [], "personal data left in the export")
        for line in export.split(separator: "\n") {
            let json = try JSONValue.parse(String(line))
            for m in json["messages"]?.arrayValue ?? [] {
                for tc in m["tool_calls"]?.arrayValue ?? [] { XCTAssertNotNil(tc["function"]?["arguments"]?.objectValue, "arguments stay JSON objects") }
            }
        }
    }

    /// Whether `word` occurs in `text` not inside a longer word.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var from = text.startIndex
        while let r = text.range(of: word, range: from..<text.endIndex) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
            if !(before.isLetter || before.isNumber) && !(after.isLetter || after.isNumber) { return true }
            from = r.upperBound
        }
        return false
    }
}
