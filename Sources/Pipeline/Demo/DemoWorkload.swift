import Foundation

/// Realistic LM-call traffic of the Query Writer Agent, deterministic for a seed.
///
/// Each record has the log shape `{timestamp, agent, trace_id, request: {model, messages,
/// tools}, response: {choices, usage}, latency_ms, ttft_ms, status, error, metadata}`.
/// What real logs contain is mixed in: about 5% failed, timed-out and cancelled calls
/// (often followed by a retry), exact and near duplicates, personal data in prompts, prompt
/// versions changing mid-stream, invalid tool-call JSON, empty and runaway outputs.
///
/// `metadata.hidden` holds the ground truth for evaluating later steps (the component that
/// made the call, the task, the personal data written into it, duplicate links, flags).
/// The pipeline itself must never read it.
public struct DemoWorkload {
    public let seed: UInt64

    /// The agent's components, i.e. the hidden labels.
    public static let components = ["table_extractor", "reranker", "sql_writer", "query_fixer", "researcher"]
    public static let agentName = "query-writer"
    static let start = Timestamp.days(fromCivil: 2025, 3, 3) * 86_400_000 + 8 * 3_600_000

    public init(seed: UInt64) { self.seed = seed }

    /// The component that made a demo call (evaluation only), or nil for other logs.
    public static func hiddenComponent(of call: LoggedCall) -> String? {
        call.metadata?["hidden"]?["component"]?.stringValue
    }

    /// The personal data the generator wrote into a demo call (evaluation only).
    public static func hiddenPII(of call: LoggedCall) -> [PIIRecord] {
        (call.metadata?["hidden"]?["pii"]?.arrayValue ?? []).compactMap { r in
            guard let type = r["type"]?.stringValue, let value = r["value"]?.stringValue else { return nil }
            return PIIRecord(type: type, value: value)
        }
    }

    /// Generates `n` records in order, handing each to `body` as one JSON object.
    public func generate(n: Int, _ body: (JSONValue) throws -> Void) throws {
        var generator = try Generator(seed: seed, total: n)
        while generator.emitted < n {
            for record in generator.nextBatch().prefix(n - generator.emitted) {
                try body(record)
                generator.emitted += 1
            }
        }
    }
}

