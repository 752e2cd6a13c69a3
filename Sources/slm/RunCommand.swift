// `slm run FILE.slm` (or `-` for standard input).

import ArgumentParser
import Foundation
import Lang
import Std

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an slm program (use - to read it from standard input)."
    )

    @Argument(help: "The program file, or - for standard input.")
    var file: String

    @Option(name: .long, help: "Seed for the random source.")
    var seed: UInt64 = 0

    func run() throws {
        let source: String
        if file == "-" {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read '\(file)'\n".utf8))
                throw ExitCode(ExitStatus.usage)
            }
            source = String(decoding: data, as: UTF8.self)
        }
        let interpreter = StandardLibrary.makeInterpreter()
        interpreter.seed(seed)
        // Program output is buffered (one write per 64 KiB, not per print) and flushed
        // before any diagnostic so the two streams stay in order on a terminal.
        let stdout = OutputBuffer()
        let code = ScriptRunner.run(
            source: source, name: file == "-" ? "<stdin>" : file, interpreter: interpreter,
            output: { stdout.write($0) },
            errorOutput: {
                stdout.flush()
                FileHandle.standardError.write(Data($0.utf8))
            })
        stdout.flush()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Collects program output and writes it to standard output in large pieces; on a
/// terminal every print goes out at once, as in Python.
final class OutputBuffer {
    private var pending: [UInt8] = []
    private let interactive = isatty(1) != 0

    func write(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if interactive || pending.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !pending.isEmpty else { return }
        FileHandle.standardOutput.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }
}
