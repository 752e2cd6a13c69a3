import Pipeline
import XCTest

final class ClusteringTextTests: XCTestCase {
    func testTFIDFMatchesScikitLearnSublinearBigrams() throws {
        // TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)).fit_transform(docs)
        let docs = ["The cat sat on the mat.", "The dog sat on the log, the dog!", "Cats and dogs: cat dog cat."]
        var v = TFIDFVectorizer(ngrams: 1 ... 2)
        let rows = try v.fitTransform(docs)
        let expected: [[String: Float]] = [
            ["cat": 0.260092, "cat sat": 0.34199, "mat": 0.34199, "on": 0.260092, "on the": 0.260092, "sat": 0.260092,
             "sat on": 0.260092, "the": 0.440375, "the cat": 0.34199, "the mat": 0.34199],
            ["dog": 0.351954, "dog sat": 0.273324, "log": 0.273324, "log the": 0.273324, "on": 0.20787, "on the": 0.20787,
             "sat": 0.20787, "sat on": 0.20787, "the": 0.436238, "the dog": 0.462777, "the log": 0.273324],
            ["and": 0.312553, "and dogs": 0.312553, "cat": 0.402469, "cat dog": 0.312553, "cats": 0.312553, "cats and": 0.312553,
             "dog": 0.237705, "dog cat": 0.312553, "dogs": 0.312553, "dogs cat": 0.312553],
        ]
        for (row, want) in zip(rows, expected) {
            let got = Dictionary(uniqueKeysWithValues: zip(row.columns.map { v.vocabulary[$0] }, row.values))
            XCTAssertEqual(Set(got.keys), Set(want.keys))
            for (term, value) in want { XCTAssertEqual(got[term] ?? -1, value, accuracy: 1e-5, term) }
        }
        XCTAssertEqual(v.dense(rows).dimension, v.vocabulary.count)
    }

    func testOutputKinds() {
        XCTAssertEqual(TaskCall(prompt: "q", output: "{\"tables\": [\"a\"]}").outputKind, "JSON")
        XCTAssertEqual(TaskCall(prompt: "q", output: "```sql\nSELECT 1;\n```").outputKind, "SQL")
        XCTAssertEqual(TaskCall(prompt: "q", output: "select * from t").outputKind, "SQL")
        XCTAssertEqual(TaskCall(prompt: "q", output: "{not json").outputKind, "free text")
        XCTAssertEqual(TaskCall(prompt: "q", output: "The answer is 4.").outputKind, "free text")
        XCTAssertEqual(TaskCall(prompt: "q", toolNames: ["run_sql"]).outputKind, "tool call")
        XCTAssertTrue(TaskCall(prompt: "q", toolNames: ["run_sql"]).hasAction)
        XCTAssertFalse(TaskCall(prompt: "q", output: " \n").hasAction)
    }

    func testContentKindOfAWholeText() {
        XCTAssertEqual(ContentKind.of("{\"ranking\": [{\"column\": \"a.b\", \"score\": 0.9}], \"ok\": true}"),
                       "JSON {ranking: [{column: string, score: number}], ok: boolean}")
        XCTAssertEqual(ContentKind.of("```sql\nSELECT 1;\n```"), "SQL")
        XCTAssertEqual(ContentKind.of("```python\nprint(1)\n```"), "code")
        XCTAssertEqual(ContentKind.of("select name from users"), "SQL")
        XCTAssertEqual(ContentKind.of("WITH t AS (SELECT 1) SELECT * FROM t"), "SQL")
        XCTAssertEqual(ContentKind.of("CREATE TABLE t (id INTEGER);"), "SQL")
        // Prose that merely opens with an SQL word is prose.
        XCTAssertEqual(ContentKind.of("With the data at hand, sales grew. Select a region to drill in."), "text")
        XCTAssertEqual(ContentKind.of("{not json"), "text")
        XCTAssertEqual(ContentKind.of(" \n"), "empty")
    }

    func testInputKindsOfAPrompt() {
        let fix = "Fix this query.\nQuery: SELECT a FORM t\nSQLite says: near \"t\": syntax error\nTables:\nCREATE TABLE t (a INTEGER);"
        XCTAssertEqual(ContentKind.inputKinds(fix), ["SQL query", "SQL schema", "error message", "text"])
        let write = "Schema (shop):\nCREATE TABLE t (a INTEGER);\n\nQuestion: how many rows?"
        XCTAssertEqual(ContentKind.inputKinds(write), ["SQL schema", "text"])
        XCTAssertEqual(ContentKind.inputKinds("Question: which tables?\n\nTables:\n- orders(id, total)\n2. customers(id)"), ["list", "text"])
        XCTAssertEqual(ContentKind.inputKinds("Given:\n```python\nSELECT = 1\n```\n{\"a\": 1}"), ["JSON", "code", "text"])
        XCTAssertEqual(ContentKind.inputKinds("```sql\nselect 1\n```"), ["SQL query"])
        XCTAssertEqual(ContentKind.inputKinds(""), [])
    }

