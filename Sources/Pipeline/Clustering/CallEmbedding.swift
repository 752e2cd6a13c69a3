extension TaskClustering {
    /// Embeds calls as `view` sees them. `.combined` embeds the system prompt, the prompt and
    /// the signature (input kinds, output kinds, tools) separately and joins the three unit
    /// rows, each scaled by 1/√3, so a row is unit length and the squared distance of two
    /// calls is 2 − (2/3)·(sum of the three cosine similarities): what was asked and what kind
    /// of task it is count equally, whatever the prompts' lengths.
    ///
    /// A call that did nothing (failed before any output) has no action of its own; its
    /// signature takes the action of the call nearest to it by system prompt and prompt (often
    /// its own retry), rather than an "output: none" shared by every failure.
    public static func embed(_ calls: [TaskCall], view: TaskView, embedding: Embedding) throws -> Points {
        guard !calls.isEmpty else { throw ClusteringError("cluster: no calls") }
        guard view == .combined else { return try embedding.embed(calls.map(view.text)) }
        let system = try embedding.embed(calls.map { $0.systemPrompt ?? "" })
        let prompt = try embedding.embed(calls.map(\.prompt))
        var signatures = calls.map(\.signature)
        let acted = calls.indices.filter { calls[$0].hasAction }
        let idle = calls.indices.filter { !calls[$0].hasAction }
        if !acted.isEmpty, !idle.isEmpty {
            let asked = try join([system, prompt], weight: 1)  // (n, ds + dp)
            for (i, nearest) in zip(idle, try nearestRows(of: idle, among: acted, in: asked)) {
                var borrowed = calls[i]
                borrowed.output = calls[nearest].output
                borrowed.toolNames = calls[nearest].toolNames
                borrowed.toolArguments = calls[nearest].toolArguments
                signatures[i] = borrowed.signature
            }
        }
        return try join([system, prompt, try embedding.embed(signatures)], weight: (1 / 3 as Float).squareRoot())
    }

    /// Row i of the result is the rows i of `parts`, side by side, times `weight`.
    static func join(_ parts: [Points], weight: Float) throws -> Points {
        let n = parts[0].count, d = parts.reduce(0) { $0 + $1.dimension }
        var values = [Float]()
        values.reserveCapacity(n * d)
        for i in 0 ..< n { for p in parts { values += p.row(i).map { $0 * weight } } }
        return try Points(count: n, dimension: d, values: values)
    }

    /// For each row in `queries`, the row in `candidates` nearest to it (euclidean).
    static func nearestRows(of queries: [Int], among candidates: [Int], in x: Points) throws -> [Int] {
        guard x.dimension > 0 else { return queries.map { _ in candidates[0] } }
        let q = try Points(count: queries.count, dimension: x.dimension, values: queries.flatMap { x.row($0) })
        let c = try Points(count: candidates.count, dimension: x.dimension, values: candidates.flatMap { x.row($0) })
        let qNorms = q.squaredNorms(), cNorms = c.squaredNorms()
        var distances = [Float](repeating: 0, count: q.count * c.count)  // (queries, candidates)
        q.values.withUnsafeBufferPointer { qv in
            c.values.withUnsafeBufferPointer { cv in
                distances.withUnsafeMutableBufferPointer { out in
                    Points.squaredDistances(qv.baseAddress!, qNorms, rows: q.count, cv.baseAddress!, cNorms, columns: c.count,
                                            dimension: x.dimension, into: out.baseAddress!)
                }
            }
        }
        return (0 ..< q.count).map { r in
            let row = distances[r * c.count ..< (r + 1) * c.count]
            return candidates[row.indices.min { row[$0] < row[$1] }! - r * c.count]
        }
    }
}
