// Step 1 of the conversion, for slm code: the LM-call log store and the demo agent's
// traffic. `open_log(path)` returns a `log_store` handle whose methods wrap
// Pipeline.LogStore; calls come back as lists of records, which show as tables.

import Foundation
import Lang
import Pipeline

public enum LogStoreBindings {
    static func register(_ b: Builtins) {
        b.define("open_log", "open_log(path)",
                 "Opens or creates an LM-call log (SQLite, WAL, file mode 0600); \":memory:\" for a private one.",
                 topic: "log") { args in
            let path = try args.string(0, "path")
            return .native(LogStoreHandle(try bridged { try LogStore(path: path) }))
        }
        b.define("demo_agent_logs", "demo_agent_logs(path, n: 1000, seed: 42)",
                 "Writes n LM calls of the demo Query Writer Agent as JSONL; returns how many were written.",
                 topic: "log") { args in
            let path = try args.string(0, "path")
            let n = try args.int(1, "n", default: 1000)
            let seed = try args.int(2, "seed", default: 42)
            guard n >= 0, n <= 10_000_000 else { throw RuntimeError("demo_agent_logs() n must be in 0...10000000, got \(n)") }
            return .int(try bridged { try demoAgentLogs(path: path, n: n, seed: UInt64(bitPattern: Int64(seed))) })
        }
        b.define("demo_databases", "demo_databases(dir)",
                 "Writes the demo agent's sample databases (shop, hr, flights) into dir; returns their paths.",
                 topic: "log") { args in
            let dir = try args.string(0, "dir")
            return .list(try bridged { try DemoDatabase.createAll(in: dir) }.map(Value.string))
        }
    }

    /// Runs Pipeline code, turning its errors into slm runtime errors with their message.
    static func bridged<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as RuntimeError {
            throw e
        } catch {
            throw RuntimeError("\(error)")
        }
    }
}

/// The `log_store` value: one open log.
final class LogStoreHandle: NativeObject {
    let store: LogStore

    init(_ store: LogStore) { self.store = store }

    var typeName: String { "log_store" }

    func display(width: Int) -> String {
        let n = (try? store.count()).map { "\($0) calls" } ?? "unreadable"
        return "<log_store \(store.path): \(n)>"
    }

