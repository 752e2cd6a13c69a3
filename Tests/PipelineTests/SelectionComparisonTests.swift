import Foundation
import Models
import Pipeline
import XCTest

/// Metrics and the measured comparison of local GGUF candidates.
final class SelectionComparisonTests: XCTestCase {
    func testMetrics() {
        XCTAssertEqual(ComparisonMetric.exact.score(prediction: " SELECT 1\n", reference: "SELECT 1"), 1)
        XCTAssertEqual(ComparisonMetric.exact.score(prediction: "select 1", reference: "SELECT 1"), 0)
        XCTAssertEqual(ComparisonMetric.normalized.score(prediction: "```sql\nselect  1;\n```", reference: "SELECT 1"), 1)
        XCTAssertEqual(ComparisonMetric.normalized.score(prediction: "SELECT 2", reference: "SELECT 1"), 0)
        XCTAssertEqual(ComparisonMetric.json.score(prediction: "{\"b\": [1, 2], \"a\": \"x\"}", reference: "{\"a\":\"x\",\"b\":[1,2]}"), 1)
        XCTAssertEqual(ComparisonMetric.json.score(prediction: "```json\n{\"tables\": [\"orders\"]}\n```", reference: "{\"tables\":[\"orders\"]}"), 1)
        XCTAssertEqual(ComparisonMetric.json.score(prediction: "{\"tables\": [\"customers\", \"orders\"]}", reference: "{\"tables\":[\"orders\",\"customers\"]}"), 0)
        XCTAssertEqual(ComparisonMetric.json.score(prediction: "not json", reference: "{}"), 0)
    }

    func testAMissingCandidateIsReportedNotFatal() throws {
        let results = try ModelComparison.run(candidates: ["/nonexistent/model.gguf"], samples: [], score: { _, _ in 1 })
        XCTAssertEqual(results.count, 1)
        XCTAssertTrue(results[0].status.hasPrefix("not available locally"), results[0].status)
        XCTAssertNil(results[0].accuracy)
    }

    func testANonLlamaGGUFIsSkippedWithItsArchitecture() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slm-compare-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("qwen.gguf").path
        var writer = try GGUFWriter()
        try writer.add("general.architecture", .string("qwen2"))
        try writer.write(to: path)
        let results = try ModelComparison.run(candidates: [path], samples: [], score: { _, _ in 1 })
        XCTAssertEqual(results[0].status, "skipped: architecture qwen2 (only llama runs here)")
    }

    /// SmolLM2-135M answers two held-out-style calls; the measured fields are filled and the
    /// accuracy is the metric's mean over the samples.
    func testSmolLMRunsOnSamples() throws {
        guard (try? ModelLocator.resolve("smollm2-135m")) != nil else { throw XCTSkip("SmolLM2-135M is not installed") }
        let samples = [
            ComparisonSample(messages: [.init(role: "system", content: "You are a helpful assistant."),
                                        .init(role: "user", content: "What is the capital of France?")],
                             reference: "The capital of France is Paris."),
            ComparisonSample(messages: [.init(role: "user", content: "Say only the word: banana")], reference: "no such answer"),
        ]
        var seen: [String] = []
        let results = try ModelComparison.run(candidates: ["smollm2-135m"], samples: samples,
                                              options: ComparisonOptions(maxTokens: 12, threads: 2),
                                              score: { prediction, reference in
                                                  seen.append(prediction)
                                                  return ComparisonMetric.exact.score(prediction: prediction, reference: reference)
                                              })
        let r = results[0]
        XCTAssertEqual(r.status, "ok")
        XCTAssertEqual(r.predictions, seen)
        XCTAssertEqual(r.predictions.first, "The capital of France is Paris.")
        XCTAssertEqual(r.accuracy, 0.5)
        XCTAssertNotNil(r.tokensPerSecond)
        XCTAssertGreaterThan(r.timeToFirstTokenMs ?? 0, 0)
        XCTAssertGreaterThan(r.peakMemoryBytes ?? 0, 0)
    }
}
