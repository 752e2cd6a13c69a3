/// Which published benchmarks predict a task kind, and how much each weighs.
///
/// The demo agent's SLM-suited components map to these kinds: the table-name extractor to
/// "extraction" (strict JSON output: instruction following first), the column re-ranker to
/// "reranking" (understanding the question and schema: knowledge and instruction following),
/// the SQL writer to "text-to-sql" (code generation, plus following the output format) and
/// the query fixer to "query-fixing" (reading code and an error: code first).
public struct TaskProfile: Sendable, Equatable {
    public var name: String
    /// Benchmark id -> weight; weights sum to 1.
    public var weights: [(benchmark: String, weight: Double)]

    public static func == (a: TaskProfile, b: TaskProfile) -> Bool {
        a.name == b.name && a.weights.map(\.benchmark) == b.weights.map(\.benchmark) && a.weights.map(\.weight) == b.weights.map(\.weight)
    }

    public static let all: [TaskProfile] = [
        TaskProfile(name: "extraction", weights: [("ifeval", 0.6), ("mmlu", 0.4)]),
        TaskProfile(name: "reranking", weights: [("mmlu", 0.5), ("ifeval", 0.5)]),
        TaskProfile(name: "text-to-sql", weights: [("humaneval", 0.5), ("ifeval", 0.25), ("mmlu", 0.25)]),
        TaskProfile(name: "query-fixing", weights: [("humaneval", 0.6), ("ifeval", 0.2), ("gsm8k", 0.2)]),
        TaskProfile(name: "tool-calling", weights: [("bfcl", 0.6), ("ifeval", 0.4)]),
        TaskProfile(name: "reasoning", weights: [("gsm8k", 0.6), ("mmlu", 0.4)]),
        TaskProfile(name: "general", weights: [("ifeval", 0.25), ("mmlu", 0.25), ("gsm8k", 0.25), ("humaneval", 0.25)]),
    ]

    /// Other spellings users type for the same kinds.
    static let aliases: [String: String] = [
        "tablenameextraction": "extraction", "tableextraction": "extraction", "jsonextraction": "extraction",
        "rerank": "reranking", "reranker": "reranking", "columnreranking": "reranking",
        "sql": "text-to-sql", "texttosql": "text-to-sql", "sqlwriting": "text-to-sql", "nl2sql": "text-to-sql",
        "queryfixer": "query-fixing", "queryfixing": "query-fixing", "sqlfixing": "query-fixing", "codefixing": "query-fixing",
        "toolcalling": "tool-calling", "functioncalling": "tool-calling", "tools": "tool-calling",
        "math": "reasoning", "chat": "general",
    ]

    /// The profile for a task name: case, spaces, '-' and '_' do not matter.
    public static func named(_ task: String) -> TaskProfile? {
        let key = String(task.lowercased().filter { $0.isLetter || $0.isNumber })
        let name = aliases[key] ?? key
        return all.first { String($0.name.filter { $0.isLetter || $0.isNumber }) == String(name.filter { $0.isLetter || $0.isNumber }) }
    }
}
