import Foundation
import Pipeline

/// Every test's files live under one folder per test process.
let temporaryRoot = FileManager.default.temporaryDirectory.appendingPathComponent("slm-pipeline-tests-\(getpid())").path

/// A fresh temporary directory; test classes remove them all in their class tearDown.
func temporaryDirectory(_ name: String) throws -> String {
    let path = temporaryRoot + "/\(name)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func removeTemporaryDirectories() {
    try? FileManager.default.removeItem(atPath: temporaryRoot)
}

/// A call with every field set.
func sampleCall(_ i: Int, agent: String = "writer", status: CallStatus = .ok, latency: Double = 100) -> LoggedCall {
    LoggedCall(
        timestamp: Timestamp.iso(milliseconds: 1_740_988_800_000 + Int64(i) * 60_000),
        traceID: "trace-\(i / 3)", agent: agent, model: "gpt-4o-mini-2024-07-18",
        messages: .array([
            .object(["role": .string("system"), "content": .string("You write SQL.")]),
            .object(["role": .string("user"), "content": .string("How many orders in Berlin \(i)?")]),
            .object(["role": .string("assistant"), "content": .null, "tool_calls": .array([])]),
            .object(["role": .string("tool"), "tool_call_id": .string("call_\(i)"), "name": .string("execute_sql"),
                     "content": .string("[[\(i)]]")]),
        ]),
        tools: .array([.object(["type": .string("function"), "function": .object(["name": .string("execute_sql")])])]),
        output: "SELECT COUNT(*) FROM orders -- \(i)",
        toolCalls: [ToolCall(id: "call_\(i)", name: "execute_sql", arguments: "{\"query\": \"SELECT \(i)\"}")],
        status: status, error: status == .ok ? nil : "boom", latencyMs: latency, timeToFirstTokenMs: latency / 4,
        inputTokens: 100 + i, outputTokens: 10 + i, cost: 0.001, metadata: .object(["i": .int(Int64(i))]))
}
