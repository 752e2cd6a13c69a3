#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds model files: by a known name in the model cache, or by a path.
///
/// The cache is `$SLM_MODELS`, else `~/.cache/slm/models`; `scripts/setup-models.sh` fills it.
public enum ModelLocator {
    /// The command that fetches the models into the cache.
    public static let setupCommand = "bash scripts/setup-models.sh"

    /// A model the set-up script installs: its name and its file or folder in the cache.
    public struct KnownModel: Sendable {
        public let name: String
        public let aliases: [String]
        public let relativePath: String
    }

    public static let known: [KnownModel] = [
        KnownModel(name: "smollm2-135m", aliases: ["smollm2", "smollm2-135m-instruct"],
                   relativePath: "SmolLM2-135M-Instruct.Q4_1.gguf"),
        KnownModel(name: "minilm", aliases: ["all-minilm-l6-v2", "minilm-l6"],
                   relativePath: "all-MiniLM-L6-v2"),
    ]

    /// The model cache folder.
    public static var cacheDirectory: String {
        if let custom = getenv("SLM_MODELS").map({ String(cString: $0) }), !custom.isEmpty {
            return custom
        }
        let home = getenv("HOME").map { String(cString: $0) } ?? "."
        return home + "/.cache/slm/models"
    }

    /// The known model called `name` (case-insensitive, aliases accepted), if any.
    public static func knownModel(named name: String) -> KnownModel? {
        let wanted = name.lowercased()
        return known.first { $0.name == wanted || $0.aliases.contains(wanted) }
    }

    /// Resolves a model name ("smollm2-135m", "minilm") or a path to an existing file or
    /// folder. Throws `ModelNotFound` naming the set-up command when it is missing.
    public static func resolve(_ nameOrPath: String) throws -> String {
        if let model = knownModel(named: nameOrPath) {
            let path = cacheDirectory + "/" + model.relativePath
            guard exists(path) else {
                throw ModelNotFound(request: nameOrPath, path: path, isKnownName: true)
            }
            return path
        }
        guard exists(nameOrPath) else {
            throw ModelNotFound(request: nameOrPath, path: nameOrPath, isKnownName: false)
        }
        return nameOrPath
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// A model that is not where it should be.
public struct ModelNotFound: Error, CustomStringConvertible, Sendable {
    public let request: String
    public let path: String
    public let isKnownName: Bool

    public var description: String {
        if isKnownName {
            return "model \"\(request)\" is not installed (expected at \(path)); run `\(ModelLocator.setupCommand)` to fetch it"
        }
        let names = ModelLocator.known.map { "\"\($0.name)\"" }.joined(separator: ", ")
        return "no model file at \(path); known model names are \(names) (install them with `\(ModelLocator.setupCommand)`)"
    }
}
