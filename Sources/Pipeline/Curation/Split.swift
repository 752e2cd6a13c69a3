/// Which split a call goes to.
public enum SplitName: String, CaseIterable, Sendable {
    case train, validation, test
}

/// Assigns calls to train / validation / test by a stable hash of their near-duplicate
/// group, so that copies of one request never land on both sides of an evaluation, and the
/// assignment of a call does not change when other calls are added.
public struct DatasetSplitter: Sendable {
    public var test: Double
    public var validation: Double
    public var seed: UInt64
    public var finder: NearDuplicateFinder

    public init(test: Double = 0.1, validation: Double = 0.1, seed: UInt64 = 42, threshold: Double = 0.8) throws {
        guard test >= 0, validation >= 0, test + validation <= 1 else {
            throw CurationError("split fractions must be >= 0 and sum to at most 1, got test \(test), validation \(validation)")
        }
        self.test = test
        self.validation = validation
        self.seed = seed
        self.finder = NearDuplicateFinder(threshold: threshold)
    }

    /// The split of each call, in order.
    public func assign(_ calls: [LoggedCall]) -> [SplitName] {
        let texts = calls.map(NearDuplicateFinder.dedupText)
        let groups = finder.groups(texts)
        // A group's key is the smallest hash of its members' texts: it does not depend on
        // the order of the calls.
        var key: [Int: UInt64] = [:]
        for (i, g) in groups.enumerated() {
            let h = KeyedHash.hash(texts[i].utf8, seed: seed)
            key[g] = min(key[g] ?? .max, h)
        }
        return groups.map { g in
            let u = Double(KeyedHash.mix(key[g] ?? 0) >> 11) / Double(1 << 53)
            if u < test { return .test }
            if u < test + validation { return .validation }
            return .train
        }
    }
}

/// A curation input problem (bad parameter or file), with a message that says what to fix.
public struct CurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
