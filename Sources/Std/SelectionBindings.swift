// Step 4 of the conversion, for slm code: the model catalog (stdlib/catalog/models.toml),
// computed footprints, constraint ranking and the measured comparison of local models.

import Foundation
import Lang
import Models
import Pipeline

enum SelectionBindings {
    static func register(_ b: Builtins) {
        b.define("catalog", "catalog(path: nil, extra: nil)",
                 "The SLM catalog as a table (scores nil where no source gives one); extra adds a file of your own models.",
                 topic: "select") { args in
            .list(try models(args, pathIndex: 0, extraIndex: 1).map(row))
        }
        b.define("catalog_entry", "catalog_entry(id, path: nil, extra: nil)",
                 "Every number of one catalog model with its source, as a table.", topic: "select") { args in
            let id = try args.string(0, "id")
            guard let m = try models(args, pathIndex: 1, extraIndex: 2).first(where: { $0.id == id }) else {
                throw RuntimeError("catalog_entry(): no model '\(id)' in the catalog")
            }
            return .list(provenance(m))
        }
        b.define("memory_bandwidth", "memory_bandwidth(mb: 256, threads: 2)",
                 "Measured memory bandwidth in GB/s (a timed copy of mb megabytes).", topic: "select") { args in
            let mb = try args.int(0, "mb", default: 256)
            let threads = try args.int(1, "threads", default: 2)
            guard (1...4096).contains(mb), (1...64).contains(threads) else {
                throw RuntimeError("memory_bandwidth() needs mb in 1...4096 and threads in 1...64")
            }
            return .float(MemoryBandwidth.measure(megabytes: mb, threads: threads) / 1e9)
        }
        b.define("footprint", "footprint(id, quant: \"Q4_K\", context: 4096, bandwidth_gbs: nil)",
                 "Computed weight and KV-cache memory (MB) and estimated decode tok/s of a catalog model.", topic: "select") { args in
            let id = try args.string(0, "id")
            guard let m = try ModelCatalog.load(paths: [try defaultPath(args.interpreter)]).first(where: { $0.id == id }) else {
                throw RuntimeError("footprint(): no model '\(id)' in the catalog")
            }
            let quant = try quantization(args, 1)
            let context = try args.int(2, "context", default: 4096)
            guard context > 0 else { throw RuntimeError("footprint() context must be positive") }
            let fp = Footprint(m, quant: quant, context: context, bandwidth: try bandwidth(args, 3))
            return .record([
                ("id", .string(m.id)), ("quant", .string(quant.name)),
                ("bits_per_weight", .float(Footprint.bitsPerWeight(quant))),
                ("weights_mb", .float(round1(fp.weightBytes / 1e6))), ("kv_cache_mb", .float(round1(fp.kvCacheBytes / 1e6))),
                ("total_mb", .float(round1(fp.totalBytes / 1e6))), ("est_tok_s", .float(round1(fp.decodeTokensPerSecond))),
            ])
        }
        b.define("select_model",
                 "select_model(task, budget_mb: nil, quant: \"Q4_K\", license: \"any\", min_context: nil, weights: nil, require: nil, context: 4096, bandwidth_gbs: nil, min_tok_s: nil, extra: nil)",
                 "Ranks the catalog for a task kind under constraints; shows why each ranks where it does and what excluded the rest.",
                 topic: "select") { args in
            .native(SelectionObject(try ModelRanking.select(try models(args, pathIndex: nil, extraIndex: 10), try query(args))))
        }
        b.define("compare_models", "compare_models(candidates, data, metric: \"exact\", max_tokens: 96, threads: 2)",
                 "Runs each local Llama GGUF candidate on data (records with messages and reference): accuracy, tok/s, TTFT, peak memory.",
                 topic: "select") { args in
            try compare(args)
        }
    }

    // MARK: - Catalog

    static func defaultPath(_ interpreter: Interpreter) throws -> String {
        guard let path = ModelCatalog.defaultPath(searchPaths: interpreter.searchPaths) else {
            throw RuntimeError("the model catalog stdlib/catalog/models.toml was not found; run from the slm folder or set SLM_CATALOG")
        }
        return path
    }

    static func models(_ args: Arguments, pathIndex: Int?, extraIndex: Int) throws -> [CatalogModel] {
        var paths = [try pathIndex.flatMap { i in try args.given(i, "path").map { _ in try args.string(i, "path") } }
            ?? defaultPath(args.interpreter)]
        if let extra = args.given(extraIndex, "extra") {
            switch extra {
            case .string(let s): paths.append(s)
            case .list(let l):
                for item in l.items {
                    guard case .string(let s) = item else { throw args.typeError("extra", expected: "a path or list of paths", got: item) }
                    paths.append(s)
                }
            default: throw args.typeError("extra", expected: "a path or list of paths", got: extra)
            }
        }
        return try bridged { try ModelCatalog.load(paths: paths) }
    }

