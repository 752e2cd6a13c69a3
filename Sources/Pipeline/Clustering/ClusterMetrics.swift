import Foundation

/// Agreement of a clustering with reference labels: adjusted Rand index (Hubert & Arabie)
/// and normalized mutual information (arithmetic-mean normalization, scikit-learn's default).
/// Labels are any hashable values; noise is treated as one more cluster.
public enum ClusterMetrics {
    public static func adjustedRandIndex<A: Hashable, B: Hashable>(_ a: [A], _ b: [B]) -> Double {
        let (table, rows, columns, n) = contingency(a, b)
        guard n > 1 else { return 1 }
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        let index = table.values.reduce(0) { $0 + pairs($1) }
        let rowPairs = rows.reduce(0) { $0 + pairs($1) }, columnPairs = columns.reduce(0) { $0 + pairs($1) }
        let expected = rowPairs * columnPairs / pairs(n)
        let maximum = (rowPairs + columnPairs) / 2
        // Both clusterings trivial (one cluster each, or all singletons): perfect agreement.
        guard maximum != expected else { return 1 }
        return (index - expected) / (maximum - expected)
    }

    public static func normalizedMutualInformation<A: Hashable, B: Hashable>(_ a: [A], _ b: [B]) -> Double {
        let (table, rows, columns, n) = contingency(a, b)
        guard n > 0 else { return 1 }
        let total = Double(n)
        func entropy(_ counts: [Int]) -> Double {
            counts.reduce(0) { h, c in c == 0 ? h : h - Double(c) / total * log(Double(c) / total) }
        }
        let ha = entropy(rows), hb = entropy(columns)
        if ha == 0 && hb == 0 { return 1 }
        var mi = 0.0
        for (key, c) in table where c > 0 {
            let p = Double(c) / total
            mi += p * log(p * total * total / (Double(rows[key.row]) * Double(columns[key.column])))
        }
        let mean = (ha + hb) / 2
        return mean > 0 ? max(0, mi / mean) : 0
    }

    private struct Cell: Hashable { let row: Int, column: Int }

    private static func contingency<A: Hashable, B: Hashable>(_ a: [A], _ b: [B])
        -> (table: [Cell: Int], rows: [Int], columns: [Int], n: Int) {
        let n = min(a.count, b.count)
        var rowIndex: [A: Int] = [:], columnIndex: [B: Int] = [:]
        var cells: [Cell: Int] = [:]
        var rows: [Int] = [], columns: [Int] = []
        for i in 0 ..< n {
            let r = rowIndex[a[i]] ?? { rowIndex[a[i]] = rows.count; rows.append(0); return rows.count - 1 }()
            let c = columnIndex[b[i]] ?? { columnIndex[b[i]] = columns.count; columns.append(0); return columns.count - 1 }()
            rows[r] += 1
            columns[c] += 1
            cells[Cell(row: r, column: c), default: 0] += 1
        }
        return (cells, rows, columns, n)
    }
}