    func testActionReadsToolArgumentsAndSignatureAddsTheInput() {
        let prompt = "Schema:\nCREATE TABLE t (a INTEGER);\n\nQuestion: how many?"
        let block = TaskCall(prompt: prompt, output: "```sql\nSELECT COUNT(*) FROM t;\n```")
        let tool = TaskCall(prompt: prompt, toolNames: ["execute_sql"], toolArguments: ["{\"database\": \"shop\", \"query\": \"SELECT COUNT(*) FROM t\"}"])
        // The same SQL written out or passed to a tool: one output kind, the tool apart.
        XCTAssertEqual(block.action, "output: SQL; tools: none")
        XCTAssertEqual(tool.action, "output: SQL; tools: execute_sql")
        XCTAssertEqual(tool.signature, "input: SQL schema, text; output: SQL; tools: execute_sql")
        let research = TaskCall(prompt: "why?", output: "Let me look.", toolNames: ["search_docs", "run_sql", "run_sql"],
                                toolArguments: ["{\"query\": \"churn report 2024\", \"top_k\": 3}", "{\"query\": \"SELECT 1 FROM t\"}", "{\"query\": \"SEL"])
        XCTAssertEqual(research.action, "output: SQL, invalid arguments, text; tools: run_sql search_docs")
        XCTAssertEqual(TaskCall(prompt: "q", toolNames: ["f"], toolArguments: ["{\"n\": 1}"]).action, "output: JSON {n: number}; tools: f")
        XCTAssertEqual(TaskCall(prompt: "q", output: "{\"tables\": [\"a\"]}").signature, "input: none; output: JSON {tables: [string]}; tools: none")
        XCTAssertEqual(TaskCall(prompt: "q", failed: true).action, "output: none; tools: none")
        XCTAssertEqual(TaskView.combined.text(of: TaskCall(prompt: "Hi there", systemPrompt: "S", output: "x")),
                       "input: text; output: text; tools: none\nS\nHi there")
        XCTAssertEqual(TaskView.system.text(of: TaskCall(prompt: "P")), "P")
    }

    func testMethodDefaultsToDensityUnlessKIsGiven() {
        XCTAssertEqual(TaskClustering.Options().method, .density)
        XCTAssertEqual(TaskClustering.Options(k: 3).method, .kmeans)
        XCTAssertEqual(TaskClustering.Options(method: .kmeans).method, .kmeans)
    }

    func testCombinedViewJoinsThePartsAndLendsIdleCallsTheNearestAction() throws {
        let calls = [
            TaskCall(prompt: "refund my order", systemPrompt: "You handle refunds.", output: "{\"refund\": true}"),
            TaskCall(prompt: "where is my flight", systemPrompt: "You track flights.", toolNames: ["flight_status"]),
            TaskCall(prompt: "refund my order please", systemPrompt: "You handle refunds.", output: nil, failed: true),
        ]
        let embedding = TaskClustering.Embedding.tfidf(TFIDFVectorizer())
        let x = try TaskClustering.embed(calls, view: .combined, embedding: embedding)
        let system = try embedding.embed(calls.map { $0.systemPrompt ?? "" })
        let prompt = try embedding.embed(calls.map(\.prompt))
        let signature = try embedding.embed(calls.map(\.signature))
        XCTAssertEqual(x.dimension, system.dimension + prompt.dimension + signature.dimension)
        let w = (1 / 3 as Float).squareRoot()
        for i in 0 ..< 3 {
            let row = Array(x.row(i))
            XCTAssertEqual(row.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-5)
            XCTAssertEqual(Array(row[0 ..< system.dimension]), system.row(i).map { $0 * w })
        }
        // The failed call's signature takes the refund call's action, not "output: none".
        XCTAssertEqual(Array(x.row(2).suffix(signature.dimension)), Array(x.row(0).suffix(signature.dimension)))
        XCTAssertNotEqual(Array(x.row(2).suffix(signature.dimension)), Array(x.row(1).suffix(signature.dimension)))
        XCTAssertThrowsError(try TaskClustering.embed([], view: .combined, embedding: embedding))
    }

    func testClassTFIDFLabelsAndCentralMembers() throws {
        let docs = ["refund my order", "order refund please", "refund the order now",
                    "flight delayed again", "my flight is delayed", "delayed flight compensation"]
        let terms = ClusterLabels.topTerms(documents: docs, labels: [0, 0, 0, 1, 1, 1], clusters: 2, top: 2)
        XCTAssertEqual(Set(terms[0]), ["refund", "order"])
        XCTAssertEqual(Set(terms[1]), ["flight", "delayed"])
        let x = try Points(count: 4, dimension: 1, values: [0, 1, 2, 10])
        XCTAssertEqual(ClusterLabels.centralMembers(x, labels: [0, 0, 0, -1], clusters: 1, top: 2), [[1, 0]])
    }

    func testTaskClusteringOnTFIDFSeparatesTopics() throws {
        let texts = (0 ..< 12).map { "refund order \($0) money back" } + (0 ..< 12).map { "flight delayed gate \($0) airport" }
        let outcome = try TaskClustering.cluster(texts, embedding: .tfidf(TFIDFVectorizer()), options: .init(k: 2, seed: 1))
        XCTAssertEqual(outcome.clusters.count, 2)
        XCTAssertEqual(ClusterMetrics.adjustedRandIndex(outcome.labels, (0 ..< 24).map { $0 / 12 }), 1, accuracy: 1e-9)
        XCTAssertEqual(outcome.clusters.map(\.members.count), [12, 12])
        XCTAssertEqual(outcome.clusters.map { $0.central.count }, [3, 3])
        XCTAssertThrowsError(try TaskClustering.cluster([], embedding: .tfidf(TFIDFVectorizer())))
    }
}