    var memberNames: [String] { ["path", "record", "import", "import_file", "count", "calls", "call", "sql", "stats", "chart"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        name == "path" ? .string(store.path) : nil
    }

    func callMethod(_ name: String, _ args: Arguments) throws -> Value? {
        try LogStoreBindings.bridged {
            switch name {
            case "record": return try record(args)
            // `import` is also a keyword of the language; `import_file` works wherever the
            // parser does not accept a keyword after '.'.
            case "import", "import_file":
                let r = try store.importFile(try args.string(0, "path"), batchSize: try args.int(1, "batch", default: 2000))
                return .record([
                    ("imported", .int(r.imported)), ("skipped", .int(r.skipped)),
                    ("errors", .list(r.errors.map { .record([("line", .int($0.line)), ("message", .string($0.message))]) })),
                    ("error_count", .int(r.errorCount)),
                ])
            case "count": return .int(try store.count())
            case "calls":
                let status = try args.given(1, "status").map { v -> CallStatus in
                    guard case .string(let s) = v, let st = CallStatus(rawValue: s) else {
                        throw RuntimeError("calls() status must be one of ok, error, cancelled, timeout")
                    }
                    return st
                }
                let limit = try args.given(4, "limit").map { _ in try args.int(4, "limit") }
                let all = try args.bool(5, "all", default: false)
                let calls = try store.calls(agent: try args.given(0, "agent").map { _ in try args.string(0, "agent") },
                                            status: status,
                                            since: try args.given(2, "since").map { _ in try args.string(2, "since") },
                                            search: try args.given(3, "search").map { _ in try args.string(3, "search") },
                                            limit: all ? nil : (limit ?? 100))
                return .list(calls.map(Self.value(of:)))
            case "call":
                return try store.call(id: Int64(try args.int(0, "id"))).map(Self.value(of:)) ?? .null
            case "sql":
                let params = try args.given(1, "params").map { _ in try args.list(1, "params").items.map(Self.sqlValue) } ?? []
                let result = try store.sql(try args.string(0, "query"), params)
                return .list(result.rows.map { row in .record(zip(result.columns, row.map(Self.value(of:))).map { ($0, $1) }) })
            case "stats":
                return .list(try store.stats(by: try grouping(args, 0)).map { s in
                    .record([
                        ("group", .string(s.group)), ("count", .int(s.count)), ("error_rate", .float(s.errorRate)),
                        ("p50_ms", s.latencyP50.map(Value.float) ?? .null), ("p95_ms", s.latencyP95.map(Value.float) ?? .null),
                        ("input_tokens", .int(s.inputTokens)), ("output_tokens", .int(s.outputTokens)), ("cost_usd", .float(s.cost)),
                    ])
                })
            case "chart":
                let metric = try args.string(0, "metric", default: "count")
                let stats = try store.stats(by: try grouping(args, 1))
                let values: [Double]
                switch metric {
                case "count": values = stats.map { Double($0.count) }
                case "error_rate": values = stats.map(\.errorRate)
                case "p50_ms": values = stats.map { $0.latencyP50 ?? 0 }
                case "p95_ms": values = stats.map { $0.latencyP95 ?? 0 }
                case "tokens": values = stats.map { Double($0.inputTokens + $0.outputTokens) }
                case "cost_usd": values = stats.map(\.cost)
                default: throw RuntimeError("chart() metric must be count, error_rate, p50_ms, p95_ms, tokens or cost_usd; got '\(metric)'")
                }
                return .native(TextBarChart(title: metric, labels: stats.map(\.group), values: values))
            default:
                return nil
            }
        }
    }

    private func grouping(_ args: Arguments, _ i: Int) throws -> StatsGrouping {
        let by = try args.string(i, "by", default: "agent")
        guard let g = StatsGrouping(rawValue: by) else { throw RuntimeError("'by' must be agent, model or status; got '\(by)'") }
        return g
    }

    /// `store.record(...)`: every field by name. `messages` (a list of {role, content}) or
    /// `prompt` (with an optional `system`) say what was asked.
    private func record(_ args: Arguments) throws -> Value {
        func named(_ key: String) -> Value? {
            args.named.first(where: { $0.name == key })?.value.nilIfNull
        }
        func text(_ key: String) throws -> String? {
            guard let v = named(key) else { return nil }
            guard case .string(let s) = v else { throw RuntimeError("record() expects a string for '\(key)', got \(v.typeName)") }
            return s
        }
        func number(_ key: String) throws -> Double? {
            switch named(key) {
            case nil: return nil
            case .int(let i)?: return Double(i)
            case .float(let d)?: return d
            case let v?: throw RuntimeError("record() expects a number for '\(key)', got \(v.typeName)")
            }
        }
        let known: Set = ["timestamp", "trace_id", "agent", "model", "messages", "prompt", "system", "tools", "output",
                          "tool_calls", "status", "error", "latency_ms", "ttft_ms", "input_tokens", "output_tokens", "cost", "metadata"]
        if let unknown = args.named.first(where: { !known.contains($0.name) }) {
            throw RuntimeError("record() has no field '\(unknown.name)'; fields: \(known.sorted().joined(separator: ", "))")
        }
        if !args.positional.isEmpty { throw RuntimeError("record() takes named fields only, e.g. record(prompt: \"...\", output: \"...\")") }

        var messages: JSONValue
        if let m = named("messages") {
            messages = try Self.json(m)
            guard case .array = messages else { throw RuntimeError("record() 'messages' must be a list of {role, content} records") }
        } else if let prompt = try text("prompt") {
            var list: [JSONValue] = []
            if let system = try text("system") { list.append(.object(["role": .string("system"), "content": .string(system)])) }
            list.append(.object(["role": .string("user"), "content": .string(prompt)]))
            messages = .array(list)
        } else {
            throw RuntimeError("record() needs 'messages' or 'prompt'")
        }
        let timestamp: String
        if let t = try text("timestamp") {
            guard let normal = Timestamp.normalize(t) else { throw RuntimeError("record() 'timestamp' is not ISO 8601: \"\(t)\"") }
            timestamp = normal
        } else {
            timestamp = Timestamp.iso(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        }
        var status = CallStatus.ok
        if let s = try text("status") {
            guard let st = CallStatus(lenient: s) else { throw RuntimeError("record() 'status' must be ok, error, cancelled or timeout; got '\(s)'") }
            status = st
        }
        var toolCalls: [ToolCall] = []
        if let tcs = named("tool_calls") {
            guard case .list(let list) = tcs else { throw RuntimeError("record() 'tool_calls' must be a list of {name, arguments} records") }
            for item in list.items {
                guard case .record(let r) = item, case .string(let name)? = r["name"] else {
                    throw RuntimeError("record() each tool call needs a 'name'")
                }
                let arguments: String
                switch r["arguments"] {
                case .string(let s)?: arguments = s
                case nil, .null?: arguments = "{}"
                case let v?: arguments = try Self.json(v).jsonText
                }
                var id: String?
                if case .string(let s)? = r["id"] { id = s }
                toolCalls.append(ToolCall(id: id, name: name, arguments: arguments))
            }
        }
        let inputTokens = try number("input_tokens").map { Int($0) }
        let outputTokens = try number("output_tokens").map { Int($0) }
        let model = try text("model")
        let call = LoggedCall(
            timestamp: timestamp, traceID: try text("trace_id"), agent: try text("agent"), model: model,
            messages: messages, tools: try named("tools").map(Self.json), output: try text("output"), toolCalls: toolCalls,
            status: status, error: try text("error"), latencyMs: try number("latency_ms"), timeToFirstTokenMs: try number("ttft_ms"),
            inputTokens: inputTokens, outputTokens: outputTokens,
            cost: try number("cost") ?? ModelPricing.cost(model: model, inputTokens: inputTokens, outputTokens: outputTokens),
            metadata: try named("metadata").map(Self.json))
        return try store.record(call).map { .int(Int($0)) } ?? .null
    }

    /// A call as a record, the columns people look at first.
    static func value(of call: LoggedCall) -> Value {
        func text(_ s: String?) -> Value { s.map(Value.string) ?? .null }
        func number(_ d: Double?) -> Value { d.map(Value.float) ?? .null }
        func integer(_ i: Int?) -> Value { i.map(Value.int) ?? .null }
        let toolCalls: [Value] = call.toolCalls.map { tc in
            .record([("id", text(tc.id)), ("name", .string(tc.name)), ("arguments", .string(tc.arguments))])
        }
        var pairs: [(String, Value)] = []
        pairs.append(("id", integer(call.id.map { Int($0) })))
        pairs.append(("timestamp", .string(call.timestamp)))
        pairs.append(("agent", text(call.agent)))
        pairs.append(("model", text(call.model)))
        pairs.append(("status", .string(call.status.rawValue)))
        pairs.append(("latency_ms", number(call.latencyMs)))
        pairs.append(("prompt", text(call.prompt)))
        pairs.append(("output", text(call.output)))
        pairs.append(("tool_calls", .list(toolCalls)))
        pairs.append(("error", text(call.error)))
        pairs.append(("input_tokens", integer(call.inputTokens)))
        pairs.append(("output_tokens", integer(call.outputTokens)))
        pairs.append(("cost_usd", number(call.cost)))
        pairs.append(("ttft_ms", number(call.timeToFirstTokenMs)))
        pairs.append(("trace_id", text(call.traceID)))
        pairs.append(("system_prompt", text(call.systemPrompt)))
        pairs.append(("messages", value(of: call.messages)))
        pairs.append(("tools", call.tools.map(value(of:)) ?? .null))
        pairs.append(("metadata", call.metadata.map(value(of:)) ?? .null))
        return .record(pairs)
    }

    static func value(of json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .double(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let a): return .list(a.map(value(of:)))
        case .object(let o): return .record(o.map { ($0.key, value(of: $0.value)) })
        }
    }

    static func value(of sql: SQLValue) -> Value {
        switch sql {
        case .null: return .null
        case .int(let i): return .int(Int(i))
        case .double(let d): return .float(d)
        case .text(let s): return .string(s)
        case .blob(let b): return .string("<\(b.count) bytes>")
        }
    }

    static func json(_ v: Value) throws -> JSONValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let l): return .array(try l.items.map(json))
        case .record(let r): return .object(try r.pairs.map { JSONMember(key: $0.0, value: try json($0.1)) })
        default: throw RuntimeError("a \(v.typeName) cannot be stored as JSON")
        }
    }

    static func sqlValue(_ v: Value) throws -> SQLValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(Int64(i))
        case .float(let d): return .double(d)
        case .string(let s): return .text(s)
        default: throw RuntimeError("sql() parameters must be nil, bool, int, float or string; got \(v.typeName)")
        }
    }
}

private extension Value {
    var nilIfNull: Value? { isNil ? nil : self }
}
