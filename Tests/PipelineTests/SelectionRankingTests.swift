import Foundation
import Models
import Pipeline
import XCTest

/// Footprints computed from the architecture, and the constraint ranking.
final class SelectionRankingTests: XCTestCase {
    func testBitsPerWeightComeFromTheGGMLBlockLayouts() {
        XCTAssertEqual(Footprint.bitsPerWeight(.f16), 16)
        XCTAssertEqual(Footprint.bitsPerWeight(.q8_0), 8.5)
        XCTAssertEqual(Footprint.bitsPerWeight(.q4_1), 5.0)
        XCTAssertEqual(Footprint.bitsPerWeight(.q4_K), 4.5)
        XCTAssertEqual(Footprint.quantization(named: "q4_k"), .q4_K)
        XCTAssertNil(Footprint.quantization(named: "Q3_XL"))
    }

    func model(_ id: String, params: Double, layers: Int = 30, kvHeads: Int = 3, headDim: Int = 64, context: Int = 8192,
               license: String = "Apache-2.0", commercial: Bool = true, tags: [String] = [],
               scores: [String: Double] = [:]) -> CatalogModel {
        CatalogModel(id: id, name: id, family: "test", paramsB: params, paramsSource: "https://x", architecture: "llama",
                     layers: layers, hidden: kvHeads * headDim * 3, heads: kvHeads * 3, kvHeads: kvHeads, headDim: headDim,
                     vocab: 1000, attentionLayers: layers, slidingWindow: nil, globalLayers: nil, configSource: "https://x",
                     context: context, contextSource: "https://x", license: license, commercial: commercial,
                     licenseSource: "https://x", tags: tags,
                     gguf: nil, scores: scores.sorted { $0.key < $1.key }.map {
                         BenchmarkScore(benchmark: $0.key, value: $0.value, setting: "test", source: "https://x")
                     }, file: "test", line: 1)
    }

    func testFootprintArithmetic() {
        // SmolLM2-135M's shape: 30 layers × 3 KV heads × 64 dims, K and V, f16.
        let smol = model("smol", params: 0.135)
        let fp = Footprint(smol, quant: .q4_1, context: 8192, bandwidth: 20e9)
        XCTAssertEqual(fp.weightBytes, 0.135e9 * 5 / 8, accuracy: 1)
        XCTAssertEqual(fp.kvCacheBytes, Double(30 * 3 * 64 * 2 * 2 * 8192))
        XCTAssertEqual(fp.decodeTokensPerSecond, 20e9 / (fp.weightBytes + fp.kvCacheBytes), accuracy: 1e-9)
        // f32 values (as our own KV cache keeps them) double the cache.
        XCTAssertEqual(Footprint.kvCacheBytes(smol, context: 8192, bytesPerValue: 4), 2 * fp.kvCacheBytes)
    }

    func testSlidingWindowAndHybridLayersShrinkTheCache() {
        var gemma = model("gemma", params: 1, layers: 26, kvHeads: 1, headDim: 256, context: 32768)
        gemma.slidingWindow = 512
        gemma.globalLayers = 4
        XCTAssertEqual(Footprint.kvCacheBytes(gemma, context: 32768, bytesPerValue: 2),
                       Double(2 * 1 * 256 * 2 * (4 * 32768 + 22 * 512)))
        // Below the window every layer keeps the whole (short) context.
        XCTAssertEqual(Footprint.kvCacheBytes(gemma, context: 100, bytesPerValue: 2), Double(2 * 256 * 2 * 26 * 100))
        var hybrid = model("hybrid", params: 8, layers: 52, kvHeads: 8, headDim: 128)
        hybrid.attentionLayers = 4
        XCTAssertEqual(Footprint.kvCacheBytes(hybrid, context: 1000, bytesPerValue: 2), Double(2 * 8 * 128 * 2 * 4 * 1000))
    }

    func testTaskNamesAndAliases() {
        XCTAssertEqual(TaskProfile.named("Text-to-SQL")?.name, "text-to-sql")
        XCTAssertEqual(TaskProfile.named("table name extraction")?.name, "extraction")
        XCTAssertEqual(TaskProfile.named("re-ranking")?.name, "reranking")
        XCTAssertEqual(TaskProfile.named("query_fixer")?.name, "query-fixing")
        XCTAssertEqual(TaskProfile.named("function calling")?.name, "tool-calling")
        XCTAssertNil(TaskProfile.named("poetry"))
        for p in TaskProfile.all {
            XCTAssertEqual(p.weights.reduce(0) { $0 + $1.weight }, 1, accuracy: 1e-9, p.name)
            XCTAssertTrue(p.weights.allSatisfy { ModelCatalog.benchmarks.contains($0.benchmark) }, p.name)
        }
    }

    func query(_ weights: [(String, Double)], budgetMB: Double? = nil, license: LicenseFilter = .any,
               minContext: Int? = nil, require: [String] = [], minSpeed: Double? = nil) -> SelectionQuery {
        SelectionQuery(task: "test", weights: weights.map { (benchmark: $0.0, weight: $0.1) }, quant: .q4_K,
                       budgetBytes: budgetMB.map { $0 * 1e6 }, license: license, minContext: minContext, require: require,
                       context: 4096, bandwidth: 20e9, minTokensPerSecond: minSpeed)
    }

