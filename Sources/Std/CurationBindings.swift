// Step 2 of the conversion, for slm code: anonymize, curate (filter + anonymize +
// deduplicate), split and export. Calls are the records `store.calls()` returns; the
// bindings turn them into Pipeline.LoggedCall and back.

import Foundation
import Lang
import Pipeline

enum CurationBindings {
    static func register(_ b: Builtins) {
        b.define("anonymize", "anonymize(x, mode: \"placeholder\", entities: nil, salt: nil)",
                 "Replaces personal data in a string, a call record or a list of them; modes placeholder, mask, hash (needs salt), redact.",
                 topic: "curate") { args in
            let anonymizer = Anonymizer(mode: try mode(args, 1, salt: 3), entities: try entities(args, 2))
            return anonymize(try args.value(0, "x"), anonymizer)
        }
        b.define("pii_report", "pii_report(x, entities: nil)",
                 "Counts personal data per entity type in a string, a call record or a list of them, as a table.",
                 topic: "curate") { args in
            let anonymizer = Anonymizer(mode: .redact, entities: try entities(args, 1))
            _ = anonymize(try args.value(0, "x"), anonymizer)
            var report = CurationReport()
            report.findings = anonymizer.counts
            return findingTable(report)
        }
        b.define("curate", "curate(calls, failed: true, cancelled: true, timeouts: true, invalid_tool_json: true, empty_output: true, max_output_chars: 20000, exact_duplicates: true, near_duplicates: 0.8, anonymize: \"placeholder\", salt: nil, entities: nil)",
                 "Filters, anonymizes and deduplicates calls; returns {calls, report, pii, dropped}.",
                 topic: "curate") { args in
            let calls = try loggedCalls(args, 0)
            var curator = Curator()
            curator.filters.dropFailed = try args.bool(1, "failed", default: true)
            curator.filters.dropCancelled = try args.bool(2, "cancelled", default: true)
            curator.filters.dropTimeouts = try args.bool(3, "timeouts", default: true)
            curator.filters.dropInvalidToolJSON = try args.bool(4, "invalid_tool_json", default: true)
            curator.filters.dropEmptyOutput = try args.bool(5, "empty_output", default: true)
            curator.filters.maxOutputChars = try optional(args, 6, "max_output_chars", default: .int(20_000)).map { v in
                guard case .int(let n) = v, n > 0 else { throw args.typeError("max_output_chars", expected: "a positive int or nil", got: v) }
                return n
            }
            curator.dropExactDuplicates = try args.bool(7, "exact_duplicates", default: true)
            curator.nearDuplicateThreshold = try optional(args, 8, "near_duplicates", default: .float(0.8)).map { v in
                switch v {
                case .float(let x): return try threshold(x, "near_duplicates")
                case .int(let x): return try threshold(Double(x), "near_duplicates")
                default: throw args.typeError("near_duplicates", expected: "a threshold in (0, 1] or nil", got: v)
                }
            }
            curator.anonymization = try optional(args, 9, "anonymize", default: .string("placeholder")).map { _ in try mode(args, 9, salt: 10) }
            curator.entities = try entities(args, 11)
            let result = curator.curate(calls)
            return .record([
                ("calls", .list(result.kept.map(LogStoreHandle.value(of:)))),
                ("report", .list(result.report.rows.map { .record([("step", .string($0.step)), ("count", .int($0.count))]) })),
                ("pii", findingTable(result.report)),
                ("dropped", .list(result.dropped.map { d in
                    .record([("id", calls[d.index].id.map { .int(Int($0)) } ?? .int(d.index)), ("reason", .string(d.reason.rawValue))])
                })),
            ])
        }
        // `split` on a string stays the string built-in; on a list of calls it splits a dataset.
        let stringSplit = b["split"]
        b.define("split", "split(x, sep: nil, test: 0.1, validation: 0.1, seed: 42, threshold: 0.8)",
                 "Splits a string on sep (see strings), or a list of calls into {train, validation, test} by a stable hash, near-duplicate groups kept in one split.",
                 topic: "curate") { args in
            let x = try args.value(0, "x")
            if case .string = x, let stringSplit {
                return try args.interpreter.call(.builtin(stringSplit), args.positional, named: args.named)
            }
            guard case .list(let list) = x else {
                throw args.typeError("x", expected: "a string or a list of call records", got: x)
            }
            let calls = try loggedCalls(args, 0)
            let splitter = try bridged {
                try DatasetSplitter(test: try number(args, 2, "test", 0.1), validation: try number(args, 3, "validation", 0.1),
                                    seed: UInt64(bitPattern: Int64(try args.int(4, "seed", default: 42))),
                                    threshold: try threshold(number(args, 5, "threshold", 0.8), "threshold"))
            }
            var parts: [SplitName: [Value]] = [:]
            for (item, name) in zip(list.items, splitter.assign(calls)) { parts[name, default: []].append(item) }
            return .record(SplitName.allCases.map { ($0.rawValue, .list(parts[$0] ?? [])) })
        }
        b.define("export_chat_jsonl", "export_chat_jsonl(calls, path)",
                 "Writes calls as chat JSONL ({\"messages\", \"tools\"} per line, for TRL and mlx-lm); returns the number of lines.",
                 topic: "curate") { args in
            let calls = try loggedCalls(args, 0)
            let path = try args.string(1, "path")
            return .int(try bridged { try ChatExport.write(calls, to: path) })
        }
    }

