/// Recall and precision of the scanner per entity type on a labeled set. A labeled entity
/// is found when a finding of the same type overlaps it; a finding is correct when it
/// overlaps a labeled entity of its type.
public struct DetectionQuality {
    public struct Labeled {
        public var text: String
        public var entities: [PIIFinding]
        public init(text: String, entities: [PIIFinding]) { self.text = text; self.entities = entities }
    }

    public struct Counts {
        public var truePositives = 0, falseNegatives = 0, falsePositives = 0
        public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var precision: Double {
            let found = truePositives + falsePositives
            return found == 0 ? 1 : Double(truePositives) / Double(found)
        }
    }

    public private(set) var counts: [PIIEntity: Counts] = [:]
    /// Missed entities and wrong findings, for looking at: (entity, text of the span, whole text).
    public private(set) var misses: [(PIIEntity, String, String)] = []
    public private(set) var falseAlarms: [(PIIEntity, String, String)] = []

    public init() {}

    /// Reads the labeled JSONL (`{"text", "entities": [{"type", "start", "end"}]}`, byte offsets).
    public static func load(jsonl: String, path: String) throws -> [Labeled] {
        var out: [Labeled] = []
        for (n, line) in jsonl.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let position = "\(path):\(n + 1)"
            let json: JSONValue
            do { json = try JSONValue.parse(String(line)) } catch { throw CurationError("\(position): \(error)") }
            guard let text = json["text"]?.stringValue else { throw CurationError("\(position): missing \"text\"") }
            var entities: [PIIFinding] = []
            for e in json["entities"]?.arrayValue ?? [] {
                guard let type = e["type"]?.stringValue, let entity = PIIEntity(name: type),
                      let s = e["start"]?.intValue, let t = e["end"]?.intValue, s >= 0, s <= t, t <= Int64(text.utf8.count) else {
                    throw CurationError("\(position): bad entity \(e.jsonText)")
                }
                entities.append(PIIFinding(entity: entity, start: Int(s), end: Int(t)))
            }
            out.append(Labeled(text: text, entities: entities))
        }
        return out
    }

    public mutating func add(_ example: Labeled, found: [PIIFinding]) {
        func overlaps(_ a: PIIFinding, _ b: PIIFinding) -> Bool { a.entity == b.entity && a.start < b.end && b.start < a.end }
        let bytes = Array(example.text.utf8)
        func span(_ f: PIIFinding) -> String { String(decoding: bytes[f.start..<f.end], as: UTF8.self) }
        for e in example.entities {
            if found.contains(where: { overlaps($0, e) }) {
                counts[e.entity, default: Counts()].truePositives += 1
            } else {
                counts[e.entity, default: Counts()].falseNegatives += 1
                misses.append((e.entity, span(e), example.text))
            }
        }
        for f in found where !example.entities.contains(where: { overlaps($0, f) }) {
            counts[f.entity, default: Counts()].falsePositives += 1
            falseAlarms.append((f.entity, span(f), example.text))
        }
    }
}