    static func row(_ m: CatalogModel) -> Value {
        var pairs: [(String, Value)] = [
            ("id", .string(m.id)), ("params_b", .float(m.paramsB)), ("arch", .string(m.architecture)),
            ("layers", .int(m.layers)), ("hidden", .int(m.hidden)), ("heads", .int(m.heads)), ("kv_heads", .int(m.kvHeads)),
            ("vocab", .int(m.vocab)), ("context", .int(m.context)), ("license", .string(m.license)),
        ]
        for b in ModelCatalog.benchmarks { pairs.append((b, m.score(b).map { .float($0.value) } ?? .null)) }
        return .record(pairs)
    }

    static func provenance(_ m: CatalogModel) -> [Value] {
        func fact(_ field: String, _ value: Value, _ source: String) -> Value {
            .record([("field", field.isEmpty ? .null : .string(field)), ("value", value), ("source", .string(source))])
        }
        var rows = [
            fact("params_b", .float(m.paramsB), m.paramsSource),
            fact("layers", .int(m.layers), m.configSource), fact("hidden", .int(m.hidden), m.configSource),
            fact("heads", .int(m.heads), m.configSource), fact("kv_heads", .int(m.kvHeads), m.configSource),
            fact("head_dim", .int(m.headDim), m.configSource), fact("vocab", .int(m.vocab), m.configSource),
            fact("context", .int(m.context), m.contextSource), fact("license", .string(m.license), m.licenseSource),
        ]
        if m.attentionLayers != m.layers { rows.append(fact("attention_layers", .int(m.attentionLayers), m.configSource)) }
        if let w = m.slidingWindow { rows.append(fact("sliding_window", .int(w), m.configSource)) }
        for s in m.scores { rows.append(fact("\(s.benchmark) (\(s.setting))", .float(s.value), s.source)) }
        return rows
    }

    // MARK: - Selection

    static func quantization(_ args: Arguments, _ i: Int) throws -> GGMLType {
        let name = try args.string(i, "quant", default: "Q4_K")
        guard let q = Footprint.quantization(named: name) else {
            throw RuntimeError("\(args.function)() unknown quant '\(name)'; try F16, Q8_0, Q4_1 or Q4_K")
        }
        return q
    }

    /// Bytes/s: `bandwidth_gbs` when given, else measured once per process.
    static func bandwidth(_ args: Arguments, _ i: Int) throws -> Double {
        if args.given(i, "bandwidth_gbs") != nil {
            let gbs = try args.double(i, "bandwidth_gbs")
            guard gbs > 0, gbs.isFinite else { throw RuntimeError("\(args.function)() bandwidth_gbs must be positive") }
            return gbs * 1e9
        }
        return measuredBandwidth
    }

    static let measuredBandwidth = MemoryBandwidth.measure()

    static func query(_ args: Arguments) throws -> SelectionQuery {
        let task = try args.string(0, "task")
        var weights: [(benchmark: String, weight: Double)]
        if let w = args.given(5, "weights") {
            guard case .record(let r) = w else { throw args.typeError("weights", expected: "a record of benchmark: weight", got: w) }
            weights = try r.pairs.map { key, value in
                switch value {
                case .int(let i): return (key.lowercased(), Double(i))
                case .float(let d): return (key.lowercased(), d)
                default: throw RuntimeError("select_model() weight of '\(key)' must be a number, got \(value.typeName)")
                }
            }
        } else {
            guard let profile = TaskProfile.named(task) else {
                let names = TaskProfile.all.map(\.name).joined(separator: ", ")
                throw RuntimeError("select_model(): unknown task '\(task)'; known tasks are \(names), or pass weights:")
            }
            weights = profile.weights
        }
        let budget = try args.given(1, "budget_mb").map { _ -> Double in
            let mb = try args.double(1, "budget_mb")
            guard mb > 0, mb.isFinite else { throw RuntimeError("select_model() budget_mb must be a positive number") }
            return mb * 1e6
        }
        let license: LicenseFilter
        switch args.given(3, "license") {
        case nil: license = .any
        case .string(let s)?:
            switch s.lowercased() {
            case "any": license = .any
            case "permissive": license = .permissive
            case "commercial": license = .commercial
            default: license = .ids([s.lowercased()])
            }
        case .list(let l)?:
            license = .ids(Set(try l.items.map { v -> String in
                guard case .string(let s) = v else { throw args.typeError("license", expected: "a list of license ids", got: v) }
                return s.lowercased()
            }))
        case let v?: throw args.typeError("license", expected: "\"any\", \"permissive\", \"commercial\" or license ids", got: v)
        }
        let minContext = try args.given(4, "min_context").map { _ in try args.int(4, "min_context") }
        let require = try args.given(6, "require").map { v -> [String] in
            switch v {
            case .string(let s): return [s]
            case .list(let l): return try l.items.map { item in
                guard case .string(let s) = item else { throw args.typeError("require", expected: "a list of strings", got: item) }
                return s
            }
            default: throw args.typeError("require", expected: "a string or list of strings", got: v)
            }
        } ?? []
        let context = try args.given(7, "context").map { _ in try args.int(7, "context") } ?? max(4096, minContext ?? 0)
        guard context > 0 else { throw RuntimeError("select_model() context must be positive") }
        let minSpeed = try args.given(9, "min_tok_s").map { _ in try args.double(9, "min_tok_s") }
        return SelectionQuery(task: task, weights: weights, quant: try quantization(args, 2), budgetBytes: budget,
                              license: license, minContext: minContext, require: require, context: context,
                              bandwidth: try bandwidth(args, 8), minTokensPerSecond: minSpeed)
    }

