/// HDBSCAN (Campello, Moulavi & Sander 2013): density-based clustering that picks the
/// number of clusters itself and marks points in no dense region as noise (label -1).
///
/// core distance = distance to the `minSamples`-th nearest point (itself included, as
/// scikit-learn); mutual reachability = max(core a, core b, d(a, b)); its minimum spanning
/// tree (Prim on the dense graph, O(n²) distances through sgemm rows) gives the
/// single-linkage hierarchy, condensed with `minClusterSize`; clusters are chosen by excess
/// of mass (most stable), the root excluded unless it is the only one.
public struct HDBSCAN: Sendable {
    public var minClusterSize: Int
    public var minSamples: Int

    public init(minClusterSize: Int = 10, minSamples: Int? = nil) {
        self.minClusterSize = minClusterSize
        self.minSamples = minSamples ?? minClusterSize
    }

    public func fit(_ x: Points) throws -> [Int] {
        let n = x.count
        guard minClusterSize >= 2, minSamples >= 1 else { throw ClusteringError("hdbscan: min cluster size must be >= 2, min samples >= 1") }
        guard n >= 2 else { return [Int](repeating: -1, count: n) }
        let norms = x.squaredNorms()
        let core = coreDistances(x, norms)
        let edges = minimumSpanningTree(x, norms, core)
        let tree = condensedTree(edges, n)
        return selectClusters(tree, n)
    }

    /// Distance to the minSamples-th nearest point (self counts as the first).
    func coreDistances(_ x: Points, _ norms: [Float]) -> [Float] {
        let n = x.count, d = x.dimension, k = min(minSamples, n)
        let block = max(1, min(n, 2_000_000 / n))
        var distances = [Float](repeating: 0, count: block * n)
        var core = [Float](repeating: 0, count: n)
        var start = 0
        while start < n {
            let b = min(block, n - start)
            x.values.withUnsafeBufferPointer { v in
                norms.withUnsafeBufferPointer { nrm in
                    distances.withUnsafeMutableBufferPointer { out in
                        Points.squaredDistances(v.baseAddress! + start * d, nrm.baseAddress! + start, rows: b,
                                                v.baseAddress!, nrm.baseAddress!, columns: n, dimension: d, into: out.baseAddress!)
                    }
                }
            }
            for r in 0 ..< b {
                distances[r * n + start + r] = 0
                var row = Array(distances[r * n ..< (r + 1) * n])
                row.sort()
                core[start + r] = row[k - 1].squareRoot()
            }
            start += b
        }
        return core
    }

    struct Edge { let a: Int, b: Int, weight: Float }

    /// Prim's algorithm over mutual reachability distances; edges in increasing weight.
    func minimumSpanningTree(_ x: Points, _ norms: [Float], _ core: [Float]) -> [Edge] {
        let n = x.count, d = x.dimension
        var inTree = [Bool](repeating: false, count: n)
        var best = [Float](repeating: .infinity, count: n), from = [Int](repeating: 0, count: n)
        var row = [Float](repeating: 0, count: n)
        var edges: [Edge] = []
        edges.reserveCapacity(n - 1)
        var current = 0
        inTree[0] = true
        for _ in 1 ..< n {
            x.values.withUnsafeBufferPointer { v in
                norms.withUnsafeBufferPointer { nrm in
                    row.withUnsafeMutableBufferPointer { out in
                        Points.squaredDistances(v.baseAddress! + current * d, nrm.baseAddress! + current, rows: 1,
                                                v.baseAddress!, nrm.baseAddress!, columns: n, dimension: d, into: out.baseAddress!)
                    }
                }
            }
            var next = -1, nextWeight = Float.infinity
            for j in 0 ..< n where !inTree[j] {
                let reach = max(row[j].squareRoot(), core[current], core[j])
                if reach < best[j] { best[j] = reach; from[j] = current }
                if best[j] < nextWeight { nextWeight = best[j]; next = j }
            }
            inTree[next] = true
            edges.append(Edge(a: from[next], b: next, weight: nextWeight))
            current = next
        }
        return edges.sorted { $0.weight < $1.weight }
    }

