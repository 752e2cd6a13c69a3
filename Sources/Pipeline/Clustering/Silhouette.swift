import Tensor

/// The mean silhouette coefficient (euclidean), and the choice of k by it.
public enum Silhouette {
    /// Mean over points of (b − a) / max(a, b), a = mean distance to the own cluster, b = to
    /// the nearest other cluster; points alone in their cluster count 0 (as scikit-learn).
    /// Labels < 0 (noise) are left out. Distances come a block of rows at a time via sgemm.
    public static func score(_ x: Points, labels: [Int]) throws -> Double {
        guard labels.count == x.count else { throw ClusteringError("silhouette: \(labels.count) labels for \(x.count) points") }
        let kept = labels.indices.filter { labels[$0] >= 0 }
        let clusters = (labels.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: max(clusters, 0))
        for i in kept { sizes[labels[i]] += 1 }
        guard sizes.filter({ $0 > 0 }).count >= 2 else { return 0 }
        let d = x.dimension, m = kept.count
        let rows = kept.flatMap { x.row($0) }
        let points = try Points(count: m, dimension: d, values: rows)
        let norms = points.squaredNorms()
        let block = max(1, min(m, 4_000_000 / max(m, 1)))
        var distances = [Float](repeating: 0, count: block * m)
        var total = 0.0
        var start = 0
        while start < m {
            let b = min(block, m - start)
            rows.withUnsafeBufferPointer { v in
                norms.withUnsafeBufferPointer { nrm in
                    distances.withUnsafeMutableBufferPointer { out in
                        Points.squaredDistances(v.baseAddress! + start * d, nrm.baseAddress! + start, rows: b,
                                                v.baseAddress!, nrm.baseAddress!, columns: m, dimension: d, into: out.baseAddress!)
                    }
                }
            }
            for r in 0 ..< b {
                let own = labels[kept[start + r]]
                guard sizes[own] > 1 else { continue }
                var sums = [Double](repeating: 0, count: clusters)
                for j in 0 ..< m { sums[labels[kept[j]]] += Double(distances[r * m + j].squareRoot()) }
                let a = sums[own] / Double(sizes[own] - 1)
                var nearest = Double.infinity
                for c in 0 ..< clusters where c != own && sizes[c] > 0 { nearest = min(nearest, sums[c] / Double(sizes[c])) }
                let s = max(a, nearest)
                total += s > 0 ? (nearest - a) / s : 0
            }
            start += b
        }
        return total / Double(m)
    }

    /// The k in `range` whose k-means clustering has the highest silhouette, with that
    /// clustering and every k's score. Large inputs are scored on a seeded sample.
    public static func bestKMeans(_ x: Points, range: ClosedRange<Int>, kmeans: KMeans, sampleSize: Int = 2000)
        throws -> (k: Int, result: KMeans.Result, scores: [(k: Int, silhouette: Double)]) {
        let upper = min(range.upperBound, x.count - 1)
        guard range.lowerBound >= 2, upper >= range.lowerBound else {
            throw ClusteringError("automatic k: needs at least \(range.lowerBound + 1) points, got \(x.count)")
        }
        var sample = Array(0 ..< x.count)
        if x.count > sampleSize {
            var g = SeededGenerator(seed: kmeans.seed ^ 0x5EED)
            sample.shuffle(using: &g)
            sample = Array(sample.prefix(sampleSize)).sorted()
        }
        let sampled = try Points(count: sample.count, dimension: x.dimension, values: sample.flatMap { x.row($0) })
        var best: (k: Int, result: KMeans.Result, score: Double)?
        var scores: [(k: Int, silhouette: Double)] = []
        for k in range.lowerBound ... upper {
            var model = kmeans
            model.k = k
            let result = try model.fit(x)
            let score = try Silhouette.score(sampled, labels: sample.map { result.labels[$0] })
            scores.append((k, score))
            if best == nil || score > best!.score + 1e-9 { best = (k, result, score) }
        }
        return (best!.k, best!.result, scores)
    }
}
