// Curation benchmark: PII detection quality per entity type on the Faker-labeled set, and
// scanning + anonymizing speed in MB/s on the same texts. bench/curation/run.sh runs it
// beside Presidio (bench/curation/presidio_peer.py) on the same file.
//   usage: CurationBench <labeled.jsonl> [--misses]

import Foundation
import Pipeline

let args = CommandLine.arguments
guard args.count >= 2, let data = FileManager.default.contents(atPath: args[1]) else {
    FileHandle.standardError.write("usage: CurationBench <labeled.jsonl> [--misses]\n".data(using: .utf8)!)
    exit(2)
}
let examples = try DetectionQuality.load(jsonl: String(decoding: data, as: UTF8.self), path: args[1])
let scanner = PIIScanner()
var quality = DetectionQuality()
for e in examples { quality.add(e, found: scanner.scan(e.text)) }

print("entity            n   recall  precision")
for entity in PIIEntity.allCases {
    guard let c = quality.counts[entity] else { continue }
    let n = c.truePositives + c.falseNegatives
    print("\(entity.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(n).leftPad(4))  \(String(format: "%.3f", c.recall))   \(String(format: "%.3f", c.precision))")
}
if args.contains("--misses") {
    for (e, span, text) in quality.misses { print("MISS \(e.rawValue): \(span)  |  \(text)") }
    for (e, span, text) in quality.falseAlarms { print("FALSE \(e.rawValue): \(span)  |  \(text)") }
}

// Speed: the labeled texts joined into one corpus, repeated to about 4 MB, scanned and
// anonymized (placeholder mode) in lines as the anonymizer sees call texts.
let lines = examples.map(\.text)
let corpusBytes = lines.reduce(0) { $0 + $1.utf8.count + 1 }
let repeats = max(1, 4_000_000 / corpusBytes)
var best = Double.infinity
var checksum = 0
for _ in 0..<3 {
    let anonymizer = Anonymizer(mode: .placeholder)
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<repeats {
        for line in lines { checksum &+= anonymizer.anonymize(line).utf8.count }
    }
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let mb = Double(corpusBytes * repeats) / 1e6
print("speed: \(String(format: "%.1f", mb / best)) MB/s (\(String(format: "%.1f", mb)) MB in \(String(format: "%.3f", best)) s, checksum \(checksum))")

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
