// Step 3 of the conversion, for slm code: `embed(texts)` (MiniLM on our tensor core, or
// TF-IDF), `cluster(x)` on a list of strings or of calls (records from `store.calls()`),
// `plot(clusters)` as a terminal scatter and an SVG, and `ari` / `nmi` to score a
// clustering against reference labels.

import Foundation
import Lang
import Models
import Pipeline
import Tensor

enum ClusteringBindings {
    static func register(_ b: Builtins) {
        b.define("embed", "embed(texts, model: \"minilm\")",
                 "Sentence embeddings of a list of strings as a tensor (n, d): \"minilm\" (all-MiniLM-L6-v2, unit rows) or \"tfidf\".",
                 topic: "cluster") { args in
            let texts = try strings(args.items(0, "texts"), "embed")
            let model = try args.string(1, "model", default: "minilm")
            return .native(TensorObject(try embedding(model).embed(texts).tensor))
        }
        b.define("cluster", "cluster(x, k: \"auto\", method: \"density\", on: \"combined\", embed: \"minilm\", seed: 0)",
                 "Clusters strings or calls: \"density\" (HDBSCAN, picks the number of clusters, marks noise; the default for calls unless k is given) or \"kmeans\" (k by silhouette when \"auto\"; the default for strings). on (calls): combined (system prompt, prompt and signature -- input kinds, output kinds, tools -- embedded apart), prompt, system+prompt or action.",
                 topic: "cluster") { args in
            try cluster(args)
        }
        b.define("plot", "plot(clusters)", "A 2-D PCA scatter of a clustering: text in the terminal, .svg for the HTML export.",
                 topic: "cluster") { args in
            let c = try args.native(0, "clusters", as: ClustersObject.self, expected: "the result of cluster()")
            return .native(ClusterPlot(c))
        }
        b.define("ari", "ari(labels, reference)", "Adjusted Rand index of two labelings (1 = identical up to renaming).",
                 topic: "cluster") { args in
            let (a, b) = try labelPair(args)
            return .float(ClusterMetrics.adjustedRandIndex(a, b))
        }
        b.define("nmi", "nmi(labels, reference)", "Normalized mutual information of two labelings (arithmetic normalization).",
                 topic: "cluster") { args in
            let (a, b) = try labelPair(args)
            return .float(ClusterMetrics.normalizedMutualInformation(a, b))
        }
    }

    /// MiniLM is loaded once per process.
    nonisolated(unsafe) private static var encoder: BertEncoder?

    static func embedding(_ name: String) throws -> TaskClustering.Embedding {
        switch name.lowercased() {
        case "tfidf", "tf-idf": return .tfidf(TFIDFVectorizer(ngrams: 1 ... 2))
        case let other:
            guard ModelLocator.knownModel(named: other)?.name == "minilm" else {
                throw RuntimeError("embedding model must be \"minilm\" or \"tfidf\", got \"\(name)\"")
            }
            if encoder == nil { encoder = try LogStoreBindings.bridged { try BertEncoder.load("minilm") } }
            return .minilm(encoder!)
        }
    }

    static func strings(_ items: [Value], _ function: String) throws -> [String] {
        try items.enumerated().map { i, v in
            guard case .string(let s) = v else { throw RuntimeError("\(function)() item \(i) is \(v.typeName), not a string") }
            return s
        }
    }

    static func labelPair(_ args: Arguments) throws -> ([String], [String]) {
        let a = try args.items(0, "labels").map { args.interpreter.str($0) }
        let b = try args.items(1, "reference").map { args.interpreter.str($0) }
        guard a.count == b.count else { throw RuntimeError("\(args.function)() needs labelings of equal length, got \(a.count) and \(b.count)") }
        return (a, b)
    }

