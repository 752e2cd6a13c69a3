import Dispatch
import Foundation
import Models

/// One held-out call: the conversation the model sees and the answer the LLM gave.
public struct ComparisonSample: Sendable {
    public var messages: [ChatTemplate.Message]
    public var reference: String
    public init(messages: [ChatTemplate.Message], reference: String) {
        self.messages = messages
        self.reference = reference
    }
}

/// How a prediction is scored against the reference (1 right, 0 wrong; a custom metric
/// may give partial credit).
public enum ComparisonMetric: String, Sendable, CaseIterable {
    /// Equal after trimming surrounding whitespace.
    case exact
    /// Equal after dropping a ``` code fence, a trailing ';', case and runs of whitespace.
    case normalized
    /// Both parse as JSON and are the same value (object key order ignored).
    case json

    public func score(prediction: String, reference: String) -> Double {
        switch self {
        case .exact:
            return prediction.trimmingCharacters(in: .whitespacesAndNewlines) == reference.trimmingCharacters(in: .whitespacesAndNewlines) ? 1 : 0
        case .normalized:
            return Self.normalize(prediction) == Self.normalize(reference) ? 1 : 0
        case .json:
            guard let p = Self.jsonValue(prediction), let r = Self.jsonValue(reference) else { return 0 }
            return p == r ? 1 : 0
        }
    }

    static func normalize(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.hasPrefix("```") {
            t = String(t.drop { $0 != "\n" })
            if let close = t.range(of: "```", options: .backwards) { t = String(t[..<close.lowerBound]) }
        }
        t = t.trimmingCharacters(in: .whitespacesAndNewlines)
        while t.hasSuffix(";") { t.removeLast(); t = t.trimmingCharacters(in: .whitespaces) }
        return t.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The JSON value of `text` (a ```json fence is allowed), compared as NSObject values
    /// so that dictionaries ignore key order.
    static func jsonValue(_ text: String) -> NSObject? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.hasPrefix("```") { t = normalizeFence(t) }
        guard let data = t.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? NSObject
    }

    private static func normalizeFence(_ t: String) -> String {
        var body = String(t.drop { $0 != "\n" })
        if let close = body.range(of: "```", options: .backwards) { body = String(body[..<close.lowerBound]) }
        return body
    }
}

/// What one candidate did on the samples.
public struct ComparisonResult: Sendable {
    public var candidate: String
    /// "ok", or why the candidate did not run (not installed, unsupported architecture).
    public var status: String
    public var path: String?
    public var samples: Int
    /// Mean metric score over the samples.
    public var accuracy: Double?
    /// Decode speed: tokens after the first ÷ the time they took, over all samples.
    public var tokensPerSecond: Double?
    /// Mean time from the start of a request to its first generated token (prefill included).
    public var timeToFirstTokenMs: Double?
    /// Resident-memory high-water mark while this candidate ran.
    public var peakMemoryBytes: Int?
    public var predictions: [String]
}

public struct ComparisonOptions: Sendable {
    public var maxTokens: Int
    public var threads: Int
    public init(maxTokens: Int = 96, threads: Int = 2) {
        self.maxTokens = maxTokens
        self.threads = threads
    }
}

/// Runs each locally available Llama-architecture GGUF on the same samples, greedily, and
/// measures accuracy, decode speed, time to first token and peak memory side by side.
public enum ModelComparison {
    /// `candidates` are model names (`ModelLocator`) or GGUF paths, each already resolved
    /// from a catalog id by the caller if need be. `score` rates one prediction.
    public static func run(candidates: [String], samples: [ComparisonSample], options: ComparisonOptions = ComparisonOptions(),
                           score: (String, String) throws -> Double) throws -> [ComparisonResult] {
        try candidates.map { try runOne($0, samples: samples, options: options, score: score) }
    }

    static func runOne(_ candidate: String, samples: [ComparisonSample], options: ComparisonOptions,
                       score: (String, String) throws -> Double) throws -> ComparisonResult {
        var result = ComparisonResult(candidate: candidate, status: "ok", path: nil, samples: samples.count,
                                      accuracy: nil, tokensPerSecond: nil, timeToFirstTokenMs: nil,
                                      peakMemoryBytes: nil, predictions: [])
        let path: String
        do { path = try ModelLocator.resolve(candidate) } catch {
            result.status = "not available locally: \(error)"
            return result
        }
        result.path = path
        PeakMemory.reset()
        let file = try GGUFFile(path: path)
        let architecture = file.metadata["general.architecture"]?.string ?? "unknown"
        guard architecture == "llama" else {
            result.status = "skipped: architecture \(architecture) (only llama runs here)"
            return result
        }
        let model = try LlamaModel(gguf: file, threads: options.threads)
        let tokenizer = try Tokenizer(gguf: file)
        let template = try ChatTemplate(gguf: file)
        var endOfSequence = Set<Int>()
        if let eos = tokenizer.eosTokenId { endOfSequence.insert(eos) }
        if let end = tokenizer.id(of: ChatTemplate.messageEnd) { endOfSequence.insert(end) }

        var total = 0.0, firstTokenSeconds = 0.0, decodeSeconds = 0.0, decodeTokens = 0
        for sample in samples {
            let prompt = tokenizer.encode(template.render(sample.messages))
            let start = DispatchTime.now().uptimeNanoseconds
            var first: UInt64?
            var count = 0
            let generation = try model.generate(
                prompt: prompt, maxTokens: options.maxTokens, endOfSequence: endOfSequence,
                detokenize: { (try? tokenizer.decode($0, skipSpecial: true)) ?? "" },
                onToken: { _ in
                    count += 1
                    if first == nil { first = DispatchTime.now().uptimeNanoseconds }
                    return true
                })
            let end = DispatchTime.now().uptimeNanoseconds
            let firstAt = first ?? end
            firstTokenSeconds += Double(firstAt - start) / 1e9
            decodeSeconds += Double(end - firstAt) / 1e9
            decodeTokens += max(0, generation.tokens.count - 1)
            result.predictions.append(generation.text)
            total += try score(generation.text, sample.reference)
        }
        if !samples.isEmpty {
            result.accuracy = total / Double(samples.count)
            result.timeToFirstTokenMs = firstTokenSeconds / Double(samples.count) * 1000
            result.tokensPerSecond = decodeSeconds > 0 ? Double(decodeTokens) / decodeSeconds : nil
        }
        result.peakMemoryBytes = PeakMemory.current()
        return result
    }
}

/// The process's resident-memory high-water mark (Linux `VmHWM`), resettable between
/// candidates through `/proc/self/clear_refs`.
public enum PeakMemory {
    /// Starts a new high-water mark at the current resident size (no-op where unsupported).
    public static func reset() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    /// Bytes, or nil where `/proc` is unavailable.
    public static func current() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return digits.first.map { $0 * 1024 }
        }
        return nil
    }
}
