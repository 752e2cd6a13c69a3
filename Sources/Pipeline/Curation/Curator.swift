/// Step 2 of the conversion in one call: filter, anonymize, then deduplicate (after
/// anonymization, so two requests that differ only in whose email they carry count as
/// duplicates).
public struct Curator {
    public var filters = CallFilters()
    /// nil leaves the text as it is.
    public var anonymization: AnonymizationMode? = .placeholder
    public var entities: Set<PIIEntity> = Set(PIIEntity.allCases)
    public var dropExactDuplicates = true
    /// Jaccard threshold for near duplicates; nil keeps them.
    public var nearDuplicateThreshold: Double? = 0.8

    public init() {}

    public struct Result {
        public var kept: [LoggedCall]
        /// Index into the input and reason of each dropped call.
        public var dropped: [(index: Int, reason: DropReason)]
        public var report: CurationReport
    }

    public func curate(_ calls: [LoggedCall]) -> Result {
        var report = CurationReport()
        report.input = calls.count
        var dropped: [(Int, DropReason)] = []
        var survivors: [(Int, LoggedCall)] = []
        for (i, call) in calls.enumerated() {
            if let reason = filters.reason(for: call) { dropped.append((i, reason)) } else { survivors.append((i, call)) }
        }
        if let mode = anonymization {
            let anonymizer = Anonymizer(mode: mode, entities: entities)
            survivors = survivors.map { ($0.0, anonymizer.anonymize(call: $0.1)) }
            report.findings = anonymizer.counts
        }
        if dropExactDuplicates || nearDuplicateThreshold != nil {
            let texts = survivors.map { NearDuplicateFinder.dedupText($0.1) }
            let groups: [Int]
            if let threshold = nearDuplicateThreshold {
                groups = NearDuplicateFinder(threshold: threshold).groups(texts)
            } else {
                var first: [String: Int] = [:]
                groups = texts.enumerated().map { i, t in first[t] ?? { first[t] = i; return i }() }
            }
            var unique: [(Int, LoggedCall)] = []
            for (k, item) in survivors.enumerated() {
                let g = groups[k]
                if g == k {
                    unique.append(item)
                } else if texts[g] == texts[k] {
                    if dropExactDuplicates { dropped.append((item.0, .exactDuplicate)) } else { unique.append(item) }
                } else {
                    dropped.append((item.0, .nearDuplicate))
                }
            }
            survivors = unique
        }
        for (_, reason) in dropped { report.dropped[reason, default: 0] += 1 }
        return Result(kept: survivors.map(\.1), dropped: dropped.sorted { $0.0 < $1.0 }, report: report)
    }
}