    /// A call record (from `store.calls()`) as clustering sees it.
    static func taskCall(_ v: Value, _ i: Int) throws -> TaskCall {
        guard case .record(let r) = v else { throw RuntimeError("cluster() item \(i) is \(v.typeName), not a call record") }
        func text(_ key: String) -> String? { if case .string(let s)? = r[key] { return s } else { return nil } }
        func number(_ key: String) -> Double? {
            switch r[key] {
            case .int(let n)?: return Double(n)
            case .float(let d)?: return d
            default: return nil
            }
        }
        guard r["prompt"] != nil || r["messages"] != nil else {
            throw RuntimeError("cluster() item \(i) is a record without 'prompt': pass strings or calls from store.calls()")
        }
        var tools: [String] = [], arguments: [String] = []
        if case .list(let l)? = r["tool_calls"] {
            for case .record(let tc) in l.items {
                guard case .string(let name)? = tc["name"] else { continue }
                tools.append(name)
                if case .string(let a)? = tc["arguments"] { arguments.append(a) } else { arguments.append("") }
            }
        }
        let status = text("status") ?? "ok"
        return TaskCall(prompt: text("prompt") ?? "", systemPrompt: text("system_prompt"), output: text("output"),
                        toolNames: tools, toolArguments: arguments, failed: status != "ok", latencyMs: number("latency_ms"),
                        tokens: Int((number("input_tokens") ?? 0) + (number("output_tokens") ?? 0)), cost: number("cost_usd") ?? 0)
    }

    static func cluster(_ args: Arguments) throws -> Value {
        let items = try args.items(0, "x")
        guard !items.isEmpty else { throw RuntimeError("cluster() of an empty list") }
        // combined recovers the demo agent's components best (BENCHMARKS.md, Clustering).
        let viewName = try args.string(3, "on", default: "combined")
        guard let view = TaskView(rawValue: viewName) ?? (viewName == "system" ? .system : nil) else {
            throw RuntimeError("cluster() on: must be prompt, system+prompt, action or combined; got \"\(viewName)\"")
        }
        var calls: [TaskCall]?
        let texts: [String]
        if case .string = items[0] {
            texts = try strings(items, "cluster")
        } else {
            let c = try items.enumerated().map { try taskCall($1, $0) }
            calls = c
            texts = c.map(view.text)
        }
        var options = TaskClustering.Options(seed: UInt64(bitPattern: Int64(try args.int(5, "seed", default: 0))))
        switch args.given(1, "k") {
        case nil, .string("auto")?: options.k = nil
        case .int(let k)?:
            guard k >= 1, k <= texts.count else { throw RuntimeError("cluster() k must be in 1...\(texts.count), got \(k)") }
            options.k = k
        case let v?: throw RuntimeError("cluster() k must be \"auto\" or an int, got \(args.interpreter.show(v))")
        }
        // Without a method, TaskClustering chooses (density for calls with automatic k).
        if args.given(2, "method") != nil {
            let method = try args.string(2, "method", default: "")
            guard let m = TaskClustering.Method(rawValue: method) else {
                throw RuntimeError("cluster() method must be \"kmeans\" or \"density\", got \"\(method)\"")
            }
            options.method = m
        }
        let embedName = try args.string(4, "embed", default: "minilm")
        let embedding = try embedding(embedName)
        let outcome = try LogStoreBindings.bridged {
            if let calls { return try TaskClustering.cluster(calls, view: view, embedding: embedding, options: options) }
            return try TaskClustering.cluster(texts, embedding: embedding, options: options)
        }
        return .native(ClustersObject(outcome, texts: texts, calls: calls, method: outcome.method.rawValue, embedding: embedding.name,
                                      view: calls == nil ? nil : view.rawValue))
    }
}

/// The `clusters` value: a table of clusters; `.clusters` lists them as records.
final class ClustersObject: NativeObject {
    let outcome: TaskClustering.Outcome
    let texts: [String]
    let calls: [TaskCall]?
    let method: String, embedding: String, view: String?
    let records: [Value]

