// The interactive loop: reads entries with `LineEditor` (continuing incomplete ones on a
// `...` prompt), hands them to a `REPLSession`, and maps Ctrl-C and Ctrl-D.

import Foundation
import Lang
import Notebook
import Std

struct Repl {
    var seed: UInt64 = 0

    /// Returns the exit code: 0, or for piped input the code a file run would end with
    /// (that of the first failing entry).
    func run() -> Int32 {
        let historyPath = ProcessInfo.processInfo.environment["SLM_HISTORY"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".slm_history")
        var paint: (String) -> String = { $0 }
        let session = REPLSession(
            seed: seed,
            write: { FileHandle.standardOutput.write(Data($0.utf8)) },
            writeError: { FileHandle.standardError.write(Data(paint($0).utf8)) })
        let editor = LineEditor(historyPath: historyPath, completer: session.completer)
        paint = { editor.paint($0, .red) }
        // Piped input runs like a file: there Ctrl-C ends the process as usual.
        if editor.isInteractive {
            installInterruptHandler()
            GenerationStream.observer = GenerationPrinter(editor: editor)
        }

        if editor.isInteractive {
            print(editor.paint("slm 0.1.0 — type :help for commands, Ctrl-D to quit", .dim))
        }
        var entry = ""
        var status: Int32 = 0
        func submit() -> Bool {
            evaluating.store(true, ordering: .relaxed)
            let outcome = session.submit(entry)
            evaluating.store(false, ordering: .relaxed)
            Interrupt.flag.pointee = 0
            entry = ""
            if case .failed(let code) = outcome, status == 0 { status = code }
            return outcome != .quit
        }
        loop: while true {
            switch editor.read(prompt: entry.isEmpty ? "slm> " : "...  ") {
            case .interrupted:
                entry = ""
            case .end:
                // Piped input may end inside an entry: running it reports what is missing.
                if !entry.isEmpty { _ = submit() }
                if editor.isInteractive { print() }
                break loop
            case .line(let line):
                entry += entry.isEmpty ? line : "\n" + line
                if entry.allSatisfy(\.isWhitespace) {
                    entry = ""
                    continue
                }
                guard REPLSession.isComplete(entry) else { continue }
                editor.remember(entry)
                if !submit() { break loop }
            }
        }
        return editor.isInteractive ? 0 : status
    }
}
