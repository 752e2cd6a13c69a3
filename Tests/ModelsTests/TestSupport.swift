import Models
import XCTest

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
