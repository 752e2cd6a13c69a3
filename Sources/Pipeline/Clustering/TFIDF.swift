import Foundation

/// TF-IDF over word n-grams, as scikit-learn's `TfidfVectorizer(sublinear_tf=True)`:
/// lower-cased words of two or more letters/digits (its default token pattern), n-grams
/// joined by a space, smooth idf = ln((1 + n) / (1 + df)) + 1, tf = 1 + ln(count), rows
/// L2-normalized. The vocabulary keeps the `maxFeatures` most frequent terms.
public struct TFIDFVectorizer: Sendable {
    public var ngrams: ClosedRange<Int>
    public var maxFeatures: Int
    public var minDocumentFrequency: Int

    /// Terms in column order, and their idf.
    public private(set) var vocabulary: [String] = []
    public private(set) var idf: [Float] = []
    private var columnOf: [String: Int] = [:]

    public init(ngrams: ClosedRange<Int> = 1 ... 1, maxFeatures: Int = 2048, minDocumentFrequency: Int = 1) {
        self.ngrams = ngrams
        self.maxFeatures = maxFeatures
        self.minDocumentFrequency = minDocumentFrequency
    }

    /// One row of a sparse matrix: column indices (ascending) and values.
    public struct SparseRow: Sendable {
        public var columns: [Int]
        public var values: [Float]
    }

    /// Lower-cased runs of letters, digits and '_' of length >= 2.
    public static func words(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "_" {
                current.append(ch)
            } else {
                if current.count >= 2 { out.append(current) }
                current = ""
            }
        }
        if current.count >= 2 { out.append(current) }
        return out
    }

    public func terms(_ text: String) -> [String] {
        let w = Self.words(text)
        var out: [String] = []
        for n in ngrams where n >= 1 && n <= w.count {
            for i in 0 ... (w.count - n) { out.append(n == 1 ? w[i] : w[i ..< i + n].joined(separator: " ")) }
        }
        return out
    }

    /// Learns the vocabulary and idf, and returns the documents' rows.
    public mutating func fitTransform(_ documents: [String]) throws -> [SparseRow] {
        guard ngrams.lowerBound >= 1 else { throw ClusteringError("tfidf: n-grams start at 1, got \(ngrams)") }
        let tokenized = documents.map(terms)
        var documentFrequency: [String: Int] = [:], total: [String: Int] = [:]
        for doc in tokenized {
            for t in doc { total[t, default: 0] += 1 }
            for t in Set(doc) { documentFrequency[t, default: 0] += 1 }
        }
        // Most frequent first, ties by term, then the kept terms in alphabetical order.
        let kept = total.filter { documentFrequency[$0.key, default: 0] >= minDocumentFrequency }
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(max(0, maxFeatures)).map(\.key).sorted()
        vocabulary = kept
        columnOf = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        let n = Float(documents.count)
        idf = kept.map { Foundation.log((1 + n) / (1 + Float(documentFrequency[$0, default: 0]))) + 1 }
        return tokenized.map(row)
    }

    /// Rows of new documents in the learned vocabulary (unknown terms ignored).
    public func transform(_ documents: [String]) -> [SparseRow] { documents.map { row(terms($0)) } }

    private func row(_ terms: [String]) -> SparseRow {
        var counts: [Int: Int] = [:]
        for t in terms { if let c = columnOf[t] { counts[c, default: 0] += 1 } }
        let columns = counts.keys.sorted()
        var values = columns.map { c in (1 + Foundation.log(Float(counts[c]!))) * idf[c] }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { values = values.map { $0 / norm } }
        return SparseRow(columns: columns, values: values)
    }

    /// The rows as dense points (n × vocabulary size).
    public func dense(_ rows: [SparseRow]) -> Points {
        let d = vocabulary.count
        var values = [Float](repeating: 0, count: rows.count * d)
        for (i, r) in rows.enumerated() {
            for (c, v) in zip(r.columns, r.values) { values[i * d + c] = v }
        }
        return (try? Points(count: rows.count, dimension: d, values: values))!
    }
}