    func testRankingOrdersByWeightedScoreAndExplainsExclusions() throws {
        let models = [
            model("small", params: 0.5, scores: ["ifeval": 60, "mmlu": 40]),
            model("big", params: 7, scores: ["ifeval": 80, "mmlu": 70]),
            model("mid", params: 3, license: "cc-by-nc-4.0", commercial: false, scores: ["ifeval": 90, "mmlu": 90]),
            model("short", params: 1, context: 2048, scores: ["ifeval": 95]),
            model("unscored", params: 0.3),
        ]
        let s = try ModelRanking.select(models, query([("ifeval", 0.5), ("mmlu", 0.5)], budgetMB: 3000,
                                                      license: .commercial, minContext: 4096))
        XCTAssertEqual(s.ranked.map(\.model.id), ["small", "unscored"])
        XCTAssertEqual(s.ranked[0].quality, 50, accuracy: 1e-9)
        XCTAssertEqual(s.ranked[0].coverage, 1)
        XCTAssertEqual(s.ranked[1].quality, 0)
        XCTAssertEqual(s.ranked[1].missing, ["ifeval", "mmlu"])
        let reasons = Dictionary(uniqueKeysWithValues: s.excluded.map { ($0.model.id, $0.reasons) })
        XCTAssertEqual(reasons["big"]?.count, 1)
        XCTAssertTrue(reasons["big"]?[0].hasPrefix("needs ") ?? false, "\(reasons)")
        XCTAssertEqual(reasons["mid"], ["license cc-by-nc-4.0 does not allow commercial use"])
        XCTAssertEqual(reasons["short"], ["context 2048 < 4096"])
    }

    func testMissingScoresCountAsZeroAndTiesGoToTheSmallerModel() throws {
        let models = [
            model("partial", params: 1, scores: ["ifeval": 100]),
            model("full", params: 1, scores: ["ifeval": 60, "bfcl": 60]),
            model("twin-big", params: 2, scores: ["ifeval": 60, "bfcl": 60]),
        ]
        let s = try ModelRanking.select(models, query([("ifeval", 1), ("bfcl", 1)]))
        XCTAssertEqual(s.ranked.map(\.model.id), ["full", "twin-big", "partial"])
        XCTAssertEqual(s.ranked[2].quality, 50, accuracy: 1e-9)
        XCTAssertEqual(s.ranked[2].coverage, 0.5, accuracy: 1e-9)
        XCTAssertEqual(s.ranked.map(\.rank), [1, 2, 3])
    }

    func testRequireAndSpeedConstraints() throws {
        let models = [
            model("tools", params: 1, tags: ["tools"], scores: ["bfcl": 50]),
            model("plain", params: 1, scores: ["ifeval": 50]),
            model("huge", params: 70, tags: ["tools"], scores: ["bfcl": 90]),
        ]
        let s = try ModelRanking.select(models, query([("bfcl", 1)], require: ["tools", "bfcl"], minSpeed: 5))
        XCTAssertEqual(s.ranked.map(\.model.id), ["tools"])
        let reasons = Dictionary(uniqueKeysWithValues: s.excluded.map { ($0.model.id, $0.reasons) })
        XCTAssertEqual(reasons["plain"], ["not tagged 'tools'", "no published bfcl score"])
        XCTAssertEqual(reasons["huge"]?.count, 1)
        XCTAssertTrue(reasons["huge"]?[0].hasSuffix("tok/s < 5.0") ?? false, "\(reasons)")
    }

    func testBadWeightsAreRefused() {
        XCTAssertThrowsError(try ModelRanking.select([], query([("hellaswag", 1)]))) { error in
            XCTAssertTrue("\(error)".contains("unknown benchmark 'hellaswag'"), "\(error)")
        }
        XCTAssertThrowsError(try ModelRanking.select([], query([("ifeval", 0)])))
        XCTAssertThrowsError(try ModelRanking.select([], query([("ifeval", -1), ("mmlu", 2)])))
    }

    func testLicenseFilters() throws {
        let models = [model("apache", params: 1), model("llama", params: 1, license: "llama3.2"),
                      model("nc", params: 1, license: "cc-by-nc-4.0", commercial: false)]
        func ranked(_ f: LicenseFilter) throws -> [String] { try ModelRanking.select(models, query([("ifeval", 1)], license: f)).ranked.map(\.model.id) }
        XCTAssertEqual(try ranked(.any), ["apache", "llama", "nc"])
        XCTAssertEqual(try ranked(.permissive), ["apache"])
        XCTAssertEqual(try ranked(.commercial), ["apache", "llama"])
        XCTAssertEqual(try ranked(.ids(["llama3.2", "cc-by-nc-4.0"])), ["llama", "nc"])
    }

    func testMemoryBandwidthIsMeasured() {
        let bandwidth = MemoryBandwidth.measure(megabytes: 16, threads: 1, repeats: 1)
        XCTAssertTrue(bandwidth.isFinite && bandwidth > 0, "\(bandwidth)")
    }
}
