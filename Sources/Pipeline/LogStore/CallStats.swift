/// Per-group summary of logged calls: volume, failures, latency, tokens, cost.
public struct CallStats: Equatable, Sendable {
    /// The group's value (agent or model name; "(none)" when the field is empty).
    public var group: String
    public var count: Int
    /// Calls whose status is not ok (error, cancelled, timeout).
    public var failures: Int
    public var errorRate: Double { count == 0 ? 0 : Double(failures) / Double(count) }
    /// Latency percentiles in milliseconds over the calls that have a latency.
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var inputTokens: Int
    public var outputTokens: Int
    /// Cost in US dollars of the calls that have one.
    public var cost: Double
}

/// What `stats` groups calls by.
public enum StatsGrouping: String, CaseIterable, Sendable {
    case agent, model, status
}

extension LogStore {
    /// Summary per agent (or model, or status), sorted by group name.
    public func stats(by grouping: StatsGrouping = .agent) throws -> [CallStats] {
        let column = grouping.rawValue
        let rows = try db.query("""
            SELECT coalesce(\(column), '(none)'), status, latency_ms, input_tokens, output_tokens, cost_usd
            FROM calls ORDER BY 1
            """)
        var order: [String] = []
        var latencies: [String: [Double]] = [:]
        var stats: [String: CallStats] = [:]
        for row in rows {
            let group = row[0].textValue ?? row[0].description
            if stats[group] == nil {
                order.append(group)
                stats[group] = CallStats(group: group, count: 0, failures: 0, inputTokens: 0, outputTokens: 0, cost: 0)
            }
            stats[group]!.count += 1
            if row[1].textValue != CallStatus.ok.rawValue { stats[group]!.failures += 1 }
            if let l = row[2].doubleValue { latencies[group, default: []].append(l) }
            stats[group]!.inputTokens += Int(row[3].intValue ?? 0)
            stats[group]!.outputTokens += Int(row[4].intValue ?? 0)
            stats[group]!.cost += row[5].doubleValue ?? 0
        }
        return order.map { group in
            var s = stats[group]!
            let sorted = (latencies[group] ?? []).sorted()
            s.latencyP50 = Self.percentile(sorted, 0.50)
            s.latencyP95 = Self.percentile(sorted, 0.95)
            return s
        }
    }

    /// The q-quantile of sorted values, interpolating linearly between closest ranks.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = q * Double(sorted.count - 1)
        let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - Double(lo))
    }
}
