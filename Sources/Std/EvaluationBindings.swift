// evaluate(model, data, metric:): generates each record's answer and scores it against the
// record's target (the logged teacher's answer) by exact match, JSON validity, tool-call
// name, tool-call name + arguments, or SQL execution accuracy on a database.

import Foundation
import Lang
import Models
import Pipeline

public enum ModelEvaluation {
    public enum Metric: String, CaseIterable, Sendable {
        case exact, json, toolName = "tool_name", toolCall = "tool_call", sql
    }

    static func register(_ b: Builtins) {
        b.define("evaluate", "evaluate(model, data, metric: \"exact\", max_tokens: 128, db: nil)",
                 "Greedy answers to each record's prompt scored against its answer: metric \"exact\", \"json\", \"tool_name\", \"tool_call\" or \"sql\" (run both queries on db, compare result sets). Returns {metric, score, n, correct, results}.",
                 topic: "tuning") { args in
            let m = try ModelBindings.model(args)
            let data = try TuningBindings.chatExamples(args.value(1, "data"), args, "data")
            let name = try args.string(2, "metric", default: "exact")
            guard let metric = Metric(rawValue: name) else {
                throw RuntimeError("evaluate() metric must be one of \(Metric.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(name)\"")
            }
            let maxTokens = try args.int(3, "max_tokens", default: 128)
            var database: SQLiteConnection?
            if metric == .sql {
                let path = try args.string(4, "db")
                database = try ModelBindings.wrap { try SQLiteConnection(path: path, readOnly: true, create: false) }
            }
            let options = GenerationArguments(maxTokens: maxTokens)
            var results: [Value] = [], correct = 0
            for example in data {
                if Interrupt.flag.pointee != 0 { throw RuntimeError("interrupted", kind: .interrupted) }
                let predicted = try ModelBindings.wrap { try m.generate(m.chatPrompt(example.prompt), options) }
                let ok = score(metric, predicted: predicted, expected: example.answer, database: database)
                if ok { correct += 1 }
                results.append(.record([("prompt", .string(example.prompt.last?.content ?? "")), ("expected", .string(example.answer)),
                                        ("predicted", .string(predicted)), ("correct", .bool(ok))]))
            }
            let n = data.count
            return .record([("metric", .string(metric.rawValue)), ("score", .float(n == 0 ? 0 : Double(correct) / Double(n))),
                            ("n", .int(n)), ("correct", .int(correct)), ("results", .list(results))])
        }
    }

    /// Whether `predicted` is right under `metric` (`database` only for .sql).
    public static func score(_ metric: Metric, predicted: String, expected: String, database: SQLiteConnection? = nil) -> Bool {
        let p = predicted.trimmingCharacters(in: .whitespacesAndNewlines), e = expected.trimmingCharacters(in: .whitespacesAndNewlines)
        switch metric {
        case .exact: return p == e
        case .json: return parse(p) != nil
        case .toolName:
            guard let a = toolCall(p), let b = toolCall(e) else { return false }
            return a.name == b.name
        case .toolCall:
            guard let a = toolCall(p), let b = toolCall(e) else { return false }
            return a.name == b.name && a.arguments == b.arguments
        case .sql:
            guard let db = database, let want = try? rows(db, sqlText(e)), let got = try? rows(db, sqlText(p)) else { return false }
            return got == want
        }
    }

    static func parse(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// The name and arguments of a tool call in OpenAI's forms: {name, arguments},
    /// {function: {name, arguments}} or {tool_calls: [{function: ...}]}; arguments may be
    /// an object or a JSON string of one.
    static func toolCall(_ text: String) -> (name: String, arguments: NSObject?)? {
        guard var object = parse(text) as? [String: Any] else { return nil }
        if let calls = object["tool_calls"] as? [[String: Any]], let first = calls.first { object = first }
        if let function = object["function"] as? [String: Any] { object = function }
        guard let name = object["name"] as? String else { return nil }
        var arguments = object["arguments"] ?? object["parameters"]
        if let s = arguments as? String { arguments = parse(s) }
        return (name, arguments as? NSObject)
    }

    /// The query in an answer: the body of its first ``` fence when it has one (the
    /// demo agent's writer and fixer answer in ```sql blocks), without a trailing ";".
    static func sqlText(_ answer: String) -> String {
        var text = answer
        if let open = text.range(of: "```") {
            let afterFence = text[open.upperBound...]
            let body = afterFence.drop { $0 != "\n" }
            text = String(body.range(of: "```").map { body[..<$0.lowerBound] } ?? body)
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        return text
    }

    /// The result set of a read-only query, sorted so row order does not matter.
    static func rows(_ db: SQLiteConnection, _ sql: String) throws -> [String] {
        let statement = try db.prepare(sql)
        guard statement.isReadOnly else { throw RuntimeError("not a read-only query") }
        return try db.query(sql).map { $0.map(\.description).joined(separator: "\u{1F}") }.sorted()
    }
}

extension GenerationArguments {
    /// Greedy decoding of up to `maxTokens`.
    init(maxTokens: Int) {
        self.maxTokens = maxTokens
        sampling = SamplingOptions()
        stop = []
    }
}
