import Foundation

/// What a cluster is about: its top c-TF-IDF terms (BERTopic's class-based TF-IDF: a term's
/// share of the cluster's words × ln(1 + average words per cluster / the term's count over
/// all clusters)) and the members nearest its centroid.
public enum ClusterLabels {
    /// Common English words and SQL schema words that say nothing about a task.
    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "is", "are", "was",
        "were", "be", "been", "it", "its", "this", "that", "these", "those", "you", "your", "we", "our", "me", "my", "i",
        "what", "which", "who", "how", "do", "does", "did", "can", "will", "not", "no", "only", "all", "any", "each",
        "there", "then", "than", "so", "if", "but", "into", "about", "their", "they", "them", "he", "she", "his", "her",
        "us", "up", "out", "one", "give", "given", "use", "using", "has", "have", "had",
        // SQL schema boilerplate, in every prompt that carries a schema.
        "null", "integer", "text", "real", "key", "primary", "references", "create", "table", "varchar",
    ]

    /// The `top` terms of each cluster (labels 0..<clusters; other labels ignored).
    public static func topTerms(documents: [String], labels: [Int], clusters: Int, top: Int = 5) -> [[String]] {
        guard clusters > 0 else { return [] }
        var counts = [[String: Int]](repeating: [:], count: clusters)
        var overall: [String: Int] = [:]
        for (doc, label) in zip(documents, labels) where label >= 0 && label < clusters {
            for w in TFIDFVectorizer.words(doc) where !stopWords.contains(w) && !w.allSatisfy(\.isNumber) {
                counts[label][w, default: 0] += 1
                overall[w, default: 0] += 1
            }
        }
        let average = Double(overall.values.reduce(0, +)) / Double(clusters)
        return counts.map { c in
            let size = Double(c.values.reduce(0, +))
            guard size > 0 else { return [] }
            let scored = c.map { term, n in (term, Double(n) / size * log(1 + average / Double(overall[term]!))) }
            return scored.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(top).map(\.0)
        }
    }

    /// The `top` members of each cluster closest to the cluster's mean (in `x`), nearest first.
    public static func centralMembers(_ x: Points, labels: [Int], clusters: Int, top: Int = 3) -> [[Int]] {
        let d = x.dimension
        var sums = [[Float]](repeating: [Float](repeating: 0, count: d), count: clusters)
        var members = [[Int]](repeating: [], count: clusters)
        for (i, label) in labels.enumerated() where label >= 0 && label < clusters {
            members[label].append(i)
            for j in 0 ..< d { sums[label][j] += x.values[i * d + j] }
        }
        return (0 ..< clusters).map { c in
            let mean = sums[c].map { $0 / Float(max(members[c].count, 1)) }
            func distance(_ i: Int) -> Float {
                var s: Float = 0
                for j in 0 ..< d { let v = x.values[i * d + j] - mean[j]; s += v * v }
                return s
            }
            return members[c].map { ($0, distance($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(top).map(\.0)
        }
    }
}
