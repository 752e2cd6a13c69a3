import Models

/// Step 3 of the conversion: embed texts, cluster them, and describe each cluster.
public enum TaskClustering {
    public enum Embedding: Sendable {
        case minilm(BertEncoder)
        case tfidf(TFIDFVectorizer)

        public var name: String {
            switch self {
            case .minilm: return "minilm"
            case .tfidf: return "tfidf"
            }
        }

        /// Unit-length rows, one per text.
        public func embed(_ texts: [String]) throws -> Points {
            switch self {
            case .minilm(let encoder):
                // Logs repeat themselves (system prompts, action signatures): each distinct
                // text goes through the encoder once.
                var index: [String: Int] = [:], unique: [String] = []
                let rows = texts.map { t in index[t] ?? { index[t] = unique.count; unique.append(t); return unique.count - 1 }() }
                let embedded = try Points(encoder.embed(unique))
                return try Points(count: texts.count, dimension: embedded.dimension, values: rows.flatMap { embedded.row($0) })
            case .tfidf(var vectorizer):
                let rows = try vectorizer.fitTransform(texts)
                return vectorizer.dense(rows)
            }
        }
    }

    public enum Method: String, Sendable {
        case kmeans
        case density
    }

    public struct Options: Sendable {
        /// nil: chosen automatically (silhouette for k-means; density always picks its own).
        public var k: Int?
        /// The method asked for; nil: chosen by `method`.
        public var chosenMethod: Method?
        public var kRange: ClosedRange<Int>
        public var seed: UInt64
        /// HDBSCAN's smallest cluster; nil: max(5, n / 100).
        public var minClusterSize: Int?

        /// The method that runs: the chosen one, else density when k is automatic and k-means
        /// when k is given. Density is the default because on the demo workload it recovers
        /// the components where k-means' silhouette settles on too few clusters
        /// (BENCHMARKS.md, Clustering). Strings keep k-means (`cluster(_:embedding:options:)`).
        public var method: Method {
            get { chosenMethod ?? (k == nil ? .density : .kmeans) }
            set { chosenMethod = newValue }
        }

        public init(k: Int? = nil, method: Method? = nil, kRange: ClosedRange<Int> = 2 ... 12, seed: UInt64 = 0,
                    minClusterSize: Int? = nil) {
            self.k = k
            self.chosenMethod = method
            self.kRange = kRange
            self.seed = seed
            self.minClusterSize = minClusterSize
        }
    }

    public struct Cluster: Sendable {
        public let id: Int
        /// Indices into the input, ascending.
        public let members: [Int]
        /// Top c-TF-IDF terms.
        public let terms: [String]
        /// The 3 members nearest the centroid, nearest first.
        public let central: [Int]
    }

    public struct Outcome: Sendable {
        /// Cluster of each input; -1 is noise (density only).
        public let labels: [Int]
        public let clusters: [Cluster]
        /// The embedded points (for plots and metrics).
        public let points: Points
        /// Silhouette of each k tried when k was chosen automatically.
        public let silhouettes: [(k: Int, silhouette: Double)]
        /// The method that ran.
        public let method: Method
    }

    /// Clusters strings; without a chosen method, k-means: a list of strings is often a
    /// handful, fewer than HDBSCAN's smallest cluster.
    public static func cluster(_ texts: [String], embedding: Embedding, options: Options = Options()) throws -> Outcome {
        guard !texts.isEmpty else { throw ClusteringError("cluster: no texts") }
        let points = try embedding.embed(texts)
        var options = options
        options.method = options.chosenMethod ?? .kmeans
        return try cluster(points, texts: texts, options: options)
    }

    /// Clusters logged calls as `view` sees them; labels and central examples show the view's text.
    public static func cluster(_ calls: [TaskCall], view: TaskView, embedding: Embedding, options: Options = Options()) throws -> Outcome {
        let points = try embed(calls, view: view, embedding: embedding)
        return try cluster(points, texts: calls.map(view.text), options: options)
    }

    /// Clusters points already embedded; `texts` (one per point) give the labels.
    public static func cluster(_ points: Points, texts: [String], options: Options) throws -> Outcome {
        guard texts.count == points.count else { throw ClusteringError("cluster: \(texts.count) texts for \(points.count) points") }
        var labels: [Int]
        var silhouettes: [(k: Int, silhouette: Double)] = []
        switch options.method {
        case .kmeans:
            let model = KMeans(k: options.k ?? 2, initializations: 4, seed: options.seed)
            if options.k != nil {
                labels = try model.fit(points).labels
            } else {
                let best = try Silhouette.bestKMeans(points, range: options.kRange, kmeans: model)
                labels = best.result.labels
                silhouettes = best.scores
            }
        case .density:
            let size = options.minClusterSize ?? max(5, points.count / 100)
            labels = try HDBSCAN(minClusterSize: size).fit(points)
        }
        labels = renumberBySize(labels)
        let count = (labels.max() ?? -1) + 1
        let terms = ClusterLabels.topTerms(documents: texts, labels: labels, clusters: count)
        let central = ClusterLabels.centralMembers(points, labels: labels, clusters: count)
        var members = [[Int]](repeating: [], count: count)
        for (i, l) in labels.enumerated() where l >= 0 { members[l].append(i) }
        let clusters = (0 ..< count).map { Cluster(id: $0, members: members[$0], terms: terms[$0], central: central[$0]) }
        return Outcome(labels: labels, clusters: clusters, points: points, silhouettes: silhouettes, method: options.method)
    }

    /// Cluster ids ordered by size (largest 0), ties by first member; noise stays -1.
    static func renumberBySize(_ labels: [Int]) -> [Int] {
        var size: [Int: Int] = [:], first: [Int: Int] = [:]
        for (i, l) in labels.enumerated() where l >= 0 {
            size[l, default: 0] += 1
            if first[l] == nil { first[l] = i }
        }
        let order = size.keys.sorted { (size[$1]!, first[$0]!) < (size[$0]!, first[$1]!) }
        let map = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return labels.map { $0 >= 0 ? map[$0]! : -1 }
    }
}
