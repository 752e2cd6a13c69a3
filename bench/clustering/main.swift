// Step-3 benchmarks (run through bench/clustering/run.sh, which runs the Python peers in
// the same run and prints the ratios):
//   ClusteringBench quality [n] [seeds]  ARI/NMI per method, embedding and view on the demo workload (seeds: 42,1,2)
//   ClusteringBench kmeans <data> <n> <d> <k>   k-means on raw float32 points; prints seconds and ARI
//   ClusteringBench blobs <data> <n> <d> <k>    writes seeded Gaussian blobs (+ .labels) for both sides
//   ClusteringBench sentences <file> <n>            writes n demo-workload prompts, one per line
//   ClusteringBench embed <sentences.txt> <batch>  MiniLM sentences/s
//   ClusteringBench demo <file.jsonl> <n> <seed>    writes demo-workload calls (for peer.py quality)
import Foundation
import Models
import Pipeline
import Tensor

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func demoCalls(n: Int, seed: UInt64 = 42) throws -> (calls: [TaskCall], truth: [String]) {
    let path = NSTemporaryDirectory() + "slm-clustering-bench-\(getpid()).jsonl"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try demoAgentLogs(path: path, n: n, seed: seed)
    let store = try LogStore(path: ":memory:")
    _ = try store.importFile(path, batchSize: 2000)
    let logged = try store.calls(agent: nil, status: nil, since: nil, search: nil, limit: nil)
    return (logged.map(TaskCall.init), logged.map { DemoWorkload.hiddenComponent(of: $0) ?? "?" })
}

func quality(n: Int, seeds: [UInt64]) throws {
    let encoder = try BertEncoder.load("minilm")
    for seed in seeds {
    let (calls, truth) = try demoCalls(n: n, seed: seed)
    print("demo seed \(seed), \(n) calls")
    print("| embedding | view | method | k found | noise | ARI | NMI | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for embedding in [TaskClustering.Embedding.minilm(encoder), .tfidf(TFIDFVectorizer(ngrams: 1 ... 2))] {
        for view in TaskView.allCases {
            let texts = calls.map(view.text)
            var points: Points?
            let embedSeconds = try seconds { points = try TaskClustering.embed(calls, view: view, embedding: embedding) }
            for method in [TaskClustering.Method.kmeans, .density] {
                var outcome: TaskClustering.Outcome?
                let s = try seconds {
                    outcome = try TaskClustering.cluster(points!, texts: texts, options: .init(method: method, seed: 1))
                }
                let labels = outcome!.labels
                let ari = ClusterMetrics.adjustedRandIndex(truth, labels), nmi = ClusterMetrics.normalizedMutualInformation(truth, labels)
                print(String(format: "| %@ | %@ | %@ | %d | %d | %.3f | %.3f | %.2f |", embedding.name, view.rawValue, method.rawValue,
                             outcome!.clusters.count, labels.filter { $0 < 0 }.count, ari, nmi, s + embedSeconds))
            }
        }
    }
    }
}

func readPoints(_ path: String, _ n: Int, _ d: Int) throws -> Points {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.count == n * d * 4 else { throw ClusteringError("\(path): \(data.count) bytes, expected \(n * d * 4)") }
    let values = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    return try Points(count: n, dimension: d, values: values)
}

func blobs(_ path: String, _ n: Int, _ d: Int, _ k: Int) throws {
    var g = SeededGenerator(seed: 7)
    func normal() -> Float {
        let u = max(Double(g.next() >> 11) / Double(1 << 53), 1e-12), v = Double(g.next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
    let centers = (0 ..< k * d).map { _ in normal() * 0.5 }
    var values = [Float](), labels = [Int32]()
    for i in 0 ..< n {
        let c = i % k
        labels.append(Int32(c))
        for j in 0 ..< d { values.append(centers[c * d + j] + normal() * 1.0) }
    }
    try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
    try labels.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path + ".labels")) }
}

func kmeans(_ path: String, _ n: Int, _ d: Int, _ k: Int) throws {
    let points = try readPoints(path, n, d)
    let truth = try Data(contentsOf: URL(fileURLWithPath: path + ".labels")).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
    var best = Double.infinity
    var result: KMeans.Result?
    for run in 0 ..< 5 {
        let s = try seconds { result = try KMeans(k: k, initializations: 1, seed: UInt64(run)).fit(points) }
        best = min(best, s)
    }
    print(String(format: "ours_kmeans_seconds %.4f ari %.4f iterations %d", best,
                 ClusterMetrics.adjustedRandIndex(truth, result!.labels), result!.iterations))
}

func embed(_ path: String, _ batch: Int) throws {
    let sentences = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let encoder = try BertEncoder.load("minilm")
    _ = try encoder.embed(Array(sentences.prefix(64)), batchSize: batch)
    var best = Double.infinity
    for _ in 0 ..< 3 { best = min(best, try seconds { _ = try encoder.embed(sentences, batchSize: batch) }) }
    print(String(format: "ours_sentences_per_second %.1f (%d sentences, %.3f s)", Double(sentences.count) / best, sentences.count, best))
}

let args = CommandLine.arguments
do {
    if let t = ProcessInfo.processInfo.environment["SLM_THREADS"].flatMap(Int.init) { try Parallel.setThreadCount(t) }
    switch args.count > 1 ? args[1] : "" {
    case "quality":
        let seeds = args.count > 3 ? args[3].split(separator: ",").compactMap { UInt64($0) } : [42]
        try quality(n: args.count > 2 ? Int(args[2]) ?? 1000 : 1000, seeds: seeds)
    case "blobs" where args.count == 6: try blobs(args[2], Int(args[3])!, Int(args[4])!, Int(args[5])!)
    case "kmeans" where args.count == 6: try kmeans(args[2], Int(args[3])!, Int(args[4])!, Int(args[5])!)
    case "sentences" where args.count == 4:
        let prompts = try demoCalls(n: Int(args[3])!).calls.map { $0.prompt.split(whereSeparator: \.isNewline).joined(separator: " ") }
        try prompts.joined(separator: "\n").write(toFile: args[2], atomically: true, encoding: .utf8)
    case "embed" where args.count == 4: try embed(args[2], Int(args[3])!)
    case "demo" where args.count == 5: try demoAgentLogs(path: args[2], n: Int(args[3])!, seed: UInt64(args[4])!)
    default:
        FileHandle.standardError.write("usage: ClusteringBench quality [n] [seed,seed,...] | blobs|kmeans <file> <n> <d> <k> | sentences <file> <n> | embed <sentences.txt> <batch> | demo <file> <n> <seed>\n".data(using: .utf8)!)
        exit(2)
    }
} catch {
    FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    exit(1)
}