    static func bridged<T>(_ body: () throws -> T) throws -> T { try LogStoreBindings.bridged(body) }

    /// A named or positional argument that may be nil (nil switches the step off).
    static func optional(_ args: Arguments, _ i: Int, _ name: String, default d: Value) -> Value? {
        guard let v = args.optional(i, name) else { return d }
        return v.isNil ? nil : v
    }

    static func number(_ args: Arguments, _ i: Int, _ name: String, _ d: Double) throws -> Double {
        args.given(i, name) == nil ? d : try args.double(i, name)
    }

    static func threshold(_ x: Double, _ name: String) throws -> Double {
        guard x > 0, x <= 1 else { throw RuntimeError("\(name) must be in (0, 1], got \(x)") }
        return x
    }

    static func mode(_ args: Arguments, _ i: Int, salt: Int) throws -> AnonymizationMode {
        let name = try args.string(i, args.function == "curate" ? "anonymize" : "mode", default: "placeholder")
        let saltValue = try args.given(salt, "salt").flatMap { $0.isNil ? nil : try args.string(salt, "salt") }
        guard let m = AnonymizationMode(name: name, salt: saltValue) else {
            if name == "hash" { throw RuntimeError("mode \"hash\" needs a non-empty salt: anonymize(x, mode: \"hash\", salt: \"...\")") }
            throw RuntimeError("anonymization mode must be placeholder, mask, hash or redact; got \"\(name)\"")
        }
        return m
    }

