import Foundation
import Lang
import Std
import XCTest

/// embed, cluster, plot, ari and nmi as slm code sees them.
final class ClusteringBindingsTests: XCTestCase {
    func run(_ source: String) throws -> (value: Value, display: String?, output: String) {
        let interp = StandardLibrary.makeInterpreter()
        var output = ""
        interp.output = { output += $0 }
        let e = try interp.evaluate(source)
        return (e.value, e.display, output)
    }

    let topics = """
        let texts = ["refund my order", "order refund please", "refund the order now", "refund for order 12",
                     "flight delayed again", "my flight is delayed", "delayed flight compensation", "flight 12 delayed"]
        """

    func testClusterStringsWithTFIDFShowsATableAndPlots() throws {
        let r = try run(topics + """

            let c = cluster(texts, k: 2, embed: "tfidf", seed: 3)
            let p = plot(c)
            print(c.k, len(c), c[0].size, c[1].size, c.noise, len(c.labels), c.points.shape[0])
            print(ari(c.labels, [0, 0, 0, 0, 1, 1, 1, 1]), nmi(c.labels, [0, 0, 0, 0, 1, 1, 1, 1]))
            print(len(c[0].central), starts_with(p.svg, "<svg"), ends_with(p.svg, "</svg>"))
            c
            """)
        let lines = r.output.split(separator: "\n")
        XCTAssertEqual(lines[0], "2 2 4 4 0 8 8")
        XCTAssertEqual(lines[1], "1.0 1.0")
        XCTAssertEqual(lines[2], "3 true true")
        let table = try XCTUnwrap(r.display)
        XCTAssertTrue(table.hasPrefix("2 clusters of 8 (kmeans, tfidf)"), table)
        XCTAssertTrue(table.contains("refund") && table.contains("flight"), table)
    }

    func testCallsDefaultToDensityUnlessKIsGivenStringsToKMeans() throws {
        let calls = """
            let store = open_log(":memory:")
            for i in 0..12 { store.record(agent: "a", system: "Say hi.", prompt: "hello {i}", output: "hi {i}") }
            let calls = store.calls(all: true)

            """
        let auto = try XCTUnwrap(try run(calls + "cluster(calls, embed: \"tfidf\")").display)
        XCTAssertTrue(auto.contains("of 12 (density, tfidf, on combined"), auto)
        let given = try XCTUnwrap(try run(calls + "cluster(calls, k: 3, embed: \"tfidf\")").display)
        XCTAssertTrue(given.hasPrefix("3 clusters of 12 (kmeans, tfidf, on combined)"), given)
        let strings = try XCTUnwrap(try run(topics + "\ncluster(texts, embed: \"tfidf\")").display)
        XCTAssertTrue(strings.hasPrefix("2 clusters of 8 (kmeans, tfidf)"), strings)
    }

    func testClusterCallsReportsPerClusterLogStats() throws {
        let r = try run("""
            let store = open_log(":memory:")
            for i in 0..6 {
                store.record(agent: "a", system: "Extract tables as JSON.", prompt: "tables for question {i}",
                             output: "\\{\\"tables\\": [\\"t{i}\\"]}", latency_ms: 100, input_tokens: 10, output_tokens: 5, cost: 1.0)
                store.record(agent: "a", system: "Answer the user in prose.", prompt: "tell me a story number {i}",
                             output: "Once upon a time {i}.", status: if i == 0 { "error" } else { "ok" }, latency_ms: 900,
                             input_tokens: 20, output_tokens: 80, cost: 3.0)
            }
            let c = cluster(store.calls(all: true), k: 2, embed: "tfidf", on: "combined")
            let json = filter(c.clusters, x => x.output == "JSON")[0]
            let prose = filter(c.clusters, x => x.output == "free text")[0]
            print(json.size, json.error_rate, json.p50_ms, json.tokens, json.cost_share)
            print(prose.size, round(prose.error_rate, 3), prose.p50_ms, prose.tokens, prose.cost_share)
            print(json.signature, "|", json.uniformity)
            """)
        let lines = r.output.split(separator: "\n")
        XCTAssertEqual(lines[0], "6 0.0 100.0 15.0 0.25")
        XCTAssertEqual(lines[1], "6 0.167 900.0 100.0 0.75")
        XCTAssertEqual(lines[2], "input: text; output: JSON {tables: [string]}; tools: none | 1.0")
    }

    func testBadArgumentsAreClearErrors() throws {
        XCTAssertThrowsError(try run("cluster([])")) { XCTAssertTrue("\($0)".contains("empty"), "\($0)") }
        XCTAssertThrowsError(try run("cluster([\"a\", \"b\"], method: \"dbscan\", embed: \"tfidf\")")) {
            XCTAssertTrue("\($0)".contains("kmeans"), "\($0)")
        }
        XCTAssertThrowsError(try run("cluster([\"a\", \"b\"], k: 5, embed: \"tfidf\")")) { XCTAssertTrue("\($0)".contains("1...2"), "\($0)") }
        XCTAssertThrowsError(try run("embed([\"a\"], model: \"bert-large\")")) { XCTAssertTrue("\($0)".contains("tfidf"), "\($0)") }
        XCTAssertThrowsError(try run("embed([1, 2])")) { XCTAssertTrue("\($0)".contains("not a string"), "\($0)") }
        XCTAssertThrowsError(try run("ari([1, 2], [1])")) { XCTAssertTrue("\($0)".contains("equal length"), "\($0)") }
    }
}
