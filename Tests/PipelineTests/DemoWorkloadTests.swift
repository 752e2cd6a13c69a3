import Foundation
import Pipeline
import XCTest

final class DemoWorkloadTests: XCTestCase {
    override class func tearDown() {
        removeTemporaryDirectories()
        super.tearDown()
    }

    /// 2,500 demo calls imported once for the tests below.
    static let shared: (dir: String, calls: [LoggedCall], lines: [String]) = {
        do {
            let dir = try temporaryDirectory("demo")
            try demoAgentLogs(path: dir + "/calls.jsonl", n: 2500, seed: 11)
            let store = try LogStore(path: ":memory:")
            _ = try store.importFile(dir + "/calls.jsonl", showProgress: false)
            let lines = try String(contentsOfFile: dir + "/calls.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
            return (dir, try store.calls(limit: nil), lines)
        } catch {
            fatalError("demo workload set-up failed: \(error)")
        }
    }()

    func testSameSeedSameBytesOtherSeedOtherLog() throws {
        let dir = try temporaryDirectory("seed")
        try demoAgentLogs(path: dir + "/a.jsonl", n: 200, seed: 5)
        try demoAgentLogs(path: dir + "/b.jsonl", n: 200, seed: 5)
        try demoAgentLogs(path: dir + "/c.jsonl", n: 200, seed: 6)
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.jsonl"))
        XCTAssertEqual(a, try Data(contentsOf: URL(fileURLWithPath: dir + "/b.jsonl")))
        XCTAssertNotEqual(a, try Data(contentsOf: URL(fileURLWithPath: dir + "/c.jsonl")))
        XCTAssertEqual(a.split(separator: 0x0A).count, 200)
    }

    func testTrafficLooksLikeRealLogs() throws {
        let (_, calls, lines) = Self.shared
        let n = Double(lines.count)
        var perComponent: [String: Int] = [:]
        for c in calls { perComponent[DemoWorkload.hiddenComponent(of: c) ?? "?", default: 0] += 1 }
        XCTAssertEqual(Set(perComponent.keys), Set(DemoWorkload.components))
        for (component, count) in perComponent { XCTAssertGreaterThan(Double(count) / n, 0.04, component) }
        let failed = calls.filter { $0.status != .ok }
        XCTAssertEqual(Double(failed.count) / n, 0.05, accuracy: 0.025)
        XCTAssertEqual(Set(failed.map(\.status)), [.error, .timeout, .cancelled])
        XCTAssertTrue(failed.allSatisfy { $0.error != nil && $0.output == nil })
        let hidden = calls.compactMap { $0.metadata?["hidden"] }
        XCTAssertGreaterThan(hidden.filter { $0["duplicate_of"] != nil }.count, 20)
        XCTAssertGreaterThan(hidden.filter { $0["near_duplicate_of"] != nil }.count, 20)
        XCTAssertGreaterThan(lines.count - Set(lines).count, 0, "some lines are logged twice verbatim")
        let flags = Set(hidden.flatMap { $0["flags"]?.arrayValue ?? [] }.compactMap(\.stringValue))
        XCTAssertTrue(flags.isSuperset(of: ["invalid_tool_json", "empty_output"]), "\(flags)")
        XCTAssertTrue(calls.contains { $0.toolCalls.contains { !$0.argumentsAreValidJSON } })
        XCTAssertGreaterThanOrEqual(Set(calls.compactMap(\.model)).count, 3)
        XCTAssertEqual(Set(calls.compactMap { $0.metadata?["agent_version"]?.intValue }), [1, 2])
        // Component-typical latency: the researcher is slower than the extractor.
        func median(_ component: String) -> Double {
            let l = calls.filter { DemoWorkload.hiddenComponent(of: $0) == component && $0.status == .ok }.compactMap(\.latencyMs).sorted()
            return l[l.count / 2]
        }
        XCTAssertGreaterThan(median("researcher"), 1.5 * median("sql_writer"))
        XCTAssertGreaterThan(median("sql_writer"), 2 * median("table_extractor"))
        XCTAssertTrue(calls.allSatisfy { ($0.inputTokens ?? 0) > 0 || $0.status != .ok })
        // Many phrasings: the writer's prompts for one task are mostly distinct.
        let writerPrompts = calls.filter { DemoWorkload.hiddenComponent(of: $0) == "sql_writer" }.compactMap(\.prompt)
        XCTAssertGreaterThan(Double(Set(writerPrompts).count) / Double(writerPrompts.count), 0.6)
    }

    func testPIIIsValidAndRecordedWhereItOccurs() throws {
        let (_, calls, _) = Self.shared
        var types = Set<String>()
        var withPII = 0
        for call in calls {
            let pii = DemoWorkload.hiddenPII(of: call)
            if !pii.isEmpty { withPII += 1 }
            let text = (call.messages.arrayValue ?? []).compactMap { LoggedCall.text(of: $0["content"]) }.joined(separator: "\n")
                + (call.output ?? "") + call.toolCalls.map(\.arguments).joined()
            for record in pii {
                types.insert(record.type)
                XCTAssertTrue(text.contains(record.value), "\(record) not in call \(call.id ?? -1)")
                let digits = record.value.compactMap(\.wholeNumberValue)
                if record.type == "credit_card" {
                    let sum = digits.reversed().enumerated().reduce(0) { s, e in
                        s + (e.offset % 2 == 1 ? (e.element * 2 > 9 ? e.element * 2 - 9 : e.element * 2) : e.element)
                    }
                    XCTAssertEqual(sum % 10, 0, "Luhn: \(record.value)")
                }
                if record.type == "iban" {
                    let compact = record.value.filter { !$0.isWhitespace }
                    let rearranged = compact.dropFirst(4) + compact.prefix(4)
                    var r = 0
                    for ch in rearranged {
                        if let d = ch.wholeNumberValue { r = (r * 10 + d) % 97 } else { r = (r * 100 + Int(ch.asciiValue ?? 0) - 55) % 97 }
                    }
                    XCTAssertEqual(r, 1, "mod-97: \(record.value)")
                }
            }
        }
        XCTAssertEqual(types, ["email", "phone", "credit_card", "iban", "person", "address", "ip_address"])
        XCTAssertGreaterThan(Double(withPII) / Double(calls.count), 0.15)
    }

    func testGeneratedSQLRunsOnTheSampleDatabases() throws {
        let (dir, calls, _) = Self.shared
        let paths = try DemoDatabase.createAll(in: dir)
        var dbs: [String: SQLiteConnection] = [:]
        var tablesWithRows = 0
        for (database, path) in zip(DemoDatabase.allCases, paths) {
            let db = try SQLiteConnection(path: path, readOnly: true, create: false)
            dbs[database.rawValue] = db
            for table in database.tables where (try db.query("SELECT count(*) FROM \(table.name)")[0][0].intValue ?? 0) > 0 {
                tablesWithRows += 1
            }
        }
        XCTAssertGreaterThanOrEqual(tablesWithRows, 12)

        var ran = 0, nonEmpty = 0
        for call in calls where call.status == .ok {
            let hidden = try XCTUnwrap(call.metadata?["hidden"])
            guard let db = hidden["database"]?.stringValue.flatMap({ dbs[$0] }),
                  let expected = hidden["sql"]?.stringValue else { continue }
            let flags = hidden["flags"]?.arrayValue ?? []
            if !flags.isEmpty { continue }
            var queries: [String] = []
            switch DemoWorkload.hiddenComponent(of: call) {
            case "sql_writer", "query_fixer":
                if let args = call.toolCalls.first?.arguments {
                    queries.append(try XCTUnwrap(try JSONValue.parse(args)["query"]?.stringValue))
                } else {
                    var text = try XCTUnwrap(call.output)
                    if text.hasPrefix("```sql\n") { text = String(text.dropFirst(7).dropLast(4)) }
                    if text.hasSuffix(";") { text.removeLast() }
                    queries.append(text)
                }
                XCTAssertEqual(queries, [expected])
            case "researcher":
                queries += call.toolCalls.filter { $0.name == "run_sql" }.compactMap { try? JSONValue.parse($0.arguments)["query"]?.stringValue }
            case "table_extractor":
                let tables = try XCTUnwrap(try JSONValue.parse(call.output ?? "")["tables"]?.arrayValue).compactMap(\.stringValue)
                let known = Set(DemoDatabase.allCases.flatMap { $0.tables.map(\.name) })
                XCTAssertFalse(tables.isEmpty)
                XCTAssertTrue(Set(tables).isSubset(of: known), "\(tables)")
                queries.append(expected)
            default:
                queries.append(expected)
            }
            for q in queries {
                let rows = try db.query(q)
                ran += 1
                if !rows.isEmpty { nonEmpty += 1 }
            }
        }
        XCTAssertGreaterThan(ran, 1500)
        XCTAssertGreaterThan(Double(nonEmpty) / Double(ran), 0.8, "most questions have answers in the data")
    }

    func testFixerInputsReallyFail() throws {
        let (dir, calls, _) = Self.shared
        try FileManager.default.createDirectory(atPath: dir + "/fixer", withIntermediateDirectories: true)
        let paths = try DemoDatabase.createAll(in: dir + "/fixer")
        let dbs = Dictionary(uniqueKeysWithValues: zip(DemoDatabase.allCases.map(\.rawValue), try paths.map { try SQLiteConnection(path: $0, readOnly: true, create: false) }))
        let fixes = calls.filter { DemoWorkload.hiddenComponent(of: $0) == "query_fixer" }
        XCTAssertGreaterThan(fixes.count, 50)
        for call in fixes.prefix(100) {
            let prompt = try XCTUnwrap(call.prompt)
            let db = try XCTUnwrap(call.metadata?["hidden"]?["database"]?.stringValue.flatMap { dbs[$0] })
            // The error quoted in the prompt is what SQLite says about the quoted query.
            let hasError = prompt.contains("Error: ") || prompt.contains("SQLite says: ") || prompt.contains("returns the error")
            XCTAssertTrue(hasError, prompt)
            let broken = prompt.split(separator: "\n").first { $0.hasPrefix("SELECT") || $0.hasPrefix("Query: SELECT") }
                .map { $0.hasPrefix("Query: ") ? String($0.dropFirst(7)) : String($0) }
            XCTAssertThrowsError(try db.prepare(try XCTUnwrap(broken)), prompt)
        }
    }
}
