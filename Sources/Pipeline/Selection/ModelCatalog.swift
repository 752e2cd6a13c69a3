import Foundation

/// A published benchmark score with where it comes from.
public struct BenchmarkScore: Sendable, Equatable {
    /// Lower-case benchmark id: one of `ModelCatalog.benchmarks`.
    public var benchmark: String
    /// Percent, 0...100.
    public var value: Double
    /// Shots, variant and which checkpoint was measured (e.g. "instruct, 0-shot").
    public var setting: String
    /// Model-card URL or paper.
    public var source: String

    public init(benchmark: String, value: Double, setting: String, source: String) {
        self.benchmark = benchmark
        self.value = value
        self.setting = setting
        self.source = source
    }
}

/// One small language model of the catalog: size, architecture, context, license and
/// published scores, each number with its source.
public struct CatalogModel: Sendable, Equatable {
    public var id: String
    public var name: String
    public var family: String
    /// Parameters in billions (embeddings included).
    public var paramsB: Double
    public var paramsSource: String
    /// The `general.architecture` a GGUF of it has ("llama", "qwen2", "gemma3", ...).
    public var architecture: String
    public var layers: Int
    public var hidden: Int
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    public var vocab: Int
    /// Layers that keep a KV cache (hybrids with Mamba layers have fewer than `layers`).
    public var attentionLayers: Int
    /// Sliding-window attention: the window, and how many attention layers still see the
    /// whole context (Gemma 3 1B: 4 of 26); nil for full attention everywhere.
    public var slidingWindow: Int?
    public var globalLayers: Int?
    public var configSource: String
    public var context: Int
    public var contextSource: String
    /// SPDX id or the license's own name.
    public var license: String
    /// Whether the license allows commercial use.
    public var commercial: Bool
    public var licenseSource: String
    public var tags: [String]
    /// A local model name (`ModelLocator`) or GGUF path for `compare_models`.
    public var gguf: String?
    public var scores: [BenchmarkScore]
    /// Where the model is defined, for messages.
    public var file: String
    public var line: Int

    public init(id: String, name: String, family: String, paramsB: Double, paramsSource: String, architecture: String,
                layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int, vocab: Int, attentionLayers: Int,
                slidingWindow: Int?, globalLayers: Int?, configSource: String, context: Int, contextSource: String,
                license: String, commercial: Bool, licenseSource: String, tags: [String], gguf: String?,
                scores: [BenchmarkScore], file: String, line: Int) {
        self.id = id
        self.name = name
        self.family = family
        self.paramsB = paramsB
        self.paramsSource = paramsSource
        self.architecture = architecture
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.vocab = vocab
        self.attentionLayers = attentionLayers
        self.slidingWindow = slidingWindow
        self.globalLayers = globalLayers
        self.configSource = configSource
        self.context = context
        self.contextSource = contextSource
        self.license = license
        self.commercial = commercial
        self.licenseSource = licenseSource
        self.tags = tags
        self.gguf = gguf
        self.scores = scores
        self.file = file
        self.line = line
    }

    public func score(_ benchmark: String) -> BenchmarkScore? { scores.first { $0.benchmark == benchmark } }

    /// SPDX ids of licenses without use restrictions beyond attribution.
    public static let permissiveLicenses: Set<String> = ["apache-2.0", "mit", "bsd-3-clause", "bsd-2-clause"]
    public var isPermissive: Bool { Self.permissiveLicenses.contains(license.lowercased()) }
}

/// The model catalog: loading with validation (errors name the file and line).
public enum ModelCatalog {
    /// Benchmarks the catalog records; the ranking weighs these.
    public static let benchmarks = ["ifeval", "mmlu", "gsm8k", "humaneval", "bfcl"]

    /// Parses and validates catalog text.
    public static func parse(_ text: String, file: String) throws -> [CatalogModel] {
        var models: [CatalogModel] = []
        var seen: [String: Int] = [:]
        var current: Partial?
        func finish() throws {
            guard let p = current else { return }
            let model = try p.build()
            if let line = seen[model.id] {
                throw CatalogError(file: file, line: p.section.line, message: "model id '\(model.id)' is already defined at line \(line)")
            }
            seen[model.id] = p.section.line
            models.append(model)
        }
        for section in try CatalogFile.parse(text, file: file) {
            switch section.header {
            case "model":
                try finish()
                current = Partial(section: section, file: file)
            case "model.score":
                guard current != nil else {
                    throw CatalogError(file: file, line: section.line, message: "[[model.score]] must follow a [[model]]")
                }
                current?.scoreSections.append(section)
            default:
                throw CatalogError(file: file, line: section.line,
                                   message: "unknown table [[\(section.header)]]; expected [[model]] or [[model.score]]")
            }
        }
        try finish()
        return models
    }

