// The session API used by the command line, the REPL and notebooks: evaluate successive
// chunks of source in one global scope, capture output, interrupt, seed, complete names.
//
//     let interp = StandardLibrary.makeInterpreter()   // (Std) or Interpreter(builtins:)
//     interp.output = { text in cellOutput += text }    // print() goes here
//     interp.seed(42)                                   // every random built-in
//     let result = try interp.evaluate("let x = 1\nx + 1", name: "cell 1")
//     result.display                                    // "2" (nil when the value is nil)
//     // errors: CompileErrors (nothing ran) or RuntimeError; `description` is the report

import Foundation

/// Flags shared with a signal handler: set `Interrupt.flag.pointee = 1` from SIGINT; the
/// evaluator polls it in every loop iteration and call and stops with "interrupted".
public enum Interrupt {
    public static let flag: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
}

/// The result of evaluating one chunk (REPL entry or notebook cell).
public struct Evaluation {
    /// The value of the last expression statement, or nil.
    public let value: Value
    /// `show(value)`, or nil when the value is nil (nothing to show).
    public let display: String?
}

/// Global variables of every namespace live in one store; the compiled code indexes it.
final class GlobalStore {
    private(set) var base: UnsafeMutablePointer<Value>
    private(set) var count = 0
    private var capacity = 256

    init() {
        base = .allocate(capacity: capacity)
    }

    deinit {
        // Releasing a deeply nested value recurses once per level: do it on a large stack.
        let storage = SendableStorage(base: base, count: count)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            storage.base.deinitialize(count: storage.count)
            storage.base.deallocate()
            done.signal()
        }
        thread.stackSize = 1 << 30
        thread.start()
        done.wait()
    }

    func add() -> Int {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Value>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: .null)
        count += 1
        return count - 1
    }
}

/// Hands the global storage to the thread that frees it.
struct SendableStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Value>
    let count: Int
}

/// The names of one module (or of the main session) mapped to global slots.
final class Namespace {
    struct Entry {
        let index: Int
        var mutable: Bool
    }
    var entries: [String: Entry] = [:]
    var order: [String] = []
}

/// Carries a result from the evaluation thread back to the caller.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

struct RuntimeState {
    var depth = 0
}

public final class Interpreter {
    public let builtins: Builtins
    /// Where `print` and friends write (text includes its newline). Defaults to stdout.
    public var output: (String) -> Void = { text in
        FileHandle.standardOutput.write(text.data(using: .utf8) ?? Data())
    }
    public var displayOptions = DisplayOptions()
    /// The random source every random built-in draws from.
    public var random = RandomSource(seed: 0)
    /// Folders searched for `import "name"` after the importing file's folder: those in
    /// the SLM_PATH environment variable (colon-separated), then `stdlib` in the
    /// working directory.
    public var searchPaths: [String] =
        (ProcessInfo.processInfo.environment["SLM_PATH"]?.split(separator: ":").map(String.init) ?? []) + ["stdlib"]
    /// Nested slm calls beyond this end in a "stack overflow" error.
    public var maxCallDepth = 20_000

    let globals = GlobalStore()
    let main = Namespace()
    let state: UnsafeMutablePointer<RuntimeState>
    /// `Interrupt.flag`, kept here so hot paths skip the global's lazy-init check.
    let interruptFlag = Interrupt.flag
    var modules: [String: Value] = [:]
    var loading: Set<String> = []
    /// True while code runs; nested evaluations (imports, callbacks) stay on this thread.
    var running = false
    var chunkCounter = 0

