/// Exact and near-duplicate detection over calls.
///
/// A call's dedup text is its non-system messages and its answer (the system prompt and
/// tool list are shared by every call of a component, so they would make all of them look
/// alike), lower-cased with whitespace collapsed. Exact duplicates share that text. Near
/// duplicates are found with MinHash over word 3-shingles (64 hash functions) and
/// locality-sensitive hashing (16 bands of 4 rows); candidate pairs are confirmed when the
/// estimated Jaccard similarity reaches the threshold.
public struct NearDuplicateFinder: Sendable {
    public var threshold: Double
    static let hashes = 64, bands = 16
    static var rows: Int { hashes / bands }

    public init(threshold: Double = 0.8) {
        self.threshold = threshold
    }

    /// The normalized text a call is compared by.
    public static func dedupText(_ call: LoggedCall) -> String {
        var parts: [String] = []
        for m in call.messages.arrayValue ?? [] where m["role"]?.stringValue != "system" {
            parts.append((m["role"]?.stringValue ?? "") + ": " + (LoggedCall.text(of: m["content"]) ?? ""))
            for tc in m["tool_calls"]?.arrayValue ?? [] { parts.append(tc["function"]?.jsonText ?? "") }
        }
        parts.append("answer: " + (call.output ?? ""))
        for tc in call.toolCalls { parts.append(tc.name + " " + tc.arguments) }
        return normalize(parts.joined(separator: "\n"))
    }

    static func normalize(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The MinHash signature of a text's word 3-shingles.
    static func signature(_ text: String) -> [UInt64] {
        let words = text.split(separator: " ")
        var shingles: [UInt64] = []
        let k = min(3, max(1, words.count))
        if words.isEmpty { shingles = [0] }
        for i in 0...(max(0, words.count - k)) where !words.isEmpty {
            var h: UInt64 = 0
            for w in words[i..<(i + k)] { h = KeyedHash.hash(w.utf8, seed: h) }
            shingles.append(h)
        }
        return (0..<hashes).map { j in
            let seed = KeyedHash.mix(UInt64(j) &+ 0x5bd1e995)
            var m = UInt64.max
            for s in shingles { m = min(m, KeyedHash.mix(s ^ seed)) }
            return m
        }
    }

    static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        Double(zip(a, b).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }) / Double(hashes)
    }

    /// For each text, the index of the group it belongs to: the index of the first text of
    /// its group (exact or near duplicates, transitively).
    public func groups(_ texts: [String]) -> [Int] {
        var parent = Array(texts.indices)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
            return r
        }
        func union(_ a: Int, _ b: Int) {
            let (ra, rb) = (find(a), find(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var exact: [String: Int] = [:]
        var signatures: [[UInt64]?] = Array(repeating: nil, count: texts.count)
        var buckets: [[UInt64]: [Int]] = [:]
        for (i, text) in texts.enumerated() {
            if let first = exact[text] { union(first, i); continue }
            exact[text] = i
            let sig = Self.signature(text)
            signatures[i] = sig
            for band in 0..<Self.bands {
                let key = [UInt64(band)] + sig[(band * Self.rows)..<((band + 1) * Self.rows)]
                for j in buckets[key, default: []] where find(j) != find(i) {
                    if let other = signatures[j], Self.similarity(sig, other) >= threshold { union(j, i) }
                }
                buckets[key, default: []].append(i)
            }
        }
        return texts.indices.map(find)
    }
}