    /// Reads and validates a catalog file.
    public static func load(path: String) throws -> [CatalogModel] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError(file: path, line: 0, message: "cannot read the catalog file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogError(file: path, line: 0, message: "the catalog file is not UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Several files in order; a later file may not redefine an id (add models, not edits).
    public static func load(paths: [String]) throws -> [CatalogModel] {
        var all: [CatalogModel] = []
        for path in paths {
            for model in try load(path: path) {
                if let other = all.first(where: { $0.id == model.id }) {
                    throw CatalogError(file: path, line: model.line,
                                       message: "model id '\(model.id)' is already defined in \(other.file):\(other.line)")
                }
                all.append(model)
            }
        }
        return all
    }

    /// The catalog shipped with slm: `stdlib/catalog/models.toml`, found under `SLM_CATALOG`
    /// (a file), the given search folders, or the folders above the executable.
    public static func defaultPath(searchPaths: [String]) -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["SLM_CATALOG"], !env.isEmpty { return env }
        var candidates = searchPaths.map { $0 + "/catalog/models.toml" }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("stdlib/catalog/models.toml").path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { fm.fileExists(atPath: $0) }
    }
}

/// A [[model]] section and its scores, before validation.
private struct Partial {
    let section: CatalogSection
    let file: String
    var scoreSections: [CatalogSection] = []

    static let modelKeys: Set<String> = [
        "id", "name", "family", "params_b", "params_source", "architecture", "layers", "hidden", "heads", "kv_heads",
        "head_dim", "vocab", "attention_layers", "sliding_window", "global_layers", "config_source", "context",
        "context_source", "license", "commercial", "license_source", "tags", "gguf",
    ]
    static let scoreKeys: Set<String> = ["benchmark", "value", "setting", "source"]

    func build() throws -> CatalogModel {
        let r = Reader(section: section, file: file, allowed: Self.modelKeys)
        try r.checkKeys()
        let id = try r.string("id")
        guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }) else {
            throw r.error("id", "id must be lower-case letters, digits, '-' and '.', got '\(id)'")
        }
        let layers = try r.int("layers")
        let heads = try r.int("heads")
        let kvHeads = try r.int("kv_heads")
        let hidden = try r.int("hidden")
        let headDim = try r.optionalInt("head_dim") ?? hidden / heads
        guard heads % kvHeads == 0 else { throw r.error("kv_heads", "heads (\(heads)) must be a multiple of kv_heads (\(kvHeads))") }
        if r.has("head_dim") == false, hidden % heads != 0 {
            throw r.error("heads", "hidden (\(hidden)) is not a multiple of heads (\(heads)); give head_dim")
        }
        let attentionLayers = try r.optionalInt("attention_layers") ?? layers
        guard attentionLayers <= layers else {
            throw r.error("attention_layers", "attention_layers (\(attentionLayers)) exceeds layers (\(layers))")
        }
        let window = try r.optionalInt("sliding_window")
        let globalLayers = try r.optionalInt("global_layers")
        if (window == nil) != (globalLayers == nil) {
            throw r.error(window == nil ? "global_layers" : "sliding_window", "sliding_window and global_layers go together")
        }
        if let g = globalLayers, g > attentionLayers {
            throw r.error("global_layers", "global_layers (\(g)) exceeds the attention layers (\(attentionLayers))")
        }
        let configSource = try r.source("config_source")
        var model = CatalogModel(
            id: id, name: try r.string("name"), family: try r.string("family"),
            paramsB: try r.positive("params_b"), paramsSource: try r.source("params_source"),
            architecture: try r.string("architecture"),
            layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, headDim: headDim, vocab: try r.int("vocab"),
            attentionLayers: attentionLayers, slidingWindow: window, globalLayers: globalLayers,
            configSource: configSource,
            context: try r.int("context"), contextSource: try r.has("context_source") ? r.source("context_source") : configSource,
            license: try r.string("license"), commercial: try r.bool("commercial"), licenseSource: try r.source("license_source"),
            tags: try r.stringList("tags"), gguf: try r.optionalString("gguf"),
            scores: [], file: file, line: section.line)
        for s in scoreSections {
            let sr = Reader(section: s, file: file, allowed: Self.scoreKeys)
            try sr.checkKeys()
            let benchmark = try sr.string("benchmark").lowercased()
            guard ModelCatalog.benchmarks.contains(benchmark) else {
                throw sr.error("benchmark", "unknown benchmark '\(benchmark)'; expected one of \(ModelCatalog.benchmarks.joined(separator: ", "))")
            }
            guard model.score(benchmark) == nil else {
                throw sr.error("benchmark", "\(id) has two \(benchmark) scores; keep one")
            }
            let value = try sr.number("value")
            guard (0...100).contains(value) else { throw sr.error("value", "a score is a percentage in 0...100, got \(value)") }
            model.scores.append(BenchmarkScore(benchmark: benchmark, value: value, setting: try sr.string("setting"),
                                               source: try sr.source("source")))
        }
        return model
    }
}

