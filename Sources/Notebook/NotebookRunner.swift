import Foundation
import Lang
import Std

/// Replays a notebook's cells in order in one fresh interpreter, seeded from the front
/// matter, with `params` bound from the front matter and `-p` overrides.
public final class NotebookRunner {
    public let notebook: Notebook
    public let interpreter: Interpreter

    /// - Parameters:
    ///   - path: the notebook's path; its folder is searched first by `import`.
    ///   - overrides: `-p key=value` pairs, replacing or adding parameters.
    public init(notebook: Notebook, path: String, overrides: [FrontMatter.Entry] = [],
                interpreter: Interpreter = StandardLibrary.makeInterpreter()) {
        self.notebook = notebook
        self.interpreter = interpreter
        interpreter.seed(notebook.frontMatter?.seed ?? 0)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        interpreter.searchPaths.insert(folder, at: 0)
        let params = notebook.frontMatter?.params(overriding: overrides) ?? overrides
        interpreter.setGlobal("params", .record(params.map { ($0.key, $0.value.slmValue) }), mutable: false)
    }

    /// Runs every cell (or up to the first that raises, with `stopOnError`), calling
    /// `each` as each cell finishes. Returns one result per cell run.
    @discardableResult
    public func run(stopOnError: Bool = false, each: (Int, CellRun) -> Void = { _, _ in }) -> [CellRun] {
        var runs: [CellRun] = []
        for (index, cell) in notebook.cells.enumerated() {
            let run = CellEvaluator.evaluate(cell.code, name: "cell \(index + 1)", in: interpreter)
            runs.append(run)
            each(index, run)
            if run.failed, stopOnError { break }
        }
        return runs
    }
}

extension Scalar {
    var slmValue: Value {
        switch self {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .null: return .null
        }
    }
}
