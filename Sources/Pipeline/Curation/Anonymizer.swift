/// Replaces the personal data the scanner finds, in plain text, in JSON, and in whole
/// logged calls. One `PlaceholderSession` spans one call, so the same address gets the
/// same placeholder in the prompt, the output and the tool-call arguments of that call.
/// Counts of findings per entity accumulate in `counts` (the anonymization report).
public final class Anonymizer {
    public let scanner: PIIScanner
    public let mode: AnonymizationMode
    /// Findings replaced so far, per entity.
    public private(set) var counts: [PIIEntity: Int] = [:]

    public init(mode: AnonymizationMode = .placeholder, entities: Set<PIIEntity> = Set(PIIEntity.allCases)) {
        self.scanner = PIIScanner(entities: entities)
        self.mode = mode
    }

    /// Placeholder numbers given out within one call.
    public struct PlaceholderSession {
        var numbers: [PIIEntity: [String: Int]] = [:]
        public init() {}
    }

    /// Anonymizes one text on its own (a fresh session).
    public func anonymize(_ text: String) -> String {
        var session = PlaceholderSession()
        return anonymize(text, session: &session)
    }

    /// Anonymizes `text`; a string holding a JSON object or array is anonymized value by
    /// value and written back as JSON, so tool-call arguments stay valid JSON.
    public func anonymize(_ text: String, session: inout PlaceholderSession) -> String {
        var copy = text
        let (findings, result) = copy.withUTF8 { bytes -> ([PIIFinding], String?) in
            let findings = scanner.scan(bytes: bytes)
            guard !findings.isEmpty else { return (findings, nil) }
            return (findings, replace(bytes, findings, session: &session))
        }
        guard let result else { return text }
        if let first = text.utf8.first(where: { $0 != 32 && $0 != 10 }), first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
           let json = try? JSONValue.parse(text) {
            return anonymize(json: json, session: &session).jsonText
        }
        for f in findings { counts[f.entity, default: 0] += 1 }
        return result
    }

    /// Anonymizes every string value (not the keys) of a JSON value.
    public func anonymize(json: JSONValue, session: inout PlaceholderSession) -> JSONValue {
        switch json {
        case .string(let s): return .string(anonymize(s, session: &session))
        case .array(let items): return .array(items.map { anonymize(json: $0, session: &session) })
        case .object(let members):
            return .object(members.map { JSONMember(key: $0.key, value: anonymize(json: $0.value, session: &session)) })
        default: return json
        }
    }

    /// A call with its messages, output, tool-call arguments, error and metadata anonymized.
    public func anonymize(call: LoggedCall) -> LoggedCall {
        var session = PlaceholderSession()
        var c = call
        c.messages = anonymize(json: call.messages, session: &session)
        c.output = call.output.map { anonymize($0, session: &session) }
        c.toolCalls = call.toolCalls.map { tc in
            var t = tc
            t.arguments = anonymize(tc.arguments, session: &session)
            return t
        }
        c.error = call.error.map { anonymize($0, session: &session) }
        c.metadata = call.metadata.map { anonymize(json: $0, session: &session) }
        return c
    }

    private func replace(_ bytes: UnsafeBufferPointer<UInt8>, _ findings: [PIIFinding], session: inout PlaceholderSession) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16 * findings.count)
        var at = 0
        for f in findings {
            out.append(contentsOf: bytes[at..<f.start])
            let value = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
            switch mode {
            case .placeholder:
                let key = String(decoding: value, as: UTF8.self)
                var byValue = session.numbers[f.entity, default: [:]]
                let number = byValue[key] ?? byValue.count + 1
                byValue[key] = number
                session.numbers[f.entity] = byValue
                out.append(contentsOf: "<\(f.entity.placeholderStem)_\(number)>".utf8)
            case .mask:
                var k = 0
                while k < value.count {
                    let b = value[k]
                    if b >= 0xC0 {
                        out.append(UInt8(ascii: "*"))
                        k += 1
                        while k < value.count && value[k] & 0xC0 == 0x80 { k += 1 }
                        continue
                    }
                    out.append(ByteText.isAlnum(b) ? UInt8(ascii: "*") : b)
                    k += 1
                }
            case .hash(let salt):
                let h = KeyedHash.hash(value, salt: salt)
                out.append(contentsOf: "<\(f.entity.placeholderStem)_\(String(h, radix: 16).leftPadded(to: 16))>".utf8)
            case .redact:
                break
            }
            at = f.end
        }
        out.append(contentsOf: bytes[at...])
        return String(decoding: out, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
