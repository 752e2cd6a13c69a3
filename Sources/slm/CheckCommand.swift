// `slm check NOTEBOOK.slmnb...`: replays each notebook and compares every cell's output
// with the stored one; prints a unified diff per drifting cell and exits 1 on drift.

import ArgumentParser
import Foundation
import Notebook
import Std

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay notebooks and compare each cell's output with the stored one."
    )

    @Argument(help: "The notebooks (.slmnb) to check.")
    var notebooks: [String]

    @OptionGroup var notebookOptions: NotebookOptions

    func run() throws {
        var drifted = false
        for path in notebooks {
            let notebook = try NotebookCLI.read(path)
            let runs = try NotebookCLI.runner(for: notebook, path: path, options: notebookOptions).run()
            let drifts = NotebookCheck.drifts(in: notebook, runs: runs, file: path)
            for drift in drifts { NotebookCLI.write(drift.diff) }
            let volatile = notebook.cells.filter(\.isVolatile).count
            let skipped = volatile > 0 ? " (\(volatile) volatile skipped)" : ""
            if drifts.isEmpty {
                NotebookCLI.write("\(path): \(notebook.cells.count) cells match\(skipped)\n")
            } else {
                drifted = true
                NotebookCLI.write("\(path): \(drifts.count) of \(notebook.cells.count) cells drifted\(skipped); `slm run --update \(path)` accepts the new outputs\n")
            }
        }
        if drifted { throw ExitCode(1) }
    }
}
