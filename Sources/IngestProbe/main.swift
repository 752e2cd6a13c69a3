// slm-ingest-probe: imports a JSONL log into a store from its own process, printing
// "committed N" after every commit. The durability tests run it, kill it with SIGKILL
// mid-import, or run two at once on one store.
//
//   slm-ingest-probe <store.db> <calls.jsonl> [batch-size]
import Foundation
import Pipeline

setvbuf(stdout, nil, _IOLBF, 0)
let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write("usage: slm-ingest-probe <store.db> <calls.jsonl> [batch-size]\n".data(using: .utf8)!)
    exit(2)
}
do {
    let store = try LogStore(path: args[1])
    let batch = args.count > 3 ? Int(args[3]) ?? 2000 : 2000
    let report = try store.importFile(args[2], batchSize: batch, showProgress: false) { n in
        print("committed \(n)")
    }
    print("done imported=\(report.imported) skipped=\(report.skipped) errors=\(report.errorCount)")
} catch {
    FileHandle.standardError.write("slm-ingest-probe: \(error)\n".data(using: .utf8)!)
    exit(1)
}
