import Foundation
import Models
import Pipeline
import XCTest

/// The shipped catalog and the catalog reader's validation.
final class SelectionCatalogTests: XCTestCase {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("stdlib/catalog/models.toml").path

    func testShippedCatalogHasTheModelsTheIssueNamesEachNumberSourced() throws {
        let models = try ModelCatalog.load(path: Self.shipped)
        XCTAssertGreaterThanOrEqual(models.count, 20)
        let ids = Set(models.map(\.id))
        XCTAssertEqual(ids.count, models.count, "ids are unique")
        for id in ["smollm2-135m", "smollm2-360m", "smollm2-1.7b", "qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b", "qwen2.5-7b",
                   "llama-3.2-1b", "llama-3.2-3b", "phi-2", "phi-3-mini", "phi-3-small", "phi-4-mini", "gemma-3-270m",
                   "gemma-3-1b", "gemma-3-4b", "hymba-1.5b", "nemotron-h-8b", "xlam-2-8b", "mistral-7b"] {
            XCTAssertTrue(ids.contains(id), "catalog lacks \(id)")
        }
        for m in models {
            for source in [m.paramsSource, m.configSource, m.contextSource, m.licenseSource] + m.scores.map(\.source) {
                XCTAssertTrue(source.hasPrefix("https://") || source.hasPrefix("arXiv:"), "\(m.id): source \(source)")
            }
            XCTAssertEqual(m.heads % m.kvHeads, 0, m.id)
            for s in m.scores { XCTAssertFalse(s.setting.isEmpty, "\(m.id) \(s.benchmark) has no setting") }
        }
    }

    /// The catalog's SmolLM2-135M entry agrees with the GGUF file the project runs.
    func testSmolLMEntryMatchesTheRealGGUF() throws {
        guard let path = try? ModelLocator.resolve("smollm2-135m") else { throw XCTSkip("SmolLM2-135M is not installed") }
        let file = try GGUFFile(path: path)
        let config = try LlamaConfig(gguf: file)
        let entry = try XCTUnwrap(try ModelCatalog.load(path: Self.shipped).first { $0.id == "smollm2-135m" })
        XCTAssertEqual(entry.layers, config.layers)
        XCTAssertEqual(entry.hidden, config.dim)
        XCTAssertEqual(entry.heads, config.heads)
        XCTAssertEqual(entry.kvHeads, config.kvHeads)
        XCTAssertEqual(entry.headDim, config.headDim)
        XCTAssertEqual(entry.vocab, config.vocabSize)
        XCTAssertEqual(entry.context, config.contextLength)
        XCTAssertEqual(entry.paramsB * 1e9, Double(file.parameterCount), accuracy: 0.01 * entry.paramsB * 1e9)
        XCTAssertEqual(entry.architecture, file.metadata["general.architecture"]?.string)
    }

    static let minimal = """
    [[model]]
    id = "tiny"
    name = "Tiny"
    family = "Test"
    params_b = 1.0
    params_source = "https://example.org/tiny"
    architecture = "llama"
    layers = 4
    hidden = 256
    heads = 8
    kv_heads = 2
    vocab = 1_000
    config_source = "https://example.org/tiny/config.json"
    context = 2048
    license = "MIT"
    commercial = true
    license_source = "https://example.org/tiny/LICENSE"  # trailing comment
    tags = ["tools", "sql"]

    [[model.score]]
    benchmark = "IFEval"
    value = 50
    setting = "0-shot"
    source = "arXiv:2311.07911"
    """

    func testMinimalModelParses() throws {
        let models = try ModelCatalog.parse(Self.minimal, file: "t.toml")
        XCTAssertEqual(models.count, 1)
        let m = models[0]
        XCTAssertEqual(m.vocab, 1000)
        XCTAssertEqual(m.headDim, 32)
        XCTAssertEqual(m.attentionLayers, 4)
        XCTAssertEqual(m.contextSource, "https://example.org/tiny/config.json")
        XCTAssertEqual(m.tags, ["tools", "sql"])
        XCTAssertEqual(m.score("ifeval")?.value, 50)
        XCTAssertEqual(m.line, 1)
    }

    /// The minimal catalog with line `n` (1-based) replaced.
    func variant(_ n: Int, _ text: String) -> String {
        var lines = Self.minimal.components(separatedBy: "\n")
        lines[n - 1] = text
        return lines.joined(separator: "\n")
    }