    init(_ outcome: TaskClustering.Outcome, texts: [String], calls: [TaskCall]?, method: String, embedding: String, view: String?) {
        self.outcome = outcome
        self.texts = texts
        self.calls = calls
        self.method = method
        self.embedding = embedding
        self.view = view
        let totalCost = calls?.reduce(0) { $0 + $1.cost } ?? 0
        records = outcome.clusters.map { c in
            var pairs: [(String, Value)] = [
                ("id", .int(c.id)), ("size", .int(c.members.count)), ("label", .string(c.terms.joined(separator: " "))),
            ]
            if let calls {
                let mine = c.members.map { calls[$0] }
                let latencies = mine.compactMap(\.latencyMs).sorted()
                var kinds: [String: Int] = [:]
                for call in mine { kinds[call.outputKind, default: 0] += 1 }
                let kind = kinds.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
                // The most common signature and the share of calls that have it: a narrow,
                // repetitive task (SLM-suited) is one signature throughout.
                var signatures: [String: Int] = [:]
                for call in mine { signatures[call.signature, default: 0] += 1 }
                let signature = signatures.max { ($0.value, $1.key) < ($1.value, $0.key) }
                pairs += [
                    ("output", .string(kind)),
                    ("signature", .string(signature?.key ?? "")),
                    ("uniformity", .float(Self.rounded(Double(signature?.value ?? 0) / Double(max(mine.count, 1)), 3))),
                    ("error_rate", .float(Self.rounded(Double(mine.filter(\.failed).count) / Double(max(mine.count, 1)), 3))),
                    ("p50_ms", latencies.isEmpty ? .null : .float(latencies[latencies.count / 2])),
                    ("tokens", .float(Self.rounded(Double(mine.reduce(0) { $0 + $1.tokens }) / Double(max(mine.count, 1)), 1))),
                    ("cost_share", .float(Self.rounded(totalCost > 0 ? mine.reduce(0) { $0 + $1.cost } / totalCost : 0, 4))),
                ]
            }
            pairs += [
                ("central", .list(c.central.map { .string(texts[$0]) })),
                ("members", .list(c.members.map { .int($0) })),
                ("terms", .list(c.terms.map { .string($0) })),
            ]
            return .record(pairs)
        }
    }

    var typeName: String { "clusters" }

    /// Statistics are shown to a few digits; more would be noise in a table.
    private static func rounded(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }

    func display(width: Int) -> String {
        let noise = outcome.labels.filter { $0 < 0 }.count
        var head = "\(records.count) clusters of \(texts.count) (\(method), \(embedding)\(view.map { ", on \($0)" } ?? "")"
        head += noise > 0 ? ", \(noise) noise)" : ")"
        // The table leaves out the long columns; `.clusters` has them all.
        let rows: [Value] = records.map { r in
            guard case .record(let rec) = r else { return r }
            var pairs = zip(rec.keys, rec.values).filter { !["members", "terms", "central", "signature"].contains($0.0) }.map { ($0.0, $0.1) }
            if case .list(let central)? = rec["central"], let first = central.items.first { pairs.append(("example", first)) }
            return .record(pairs)
        }
        return head + "\n" + (Display.table(rows, DisplayOptions(width: width, maxRows: 50)) ?? "")
    }

    var memberNames: [String] { ["clusters", "labels", "k", "noise", "points", "silhouettes", "texts"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "clusters": return .list(records)
        case "labels": return .list(outcome.labels.map { .int($0) })
        case "k": return .int(records.count)
        case "noise": return .int(outcome.labels.filter { $0 < 0 }.count)
        case "points": return .native(TensorObject(outcome.points.tensor))
        case "texts": return .list(texts.map { .string($0) })
        case "silhouettes":
            return .list(outcome.silhouettes.map { .record([("k", .int($0.k)), ("silhouette", .float($0.silhouette))]) })
        default: return nil
        }
    }

    var length: Int? { records.count }
    func iterate() throws -> [Value]? { records }

    func index(_ index: Value) throws -> Value? {
        guard case .int(let i) = index else { throw RuntimeError("clusters are indexed by an int, got \(index.typeName)") }
        return records[try Operators.normalizeIndex(i, count: records.count)]
    }
}
