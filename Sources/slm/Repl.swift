// A plain line-reading REPL (the libedit REPL replaces it): reads lines until the entry
// is complete, evaluates it in one session and shows the value.

import Foundation
import Lang
import Std

struct Repl {
    func run() -> Int32 {
        let interpreter = StandardLibrary.makeInterpreter()
        let interactive = isatty(0) != 0
        if interactive { print("slm 0.1.0 — help() lists the built-ins; Ctrl-D quits.") }
        var entry = ""
        var lastCode: Int32 = 0
        while true {
            if interactive {
                print(entry.isEmpty ? "> " : "… ", terminator: "")
                fflush(stdout)
            }
            guard let line = readLine() else { break }
            entry += entry.isEmpty ? line : "\n" + line
            if !Interpreter.isComplete(entry) { continue }
            defer { entry = "" }
            if entry.allSatisfy({ $0.isWhitespace }) { continue }
            do {
                let result = try interpreter.evaluate(entry, name: "<repl>")
                if let display = result.display { print(display) }
                lastCode = 0
            } catch let e as CompileErrors {
                FileHandle.standardError.write(Data((e.description + "\n").utf8))
                lastCode = ExitStatus.programError
            } catch let e as RuntimeError {
                FileHandle.standardError.write(Data((e.description + "\n").utf8))
                lastCode = ExitStatus.runtimeError
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        // Piped input behaves like a file: the last failure decides the exit code.
        return interactive ? 0 : lastCode
    }
}