    // MARK: - Comparison

    static func compare(_ args: Arguments) throws -> Value {
        let candidateValues = try args.items(0, "candidates")
        let catalog = (try? ModelCatalog.load(paths: [try defaultPath(args.interpreter)])) ?? []
        let candidates = try candidateValues.map { v -> String in
            guard case .string(let s) = v else { throw args.typeError("candidates", expected: "a list of model names or paths", got: v) }
            // A catalog id stands for the local GGUF its entry names.
            return catalog.first(where: { $0.id == s })?.gguf ?? s
        }
        let samples = try args.items(1, "data").enumerated().map { i, v in try sample(v, index: i) }
        let maxTokens = try args.int(3, "max_tokens", default: 96)
        let threads = try args.int(4, "threads", default: 2)
        guard (1...4096).contains(maxTokens), (1...64).contains(threads) else {
            throw RuntimeError("compare_models() needs max_tokens in 1...4096 and threads in 1...64")
        }
        let score: (String, String) throws -> Double
        switch args.given(2, "metric") {
        case nil: score = ComparisonMetric.exact.score
        case .string(let name)?:
            guard let metric = ComparisonMetric(rawValue: name) else {
                throw RuntimeError("compare_models() metric must be exact, normalized, json or a function (prediction, reference)")
            }
            score = metric.score
        case let f? where f.typeName == "function":
            score = { prediction, reference in
                switch try args.call(f, [.string(prediction), .string(reference)]) {
                case .bool(let b): return b ? 1 : 0
                case .int(let i): return Double(i)
                case .float(let d): return d
                case let r: throw RuntimeError("compare_models() metric must return a bool or number, got \(r.typeName)")
                }
            }
        case let v?: throw args.typeError("metric", expected: "a metric name or function", got: v)
        }
        let results = try bridged {
            try ModelComparison.run(candidates: candidates, samples: samples,
                                    options: ComparisonOptions(maxTokens: maxTokens, threads: threads), score: score)
        }
        return .list(zip(candidateValues, results).map { name, r in
            .record([
                ("model", name), ("status", .string(r.status)), ("calls", .int(r.samples)),
                ("accuracy", r.accuracy.map { .float(round3($0)) } ?? .null),
                ("tok_s", r.tokensPerSecond.map { .float(round1($0)) } ?? .null),
                ("ttft_ms", r.timeToFirstTokenMs.map { .float(round1($0)) } ?? .null),
                ("peak_mb", r.peakMemoryBytes.map { .float(round1(Double($0) / 1e6)) } ?? .null),
                ("predictions", .list(r.predictions.map(Value.string))),
            ])
        })
    }

    /// `{messages: [{role, content}], reference}` (`answer` is accepted for reference).
    static func sample(_ v: Value, index: Int) throws -> ComparisonSample {
        func bad(_ what: String) -> RuntimeError { RuntimeError("compare_models() data[\(index)]: \(what)") }
        guard case .record(let r) = v else { throw bad("expected a record with messages and reference, got \(v.typeName)") }
        guard case .list(let list)? = r["messages"] else { throw bad("missing messages (a list of {role, content})") }
        let messages = try list.items.map { m -> ChatTemplate.Message in
            guard case .record(let mr) = m, case .string(let role)? = mr["role"], case .string(let content)? = mr["content"] else {
                throw bad("each message needs a string role and content")
            }
            return ChatTemplate.Message(role: role, content: content)
        }
        guard case .string(let reference)? = r["reference"] ?? r["answer"] else { throw bad("missing reference (the logged answer)") }
        return ComparisonSample(messages: messages, reference: reference)
    }

