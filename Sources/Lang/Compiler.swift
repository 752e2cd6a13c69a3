// Compiles the syntax tree into Swift closures over frames, resolving every name to a
// slot as it goes (see Resolver.swift). Running a program is calling the closures: no
// tree walking, no dictionary look-up per variable access.

final class Compiler {
    let interpreter: Interpreter
    let file: SourceFile
    let namespace: Namespace
    var scope: FunctionScope
    var diagnostics: [Diagnostic] = []
    var declaredInChunk: Set<String> = []
    var addedGlobals: [String] = []

    init(interpreter: Interpreter, file: SourceFile, namespace: Namespace) {
        self.interpreter = interpreter
        self.file = file
        self.namespace = namespace
        self.scope = FunctionScope(parent: nil, isChunk: true)
    }

    func error(_ message: String, at offset: Int) {
        diagnostics.append(Diagnostic(message, at: location(offset)))
    }

    func location(_ offset: Int) -> SourceLocation { SourceLocation(file: file, offset: offset) }

    /// The chunk's code and the number of slots its frame needs.
    func compileChunk(_ statements: [Stmt]) -> (Eval, Int) {
        let body = compileStatements(statements)
        diagnostics.sort { $0.location.offset < $1.location.offset }
        return (body, scope.slotCount)
    }

    // MARK: blocks

    /// A block in a new scope.
    func compileBlock(_ block: Block) -> Eval {
        scope.blocks.append([:])
        defer { scope.blocks.removeLast() }
        return compileStatements(block.statements)
    }

    /// Statements in the current scope. Functions are hoisted: declared before any
    /// statement compiles (so they can call each other) and created when the block starts.
    func compileStatements(_ statements: [Stmt]) -> Eval {
        var hoisted: [(FunctionDecl, Binding)] = []
        for s in statements {
            if case .function(let decl) = s {
                hoisted.append((decl, declare(decl.name, mutable: false, at: decl.offset)))
            }
        }
        var evals: [Code] = []
        var creations: [Code] = []
        var hoistIndex = 0
        var valueOfLast = false
        for (i, s) in statements.enumerated() {
            if case .function = s {
                let (decl, binding) = hoisted[hoistIndex]
                hoistIndex += 1
                let make = compileFunction(decl)
                creations.append(Code(store(binding, make)))
                continue
            }
            evals.append(Code(compileStatement(s)))
            if i == statements.count - 1, case .expression = s { valueOfLast = true }
        }
        var all = creations + evals
        // Every statement but an expression evaluates to nil, so a nil closure is only
        // needed when a hoisted function declaration ends the block.
        if !valueOfLast, case .function? = statements.last, !evals.isEmpty { all.append(Code { _ in .null }) }
        return sequence(all[...])
    }

    /// Runs the statements in order, stopping after one that sets break/continue/return.
    /// Built as a balanced tree of closures: no array of closures is walked at run time
    /// (that costs a retain per statement and a reabstraction thunk per call).
    func sequence(_ evals: ArraySlice<Code>) -> Eval {
        switch evals.count {
        case 0:
            return { _ in .null }
        case 1:
            return evals[evals.startIndex].eval
        default:
            let mid = evals.startIndex + evals.count / 2
            let a = sequence(evals[..<mid]), b = sequence(evals[mid...])
            return { f in
                _ = try a(f)
                if f.header.control != .none { return .null }
                return try b(f)
            }
        }
    }

    /// Code that writes the value of `value` to the binding; the statement's value is nil.
    func store(_ binding: Binding, _ value: @escaping Eval) -> Eval {
        switch binding {
        case .local(let slot, 0, _):
            return { f in f[slot] = try value(f); return .null }
        case .local(let slot, let depth, _):
            return { f in
                let v = try value(f)
                f.ancestor(depth)[slot] = v
                return .null
            }
        case .global(let index, _):
            let globals = interpreter.globals
            return { f in globals.base[index] = try value(f); return .null }
        case .builtin:
            return { _ in .null }
        }
    }

    // MARK: functions

    /// Compiles a function; the result creates the function value (capturing the frame).
    func compileFunction(_ decl: FunctionDecl) -> Eval {
        let outer = scope
        let inner = FunctionScope(parent: outer, isChunk: false)
        scope = inner
        defer { scope = outer }
        var defaults: [Code?] = []
        for p in decl.parameters {
            if let d = p.defaultValue { defaults.append(Code(compileExpr(d))) } else { defaults.append(nil) }
            _ = declare(p.name, mutable: true, at: p.offset)
        }
        let body = compileStatements(decl.body.statements)
        let proto = FunctionProto(name: decl.name, parameterNames: decl.parameters.map(\.name),
                                  defaults: defaults, slotCount: inner.slotCount, body: body,
                                  location: location(decl.offset))
        // A function that never reads an enclosing function's variables does not keep
        // the defining frame: its calls then skip a retain/release of the parent link.
        if !inner.reachesOut { return { _ in .function(Function(proto: proto, captured: nil)) } }
        return { f in .function(Function(proto: proto, captured: f)) }
    }

    // MARK: statements