/// Typed access to one section's keys; errors point at the key's line (or the header's
/// when the key is missing).
private struct Reader {
    let section: CatalogSection
    let file: String
    let allowed: Set<String>

    func error(_ key: String, _ message: String) -> CatalogError {
        CatalogError(file: file, line: section.entry(key)?.line ?? section.line, message: message)
    }

    func checkKeys() throws {
        for e in section.entries where !allowed.contains(e.key) {
            throw CatalogError(file: file, line: e.line,
                               message: "unknown key '\(e.key)' in [[\(section.header)]]; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func has(_ key: String) -> Bool { section.entry(key) != nil }

    func required(_ key: String) throws -> CatalogValue {
        guard let e = section.entry(key) else {
            throw CatalogError(file: file, line: section.line, message: "[[\(section.header)]] is missing '\(key)'")
        }
        return e.value
    }

    func string(_ key: String) throws -> String {
        guard case .string(let s) = try required(key) else { throw error(key, "'\(key)' must be a string") }
        guard !s.isEmpty else { throw error(key, "'\(key)' is empty") }
        return s
    }

    func optionalString(_ key: String) throws -> String? { has(key) ? try string(key) : nil }

    /// A source is a URL or a paper reference ("arXiv:2412.15115 Table 7").
    func source(_ key: String) throws -> String {
        let s = try string(key)
        guard s.hasPrefix("https://") || s.hasPrefix("http://") || s.hasPrefix("arXiv:") else {
            throw error(key, "'\(key)' must be a URL or an arXiv reference, got '\(s)'")
        }
        return s
    }

    func int(_ key: String) throws -> Int {
        guard case .int(let i) = try required(key) else { throw error(key, "'\(key)' must be an integer, got \(try required(key).typeName)") }
        guard i > 0 else { throw error(key, "'\(key)' must be positive, got \(i)") }
        guard i <= 1 << 40 else { throw error(key, "'\(key)' is implausibly large: \(i)") }
        return i
    }

    func optionalInt(_ key: String) throws -> Int? { has(key) ? try int(key) : nil }

    func number(_ key: String) throws -> Double {
        switch try required(key) {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case let v: throw error(key, "'\(key)' must be a number, got \(v.typeName)")
        }
    }

    func positive(_ key: String) throws -> Double {
        let d = try number(key)
        guard d > 0 else { throw error(key, "'\(key)' must be positive, got \(d)") }
        guard d <= 1e6 else { throw error(key, "'\(key)' is implausibly large: \(d)") }
        return d
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let b) = try required(key) else { throw error(key, "'\(key)' must be true or false") }
        return b
    }

    func stringList(_ key: String) throws -> [String] {
        guard has(key) else { return [] }
        guard case .array(let items) = try required(key) else { throw error(key, "'\(key)' must be an array of strings") }
        return try items.map { item in
            guard case .string(let s) = item else { throw error(key, "'\(key)' must be an array of strings") }
            return s
        }
    }
}
