// slm-ingest-probe: the log store's import (and the demo generator) as a separate process,
// for the durability tests (kill -9 mid-import, two importers at once) and the ingest
// benchmark in bench/pipeline.
//
//   slm-ingest-probe <store.db> <calls.jsonl> [batch-size]   import; prints "committed N" per commit
//   slm-ingest-probe --generate <calls.jsonl> <n> [seed]      write n demo agent calls
import Foundation
import Pipeline

setvbuf(stdout, nil, _IOLBF, 0)

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("slm-ingest-probe: \(message)\n".utf8))
    exit(code)
}

let args = CommandLine.arguments
do {
    if args.count >= 4 && args[1] == "--generate" {
        guard let n = Int(args[3]), n >= 0 else { fail("n must be a non-negative integer, got '\(args[3])'", code: 2) }
        let seed = args.count > 4 ? UInt64(args[4]) ?? 42 : 42
        let written = try demoAgentLogs(path: args[2], n: n, seed: seed)
        print("wrote \(written)")
    } else if args.count >= 3 && !args[1].hasPrefix("-") {
        let store = try LogStore(path: args[1])
        let batch = args.count > 3 ? Int(args[3]) ?? 2000 : 2000
        let report = try store.importFile(args[2], batchSize: batch, showProgress: false) { n in
            print("committed \(n)")
        }
        print("done imported=\(report.imported) skipped=\(report.skipped) errors=\(report.errorCount)")
    } else {
        fail("usage: slm-ingest-probe <store.db> <calls.jsonl> [batch-size] | --generate <calls.jsonl> <n> [seed]", code: 2)
    }
} catch {
    fail("\(error)", code: 1)
}