/// Writes `n` demo agent calls as JSONL to `path` (mode 0600: the lines hold personal
/// data) and returns the number written.
@discardableResult
public func demoAgentLogs(path: String, n: Int, seed: UInt64 = 42) throws -> Int {
    guard n >= 0 else { throw LogImportError(path: path, message: "n must be >= 0, got \(n)") }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0, let file = fdopen(fd, "w") else {
        throw LogImportError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    var written = 0
    func flush() throws {
        let done = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard done == buffer.count else { throw LogImportError(path: path, message: "write failed: \(String(cString: strerror(errno)))") }
        buffer.removeAll(keepingCapacity: true)
    }
    try DemoWorkload(seed: seed).generate(n: n) { record in
        record.write(to: &buffer)
        buffer.append(0x0A)
        written += 1
        if buffer.count >= 1 << 20 { try flush() }
    }
    try flush()
    return written
}

/// The workload's state: the agent, the clock, and recent calls to duplicate.
private struct Generator {
    var rng: SplitMix64
    var agent: DemoAgent
    let databases: [DemoDatabase: SQLiteConnection]
    let total: Int
    var emitted = 0
    var clock = DemoWorkload.start
    var recent: [(call: DemoCall, line: Int)] = []
    var lastRecord: JSONValue?
    var traceCounter = 0

    init(seed: UInt64, total: Int) throws {
        var dbs: [DemoDatabase: SQLiteConnection] = [:]
        for database in DemoDatabase.allCases {
            let conn = try SQLiteConnection(path: ":memory:")
            try database.create(on: conn)
            dbs[database] = conn
        }
        databases = dbs
        var rng = SplitMix64(seed: seed)
        agent = try DemoAgent(databases: dbs, rng: rng.fork())
        self.rng = rng
        self.total = total
    }

    /// The records of the next user request (or duplicate), in time order.
    mutating func nextBatch() -> [JSONValue] {
        // The team rolls out version 2 of its prompts part-way through the log.
        agent.version = emitted < total * 45 / 100 ? 1 : 2
        clock += Int64(rng.exponential(mean: 30_000))
        let r = rng.unit()
        if r < 0.012, let last = lastRecord {
            // The logger wrote the same line twice: a verbatim duplicate.
            return [last]
        }
        if r < 0.035, let original = recent.isEmpty ? nil : rng.pick(recent) {
            var hidden = ["duplicate_of": JSONValue.int(Int64(original.line))]
            return [record(original.call, trace: newTrace(), extraHidden: &hidden)]
        }
        let rephrasable = recent.filter { $0.call.component != "query_fixer" }
        if r < 0.085, let original = rephrasable.isEmpty ? nil : rng.pick(rephrasable) {
            var call = original.call
            let variant = vary(call.question, keeping: call.pii)
            call.messages = call.messages.map { m in
                guard m["role"]?.stringValue == "user", let text = m["content"]?.stringValue else { return m }
                return DemoAgent.message("user", text.replacingOccurrences(of: call.question, with: variant))
            }
            call.question = variant
            var hidden = ["near_duplicate_of": JSONValue.int(Int64(original.line))]
            return [record(call, trace: newTrace(), extraHidden: &hidden)]
        }
        let session: [DemoCall]
        let kind = rng.unit()
        if kind < 0.78 {
            session = agent.sqlSession()
        } else if kind < 0.93 {
            session = agent.researchSession()
        } else {
            session = agent.fixerAlone().map { [$0] } ?? []
        }
        let trace = newTrace()
        var out: [JSONValue] = []
        for call in session {
            var none: [String: JSONValue] = [:]
            let line = emitted + out.count
            let rec = record(call, trace: trace, extraHidden: &none)
            out.append(rec)
            if rec["status"]?.stringValue != "ok" {
                // After a failure the agent usually retries the same request once; otherwise
                // the whole request is abandoned.
                guard rng.chance(0.6) else { break }
                var retry = ["retry_of": JSONValue.int(Int64(line))]
                out.append(record(call, trace: trace, extraHidden: &retry, mayFail: false))
            }
            recent.append((call, emitted + out.count - 1))
            if recent.count > 400 { recent.removeFirst(100) }
        }
        lastRecord = out.last
        return out
    }

    mutating func newTrace() -> String {
        traceCounter += 1
        return "tr_" + String(rng.next() & 0xFFFF_FFFF_FFFF, radix: 16)
    }

    /// Small edits a user makes when asking the same thing again.
    mutating func vary(_ q: String, keeping pii: [PIIRecord]) -> String {
        switch rng.int(0...5) {
        case 0: return q.lowercased()
        case 1: return q.hasSuffix("?") || q.hasSuffix(".") ? String(q.dropLast()) : q + "?"
        case 2: return "Please: " + q
        case 3: return q.replacingOccurrences(of: " ", with: "  ", options: [], range: q.range(of: " "))
        case 4: return q + " Thanks."
        default:
            let words = q.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            // A typo, never inside personal data (the record of what was inserted stays exact).
            let candidates = words.indices.filter { i in
                words[i].count > 5 && !pii.contains { $0.value.lowercased().contains(words[i].lowercased()) }
            }
            guard let i = candidates.first else { return q + " pls" }
            var w = Array(words[i])
            w.remove(at: rng.int(1..<(w.count - 1)))
            var copy = words
            copy[i] = String(w)
            return copy.joined(separator: " ")
        }
    }

    /// The personal data candidates as they occur in this call's text (a lower-cased
    /// question holds a lower-cased name); those absent from it are dropped.
    static func present(_ pii: [PIIRecord], in call: DemoCall, withOutput: Bool) -> [PIIRecord] {
        var text = call.messages.compactMap { LoggedCall.text(of: $0["content"]) }.joined(separator: "\n")
        if withOutput { text += "\n" + (call.content ?? "") + "\n" + call.toolCalls.map(\.arguments).joined(separator: "\n") }
        var out: [PIIRecord] = []
        for record in pii {
            let found = wholeWord(record.value, in: text, options: []) ?? wholeWord(record.value, in: text, options: .caseInsensitive)
            if let found, !out.contains(PIIRecord(type: record.type, value: found)) {
                out.append(PIIRecord(type: record.type, value: found))
            }
        }
        return out
    }

    /// The first occurrence of `value` in `text` not inside a longer word ("Ana", not "Analysis").
    static func wholeWord(_ value: String, in text: String, options: String.CompareOptions) -> String? {
        var from = text.startIndex
        while let r = text.range(of: value, options: options, range: from..<text.endIndex) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
            if !(before.isLetter || before.isNumber) && !(after.isLetter || after.isNumber) { return String(text[r]) }
            from = r.upperBound
        }
        return nil
    }

    static func tokens(_ s: String?) -> Int { s.map { ($0.utf8.count + 3) / 4 } ?? 0 }

    /// A call as a log record: time, latency, tokens, status and the response.
    mutating func record(_ demo: DemoCall, trace: String, extraHidden: inout [String: JSONValue], mayFail: Bool = true) -> JSONValue {
        var call = demo
        // Tool-calling models sometimes stop mid-arguments; some answers come back empty.
        if !call.toolCalls.isEmpty && rng.chance(0.015) {
            let args = call.toolCalls[0].arguments
            call.toolCalls[0].arguments = String(args.prefix(rng.int(5..<max(6, args.count - 2))))
            call.finishReason = "length"
            call.flags.append("invalid_tool_json")
        } else if call.toolCalls.isEmpty && rng.chance(0.005) {
            call.content = ""
            call.flags.append("empty_output")
        }
        let inputTokens = 3 + call.messages.reduce(0) { sum, m in
            sum + 4 + Self.tokens(LoggedCall.text(of: m["content"])) + Self.tokens(m["tool_calls"]?.jsonText)
        } + Self.tokens(call.tools.isEmpty ? nil : JSONValue.array(call.tools).jsonText)
        let outputTokens = max(1, Self.tokens(call.content) + call.toolCalls.reduce(0) { $0 + 8 + Self.tokens($1.arguments) })

        let (ttftMedian, perToken): (Double, Double)
        switch call.component {
        case "table_extractor": (ttftMedian, perToken) = (260, 11)
        case "reranker": (ttftMedian, perToken) = (300, 11)
        case "sql_writer": (ttftMedian, perToken) = (520, 24)
        case "query_fixer": (ttftMedian, perToken) = (480, 24)
        default: (ttftMedian, perToken) = (call.model.hasPrefix("claude") ? 1600 : 1300, 30)
        }
        var ttft: Double? = rng.logNormal(median: ttftMedian, sigma: 0.35) + Double(inputTokens) * 0.04
        var latency = (ttft ?? 0) + Double(outputTokens) * perToken * rng.logNormal(median: 1, sigma: 0.2)

        var status = "ok"
        var error: JSONValue = .null
        if mayFail && rng.chance(0.05) {
            let f = rng.unit()
            if f < 0.55 {
                status = "error"
                ttft = nil
                latency = rng.logNormal(median: 350, sigma: 0.6)
                switch rng.int(0...3) {
                case 0: error = .object(["type": .string("rate_limit_exceeded"), "message": .string(
                    "Rate limit reached for \(call.model) on tokens per min (TPM): Limit 30000, Used \(rng.int(28000...29990)), Requested \(inputTokens). Please try again in \(rng.int(1...9)).\(rng.int(100...999))s.")])
                case 1: error = .object(["type": .string("server_error"), "message": .string("The server had an error while processing your request. Sorry about that!")])
                case 2: error = .object(["type": .string("api_connection_error"), "message": .string("Connection error: upstream connect error or disconnect/reset before headers.")])
                default: error = .object(["type": .string("overloaded_error"), "message": .string("The model is overloaded. Please retry later.")])
                }
            } else if f < 0.70 {
                status = "timeout"
                ttft = nil
                latency = 60_000 + Double(rng.int(0...40))
                error = .string("Request timed out after 60 s")
            } else {
                status = "cancelled"
                latency *= rng.unit()
                if let t = ttft, t > latency { ttft = nil }
                error = .string(rng.pick(["Request cancelled by client", "User aborted the request", "context canceled"]))
            }
        }
        // A failed call logs no response, so only its request can hold personal data.
        call.pii = Self.present(call.pii, in: call, withOutput: status == "ok")
        let startMs = clock
        clock += Int64(latency) + Int64(rng.int(20...400))

        var response: JSONValue = .null
        if status == "ok" {
            var message: [JSONMember] = [JSONMember(key: "role", value: .string("assistant")),
                                         JSONMember(key: "content", value: .optional(call.content))]
            if !call.toolCalls.isEmpty {
                message.append(JSONMember(key: "tool_calls", value: .array(call.toolCalls.map { tc in
                    .object(["id": .string(tc.id), "type": .string("function"),
                             "function": .object(["name": .string(tc.name), "arguments": .string(tc.arguments)])])
                })))
            }
            response = .object([
                "id": .string("chatcmpl-" + String(rng.next(), radix: 36) + String(rng.next() & 0xFFFFFF, radix: 36)),
                "object": .string("chat.completion"),
                "created": .int(startMs / 1000),
                "model": .string(call.model),
                "choices": .array([.object(["index": .int(0), "message": .object(message), "finish_reason": .string(call.finishReason)])]),
                "usage": .object(["prompt_tokens": .int(Int64(inputTokens)), "completion_tokens": .int(Int64(outputTokens)),
                                  "total_tokens": .int(Int64(inputTokens + outputTokens))]),
            ])
        }
        var hidden: [JSONMember] = [
            JSONMember(key: "component", value: .string(call.component)),
            JSONMember(key: "task", value: .string(call.task)),
            JSONMember(key: "database", value: .string(call.database.rawValue)),
            JSONMember(key: "sql", value: .optional(call.sql)),
            JSONMember(key: "pii", value: .array(call.pii.map(\.json))),
            JSONMember(key: "flags", value: .array(call.flags.map(JSONValue.string))),
        ]
        for (key, value) in extraHidden.sorted(by: { $0.key < $1.key }) { hidden.append(JSONMember(key: key, value: value)) }
        let request: [JSONMember] = [
            JSONMember(key: "model", value: .string(call.model)),
            JSONMember(key: "messages", value: .array(call.messages)),
            JSONMember(key: "tools", value: .array(call.tools)),
            JSONMember(key: "temperature", value: .double(call.temperature)),
        ]
        return .object([
            "timestamp": .string(Timestamp.iso(milliseconds: startMs)),
            "agent": .string(DemoWorkload.agentName),
            "trace_id": .string(trace),
            "request": .object(request),
            "response": response,
            "latency_ms": .int(Int64(latency.rounded())),
            "ttft_ms": ttft.map { .int(Int64($0.rounded())) } ?? .null,
            "status": .string(status),
            "error": error,
            "metadata": .object(["agent_version": .int(Int64(agent.version)), "hidden": .object(hidden)]),
        ])
    }
}