    // MARK: - Helpers

    static func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    static func bridged<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RuntimeError { throw e } catch { throw RuntimeError("\(error)") }
    }
}

/// The value `select_model` returns: shows the ranking with its reasons and the excluded
/// models with what excluded them; `.ranked` and `.excluded` are tables, `.best` an id.
final class SelectionObject: NativeObject {
    let selection: Selection
    init(_ selection: Selection) { self.selection = selection }

    var typeName: String { "selection" }
    var memberNames: [String] { ["ranked", "excluded", "best", "weights"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "ranked": return .list(selection.ranked.map(Self.rankedRow))
        case "excluded": return .list(selection.excluded.map { e in
            .record([("id", .string(e.model.id)), ("mem_mb", .int(Self.mb(e.footprint.totalBytes))),
                     ("excluded_by", .string(e.reasons.joined(separator: "; ")))])
        })
        case "best": return selection.ranked.first.map { .string($0.model.id) } ?? .null
        case "weights": return .record(selection.query.weights.map { ($0.benchmark, .float($0.weight)) })
        default: return nil
        }
    }

    static func mb(_ bytes: Double) -> Int { ModelRanking.megabytes(bytes) }

    static func rankedRow(_ r: RankedModel) -> Value {
        .record([
            ("rank", .int(r.rank)), ("id", .string(r.model.id)), ("params_b", .float(r.model.paramsB)),
            ("quality", .float(SelectionBindings.round1(r.quality))), ("coverage", .float((r.coverage * 100).rounded() / 100)),
            ("mem_mb", .int(mb(r.footprint.totalBytes))), ("est_tok_s", .float(SelectionBindings.round1(r.footprint.decodeTokensPerSecond))),
            ("license", .string(r.model.license)),
        ])
    }

    func display(width: Int) -> String {
        let q = selection.query
        let total = q.weights.reduce(0) { $0 + $1.weight }
        let weights = q.weights.map { "\($0.benchmark) \(SelectionBindings.round3($0.weight / total))" }.joined(separator: ", ")
        var constraints = ["\(q.quant.name) weights", "KV cache for \(q.context) tokens", "\(SelectionBindings.round1(q.bandwidth / 1e9)) GB/s"]
        if let b = q.budgetBytes { constraints.append("budget \(Self.mb(b)) MB") }
        if q.license != .any { constraints.append("license \(q.license)") }
        if let c = q.minContext { constraints.append("context >= \(c)") }
        if !q.require.isEmpty { constraints.append("require \(q.require.joined(separator: ", "))") }
        if let s = q.minTokensPerSecond { constraints.append(">= \(s) tok/s") }
        var lines = [
            "task \(q.task): quality = weighted published score (\(weights)); a missing score counts as 0",
            "constraints: " + constraints.joined(separator: ", "),
        ]
        var table: [[String]] = [["#", "model", "quality", "cover", "mem MB", "tok/s", "why"]]
        for r in selection.ranked {
            let used = r.used.map { "\($0.benchmark) \(Display.float($0.value))" }
            let missing = r.missing.isEmpty ? [] : ["no " + r.missing.joined(separator: "/")]
            table.append(["\(r.rank)", r.model.id, Display.float(SelectionBindings.round1(r.quality)),
                          "\(Int((r.coverage * 100).rounded()))%", "\(Self.mb(r.footprint.totalBytes))",
                          Display.float(SelectionBindings.round1(r.footprint.decodeTokensPerSecond)),
                          (used + missing).joined(separator: ", ")])
        }
        lines += Self.align(table)
        if selection.ranked.isEmpty { lines.append("(no model meets every constraint)") }
        if !selection.excluded.isEmpty {
            lines.append("excluded:")
            var ex: [[String]] = [["model", "mem MB", "excluded by"]]
            for e in selection.excluded {
                ex.append([e.model.id, "\(Self.mb(e.footprint.totalBytes))", e.reasons.joined(separator: "; ")])
            }
            lines += Self.align(ex).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// Left-aligned columns separated by two spaces.
    static func align(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (c, cell) in row.enumerated() {
                line += c == columns - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count + 2)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
