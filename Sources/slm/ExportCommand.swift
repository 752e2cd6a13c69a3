// `slm export NOTEBOOK.slmnb --html OUT.html`: one self-contained page for teaching.

import ArgumentParser
import Foundation
import Notebook
import Std

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a notebook as one self-contained HTML page (runs it for fresh outputs and plots)."
    )

    @Argument(help: "The notebook (.slmnb).")
    var notebook: String

    @Option(name: .long, help: "The HTML file to write.")
    var html: String

    @Flag(name: .long, help: "Use the stored outputs instead of running the notebook (no plots).")
    var stored = false

    @OptionGroup var notebookOptions: NotebookOptions

    func run() throws {
        let nb = try NotebookCLI.read(notebook)
        var displays: [CellDisplay]?
        if !stored {
            let runs = try NotebookCLI.runner(for: nb, path: notebook, options: notebookOptions).run()
            displays = runs.map { CellDisplay(text: $0.output, svgs: $0.svgs, isError: $0.failed) }
        }
        do {
            try Data(HTMLExport.page(nb, displays: displays).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
        } catch {
            NotebookCLI.writeError("\(html): cannot write: \(error.localizedDescription)\n")
            throw ExitCode(ExitStatus.runtimeError)
        }
        NotebookCLI.write("wrote \(html)\n")
    }
}