    func compileStatement(_ s: Stmt) -> Eval {
        switch s {
        case .expression(let e):
            return compileExpr(e)
        case .declare(let name, let mutable, let value, let at):
            // The initializer is compiled first, so `let x = x + 1` reads an outer `x`.
            let v = compileExpr(value)
            return store(declare(name, mutable: mutable, at: at), v)
        case .function(let decl):
            // compileStatements hoists declarations; compiled alone, one is declared here.
            return store(declare(decl.name, mutable: false, at: decl.offset), compileFunction(decl))
        case .assign(let target, let op, let value, let at):
            return compileAssignment(target, op, value, at: at)
        case .forIn(let names, let iterable, let body, let at):
            return compileFor(names, iterable, body, at: at)
        case .whileLoop(let condition, let body, _):
            let cond = compileCondition(condition)
            scope.loopDepth += 1
            let b = compileBlock(body)
            scope.loopDepth -= 1
            let flag = Interrupt.flag
            let interpreter = self.interpreter
            let loc = location(condition.offset)
            return { f in
                while try cond(f) {
                    _ = try b(f)
                    let c = f.header.control
                    if c != .none {
                        if c == .breakLoop { f.header.control = .none; break }
                        if c == .continueLoop { f.header.control = .none } else { return .null }
                    }
                    if flag.pointee != 0 { throw interpreter.interrupted(at: loc) }
                }
                return .null
            }
        case .breakLoop(let at):
            if scope.loopDepth == 0 { error("'break' outside a loop", at: at) }
            return { f in f.header.control = .breakLoop; return .null }
        case .continueLoop(let at):
            if scope.loopDepth == 0 { error("'continue' outside a loop", at: at) }
            return { f in f.header.control = .continueLoop; return .null }
        case .returnValue(let value, let at):
            if scope.isChunk { error("'return' outside a function", at: at) }
            guard let value else {
                return { f in
                    f.header.result = .null
                    f.header.control = .returnValue
                    return .null
                }
            }
            if let slot = localSlot(value) {
                return { f in
                    f.header.result = f[slot]
                    f.header.control = .returnValue
                    return .null
                }
            }
            let v = compileExpr(value)
            return { f in
                f.header.result = try v(f)
                f.header.control = .returnValue
                return .null
            }
        case .importModule(let path, let name, let at):
            let binding = declare(name, mutable: false, at: at)
            let interpreter = self.interpreter
            let file = self.file
            let loc = location(at)
            return store(binding) { _ in
                do {
                    return try interpreter.importModule(path, from: file)
                } catch let e as RuntimeError {
                    throw e.located(at: loc)
                }
            }
        }
    }

    func compileFor(_ names: [String], _ iterable: Expr, _ body: Block, at: Int) -> Eval {
        let iter = compileExpr(iterable)
        scope.blocks.append([:])
        let slots: [Int] = names.map { name in
            if case .local(let slot, _, _) = declare(name, mutable: true, at: at) { return slot }
            return 0
        }
        scope.loopDepth += 1
        let b = compileBlock(body)
        scope.loopDepth -= 1
        scope.blocks.removeLast()
        let flag = Interrupt.flag
        let interpreter = self.interpreter
        let loc = location(iterable.offset)
        let first = slots[0]

        /// Runs the body once; false when the loop must stop (break or return).
        @inline(__always) func step(_ f: Frame) throws -> Bool {
            _ = try b(f)
            let c = f.header.control
            if c != .none {
                if c == .continueLoop { f.header.control = .none } else {
                    if c == .breakLoop { f.header.control = .none }
                    return false
                }
            }
            if flag.pointee != 0 { throw interpreter.interrupted(at: loc) }
            return true
        }

        if slots.count == 1 {
            return { f in
                let v = try iter(f)
                switch v {
                case .range(let lo, let hi):
                    var i = lo
                    while i < hi {
                        f[first] = .int(i)
                        if !(try step(f)) { break }
                        i += 1
                    }
                case .list(let l):
                    for item in l.items {
                        f[first] = item
                        if !(try step(f)) { break }
                    }
                default:
                    let items: [Value]
                    do {
                        guard let it = try Iteration.items(of: v) else {
                            throw RuntimeError("cannot iterate over \(v.typeName)")
                        }
                        items = it
                    } catch let e as RuntimeError { throw e.located(at: loc) }
                    for item in items {
                        f[first] = item
                        if !(try step(f)) { break }
                    }
                }
                return .null
            }
        }
        return { f in
            let v = try iter(f)
            var items: [Value]
            do {
                if case .record(let r) = v {
                    items = r.pairs.map { .list([.string($0.0), $0.1]) }
                } else if let it = try Iteration.items(of: v) {
                    items = it
                } else {
                    throw RuntimeError("cannot iterate over \(v.typeName)")
                }
            } catch let e as RuntimeError { throw e.located(at: loc) }
            for item in items {
                guard case .list(let parts) = item, parts.items.count == slots.count else {
                    throw RuntimeError("cannot unpack \(Display.show(item)) into \(slots.count) loop variables").located(at: loc)
                }
                for (slot, part) in zip(slots, parts.items) { f[slot] = part }
                if !(try step(f)) { break }
            }
            return .null
        }
    }
}

/// Adds the position to errors thrown by helpers that do not know it.
@inline(__always)
func locate(_ error: Error, _ loc: SourceLocation) -> Error {
    if let e = error as? RuntimeError { return e.located(at: loc) }
    return error
}
