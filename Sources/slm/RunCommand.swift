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
        let code = ScriptRunner.run(
            source: source, name: file == "-" ? "<stdin>" : file, interpreter: interpreter,
            output: { FileHandle.standardOutput.write(Data($0.utf8)) },
            errorOutput: { FileHandle.standardError.write(Data($0.utf8)) })
        if code != 0 { throw ExitCode(code) }
    }
}