    /// A cluster of the condensed tree: born at density `birth` (= 1/distance), with its
    /// points' exit densities and its child clusters.
    struct Node {
        var parent: Int
        var birth: Float
        var stability: Float = 0
        var children: [Int] = []
        /// Points that fell out of this cluster (as noise or when it split), with their λ.
        var points: [(point: Int, lambda: Float)] = []
    }

    /// Builds the single-linkage dendrogram from the sorted MST edges (union–find), then
    /// walks it top-down: a split where both sides have >= minClusterSize points makes two
    /// new clusters, otherwise the small side's points leave the current cluster.
    func condensedTree(_ edges: [Edge], _ n: Int) -> [Node] {
        // Dendrogram: leaves 0..<n, merge m is node n + m with two children and a distance.
        var parent = Array(0 ..< (2 * n - 1)), size = [Int](repeating: 1, count: 2 * n - 1)
        var left = [Int](repeating: -1, count: n - 1), right = left
        var height = [Float](repeating: 0, count: n - 1)
        func find(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r { let next = parent[j]; parent[j] = r; j = next }
            return r
        }
        for (m, e) in edges.enumerated() {
            let a = find(e.a), b = find(e.b), node = n + m
            left[m] = a; right[m] = b; height[m] = e.weight
            parent[a] = node; parent[b] = node
            size[node] = size[a] + size[b]
        }
        // Exact duplicates merge at distance 0; a floor keeps their density finite.
        func lambda(_ distance: Float) -> Float { 1 / max(distance, 1e-6) }
        func leaves(_ node: Int) -> [Int] {
            var out: [Int] = [], stack = [node]
            while let v = stack.popLast() {
                if v < n { out.append(v) } else { stack.append(left[v - n]); stack.append(right[v - n]) }
            }
            return out
        }
        var nodes = [Node(parent: -1, birth: 0)]
        // (dendrogram node, condensed cluster it belongs to)
        var stack = [(2 * n - 2, 0)]
        while let (v, cluster) = stack.popLast() {
            guard v >= n else {
                nodes[cluster].points.append((v, nodes[cluster].birth))
                continue
            }
            let m = v - n, l = lambda(height[m])
            let (a, b) = (left[m], right[m])
            let bigA = size[a] >= minClusterSize, bigB = size[b] >= minClusterSize
            if bigA && bigB {
                for child in [a, b] {
                    nodes.append(Node(parent: cluster, birth: l))
                    nodes[cluster].children.append(nodes.count - 1)
                    stack.append((child, nodes.count - 1))
                }
                // The cluster's own points all left at this λ.
                nodes[cluster].stability += Float(size[v]) * (l - nodes[cluster].birth)
            } else {
                for (child, big) in [(a, bigA), (b, bigB)] {
                    if big {
                        stack.append((child, cluster))
                    } else {
                        for p in leaves(child) {
                            nodes[cluster].points.append((p, l))
                            nodes[cluster].stability += l - nodes[cluster].birth
                        }
                    }
                }
            }
        }
        return nodes
    }

    /// Excess of mass: bottom-up, a cluster is kept when its stability beats its
    /// descendants' selected total; points of unselected regions are noise.
    func selectClusters(_ nodes: [Node], _ n: Int) -> [Int] {
        var selected = [Bool](repeating: false, count: nodes.count)
        var score = nodes.map(\.stability)
        // Children always come after their parent, so a reverse walk is bottom-up.
        for c in stride(from: nodes.count - 1, through: 1, by: -1) {
            let childTotal = nodes[c].children.reduce(Float(0)) { $0 + score[$1] }
            if nodes[c].children.isEmpty || score[c] >= childTotal {
                selected[c] = true
            } else {
                score[c] = childTotal
            }
        }
        // The root counts only when it never splits (then all points are one cluster).
        if nodes.count == 1 { selected[0] = true }
        // A selected cluster claims every point below it; unselect its descendants.
        var labels = [Int](repeating: -1, count: n)
        var next = 0
        func claim(_ c: Int, _ label: Int) {
            for (p, _) in nodes[c].points { labels[p] = label }
            for child in nodes[c].children { claim(child, label) }
        }
        func visit(_ c: Int) {
            if selected[c] {
                claim(c, next)
                next += 1
            } else {
                for child in nodes[c].children { visit(child) }
            }
        }
        visit(0)
        return labels
    }
}