    public init(builtins: Builtins = Builtins()) {
        self.builtins = builtins
        state = .allocate(capacity: 1)
        state.initialize(to: RuntimeState())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Seeds the random source.
    public func seed(_ s: UInt64) { random = RandomSource(seed: s) }

    /// Writes `text` to the output sink.
    public func write(_ text: String) { output(text) }

    /// REPL form of a value with this interpreter's display options.
    public func show(_ v: Value) -> String { Display.show(v, displayOptions) }
    /// Print form of a value.
    public func str(_ v: Value) -> String { Display.str(v, displayOptions) }

    /// Names visible at the top level: globals defined so far and built-ins (for completion).
    public var namesInScope: [String] {
        Array(Set(main.order).union(builtins.names)).sorted()
    }

    /// The current value of a global, if defined.
    public func global(_ name: String) -> Value? {
        main.entries[name].map { globals.base[$0.index] }
    }

    /// Defines (or replaces) a global visible to later chunks.
    public func setGlobal(_ name: String, _ value: Value, mutable: Bool = true) {
        let index = main.entries[name]?.index ?? globals.add()
        if main.entries[name] == nil { main.order.append(name) }
        main.entries[name] = Namespace.Entry(index: index, mutable: mutable)
        globals.base[index] = value
    }

    /// Evaluates one chunk in the session's global scope. Throws `CompileErrors` (nothing
    /// ran) or `RuntimeError`. Globals defined by earlier chunks stay visible.
    /// Runs on a thread with a large stack so deep recursion cannot crash the process.
    public func evaluate(_ source: String, name: String? = nil) throws -> Evaluation {
        chunkCounter += 1
        let file = SourceFile(name: name ?? "<input \(chunkCounter)>", text: source)
        return try evaluate(file: file)
    }

    public func evaluate(file: SourceFile) throws -> Evaluation {
        let value = try onLargeStack { try self.run(file: file, namespace: self.main) }
        return Evaluation(value: value, display: value.isNil ? nil : show(value))
    }

    /// Parses and resolves without running; the diagnostics of every error, in order.
    public func check(file: SourceFile) -> [Diagnostic] {
        let result = try? onLargeStack { () -> [Diagnostic] in
            let compiler = Compiler(interpreter: self, file: file, namespace: Namespace())
            var parser = Parser(file: file)
            let program = parser.parseProgram()
            guard parser.diagnostics.isEmpty else { return parser.diagnostics }
            _ = compiler.compileChunk(program)
            return compiler.diagnostics
        }
        return result ?? []
    }

    func run(file: SourceFile, namespace: Namespace) throws -> Value {
        var parser = Parser(file: file)
        let program = parser.parseProgram()
        if !parser.diagnostics.isEmpty { throw CompileErrors(diagnostics: parser.diagnostics) }
        let compiler = Compiler(interpreter: self, file: file, namespace: namespace)
        let (body, slotCount) = compiler.compileChunk(program)
        if !compiler.diagnostics.isEmpty {
            compiler.rollback()
            throw CompileErrors(diagnostics: compiler.diagnostics)
        }
        let frame = Frame.make(parent: nil, count: slotCount)
        let savedDepth = state.pointee.depth
        do {
            return try body(frame)
        } catch var e as RuntimeError {
            state.pointee.depth = savedDepth
            e.finishTrace()
            throw e
        }
    }

    /// Runs `body` on a thread with a 1 GiB stack (reserved, not committed) unless
    /// already evaluating; rethrows its error.
    func onLargeStack<T>(_ body: @escaping () throws -> T) throws -> T {
        if running { return try body() }
        running = true
        defer { running = false }
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.stackSize = 1 << 30
        thread.start()
        done.wait()
        guard let result = box.result else { throw RuntimeError("evaluation thread ended without a result") }
        return try result.get()
    }

    // MARK: calls

    /// Calls an slm function or built-in (used by built-ins such as `map`). Called from
    /// outside an evaluation, it moves to a large-stack thread like `evaluate`.
    public func call(_ f: Value, _ args: [Value], named: [(name: String, value: Value)] = []) throws -> Value {
        if running { return try callValue(f, args, named, at: nil) }
        return try onLargeStack { try self.callValue(f, args, named, at: nil) }
    }

    @inline(__always)
    func invoke(_ fn: Function, _ frame: consuming Frame, at location: SourceLocation?) throws -> Value {
        let depth = state.pointee.depth + 1
        if depth > maxCallDepth {
            var e = RuntimeError("stack overflow (more than \(maxCallDepth) nested calls)", kind: .stackOverflow)
            if let location { e = e.located(at: location) }
            throw e
        }
        if interruptFlag.pointee != 0 { throw interrupted(at: location) }
        state.pointee.depth = depth
        defer { state.pointee.depth = depth - 1 }
        do {
            // The proto outlives the call (`fn` holds it): a guaranteed reference spares
            // a retain and release of the body closure per call.
            var v = try Unmanaged.passUnretained(fn.proto)._withUnsafeGuaranteedRef { try $0.body(frame) }
            if frame.header.control == .returnValue { v = frame.takeResult() }
            fn.recycle(frame)
            return v
        } catch var e as RuntimeError {
            e.leaving(fn.proto.name)
            if let location { e = e.located(at: location) }
            throw e
        }
    }

    func interrupted(at location: SourceLocation?) -> RuntimeError {
        Interrupt.flag.pointee = 0
        var e = RuntimeError("interrupted", kind: .interrupted)
        if let location { e = e.located(at: location) }
        return e
    }

    /// The general call path: named arguments, defaults, built-ins, errors.
    func callValue(_ callee: Value, _ positional: [Value], _ named: [(name: String, value: Value)],
                   at location: SourceLocation?) throws -> Value {
        switch callee {
        case .function(let fn):
            let proto = fn.proto
            let n = proto.parameterNames.count
            func fail(_ message: String) -> RuntimeError {
                let e = RuntimeError(message)
                return location.map { e.located(at: $0) } ?? e
            }
            if positional.count > n {
                throw fail("\(proto.name)() takes \(n) argument\(n == 1 ? "" : "s") but \(positional.count) were given")
            }
            let frame = fn.makeFrame()
            var given = [Bool](repeating: false, count: n)
            for (i, v) in positional.enumerated() {
                frame[i] = v
                given[i] = true
            }
            for (name, v) in named {
                guard let i = proto.parameterNames.firstIndex(of: name) else {
                    throw fail("\(proto.name)() has no parameter named '\(name)'")
                }
                if given[i] { throw fail("\(proto.name)() got two values for '\(name)'") }
                frame[i] = v
                given[i] = true
            }
            for i in 0..<n where !given[i] {
                guard let d = proto.defaults[i] else {
                    throw fail("\(proto.name)() missing argument '\(proto.parameterNames[i])'")
                }
                frame[i] = try d.eval(frame)
            }
            return try invoke(fn, consume frame, at: location)
        case .builtin(let b):
            do {
                if !b.variadic, positional.count > b.parameters.count {
                    let n = b.parameters.count
                    throw RuntimeError("\(b.name)() takes \(n) argument\(n == 1 ? "" : "s") but \(positional.count) were given")
                }
                for (name, _) in named where !b.parameters.contains(name) {
                    throw RuntimeError("\(b.name)() has no parameter named '\(name)'")
                }
                if Interrupt.flag.pointee != 0 { throw interrupted(at: location) }
                return try b.body(Arguments(positional: positional, named: named, interpreter: self, function: b.name))
            } catch let e as RuntimeError {
                throw location.map { e.located(at: $0) } ?? e
            }
        default:
            let e = RuntimeError("cannot call a value of type \(callee.typeName)")
            throw location.map { e.located(at: $0) } ?? e
        }
    }

    // MARK: modules

    /// Loads `import "path"` relative to `file`'s folder, then the search paths.
    func importModule(_ path: String, from file: SourceFile) throws -> Value {
        let name = path.hasSuffix(".slm") ? path : path + ".slm"
        let importerDir = (file.name as NSString).deletingLastPathComponent
        var candidates = [importerDir.isEmpty ? name : importerDir + "/" + name]
        candidates += searchPaths.map { $0 + "/" + name }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw RuntimeError("cannot find module '\(path)' (looked in \(candidates.joined(separator: ", ")))")
        }
        let key = URL(fileURLWithPath: found).standardizedFileURL.path
        if let cached = modules[key] { return cached }
        if loading.contains(key) { throw RuntimeError("import cycle: '\(path)' is already being imported") }
        guard let data = FileManager.default.contents(atPath: found) else {
            throw RuntimeError("cannot read module '\(found)'")
        }
        loading.insert(key)
        defer { loading.remove(key) }
        let source = SourceFile(name: found, text: String(decoding: data, as: UTF8.self))
        let namespace = Namespace()
        do {
            _ = try run(file: source, namespace: namespace)
        } catch let errors as CompileErrors {
            throw RuntimeError("module '\(path)' has errors:\n\(errors)")
        }
        let record = RecordObject(namespace.order.map { ($0, globals.base[namespace.entries[$0]!.index]) })
        let value = Value.record(record)
        modules[key] = value
        return value
    }
}
