import Foundation
import Models
import Pipeline
import XCTest

/// Clustering the demo agent's real traffic (through the log store) against the hidden
/// component labels. Floors, not goals: BENCHMARKS.md has the measured ARI per view.
final class ClusteringDemoTests: XCTestCase {
    func demoCalls(_ n: Int) throws -> (calls: [TaskCall], truth: [String]) {
        let path = try temporaryDirectory("clustering") + "/demo.jsonl"
        try demoAgentLogs(path: path, n: n, seed: 42)
        let store = try LogStore(path: ":memory:")
        _ = try store.importFile(path, batchSize: 500)
        let logged = try store.calls(agent: nil, status: nil, since: nil, search: nil, limit: nil)
        return (logged.map(TaskCall.init), logged.map { DemoWorkload.hiddenComponent(of: $0) ?? "?" })
    }

    func testTFIDFOnSystemAndPromptFindsTheComponentsStructure() throws {
        let (calls, truth) = try demoCalls(200)
        let texts = calls.map(TaskView.system.text)
        let outcome = try TaskClustering.cluster(texts, embedding: .tfidf(TFIDFVectorizer(ngrams: 1 ... 2)), options: .init(method: .kmeans, seed: 1))
        XCTAssertGreaterThan(ClusterMetrics.normalizedMutualInformation(truth, outcome.labels), 0.5)
        XCTAssertGreaterThan(ClusterMetrics.adjustedRandIndex(truth, outcome.labels), 0.3)
        XCTAssertEqual(outcome.clusters.reduce(0) { $0 + $1.members.count }, calls.count)
    }

    func testMiniLMOnActionSignaturesEmbedsEachDistinctTextOnce() throws {
        let encoder: BertEncoder
        do { encoder = try BertEncoder.load("minilm") } catch let e as ModelNotFound { throw XCTSkip("\(e)") }
        let (calls, truth) = try demoCalls(200)
        let texts = calls.map(TaskView.action.text)
        let outcome = try TaskClustering.cluster(texts, embedding: .minilm(encoder), options: .init(method: .kmeans, seed: 1))
        // Equal texts get equal rows, so equal labels.
        for i in texts.indices { for j in texts.indices where texts[i] == texts[j] { XCTAssertEqual(outcome.labels[i], outcome.labels[j]) } }
        XCTAssertGreaterThan(ClusterMetrics.adjustedRandIndex(truth, outcome.labels), 0.4)
    }

    func testMiniLMOnCombinedViewRecoversTheComponentsByDensity() throws {
        let encoder: BertEncoder
        do { encoder = try BertEncoder.load("minilm") } catch let e as ModelNotFound { throw XCTSkip("\(e)") }
        let (calls, truth) = try demoCalls(200)
        let outcome = try TaskClustering.cluster(calls, view: .combined, embedding: .minilm(encoder), options: .init(seed: 1))
        XCTAssertGreaterThan(ClusterMetrics.adjustedRandIndex(truth, outcome.labels), 0.9)
        let kmeans = try TaskClustering.cluster(calls, view: .combined, embedding: .minilm(encoder), options: .init(method: .kmeans, seed: 1))
        XCTAssertGreaterThan(ClusterMetrics.adjustedRandIndex(truth, kmeans.labels), 0.8)
        XCTAssertEqual(outcome.points.dimension, 3 * 384)
    }
}