    static func entities(_ args: Arguments, _ i: Int) throws -> Set<PIIEntity> {
        guard let v = args.given(i, "entities"), !v.isNil else { return Set(PIIEntity.allCases) }
        var out: Set<PIIEntity> = []
        for item in try args.items(i, "entities") {
            guard case .string(let s) = item, let e = PIIEntity(name: s) else {
                throw RuntimeError("unknown entity \(args.interpreter.show(item)); entities: \(PIIEntity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            out.insert(e)
        }
        return out
    }

    static func findingTable(_ report: CurationReport) -> Value {
        .list(report.findingRows.map { .record([("entity", .string($0.entity)), ("count", .int($0.count))]) })
    }

    /// Anonymizes every string inside a value; each record at the top level or in a top-level
    /// list is one placeholder session (one call).
    static func anonymize(_ v: Value, _ anonymizer: Anonymizer) -> Value {
        switch v {
        case .list(let l):
            return .list(l.items.map { item in
                var session = Anonymizer.PlaceholderSession()
                collect(item, anonymizer, &session)
                return anonymize(item, anonymizer, &session, derived: false)
            })
        default:
            var session = Anonymizer.PlaceholderSession()
            collect(v, anonymizer, &session)
            return anonymize(v, anonymizer, &session, derived: false)
        }
    }

    /// The first pass over one call: remember every value found, so that its repeats are
    /// replaced everywhere in the call.
    static func collect(_ v: Value, _ anonymizer: Anonymizer, _ session: inout Anonymizer.PlaceholderSession) {
        switch v {
        case .string(let s): anonymizer.collect(s, session: &session)
        case .list(let l): for item in l.items { collect(item, anonymizer, &session) }
        case .record(let r): for value in r.values { collect(value, anonymizer, &session) }
        default: break
        }
    }

    /// Fields of a call record that repeat its messages; anonymized the same way but not
    /// counted twice.
    static let derivedFields: Set<String> = ["prompt", "system_prompt"]

    static func anonymize(_ v: Value, _ anonymizer: Anonymizer, _ session: inout Anonymizer.PlaceholderSession, derived: Bool) -> Value {
        switch v {
        case .string(let s):
            if derived {
                let before = anonymizer.counts
                let out = anonymizer.anonymize(s, session: &session)
                anonymizer.restoreCounts(before)
                return .string(out)
            }
            return .string(anonymizer.anonymize(s, session: &session))
        case .list(let l):
            return .list(l.items.map { anonymize($0, anonymizer, &session, derived: derived) })
        case .record(let r):
            let isCall = r["messages"] != nil
            return .record(r.pairs.map { key, value in
                (key, anonymize(value, anonymizer, &session, derived: derived || (isCall && derivedFields.contains(key))))
            })
        default:
            return v
        }
    }

    static func loggedCalls(_ args: Arguments, _ i: Int) throws -> [LoggedCall] {
        let items = try args.items(i, "calls")
        return try items.enumerated().map { k, item in
            do {
                return try loggedCall(item)
            } catch let e as RuntimeError {
                throw RuntimeError("\(args.function)(): call \(k): \(e.message)")
            }
        }
    }

    /// A call record (as `store.calls()` returns them, or made by hand with at least
    /// `messages` or `prompt`) as a LoggedCall.
    static func loggedCall(_ v: Value) throws -> LoggedCall {
        guard case .record(let r) = v else { throw RuntimeError("expected a call record, got \(v.typeName)") }
        func text(_ key: String) throws -> String? {
            switch r[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let x?: throw RuntimeError("'\(key)' must be a string, got \(x.typeName)")
            }
        }
        func number(_ key: String) throws -> Double? {
            switch r[key] {
            case nil, .null?: return nil
            case .int(let i)?: return Double(i)
            case .float(let d)?: return d
            case let x?: throw RuntimeError("'\(key)' must be a number, got \(x.typeName)")
            }
        }
        var messages: JSONValue
        if let m = r["messages"], !m.isNil {
            messages = try LogStoreHandle.json(m)
            guard case .array = messages else { throw RuntimeError("'messages' must be a list of {role, content} records") }
        } else if let prompt = try text("prompt") {
            var list: [JSONValue] = []
            if let system = try text("system_prompt") { list.append(.object(["role": .string("system"), "content": .string(system)])) }
            list.append(.object(["role": .string("user"), "content": .string(prompt)]))
            messages = .array(list)
        } else {
            throw RuntimeError("a call record needs 'messages' or 'prompt'")
        }
        var toolCalls: [ToolCall] = []
        if case .list(let list)? = r["tool_calls"] {
            for item in list.items {
                guard case .record(let tc) = item, case .string(let name)? = tc["name"] else {
                    throw RuntimeError("each tool call needs a 'name'")
                }
                let arguments: String
                switch tc["arguments"] {
                case .string(let s)?: arguments = s
                case nil, .null?: arguments = "{}"
                case let x?: arguments = try LogStoreHandle.json(x).jsonText
                }
                var id: String?
                if case .string(let s)? = tc["id"] { id = s }
                toolCalls.append(ToolCall(id: id, name: name, arguments: arguments))
            }
        }
        var status = CallStatus.ok
        if let s = try text("status") {
            guard let st = CallStatus(lenient: s) else { throw RuntimeError("'status' must be ok, error, cancelled or timeout; got '\(s)'") }
            status = st
        }
        var id: Int64?
        if case .int(let i)? = r["id"] { id = Int64(i) }
        return LoggedCall(id: id, timestamp: try text("timestamp") ?? "", traceID: try text("trace_id"), agent: try text("agent"),
                          model: try text("model"), messages: messages, tools: try r["tools"].flatMap { $0.isNil ? nil : try LogStoreHandle.json($0) },
                          output: try text("output"), toolCalls: toolCalls, status: status, error: try text("error"),
                          latencyMs: try number("latency_ms"), timeToFirstTokenMs: try number("ttft_ms"),
                          inputTokens: try number("input_tokens").map { Int($0) }, outputTokens: try number("output_tokens").map { Int($0) },
                          cost: try number("cost_usd"), metadata: try r["metadata"].flatMap { $0.isNil ? nil : try LogStoreHandle.json($0) })
    }
}
