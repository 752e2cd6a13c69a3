import Models
import XCTest

/// A small seeded generator (SplitMix64) so that fuzzing and random inputs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The real SmolLM2 GGUF from the model cache, or a skip naming the set-up command.
func realSmolLM() throws -> GGUFFile {
    do {
        return try GGUFFile(path: ModelLocator.resolve("smollm2-135m"))
    } catch let error as ModelNotFound {
        throw XCTSkip("\(error)")
    }
}

/// A unique temporary path for a test file.
func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.path
    return "\(dir)/slm-models-test-\(getpid())-\(UInt32.random(in: 0 ... .max))-\(name)"
}

/// The tokenizer of the real SmolLM2 GGUF, loaded once for all tests, or a skip.
func realTokenizer() throws -> Tokenizer {
    if let cached = TokenizerCache.shared { return cached }
    let tokenizer = try Tokenizer(gguf: realSmolLM())
    TokenizerCache.shared = tokenizer
    return tokenizer
}

private enum TokenizerCache {
    nonisolated(unsafe) static var shared: Tokenizer?
}

/// A file in Tests/ModelsTests/Fixtures.
func fixturePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}
