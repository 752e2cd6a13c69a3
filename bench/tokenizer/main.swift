// Tokenizer speed: loads SmolLM2's tokenizer from the GGUF and MiniLM's WordPiece one from
// tokenizer.json, encodes a mixed corpus line by line with each, and prints times and a
// digest of the ids as JSON for bench/tokenizer/run.sh.
// Usage: TokenizerBench CORPUS_FILE [REPEATS]
import Foundation
import Models

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write("usage: TokenizerBench CORPUS_FILE [REPEATS]\n".data(using: .utf8)!)
    exit(2)
}
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
do {
    let corpus = try String(contentsOfFile: arguments[1], encoding: .utf8)
    // Split on the byte 0x0A as Python does (a Character split would keep "\r\n" whole).
    let lines = corpus.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    var gguf: GGUFFile?
    var tokenizer: Tokenizer?
    let open = try seconds { gguf = try GGUFFile(path: ModelLocator.resolve("smollm2-135m")) }
    guard let gguf else { exit(1) }
    let build = try seconds { tokenizer = try Tokenizer(gguf: gguf) }
    guard let tokenizer else { exit(1) }
    let load = open + build
    var tokenCount = 0
    var best = Double.infinity
    for _ in 0 ..< repeats {
        var count = 0
        let time = seconds { for line in lines { count += tokenizer.encodeIds(line).count } }
        best = min(best, time)
        tokenCount = count
    }
    // FNV-1a over all ids, compared with the peer's to show the outputs are identical.
    var digest: UInt64 = 0xCBF2_9CE4_8422_2325
    for line in lines {
        for id in tokenizer.encodeIds(line) { digest = (digest ^ UInt64(id)) &* 0x100_0000_01B3 }
    }
    // WordPiece (all-MiniLM-L6-v2) on the same lines.
    let wordPiece = try WordPieceTokenizer(directory: ModelLocator.resolve("minilm"))
    var wordPieceBest = Double.infinity
    var wordPieceDigest: UInt64 = 0xCBF2_9CE4_8422_2325
    for _ in 0 ..< repeats {
        wordPieceBest = min(wordPieceBest, seconds { for line in lines { _ = wordPiece.encode(line) } })
    }
    for line in lines {
        for id in wordPiece.encode(line) { wordPieceDigest = (wordPieceDigest ^ UInt64(id)) &* 0x100_0000_01B3 }
    }
    let bytes = corpus.utf8.count
    print("{\"load_s\": \(load), \"gguf_open_s\": \(open), \"encode_s\": \(best), \"tokens\": \(tokenCount), \"bytes\": \(bytes), \"lines\": \(lines.count), \"digest\": \(digest), \"wordpiece_s\": \(wordPieceBest), \"wordpiece_digest\": \(wordPieceDigest)}")
} catch {
    FileHandle.standardError.write("\(error)\n".data(using: .utf8)!)
    exit(1)
}
