// `slm run NOTEBOOK.slmnb [-p key=value] [--update] [--stop-on-error]`: replays every cell
// in one fresh interpreter and prints the notebook with the fresh outputs, or with
// `--update` rewrites the file's outputs atomically.

import ArgumentParser
import Foundation
import Notebook
import Std

struct NotebookRun {
    let path: String
    let options: NotebookOptions
    let update: Bool
    let stopOnError: Bool

    func run() throws {
        let notebook = try NotebookCLI.read(path)
        let runner = try NotebookCLI.runner(for: notebook, path: path, options: options)
        if !update { NotebookCLI.write(notebook.frontMatter?.raw ?? "") }

        // Stream: each cell is printed, with its output, as soon as it has run.
        var blocks = notebook.blocks[...]
        func printMarkdown() {
            while case .markdown(let text)? = blocks.first {
                if !update { NotebookCLI.write(text) }
                blocks.removeFirst()
            }
        }
        printMarkdown()
        var failedCells: [Int] = []
        let runs = runner.run(stopOnError: stopOnError) { index, run in
            guard case .cell(var cell)? = blocks.popFirst() else { return }
            if run.failed { failedCells.append(index + 1) }
            cell.setOutput(run.output)
            if !update { NotebookCLI.write(cell.text) }
            printMarkdown()
        }

        if update {
            let updated = NotebookCheck.updated(notebook, runs: runs)
            let changed = zip(notebook.cells, updated.cells).filter { $0.output != $1.output }.count
            if updated.text != notebook.text {
                do { try updated.write(to: path) } catch {
                    NotebookCLI.writeError("\(error)\n")
                    throw ExitCode(ExitStatus.runtimeError)
                }
            }
            NotebookCLI.write("\(path): ran \(runs.count) of \(notebook.cells.count) cells, updated \(changed) output\(changed == 1 ? "" : "s")\n")
        }
        if !failedCells.isEmpty {
            let list = failedCells.map(String.init).joined(separator: ", ")
            NotebookCLI.writeError("\(path): error in cell\(failedCells.count == 1 ? "" : "s") \(list)\(stopOnError ? "; stopped" : "")\n")
            if stopOnError { throw ExitCode(ExitStatus.runtimeError) }
        }
    }
}
