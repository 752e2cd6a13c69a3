import Models

/// Which licenses a selection accepts.
public enum LicenseFilter: Sendable, Equatable, CustomStringConvertible {
    case any
    /// Apache-2.0, MIT, BSD: no use restrictions beyond attribution.
    case permissive
    /// Any license that allows commercial use (Llama, Gemma and NVIDIA licenses included).
    case commercial
    /// Exactly these license ids (case-insensitive).
    case ids(Set<String>)

    public var description: String {
        switch self {
        case .any: return "any"
        case .permissive: return "permissive"
        case .commercial: return "commercial"
        case .ids(let ids): return ids.sorted().joined(separator: " or ")
        }
    }

    func rejects(_ m: CatalogModel) -> String? {
        switch self {
        case .any: return nil
        case .permissive: return m.isPermissive ? nil : "license \(m.license) is not permissive"
        case .commercial: return m.commercial ? nil : "license \(m.license) does not allow commercial use"
        case .ids(let ids): return ids.contains(m.license.lowercased()) ? nil : "license \(m.license) is not in the accepted list"
        }
    }
}

/// The constraints and criteria of one selection.
public struct SelectionQuery: Sendable {
    public var task: String
    /// Benchmark -> weight (normalized to sum 1 when ranking).
    public var weights: [(benchmark: String, weight: Double)]
    public var quant: GGMLType
    /// Weights + KV cache must fit in this many bytes (nil: no limit).
    public var budgetBytes: Double?
    public var license: LicenseFilter
    public var minContext: Int?
    /// Benchmarks that must have a published score, or catalog tags the model must carry.
    public var require: [String]
    /// Tokens of KV cache counted in the footprint.
    public var context: Int
    /// Memory bandwidth in bytes/s for the decode estimate.
    public var bandwidth: Double
    public var minTokensPerSecond: Double?

    public init(task: String, weights: [(benchmark: String, weight: Double)], quant: GGMLType = .q4_K,
                budgetBytes: Double? = nil, license: LicenseFilter = .any, minContext: Int? = nil,
                require: [String] = [], context: Int = 4096, bandwidth: Double, minTokensPerSecond: Double? = nil) {
        self.task = task
        self.weights = weights
        self.quant = quant
        self.budgetBytes = budgetBytes
        self.license = license
        self.minContext = minContext
        self.require = require
        self.context = context
        self.bandwidth = bandwidth
        self.minTokensPerSecond = minTokensPerSecond
    }
}

/// A candidate that passed every constraint, with what its place rests on.
public struct RankedModel: Sendable {
    public var rank: Int
    public var model: CatalogModel
    public var footprint: Footprint
    /// Σ weight × score over the benchmarks with a published score, ÷ Σ weight: a missing
    /// score counts as 0 (no evidence is not good evidence), so it never helps a model.
    public var quality: Double
    /// Share of the weight backed by published scores (1: every weighed benchmark known).
    public var coverage: Double
    public var used: [BenchmarkScore]
    public var missing: [String]
}

public struct ExcludedModel: Sendable {
    public var model: CatalogModel
    public var footprint: Footprint
    /// Every constraint the model fails.
    public var reasons: [String]
}

public struct Selection: Sendable {
    public var query: SelectionQuery
    public var ranked: [RankedModel]
    public var excluded: [ExcludedModel]
}

public enum ModelRanking {
    /// Ranks `models` for the query: constraints exclude, the weighted scores order, and a
    /// smaller footprint breaks ties.
    public static func select(_ models: [CatalogModel], _ q: SelectionQuery) throws -> Selection {
        let total = q.weights.reduce(0) { $0 + $1.weight }
        guard total > 0, q.weights.allSatisfy({ $0.weight >= 0 }) else {
            throw SelectionError("weights must be non-negative and not all zero")
        }
        for (b, _) in q.weights where !ModelCatalog.benchmarks.contains(b) {
            throw SelectionError("unknown benchmark '\(b)' in weights; expected one of \(ModelCatalog.benchmarks.joined(separator: ", "))")
        }
        var candidates: [RankedModel] = []
        var excluded: [ExcludedModel] = []
        for m in models {
            let fp = Footprint(m, quant: q.quant, context: q.context, bandwidth: q.bandwidth)
            var reasons: [String] = []
            if let r = q.license.rejects(m) { reasons.append(r) }
            if let need = q.minContext, m.context < need { reasons.append("context \(m.context) < \(need)") }
            for r in q.require {
                let key = r.lowercased()
                if ModelCatalog.benchmarks.contains(key) {
                    if m.score(key) == nil { reasons.append("no published \(key) score") }
                } else if !m.tags.contains(key) {
                    reasons.append("not tagged '\(key)'")
                }
            }
            if let budget = q.budgetBytes, fp.totalBytes > budget {
                reasons.append("needs \(megabytes(fp.totalBytes)) MB > budget \(megabytes(budget)) MB")
            }
            if let speed = q.minTokensPerSecond, fp.decodeTokensPerSecond < speed {
                reasons.append("est. \(oneDecimal(fp.decodeTokensPerSecond)) tok/s < \(oneDecimal(speed))")
            }
            if !reasons.isEmpty {
                excluded.append(ExcludedModel(model: m, footprint: fp, reasons: reasons))
                continue
            }
            var weighted = 0.0, known = 0.0
            var used: [BenchmarkScore] = [], missing: [String] = []
            for (b, w) in q.weights where w > 0 {
                if let s = m.score(b) {
                    weighted += w * s.value
                    known += w
                    used.append(s)
                } else {
                    missing.append(b)
                }
            }
            candidates.append(RankedModel(rank: 0, model: m, footprint: fp, quality: weighted / total,
                                          coverage: known / total, used: used, missing: missing))
        }
        candidates.sort {
            if $0.quality != $1.quality { return $0.quality > $1.quality }
            if $0.footprint.totalBytes != $1.footprint.totalBytes { return $0.footprint.totalBytes < $1.footprint.totalBytes }
            return $0.model.id < $1.model.id
        }
        for i in candidates.indices { candidates[i].rank = i + 1 }
        return Selection(query: q, ranked: candidates, excluded: excluded)
    }

    /// Whole megabytes, saturating instead of trapping on absurd sizes.
    public static func megabytes(_ bytes: Double) -> Int {
        let mb = (bytes / 1e6).rounded()
        return mb.isFinite && mb < 9e18 ? Int(mb) : Int.max
    }
    static func oneDecimal(_ x: Double) -> String { String((x * 10).rounded() / 10) }
}

public struct SelectionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
