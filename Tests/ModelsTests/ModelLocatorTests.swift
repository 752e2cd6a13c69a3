import Models
import XCTest

final class ModelLocatorTests: XCTestCase {
    /// Runs `body` with SLM_MODELS pointing at `directory`, restoring it afterwards.
    private func withCache(_ directory: String, _ body: () throws -> Void) rethrows {
        let saved = getenv("SLM_MODELS").map { String(cString: $0) }
        setenv("SLM_MODELS", directory, 1)
        defer {
            if let saved { setenv("SLM_MODELS", saved, 1) } else { unsetenv("SLM_MODELS") }
        }
        try body()
    }

    func testMissingModelNamesTheSetupCommand() throws {
        let empty = temporaryPath("empty-cache")
        try withCache(empty) {
            XCTAssertEqual(ModelLocator.cacheDirectory, empty)
            XCTAssertThrowsError(try ModelLocator.resolve("smollm2-135m")) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("bash scripts/setup-models.sh"), text)
                XCTAssertTrue(text.contains(empty + "/SmolLM2-135M-Instruct.Q4_1.gguf"), text)
            }
        }
        XCTAssertThrowsError(try ModelLocator.resolve("/no/such/model.gguf")) { error in
            XCTAssertTrue("\(error)".contains("no model file at /no/such/model.gguf"))
            XCTAssertTrue("\(error)".contains("setup-models.sh"))
        }
    }

    func testResolvesNamesAliasesAndPaths() throws {
        let cache = temporaryPath("cache")
        try FileManager.default.createDirectory(atPath: cache + "/all-MiniLM-L6-v2", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let gguf = cache + "/SmolLM2-135M-Instruct.Q4_1.gguf"
        try GGUFWriter().write(to: gguf)
        try withCache(cache) {
            XCTAssertEqual(try ModelLocator.resolve("smollm2-135m"), gguf)
            XCTAssertEqual(try ModelLocator.resolve("SmolLM2"), gguf)
            XCTAssertEqual(try ModelLocator.resolve("minilm"), cache + "/all-MiniLM-L6-v2")
            XCTAssertEqual(try ModelLocator.resolve(gguf), gguf)
        }
        XCTAssertEqual(ModelLocator.knownModel(named: "all-MiniLM-L6-v2")?.name, "minilm")
        XCTAssertNil(ModelLocator.knownModel(named: "gpt-5"))
    }
}
