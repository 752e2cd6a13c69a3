import Foundation
import Lang
import Std

/// The REPL's behaviour apart from the terminal: evaluates entries in one interpreter,
/// runs `:` commands, records the session for `:save`, and offers tab completion.
/// The terminal front end (line editing, prompts, Ctrl-C) lives in the `slm` executable.
public final class REPLSession {
    public enum Outcome: Equatable {
        case ok
        /// With the exit code a file run would end with (see `ExitStatus`).
        case failed(status: Int32)
        case quit
    }

    public private(set) var interpreter: Interpreter
    /// The entries that ran, with what they showed: `:save` writes them as a notebook.
    public private(set) var cells: [Cell] = []
    /// Every entry typed in this session, for `:history`.
    public private(set) var inputs: [String] = []
    public let seed: UInt64
    private var lastLoaded: String?
    private let write: (String) -> Void
    private let writeError: (String) -> Void
    private let makeInterpreter: () -> Interpreter

    /// - Parameters:
    ///   - write: receives normal output (prints, shown values, command output).
    ///   - writeError: receives error text.
    public init(seed: UInt64 = 0,
                makeInterpreter: @escaping () -> Interpreter = StandardLibrary.makeInterpreter,
                write: @escaping (String) -> Void,
                writeError: @escaping (String) -> Void) {
        self.seed = seed
        self.makeInterpreter = makeInterpreter
        self.write = write
        self.writeError = writeError
        self.interpreter = makeInterpreter()
        interpreter.seed(seed)
    }

    /// Whether `entry` can run as it is, or needs a continuation line (`...`).
    public static func isComplete(_ entry: String) -> Bool {
        MetaCommand.isMetaCommand(entry) || Interpreter.isComplete(entry)
    }

    /// Runs one complete entry: a `:` command or code.
    @discardableResult
    public func submit(_ entry: String) -> Outcome {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .ok }
        inputs.append(entry)
        guard MetaCommand.isMetaCommand(entry) else { return evaluate(entry) }
        do {
            return try run(MetaCommand(parsing: entry))
        } catch {
            writeError("\(error)\n")
            return .failed(status: ExitStatus.usage)
        }
    }

    /// Evaluates code as the next cell. Left out of the record: an entry that did not
    /// compile (it changed nothing), one stopped by Ctrl-C (a replay would not stop), and a
    /// loaded file that raised (its error names the file, which a replayed cell would not).
    private func evaluate(_ code: String, name: String? = nil) -> Outcome {
        let run = CellEvaluator.evaluate(code, name: name ?? "cell \(cells.count + 1)", in: interpreter) {
            text, isError in isError ? self.writeError(text) : self.write(text)
        }
        if run.failure == nil || (run.failure == .runtime && name == nil) {
            cells.append(Cell(code: code, output: run.output))
        }
        switch run.failure {
        case nil: return .ok
        case .compile: return .failed(status: ExitStatus.programError)
        case .runtime, .interrupted: return .failed(status: ExitStatus.runtimeError)
        }
    }

    private func run(_ command: MetaCommand) throws -> Outcome {
        switch command {
        case .help(nil):
            write(MetaCommand.helpText)
        case .help(let topic?):
            if let builtin = interpreter.builtins[topic] {
                write("\(builtin.signature)\n  \(builtin.doc)\n")
            } else if let spec = MetaCommand.specs.first(where: { ":" + $0.name == topic || $0.name == topic }) {
                write(":\(spec.name)\(spec.argument.map { " " + $0 } ?? "")\n  \(spec.summary)\n")
            } else {
                writeError("no built-in or command named '\(topic)'; :vars lists your own names\n")
                return .failed(status: ExitStatus.usage)
            }
        case .load(let path):
            return load(path)
        case .reload:
            guard let path = lastLoaded else {
                writeError("nothing loaded yet: use :load FILE first\n")
                return .failed(status: ExitStatus.usage)
            }
            return load(path)
        case .save(let path):
            return save(path)
        case .time(let source):
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = evaluate(source)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            write("time: \(Self.formatDuration(seconds))\n")
            return outcome
        case .type(let source):
            do {
                let result = try interpreter.evaluate(file: SourceFile(name: "type", text: source))
                write(result.value.typeName + "\n")
            } catch {
                writeError("\(error)\n")
                return .failed(status: ExitStatus.usage)
            }
        case .vars:
            let builtins = Set(interpreter.builtins.names)
            for name in interpreter.namesInScope where !builtins.contains(name) {
                guard let value = interpreter.global(name) else { continue }
                var shown = interpreter.show(value).replacingOccurrences(of: "\n", with: " ")
                if shown.count > 60 { shown = String(shown.prefix(57)) + "..." }
                write("\(name): \(value.typeName) = \(shown)\n")
            }
        case .reset:
            interpreter = makeInterpreter()
            interpreter.seed(seed)
            cells = []
            lastLoaded = nil
            write("session reset: every definition forgotten\n")
        case .history:
            for (i, input) in inputs.enumerated() {
                write(String(format: "%4d  ", i + 1) + input.replacingOccurrences(of: "\n", with: "\n      ") + "\n")
            }
        case .quit:
            return .quit
        }
        return .ok
    }

    /// Runs a `.slm` file, or each cell of a `.slmnb` notebook, in this session.
    private func load(_ path: String) -> Outcome {
        lastLoaded = path
        if path.hasSuffix(".slmnb") {
            do {
                let notebook = try Notebook.read(path: path)
                var outcome = Outcome.ok
                for cell in notebook.cells {
                    let result = evaluate(cell.code)
                    if case .failed = result, outcome == .ok { outcome = result }
                }
                return outcome
            } catch {
                writeError("\(error)\n")
                return .failed(status: ExitStatus.usage)
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            writeError("\(path): cannot read the file\n")
            return .failed(status: ExitStatus.usage)
        }
        return evaluate(String(decoding: data, as: UTF8.self), name: path)
    }

    private func save(_ path: String) -> Outcome {
        guard path.hasSuffix(".slmnb") else {
            writeError(":save writes a notebook: give a file name ending in .slmnb\n")
            return .failed(status: ExitStatus.usage)
        }
        let notebook = Notebook(
            frontMatter: FrontMatter(title: "slm session", seed: seed),
            heading: "# slm session\n\nSaved from the REPL with `:save`; replay it with `slm run`.",
            cells: cells)
        do {
            try notebook.write(to: path)
            write("saved \(cells.count) cell\(cells.count == 1 ? "" : "s") to \(path)\n")
            return .ok
        } catch {
            writeError("\(error)\n")
            return .failed(status: ExitStatus.usage)
        }
    }

    /// Tab completion over this session's names, built-ins and record fields.
    public var completer: Completer {
        Completer(
            names: { [unowned self] in self.interpreter.namesInScope },
            fields: { [unowned self] path in self.fields(of: path) })
    }

    /// The member names of the value at a dotted path of globals (`r`, `r.inner`).
    private func fields(of path: String) -> [String]? {
        var parts = path.split(separator: ".").map(String.init)
        guard !parts.isEmpty, var value = interpreter.global(parts.removeFirst()) else { return nil }
        for part in parts {
            guard case .record(let record) = value, let i = record.keys.firstIndex(of: part) else { return nil }
            value = record.values[i]
        }
        switch value {
        case .record(let record): return record.keys
        case .native(let object): return object.memberNames
        default: return nil
        }
    }

    static func formatDuration(_ seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
        return String(format: "%.3f s", seconds)
    }
}
