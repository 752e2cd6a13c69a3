import Lang

/// What running one cell produced.
public struct CellRun: Equatable {
    /// What the cell printed, then the shown value of its last expression (or the error
    /// text when it raised); every line ends in a line break. Empty when nothing showed.
    public var output: String
    /// SVG documents the cell's value carried (see `SVGValue`).
    public var svgs: [String]
    public var failure: Failure?

    public enum Failure: Equatable {
        /// The code did not compile: nothing ran.
        case compile
        /// It raised an error while running.
        case runtime
        /// Ctrl-C stopped it.
        case interrupted
    }

    public var failed: Bool { failure != nil }

    public init(output: String, svgs: [String] = [], failure: Failure? = nil) {
        self.output = output
        self.svgs = svgs
        self.failure = failure
    }
}

/// Evaluates one chunk the way notebooks and the REPL both do, so a REPL session saved as
/// a notebook replays to the same outputs.
public enum CellEvaluator {
    /// - Parameters:
    ///   - name: the source name errors show (`cell 3:2:7: error: ...`): cell-relative,
    ///     so editing the Markdown above a cell does not change its stored error.
    ///   - echo: also receives every piece of output as it is produced.
    public static func evaluate(_ code: String, name: String, in interpreter: Interpreter,
                                echo: ((String, Bool) -> Void)? = nil) -> CellRun {
        var printed = ""
        let previousSink = interpreter.output
        interpreter.output = { text in
            printed += text
            echo?(text, false)
        }
        defer { interpreter.output = previousSink }
        do {
            let result = try interpreter.evaluate(file: SourceFile(name: name, text: code))
            if let shown = result.display {
                printed += shown + "\n"
                echo?(shown + "\n", false)
            }
            if !result.value.isNil { interpreter.setGlobal("_", result.value) }
            return CellRun(output: printed, svgs: SVGValue.documents(in: result.value, interpreter: interpreter))
        } catch {
            var text = String(describing: error)
            if !text.endsWithLineBreak { text += "\n" }
            printed += text
            echo?(text, true)
            let failure: CellRun.Failure
            switch error {
            case is CompileErrors: failure = .compile
            case let e as RuntimeError where e.kind == .interrupted: failure = .interrupted
            default: failure = .runtime
            }
            return CellRun(output: printed, failure: failure)
        }
    }
}
