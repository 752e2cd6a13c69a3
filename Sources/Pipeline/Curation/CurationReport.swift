/// What curation did: calls in, kept, dropped per reason, and findings per entity.
public struct CurationReport: Sendable {
    public var input = 0
    public var dropped: [DropReason: Int] = [:]
    public var findings: [PIIEntity: Int] = [:]
    public var kept: Int { input - dropped.values.reduce(0, +) }

    public init() {}

    /// The report as rows of (step, count): input, each drop reason (in pipeline order,
    /// zeros included so the table always has the same shape), kept.
    public var rows: [(step: String, count: Int)] {
        [("input", input)] + DropReason.allCases.map { ("dropped: \($0.rawValue)", dropped[$0] ?? 0) } + [("kept", kept)]
    }

    /// Findings per entity, most frequent first, entities never found left out.
    public var findingRows: [(entity: String, count: Int)] {
        findings.map { ($0.key.rawValue, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.entity < $1.entity }
    }
}
