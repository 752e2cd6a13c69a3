/// A cell whose replayed output differs from the stored one.
public struct Drift: Equatable {
    /// 1-based among the notebook's cells.
    public var cell: Int
    /// The line of the cell's opening fence in the file.
    public var line: Int
    /// Unified diff from the stored output to the replayed one.
    public var diff: String
}

public enum NotebookCheck {
    /// Compares each run with its cell's stored output; volatile cells are skipped.
    /// A cell without an output block stored nothing, so it expects no output.
    public static func drifts(in notebook: Notebook, runs: [CellRun], file: String) -> [Drift] {
        var drifts: [Drift] = []
        for (index, (cell, run)) in zip(notebook.cells, runs).enumerated() where !cell.isVolatile {
            let stored = cell.output ?? ""
            let replayed = normalized(run.output)
            let name = "cell \(index + 1)"
            if let diff = UnifiedDiff.make(
                old: stored, new: replayed,
                oldLabel: "\(file):\(cell.line) (\(name), stored)",
                newLabel: "\(file):\(cell.line) (\(name), replayed)") {
                drifts.append(Drift(cell: index + 1, line: cell.line, diff: diff))
            }
        }
        return drifts
    }

    /// The notebook with each run cell's output replaced by its run's output.
    public static func updated(_ notebook: Notebook, runs: [CellRun]) -> Notebook {
        var result = notebook
        result.updateCells { index, cell in
            if index < runs.count { cell.setOutput(runs[index].output) }
        }
        return result
    }

    /// Output as the file stores it: empty, or every line ending in a line break.
    static func normalized(_ output: String) -> String {
        output.isEmpty || output.endsWithLineBreak ? output : output + "\n"
    }
}
