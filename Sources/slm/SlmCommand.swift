// The `slm` command: no subcommand starts the REPL; `slm run FILE` runs a program.

import ArgumentParser
import Lang
import Std

@main
struct SlmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slm",
        abstract: "A scripting REPL for turning an agent's LLM calls into small language models.",
        usage: "slm                 start the REPL\nslm run FILE.slm    run a program (- reads standard input)",
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, ExportCommand.self]
    )

    func run() throws {
        let code = Repl().run()
        if code != 0 { throw ExitCode(code) }
    }
}
