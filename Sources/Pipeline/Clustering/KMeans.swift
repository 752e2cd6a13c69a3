import Foundation
import Tensor

/// k-means: greedy k-means++ seeding (2 + ln k candidates per step, as scikit-learn),
/// several seeded initializations, Lloyd iterations with point–centroid distances through
/// sgemm. Stops when no label changes or the centroids move less than `tolerance` × the
/// mean per-feature variance (scikit-learn's criterion); keeps the run of least inertia.
public struct KMeans: Sendable {
    public var k: Int
    public var initializations: Int
    public var maxIterations: Int
    public var tolerance: Float
    public var seed: UInt64

    public init(k: Int, initializations: Int = 4, maxIterations: Int = 300, tolerance: Float = 1e-4, seed: UInt64 = 0) {
        self.k = k
        self.initializations = initializations
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    public struct Result: Sendable {
        /// The cluster of each point, 0..<k.
        public let labels: [Int]
        /// k × d, row-major.
        public let centroids: [Float]
        /// Σ squared distance of each point to its centroid.
        public let inertia: Double
        public let iterations: Int
    }

    public func fit(_ x: Points) throws -> Result {
        guard k >= 1, k <= x.count else { throw ClusteringError("k-means: k = \(k) needs 1 <= k <= \(x.count) points") }
        guard initializations >= 1, maxIterations >= 1 else { throw ClusteringError("k-means: initializations and iterations must be >= 1") }
        let norms = x.squaredNorms()
        let threshold = tolerance * Self.meanVariance(x)
        var best: Result?
        var generator = SeededGenerator(seed: seed)
        for _ in 0 ..< initializations {
            let start = seedCentroids(x, norms, &generator)
            let run = lloyd(x, norms, start, threshold)
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        return best!
    }

    static func meanVariance(_ x: Points) -> Float {
        guard x.count > 0, x.dimension > 0 else { return 0 }
        var total: Double = 0
        for j in 0 ..< x.dimension {
            var s: Double = 0, s2: Double = 0
            for i in 0 ..< x.count { let v = Double(x.values[i * x.dimension + j]); s += v; s2 += v * v }
            let m = s / Double(x.count)
            total += s2 / Double(x.count) - m * m
        }
        return Float(total / Double(x.dimension))
    }

    /// k-means++: each next centroid is the best (least total potential) of a few points
    /// drawn with probability ∝ squared distance to the nearest centroid so far.
    func seedCentroids(_ x: Points, _ norms: [Float], _ g: inout SeededGenerator) -> [Float] {
        let n = x.count, d = x.dimension
        let trials = 2 + Int(log(Double(k)))
        var centroids = [Float](repeating: 0, count: k * d)
        var chosen = Int(g.next() % UInt64(n))
        centroids.replaceSubrange(0 ..< d, with: x.row(chosen))
        var closest = [Float](repeating: 0, count: n)
        var distances = [Float](repeating: 0, count: n * trials)
        x.values.withUnsafeBufferPointer { v in
            norms.withUnsafeBufferPointer { nrm in
                closest.withUnsafeMutableBufferPointer { c in
                    Points.squaredDistances(v.baseAddress!, nrm.baseAddress!, rows: n, v.baseAddress! + chosen * d,
                                            nrm.baseAddress! + chosen, columns: 1, dimension: d, into: c.baseAddress!)
                }
            }
        }
        var potential = closest.reduce(0, +)
        for c in 1 ..< k {
            // Candidates by inverse CDF of the potential.
            var candidates: [Int] = []
            for _ in 0 ..< trials {
                var r = Float(Double(g.next() >> 11) / Double(1 << 53)) * potential
                var pick = n - 1
                for i in 0 ..< n { r -= closest[i]; if r <= 0 { pick = i; break } }
                candidates.append(pick)
            }
            let candidateRows = candidates.flatMap { x.row($0) }, candidateNorms = candidates.map { norms[$0] }
            x.values.withUnsafeBufferPointer { v in
                norms.withUnsafeBufferPointer { nrm in
                    distances.withUnsafeMutableBufferPointer { out in
                        Points.squaredDistances(v.baseAddress!, nrm.baseAddress!, rows: n, candidateRows, candidateNorms,
                                                columns: trials, dimension: d, into: out.baseAddress!)
                    }
                }
            }
            var bestTrial = 0, bestPotential = Float.infinity
            for t in 0 ..< trials {
                var p: Float = 0
                for i in 0 ..< n { p += min(closest[i], distances[i * trials + t]) }
                if p < bestPotential { bestPotential = p; bestTrial = t }
            }
            chosen = candidates[bestTrial]
            for i in 0 ..< n { closest[i] = min(closest[i], distances[i * trials + bestTrial]) }
            potential = bestPotential
            centroids.replaceSubrange(c * d ..< (c + 1) * d, with: x.row(chosen))
        }
        return centroids
    }

    func lloyd(_ x: Points, _ norms: [Float], _ start: [Float], _ threshold: Float) -> Result {
        let n = x.count, d = x.dimension
        var centroids = start
        var labels = [Int](repeating: -1, count: n)
        var distances = [Float](repeating: 0, count: n * k)
        var iterations = 0
        var inertia: Double = 0
        while iterations < maxIterations {
            iterations += 1
            let changed = assign(x, norms, centroids, &labels, &distances, &inertia)
            var sums = [Float](repeating: 0, count: k * d), sizes = [Int](repeating: 0, count: k)
            x.values.withUnsafeBufferPointer { v in
                sums.withUnsafeMutableBufferPointer { s in
                    for i in 0 ..< n {
                        let c = labels[i], row = v.baseAddress! + i * d, sum = s.baseAddress! + c * d
                        sizes[c] += 1
                        for j in 0 ..< d { sum[j] += row[j] }
                    }
                }
            }
            var shift: Float = 0
            for c in 0 ..< k {
                // An emptied cluster takes the point farthest from its centroid.
                if sizes[c] == 0 {
                    let far = (0 ..< n).max { distances[$0 * k + labels[$0]] < distances[$1 * k + labels[$1]] } ?? 0
                    for j in 0 ..< d { sums[c * d + j] = x.values[far * d + j] }
                    sizes[c] = 1
                }
                let scale = 1 / Float(sizes[c])
                for j in 0 ..< d {
                    let updated = sums[c * d + j] * scale, delta = updated - centroids[c * d + j]
                    shift += delta * delta
                    centroids[c * d + j] = updated
                }
            }
            if !changed || shift <= threshold { break }
        }
        _ = assign(x, norms, centroids, &labels, &distances, &inertia)
        return Result(labels: labels, centroids: centroids, inertia: inertia, iterations: iterations)
    }

    /// Nearest centroid of every point; returns whether any label changed.
    func assign(_ x: Points, _ norms: [Float], _ centroids: [Float], _ labels: inout [Int],
                _ distances: inout [Float], _ inertia: inout Double) -> Bool {
        let n = x.count, d = x.dimension
        let centroidNorms = (0 ..< k).map { c in (0 ..< d).reduce(Float(0)) { $0 + centroids[c * d + $1] * centroids[c * d + $1] } }
        x.values.withUnsafeBufferPointer { v in
            norms.withUnsafeBufferPointer { nrm in
                distances.withUnsafeMutableBufferPointer { out in
                    Points.squaredDistances(v.baseAddress!, nrm.baseAddress!, rows: n, centroids, centroidNorms,
                                            columns: k, dimension: d, into: out.baseAddress!)
                }
            }
        }
        var changed = false
        var total: Double = 0
        for i in 0 ..< n {
            var best = 0, bestDistance = distances[i * k]
            for c in 1 ..< k where distances[i * k + c] < bestDistance { best = c; bestDistance = distances[i * k + c] }
            if labels[i] != best { labels[i] = best; changed = true }
            total += Double(bestDistance)
        }
        inertia = total
        return changed
    }
}
