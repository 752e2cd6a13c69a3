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
        var slots: [String: Int] = [:]
        var stats: [CallStats] = []
        var latencies: [[Double]] = []
        for row in rows {
            let group = row[0].textValue ?? row[0].description
            let slot: Int
            if let known = slots[group] {
                slot = known
            } else {
                slot = stats.count
                slots[group] = slot
                stats.append(CallStats(group: group, count: 0, failures: 0, inputTokens: 0, outputTokens: 0, cost: 0))
                latencies.append([])
            }
            stats[slot].count += 1
            if row[1].textValue != CallStatus.ok.rawValue { stats[slot].failures += 1 }
            if let l = row[2].doubleValue { latencies[slot].append(l) }
            stats[slot].inputTokens += Int(row[3].intValue ?? 0)
            stats[slot].outputTokens += Int(row[4].intValue ?? 0)
            stats[slot].cost += row[5].doubleValue ?? 0
        }
        for slot in stats.indices {
            let sorted = latencies[slot].sorted()
            stats[slot].latencyP50 = Self.percentile(sorted, 0.50)
            stats[slot].latencyP95 = Self.percentile(sorted, 0.95)
        }
        return stats
    }

    /// The q-quantile of sorted values, interpolating linearly between closest ranks.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = q * Double(sorted.count - 1)
        let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - Double(lo))
    }
}