    func assertError(_ text: String, line: Int, contains message: String, file: StaticString = #filePath, at: UInt = #line) {
        XCTAssertThrowsError(try ModelCatalog.parse(text, file: "cat.toml"), file: file, line: at) { error in
            guard let e = error as? CatalogError else { return XCTFail("not a CatalogError: \(error)", file: file, line: at) }
            XCTAssertEqual(e.file, "cat.toml", file: file, line: at)
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: at)
            XCTAssertTrue(e.message.contains(message), "\(e)", file: file, line: at)
        }
    }

    func testErrorsNameTheFileAndLine() {
        assertError(variant(9, "layer = 4"), line: 9, contains: "unknown key 'layer'")
        assertError(variant(8, "layers = \"four\""), line: 8, contains: "'layers' must be an integer")
        assertError(variant(8, "layers = -4"), line: 8, contains: "must be positive")
        assertError(variant(10, "heads = 7"), line: 11, contains: "multiple of kv_heads")
        assertError(variant(6, "params_source = \"somewhere\""), line: 6, contains: "must be a URL")
        assertError(variant(15, "# license removed"), line: 1, contains: "missing 'license'")
        assertError(variant(21, "benchmark = \"hellaswag\""), line: 21, contains: "unknown benchmark")
        assertError(variant(22, "value = 101"), line: 22, contains: "0...100")
        assertError(variant(2, "id = \"Tiny Model\""), line: 2, contains: "lower-case")
        assertError(variant(14, "context = 99999999999999"), line: 14, contains: "implausibly large")
        assertError(variant(5, "params_b = 1e300"), line: 5, contains: "implausibly large")
        assertError(variant(5, "params_b = nan"), line: 5, contains: "is not a string, number")
        assertError(variant(3, "name = \"unterminated"), line: 3, contains: "unterminated string")
        assertError(variant(3, "name = 'single'"), line: 3, contains: "double quotes")
        assertError(variant(3, "name = { a = 1 }"), line: 3, contains: "inline tables")
        assertError(variant(3, "name \"x\""), line: 3, contains: "expected '='")
        assertError(variant(3, "id = \"again\""), line: 3, contains: "set twice")
        assertError(variant(20, "[[models.score]]"), line: 20, contains: "unknown table")
        assertError(variant(20, "[model.score]"), line: 20, contains: "[[table]] header")
        assertError("name = \"x\"\n", line: 1, contains: "before any [[table]]")
        assertError("[[model.score]]\nbenchmark = \"mmlu\"\n", line: 1, contains: "must follow a [[model]]")
        assertError(variant(19, "sliding_window = 512"), line: 19, contains: "go together")
        assertError(Self.minimal + "\n" + Self.minimal, line: 25, contains: "already defined at line 1")
        assertError(Self.minimal + "\n[[model.score]]\nbenchmark = \"ifeval\"\nvalue = 1\nsetting = \"x\"\nsource = \"arXiv:1\"",
                    line: 26, contains: "two ifeval scores")
    }

    func testASecondFileAddsModelsButMayNotRedefineOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slm-catalog-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mine = dir.appendingPathComponent("mine.toml").path
        try Self.minimal.write(toFile: mine, atomically: true, encoding: .utf8)
        let all = try ModelCatalog.load(paths: [Self.shipped, mine])
        XCTAssertEqual(all.last?.id, "tiny")
        let clash = dir.appendingPathComponent("clash.toml").path
        try Self.minimal.replacingOccurrences(of: "id = \"tiny\"", with: "id = \"phi-2\"").write(toFile: clash, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ModelCatalog.load(paths: [Self.shipped, clash])) { error in
            XCTAssertTrue("\(error)".hasPrefix(clash + ":1:"), "\(error)")
            XCTAssertTrue("\(error)".contains("already defined in"), "\(error)")
        }
        XCTAssertThrowsError(try ModelCatalog.load(path: dir.appendingPathComponent("missing.toml").path)) { error in
            XCTAssertTrue("\(error)".contains("cannot read the catalog file"), "\(error)")
        }
    }

    /// Seeded random edits of the shipped catalog: every result is a model list or a
    /// CatalogError with a line inside the file, and whatever parses can be ranked.
    func testMutatedCatalogsNeverCrash() throws {
        let original = Array(try String(contentsOfFile: Self.shipped, encoding: .utf8).utf8)
        let lineCount = original.filter { $0 == 10 }.count + 1
        let alphabet = Array("[]=\"#.-_0123456789e\n ,{}'abcxyz".utf8)
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + next(4)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = alphabet[next(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            do {
                let models = try ModelCatalog.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.toml")
                let q = SelectionQuery(task: "fuzz", weights: [(benchmark: "ifeval", weight: 1)], budgetBytes: 1e9,
                                       minContext: 4096, context: 1 << 20, bandwidth: 20e9)
                _ = try ModelRanking.select(models, q)
            } catch let e as CatalogError {
                XCTAssertTrue((1...lineCount + 2).contains(e.line), "\(e)")
            }
        }
    }
}
