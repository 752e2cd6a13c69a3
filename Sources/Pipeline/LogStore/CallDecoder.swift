/// A log record that is valid JSON but not a call we can read: which field, and why.
public struct CallDecodingError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Reads one JSON log record as a call. Two shapes are understood:
///
/// - the demo workload's (and many agent loggers'): `{timestamp, agent, trace_id?, request:
///   {model, messages, tools}, response: {choices, usage}, latency_ms, ttft_ms?, status,
///   error, metadata?}`;
/// - a plain OpenAI chat-completions pair `{request, response}` (timestamp from the
///   response's `created`); a response captured with its HTTP envelope
///   (`{status_code, body}`, as the Batch API writes it) is unwrapped.
enum CallDecoder {
    static func decode(_ record: JSONValue) throws -> LoggedCall {
        guard case .object = record else { throw CallDecodingError(message: "expected a JSON object, found \(kind(record))") }
        guard let request = record["request"], case .object = request else {
            throw CallDecodingError(message: "missing 'request' object (expected {request: {model, messages}, response: {choices}})")
        }
        var response = record["response"] ?? .null
        if let body = response["body"], case .object = body { response = body }
        guard let messages = request["messages"], case .array(let list) = messages else {
            throw CallDecodingError(message: "'request.messages' must be an array of messages")
        }
        for (i, m) in list.enumerated() where m["role"]?.stringValue == nil {
            throw CallDecodingError(message: "'request.messages[\(i)]' has no 'role'")
        }

        let status = try decodeStatus(record, response: response)
        guard let timestamp = try decodeTimestamp(record, response: response) else {
            throw CallDecodingError(message: "missing 'timestamp' (and no 'response.created')")
        }

        var output: String?
        var toolCalls: [ToolCall] = []
        if let message = response["choices"]?[0]?["message"] {
            output = LoggedCall.text(of: message["content"])
            for (i, tc) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                guard let name = tc["function"]?["name"]?.stringValue else {
                    throw CallDecodingError(message: "'response.choices[0].message.tool_calls[\(i)]' has no function name")
                }
                let arguments: String
                switch tc["function"]?["arguments"] {
                case .string(let s)?: arguments = s
                case let value?: arguments = value.jsonText
                case nil: arguments = "{}"
                }
                toolCalls.append(ToolCall(id: tc["id"]?.stringValue, name: name, arguments: arguments))
            }
        } else if status == .ok && !response.isNull {
            throw CallDecodingError(message: "'response.choices[0].message' missing in a successful call")
        }

        let usage = response["usage"]
        let inputTokens = (usage?["prompt_tokens"] ?? usage?["input_tokens"])?.intValue.map { Int($0) }
        let outputTokens = (usage?["completion_tokens"] ?? usage?["output_tokens"])?.intValue.map { Int($0) }
        let model = request["model"]?.stringValue ?? response["model"]?.stringValue
        let tools = request["tools"].flatMap { $0.isNull ? nil : $0 }
        let cost = record["cost"]?.doubleValue ?? record["cost_usd"]?.doubleValue
            ?? ModelPricing.cost(model: model, inputTokens: inputTokens, outputTokens: outputTokens)
        let metadata = record["metadata"].flatMap { $0.isNull ? nil : $0 }

        return LoggedCall(
            timestamp: timestamp,
            traceID: (record["trace_id"] ?? record["session_id"])?.stringValue,
            agent: record["agent"]?.stringValue,
            model: model, messages: messages, tools: tools, output: output, toolCalls: toolCalls,
            status: status, error: errorText(record["error"]),
            latencyMs: (record["latency_ms"] ?? record["duration_ms"])?.doubleValue,
            timeToFirstTokenMs: (record["ttft_ms"] ?? record["time_to_first_token_ms"])?.doubleValue,
            inputTokens: inputTokens, outputTokens: outputTokens, cost: cost, metadata: metadata)
    }

    private static func decodeStatus(_ record: JSONValue, response: JSONValue) throws -> CallStatus {
        if let value = record["status"], !value.isNull {
            guard let text = value.stringValue, let status = CallStatus(lenient: text) else {
                throw CallDecodingError(message: "'status' must be one of ok, error, cancelled, timeout; found \(value.jsonText)")
            }
            return status
        }
        if let e = record["error"], !e.isNull { return .error }
        if response.isNull { return .error }
        return .ok
    }

    private static func decodeTimestamp(_ record: JSONValue, response: JSONValue) throws -> String? {
        switch record["timestamp"] ?? record["created_at"] {
        case .string(let s)?:
            guard let normal = Timestamp.normalize(s) else {
                throw CallDecodingError(message: "'timestamp' is not ISO 8601: \"\(s)\"")
            }
            return normal
        case let value? where value.doubleValue != nil:
            return Timestamp.iso(milliseconds: unixMilliseconds(value.doubleValue ?? 0))
        case let value? where !value.isNull:
            throw CallDecodingError(message: "'timestamp' must be an ISO 8601 string or Unix time, found \(kind(value))")
        default:
            return response["created"]?.doubleValue.map { Timestamp.iso(milliseconds: unixMilliseconds($0)) }
        }
    }

    /// Unix time in seconds or milliseconds (values past year 33658 in seconds are milliseconds).
    private static func unixMilliseconds(_ t: Double) -> Int64 {
        Int64((t > 1e12 ? t : t * 1000).rounded())
    }

    private static func errorText(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let v?:
            if let m = v["message"]?.stringValue {
                return v["type"]?.stringValue.map { "\($0): \(m)" } ?? m
            }
            return v.jsonText
        }
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
