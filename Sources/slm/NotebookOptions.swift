// What the notebook subcommands (run, check, export) share: reading the notebook,
// `-p key=value` parameters, and running the cells.

import ArgumentParser
import Foundation
import Notebook
import Std

struct NotebookOptions: ParsableArguments {
    @Option(name: .customShort("p"), parsing: .singleValue,
            help: ArgumentHelp("Set a notebook parameter, read in cells as params.KEY (repeatable).",
                               valueName: "key=value"))
    var parameters: [String] = []

    /// The `-p` values, typed as front matter values are (`-p n=10` gives an int).
    func overrides() throws -> [FrontMatter.Entry] {
        try parameters.map { text in
            guard let eq = text.firstIndex(of: "="), !text[..<eq].isEmpty else {
                throw ValidationError("-p expects key=value, found '\(text)'")
            }
            let key = String(text[..<eq])
            guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                  !(key.first?.isNumber ?? true) else {
                throw ValidationError("-p: '\(key)' is not a valid parameter name")
            }
            return FrontMatter.Entry(key: key, value: Scalar(plain: String(text[text.index(after: eq)...])))
        }
    }
}

enum NotebookCLI {
    /// Reads a notebook or exits with its error (file and line) and status 65.
    static func read(_ path: String) throws -> Notebook {
        do {
            return try Notebook.read(path: path)
        } catch {
            writeError("\(error)\n")
            throw ExitCode(ExitStatus.programError)
        }
    }

    static func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    static func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// A runner for `notebook`, with the `-p` parameters applied.
    static func runner(for notebook: Notebook, path: String, options: NotebookOptions) throws -> NotebookRunner {
        NotebookRunner(notebook: notebook, path: path, overrides: try options.overrides())
    }
}
