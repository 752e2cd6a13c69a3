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
    /// Placeholder numbers given out within one call, and the values found so far, so that
    /// a value found once (a name in a SQL literal) is also replaced where no detector
    /// would see it (the same name quoted in an error message).
    public struct PlaceholderSession {
        var numbers: [PIIEntity: [String: Int]] = [:]
        var known: [(value: [UInt8], entity: PIIEntity)] = []
        public init() {}

        mutating func remember(_ value: UnsafeBufferPointer<UInt8>, _ entity: PIIEntity) {
            // Short values ("Li", a year) would match ordinary text.
            guard value.count >= 5, !value.allSatisfy(ByteText.isDigit) || value.count >= 7,
                  !known.contains(where: { $0.value.elementsEqual(value) }) else { return }
            known.append((Array(value), entity))
        }
    }

    /// Scans `text` and remembers what it finds in the session without replacing anything:
    /// the first pass over a call.
    public func collect(_ text: String, session: inout PlaceholderSession) {
        var copy = text
        copy.withUTF8 { bytes in
            for f in scanner.scan(bytes: bytes) { session.remember(UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]), f.entity) }
        }
    }

    func collect(json: JSONValue, session: inout PlaceholderSession) {
        switch json {
        case .string(let s): collect(s, session: &session)
        case .array(let items): for item in items { collect(json: item, session: &session) }
        case .object(let members): for m in members { collect(json: m.value, session: &session) }
        default: break
        }
    }

    /// Findings plus the session's known values where the scanner saw nothing, in order.
    func withKnownValues(_ bytes: UnsafeBufferPointer<UInt8>, _ findings: [PIIFinding], _ session: PlaceholderSession) -> [PIIFinding] {
        guard !session.known.isEmpty else { return findings }
        let t = ByteText(bytes: bytes)
        var extra: [PIIFinding] = []
        for (value, entity) in session.known where scanner.entities.contains(entity) {
            let first = value[0]
            var i = 0
            while i + value.count <= bytes.count {
                if bytes[i] == first, !t.isWord(at: i - 1), !t.isWord(at: i + value.count),
                   (0..<value.count).allSatisfy({ bytes[i + $0] == value[$0] }) {
                    let f = PIIFinding(entity: entity, start: i, end: i + value.count)
                    let overlapping = (findings + extra).contains { $0.start < f.end && f.start < $0.end }
                    if !overlapping { extra.append(f) }
                    i += value.count
                } else {
                    i += 1
                }
            }
        }
        return extra.isEmpty ? findings : (findings + extra).sorted { $0.start < $1.start }
    }

    /// Puts the counts back, after anonymizing text that repeats text already counted.
    public func restoreCounts(_ saved: [PIIEntity: Int]) { counts = saved }

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
            let findings = withKnownValues(bytes, scanner.scan(bytes: bytes), session)
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
        collect(json: call.messages, session: &session)
        if let output = call.output { collect(output, session: &session) }
        for tc in call.toolCalls { collect(tc.arguments, session: &session) }
        if let error = call.error { collect(error, session: &session) }
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
                session.remember(value, f.entity)
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
