// Expression compilation. Hot cases (int arithmetic and comparisons, local variables,
// calls with few positional arguments, record fields) get specialised closures; the rest
// goes through `Operators` and `Interpreter.callValue`.

extension Compiler {
    func compileExpr(_ e: Expr) -> Eval {
        switch e {
        case .intLiteral(let v, _):
            let value = Value.int(v)
            return { _ in value }
        case .floatLiteral(let v, _):
            let value = Value.float(v)
            return { _ in value }
        case .stringLiteral(let s, _):
            let value = Value.string(s)
            return { _ in value }
        case .boolLiteral(let b, _):
            let value = Value.bool(b)
            return { _ in value }
        case .nilLiteral:
            return { _ in .null }
        case .name(let name, let at):
            return compileName(name, at: at)
        case .interpolation(let parts, _):
            return compileInterpolation(parts)
        case .list(let items, _):
            let evals = items.map { Code(compileExpr($0)) }
            return { f in
                var out: [Value] = []
                out.reserveCapacity(evals.count)
                for e in evals { out.append(try e.eval(f)) }
                return .list(ListObject(out))
            }
        case .record(let entries, _):
            let shape = Shape(keys: entries.map(\.key))
            let evals = entries.map { Code(compileExpr($0.value)) }
            return { f in
                var values: [Value] = []
                values.reserveCapacity(evals.count)
                for e in evals { values.append(try e.eval(f)) }
                return .record(RecordObject(shape: shape, values: values))
            }
        case .unary(.negate, let operand, let at):
            let o = compileExpr(operand)
            let loc = location(at)
            return { f in
                let v = try o(f)
                if case .int(let i) = v, i != Int.min { return .int(-i) }
                do { return try Operators.negate(v) } catch { throw locate(error, loc) }
            }
        case .unary(.not, _, _), .and, .or:
            let c = compileCondition(e)
            return { f in .bool(try c(f)) }
        case .binary(let op, let lhs, let rhs, let at):
            return compileBinary(op, lhs, rhs, at: at)
        case .range(let lo, let hi, let inclusive, let at):
            let l = compileExpr(lo), h = compileExpr(hi)
            let loc = location(at)
            return { f in
                let a = try l(f), b = try h(f)
                guard case .int(let x) = a, case .int(var y) = b else {
                    throw RuntimeError("range bounds must be ints, got \(a.typeName) and \(b.typeName)").located(at: loc)
                }
                if inclusive {
                    if y == Int.max { throw RuntimeError("integer overflow in '..='").located(at: loc) }
                    y += 1
                }
                return .range(x, y)
            }
        case .call(let callee, let args, let at):
            return compileCall(callee, args, at: at)
        case .methodCall(let object, let name, let args, let at):
            return compileMethodCall(object, name, args, at: at)
        case .field(let object, let name, let at):
            return compileField(object, name, at: at)
        case .index(let object, let index, let at):
            let o = compileExpr(object), i = compileExpr(index)
            let loc = location(at)
            return { f in
                let container = try o(f)
                let key = try i(f)
                if case .list(let l) = container, case .int(let n) = key, n >= 0, n < l.items.count {
                    return l.items[n]
                }
                do { return try Access.index(container, key) } catch { throw locate(error, loc) }
            }
        case .slice(let object, let lower, let upper, let at):
            let o = compileExpr(object)
            let lo = lower.map { Code(compileExpr($0)) }, hi = upper.map { Code(compileExpr($0)) }
            let loc = location(at)
            return { f in
                let container = try o(f)
                let a = try lo?.eval(f), b = try hi?.eval(f)
                do { return try Access.slice(container, a, b) } catch { throw locate(error, loc) }
            }
        case .lambda(let decl):
            return compileFunction(decl)
        case .ifElse(let condition, let then, let otherwise, _):
            if otherwise == nil, let fused = compileGuardReturn(condition, then) { return fused }
            let c = compileCondition(condition)
            let t = compileBlock(then)
            guard let otherwise else { return { f in try c(f) ? try t(f) : .null } }
            let o = compileBlock(otherwise)
            return { f in try c(f) ? try t(f) : try o(f) }
        case .tryCatch(let body, let name, let handler, _):
            let b = compileBlock(body)
            scope.blocks.append([:])
            var slot: Int?
            if let name, case .local(let s, _, _) = declare(name, mutable: false, at: handler.offset) { slot = s }
            let h = compileBlock(handler)
            scope.blocks.removeLast()
            return { f in
                do {
                    return try b(f)
                } catch let e as RuntimeError where e.kind != .interrupted {
                    if let slot { f[slot] = .native(ErrorValue(e)) }
                    return try h(f)
                }
            }
        }
    }

    /// `if cond { return x }`, the usual guard at the top of a function, as one closure.
    func compileGuardReturn(_ condition: Expr, _ then: Block) -> Eval? {
        guard !scope.isChunk, then.statements.count == 1,
              case .returnValue(let value?, _) = then.statements[0] else { return nil }
        let c = compileCondition(condition)
        if let slot = localSlot(value) {
            return { f in
                if try c(f) {
                    f.header.result = f[slot]
                    f.header.control = .returnValue
                }
                return .null
            }
        }
        let v = compileExpr(value)
        return { f in
            if try c(f) {
                f.header.result = try v(f)
                f.header.control = .returnValue
            }
            return .null
        }
    }

    // MARK: names

    /// The slot of a local variable of the current function, for fused fast paths that
    /// read it in place instead of calling a separate closure.
    func localSlot(_ e: Expr) -> Int? {
        guard case .name(let name, _) = e, case .local(let slot, 0, _)? = resolve(name) else { return nil }
        return slot
    }

    func compileName(_ name: String, at: Int) -> Eval {
        guard let binding = resolve(name) else {
            error("unknown name '\(name)'\(suggestion(for: name))", at: at)
            return { _ in .null }
        }
        switch binding {
        case .local(let slot, 0, _):
            return { f in f[slot] }
        case .local(let slot, 1, _):
            return { f in f.header.parent.unsafelyUnwrapped[slot] }
        case .local(let slot, let depth, _):
            return { f in f.ancestor(depth)[slot] }
        case .global(let index, _):
            let globals = interpreter.globals
            return { _ in globals.base[index] }
        case .builtin(let b):
            let value = Value.builtin(b)
            return { _ in value }
        }
    }

    func compileInterpolation(_ parts: [InterpolationPart]) -> Eval {
        typealias Appender = (Frame, inout TextBuilder) throws -> Void
        struct Piece { let append: Appender }
        let interpreter = self.interpreter
        let pieces: [Piece] = parts.map { part in
            switch part {
            case .text(let t):
                let bytes = Array(t.utf8)
                return Piece { _, s in bytes.withUnsafeBufferPointer { s.append($0) } }
            case .expr(let e):
                let code = compileExpr(e)
                return Piece { f, s in
                    let v = try code(f)
                    switch v {
                    case .string(let x): s.append(x)
                    case .int(let i): s.append(i)
                    default: s.append(interpreter.str(v))
                    }
                }
            }
        }
        if pieces.isEmpty { return { _ in .string("") } }
        // Chained closures rather than a loop over an array: no retain per piece.
        func chain(_ slice: ArraySlice<Piece>) -> Appender {
            if slice.count == 1 { return slice[slice.startIndex].append }
            let mid = slice.startIndex + slice.count / 2
            let a = chain(slice[..<mid]), b = chain(slice[mid...])
            return { f, s in
                try a(f, &s)
                try b(f, &s)
            }
        }
        let all = chain(pieces[...])
        return { f in .string(try TextBuilder.build { try all(f, &$0) }) }
    }

    // MARK: operators

    func compileBinary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, at: Int) -> Eval {
        switch op {
        case .eq, .ne, .lt, .le, .gt, .ge:
            let c = compileComparison(op, lhs, rhs, at: at)
            return { f in .bool(try c(f)) }
        default:
            break
        }
        let l = compileExpr(lhs)
        let loc = location(at)
        let overflow = RuntimeError("integer overflow in '\(op.rawValue)'").located(at: loc)
        // `x + 1`, `n - 2`: the right side is a constant int.
        if case .intLiteral(let k, _) = rhs, op == .add || op == .sub, let slot = localSlot(lhs) {
            // `n - 1` with `n` a local: one closure instead of three.
            let delta = op == .add ? k : (k == Int.min ? nil : -k)
            if let delta {
                let r: Value = .int(k)
                return { f in
                    if let x = f.int(slot) {
                        let (s, o) = x.addingReportingOverflow(delta)
                        if o { throw overflow }
                        return .int(s)
                    }
                    do { return try Operators.binary(op, f[slot], r) } catch { throw locate(error, loc) }
                }
            }
        }
        if case .intLiteral(let k, _) = rhs, op == .add || op == .sub {
            let r: Value = .int(k)
            if op == .add {
                return { f in
                    let a = try l(f)
                    if case .int(let x) = a {
                        let (s, o) = x.addingReportingOverflow(k)
                        if o { throw overflow }
                        return .int(s)
                    }
                    do { return try Operators.binary(op, a, r) } catch { throw locate(error, loc) }
                }
            }
            return { f in
                let a = try l(f)
                if case .int(let x) = a {
                    let (s, o) = x.subtractingReportingOverflow(k)
                    if o { throw overflow }
                    return .int(s)
                }
                do { return try Operators.binary(op, a, r) } catch { throw locate(error, loc) }
            }
        }
        let r = compileExpr(rhs)
        switch op {
        case .add:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b {
                    let (s, o) = x.addingReportingOverflow(y)
                    if o { throw overflow }
                    return .int(s)
                }
                if case .float(let x) = a, case .float(let y) = b { return .float(x + y) }
                do { return try Operators.binary(op, a, b) } catch { throw locate(error, loc) }
            }
        case .sub:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b {
                    let (s, o) = x.subtractingReportingOverflow(y)
                    if o { throw overflow }
                    return .int(s)
                }
                if case .float(let x) = a, case .float(let y) = b { return .float(x - y) }
                do { return try Operators.binary(op, a, b) } catch { throw locate(error, loc) }
            }
        case .mul:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b {
                    let (s, o) = x.multipliedReportingOverflow(by: y)
                    if o { throw overflow }
                    return .int(s)
                }
                if case .float(let x) = a, case .float(let y) = b { return .float(x * y) }
                do { return try Operators.binary(op, a, b) } catch { throw locate(error, loc) }
            }
        case .mod:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b, y > 0 {
                    let m = x % y
                    return .int(m < 0 ? m + y : m)
                }
                do { return try Operators.binary(op, a, b) } catch { throw locate(error, loc) }
            }
        case .floorDiv:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b, y > 0 {
                    let q = x / y
                    return .int(x % y < 0 ? q - 1 : q)
                }
                do { return try Operators.binary(op, a, b) } catch { throw locate(error, loc) }
            }
        default:
            return { f in
                let a = try l(f), b = try r(f)
                do { return try Operators.binary(op, a, b) } catch { throw locate(error, loc) }
            }
        }
    }

    /// A comparison producing a Swift Bool (used directly by `if` and `while`).
    func compileComparison(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, at: Int) -> (Frame) throws -> Bool {
        let loc = location(at)
        func slow(_ a: Value, _ b: Value) throws -> Bool {
            do {
                if case .bool(let x) = try Operators.binary(op, a, b) { return x }
                throw RuntimeError("'\(op.rawValue)' did not produce a bool")
            } catch { throw locate(error, loc) }
        }
        // `n < 2` with `n` a local and a constant int: read the slot in place.
        if case .intLiteral(let k, _) = rhs, let slot = localSlot(lhs) {
            // One closure per operator: a shared closure taking the test as a closure
            // would add an indirect call to the hottest comparisons.
            let r: Value = .int(k)
            switch op {
            case .lt: return { f in if let x = f.int(slot) { return x < k }; return try slow(f[slot], r) }
            case .le: return { f in if let x = f.int(slot) { return x <= k }; return try slow(f[slot], r) }
            case .gt: return { f in if let x = f.int(slot) { return x > k }; return try slow(f[slot], r) }
            case .ge: return { f in if let x = f.int(slot) { return x >= k }; return try slow(f[slot], r) }
            case .eq: return { f in if let x = f.int(slot) { return x == k }; return try slow(f[slot], r) }
            default: return { f in if let x = f.int(slot) { return x != k }; return try slow(f[slot], r) }
            }
        }
        let l = compileExpr(lhs), r = compileExpr(rhs)
        switch op {
        case .lt:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b { return x < y }
                return try slow(a, b)
            }
        case .le:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b { return x <= y }
                return try slow(a, b)
            }
        case .gt:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b { return x > y }
                return try slow(a, b)
            }
        case .ge:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b { return x >= y }
                return try slow(a, b)
            }
        case .eq:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b { return x == y }
                return try slow(a, b)
            }
        case .ne:
            return { f in
                let a = try l(f), b = try r(f)
                if case .int(let x) = a, case .int(let y) = b { return x != y }
                return try slow(a, b)
            }
        default:
            return { f in try slow(try l(f), try r(f)) }
        }
    }

    /// A condition: must evaluate to a bool.
    func compileCondition(_ e: Expr) -> (Frame) throws -> Bool {
        switch e {
        case .binary(let op, let lhs, let rhs, let at) where [.eq, .ne, .lt, .le, .gt, .ge].contains(op):
            return compileComparison(op, lhs, rhs, at: at)
        case .and(let lhs, let rhs, _):
            let a = compileCondition(lhs), b = compileCondition(rhs)
            return { f in try a(f) && b(f) }
        case .or(let lhs, let rhs, _):
            let a = compileCondition(lhs), b = compileCondition(rhs)
            return { f in try a(f) || b(f) }
        case .unary(.not, let operand, _):
            let a = compileCondition(operand)
            return { f in !(try a(f)) }
        case .boolLiteral(let b, _):
            return { _ in b }
        default:
            let v = compileExpr(e)
            let loc = location(e.offset)
            return { f in
                let x = try v(f)
                if case .bool(let b) = x { return b }
                throw RuntimeError("expected a bool, got \(x.typeName)").located(at: loc)
            }
        }
    }

    // MARK: calls

    func compileCall(_ callee: Expr, _ args: [CallArgument], at: Int) -> Eval {
        let c = compileExpr(callee)
        let loc = location(at)
        let interpreter = self.interpreter
        let positional = args.filter { $0.name == nil }.map { Code(compileExpr($0.value)) }
        let named = args.compactMap { a in a.name.map { ($0, Code(compileExpr(a.value))) } }
        if !named.isEmpty {
            return { f in
                let fn = try c(f)
                var pos: [Value] = []
                for p in positional { pos.append(try p.eval(f)) }
                var nam: [(name: String, value: Value)] = []
                for (n, e) in named { nam.append((n, try e.eval(f))) }
                return try interpreter.callValue(fn, pos, nam, at: loc)
            }
        }
        switch positional.count {
        case 0:
            return { f in
                let callee = try c(f)
                if case .function(let fn) = callee, fn.proto.arity == 0 {
                    return try interpreter.invoke(fn, fn.makeFrame(), at: loc)
                }
                return try interpreter.callValue(callee, [], [], at: loc)
            }
        case 1 where globalIndex(callee) != nil:
            // `f(x)` with `f` a global: read the callee from the global store directly.
            let a0 = positional[0].eval
            let globals = interpreter.globals
            let index = globalIndex(callee)!
            return { f in
                // Matched in place: binding `fn` is the only copy of the callee.
                if case .function(let fn) = globals.base[index], fn.proto.arity == 1 {
                    let frame = fn.makeFrame()
                    frame.setArgument(0, try a0(f))
                    return try interpreter.invoke(fn, frame, at: loc)
                }
                return try interpreter.callValue(globals.base[index], [try a0(f)], [], at: loc)
            }
        case 1 where builtinUnary(callee) != nil:
            // `len(s)` and other one-argument built-ins: no argument list.
            let a0 = positional[0].eval
            let unary = builtinUnary(callee)!
            return { f in
                let arg = try a0(f)
                do { return try unary(arg, interpreter) } catch { throw locate(error, loc) }
            }
        case 1:
            let a0 = positional[0].eval
            return { f in
                let callee = try c(f)
                if case .function(let fn) = callee, fn.proto.arity == 1 {
                    let frame = fn.makeFrame()
                    frame.setArgument(0, try a0(f))
                    return try interpreter.invoke(fn, frame, at: loc)
                }
                return try interpreter.callValue(callee, [try a0(f)], [], at: loc)
            }
        case 2 where builtinBinary(callee) != nil:
            let a0 = positional[0].eval, a1 = positional[1].eval
            let binary = builtinBinary(callee)!
            return { f in
                let arg0 = try a0(f), arg1 = try a1(f)
                do { return try binary(arg0, arg1, interpreter) } catch { throw locate(error, loc) }
            }
        case 2:
            let a0 = positional[0].eval, a1 = positional[1].eval
            return { f in
                let callee = try c(f)
                if case .function(let fn) = callee, fn.proto.arity == 2 {
                    let frame = fn.makeFrame()
                    frame.setArgument(0, try a0(f))
                    frame.setArgument(1, try a1(f))
                    return try interpreter.invoke(fn, frame, at: loc)
                }
                return try interpreter.callValue(callee, [try a0(f), try a1(f)], [], at: loc)
            }
        default:
            return { f in
                let callee = try c(f)
                var pos: [Value] = []
                pos.reserveCapacity(positional.count)
                for p in positional { pos.append(try p.eval(f)) }
                if case .function(let fn) = callee, fn.proto.arity == pos.count {
                    let frame = fn.makeFrame()
                    for (i, v) in pos.enumerated() { frame.setArgument(i, v) }
                    return try interpreter.invoke(fn, frame, at: loc)
                }
                return try interpreter.callValue(callee, pos, [], at: loc)
            }
        }
    }

    /// The fast entry of a built-in named directly (not shadowed by a variable).
    func builtinUnary(_ e: Expr) -> ((Value, Interpreter) throws -> Value)? {
        guard case .name(let name, _) = e, case .builtin(let b)? = resolve(name) else { return nil }
        return b.unary
    }

    /// The two-argument fast entry of a built-in named directly.
    func builtinBinary(_ e: Expr) -> ((Value, Value, Interpreter) throws -> Value)? {
        guard case .name(let name, _) = e, case .builtin(let b)? = resolve(name) else { return nil }
        return b.binary
    }

    func globalIndex(_ e: Expr) -> Int? {
        guard case .name(let name, _) = e, case .global(let index, _)? = resolve(name) else { return nil }
        return index
    }

    /// `object.name(args)`: native method, record field holding a function, or the
    /// function `name` in scope called with `object` first (`xs.len()` is `len(xs)`).
    func compileMethodCall(_ object: Expr, _ name: String, _ args: [CallArgument], at: Int) -> Eval {
        let o = compileExpr(object)
        let loc = location(at)
        let interpreter = self.interpreter
        let positional = args.filter { $0.name == nil }.map { Code(compileExpr($0.value)) }
        let named = args.compactMap { a in a.name.map { ($0, Code(compileExpr(a.value))) } }
        let fallback: Code? = resolve(name) != nil ? Code(compileName(name, at: at)) : nil
        func general(_ f: Frame, _ obj: Value) throws -> Value {
            var pos: [Value] = []
            pos.reserveCapacity(positional.count + 1)
            for p in positional { pos.append(try p.eval(f)) }
            var nam: [(name: String, value: Value)] = []
            for (n, e) in named { nam.append((n, try e.eval(f))) }
            switch obj {
            case .native(let n):
                do {
                    let args = Arguments(positional: pos, named: nam, interpreter: interpreter, function: name)
                    if let r = try n.callMethod(name, args) { return r }
                } catch { throw locate(error, loc) }
            case .record(let r):
                if let m = r[name] { return try interpreter.callValue(m, pos, nam, at: loc) }
            default:
                break
            }
            if let fallback {
                return try interpreter.callValue(try fallback.eval(f), [obj] + pos, nam, at: loc)
            }
            throw RuntimeError("\(obj.typeName) has no method '\(name)'").located(at: loc)
        }
        // `xs.append(x)`: a two-argument built-in called on a plain value, no argument list.
        if named.isEmpty, positional.count == 1, let binary = builtinBinary(.name(name, at: at)) {
            let a0 = positional[0].eval
            return { f in
                let obj = try o(f)
                switch obj {
                case .native, .record:
                    return try general(f, obj)
                default:
                    let arg = try a0(f)
                    do { return try binary(obj, arg, interpreter) } catch { throw locate(error, loc) }
                }
            }
        }
        return { f in try general(f, try o(f)) }
    }

    // MARK: fields

    func compileField(_ object: Expr, _ name: String, at: Int) -> Eval {
        let loc = location(at)
        let interpreter = self.interpreter
        // Records from one literal share a shape: remember the last shape and its slot.
        // The hot path compares identities only; `retained` keeps the cached shape alive
        // so its address cannot be reused by a different shape.
        final class Cache {
            var shape: ObjectIdentifier?
            var retained: Shape?
            var slot = 0
        }
        let cache = Cache()
        func lookup(_ obj: Value) throws -> Value {
            if case .record(let r) = obj {
                if ObjectIdentifier(r.shape) == cache.shape { return r.values[cache.slot] }
                if let slot = r.shape.slot(of: name) {
                    cache.retained = r.shape
                    cache.shape = ObjectIdentifier(r.shape)
                    cache.slot = slot
                    return r.values[slot]
                }
            }
            do { return try Access.field(obj, name, interpreter) } catch { throw locate(error, loc) }
        }
        // A field of a local variable is read in place, without copying the record out.
        if case .name(let n, _) = object, case .local(let slot, 0, _)? = resolve(n) {
            return { f in
                try f.withUnsafeMutablePointerToElements { p in
                    if case .record(let r) = p[slot], ObjectIdentifier(r.shape) == cache.shape {
                        return r.values[cache.slot]
                    }
                    return try lookup(p[slot])
                }
            }
        }
        let o = compileExpr(object)
        return { f in try lookup(try o(f)) }
    }

    // MARK: assignment

    func compileAssignment(_ target: Expr, _ op: AssignOp, _ value: Expr, at: Int) -> Eval {
        let v = compileExpr(value)
        let loc = location(at)
        let binaryOp: BinaryOp? = {
            switch op {
            case .assign: return nil
            case .add: return .add
            case .sub: return .sub
            case .mul: return .mul
            case .div: return .div
            case .mod: return .mod
            }
        }()
        /// old ⊕ new, with the int fast path for `+=`.
        func combine(_ old: Value, _ new: Value) throws -> Value {
            guard let binaryOp else { return new }
            if binaryOp == .add, case .int(let x) = old, case .int(let y) = new {
                let (s, o) = x.addingReportingOverflow(y)
                if !o { return .int(s) }
            }
            do { return try Operators.binary(binaryOp, old, new) } catch { throw locate(error, loc) }
        }
        switch target {
        case .name(let name, let nameAt):
            guard let binding = resolve(name) else {
                error("unknown name '\(name)'\(suggestion(for: name))", at: nameAt)
                return { _ in .null }
            }
            switch binding {
            case .local(_, _, false), .global(_, false):
                error("cannot assign to '\(name)': it is a constant (declared with let)", at: nameAt)
                return { _ in .null }
            case .builtin:
                error("cannot assign to built-in '\(name)'", at: nameAt)
                return { _ in .null }
            case .local(let slot, 0, _):
                if binaryOp == nil { return { f in f[slot] = try v(f); return .null } }
                if binaryOp == .add {
                    return { f in
                        let new = try v(f)
                        if let x = f.int(slot), case .int(let y) = new {
                            let (s, o) = x.addingReportingOverflow(y)
                            if !o { f[slot] = .int(s); return .null }
                        }
                        f[slot] = try combine(f[slot], new)
                        return .null
                    }
                }
                return { f in
                    let new = try v(f)
                    f[slot] = try combine(f[slot], new)
                    return .null
                }
            case .local(let slot, let depth, _):
                return { f in
                    let new = try v(f)
                    let frame = f.ancestor(depth)
                    frame[slot] = try combine(frame[slot], new)
                    return .null
                }
            case .global(let index, _):
                let globals = interpreter.globals
                if binaryOp == nil { return { f in globals.base[index] = try v(f); return .null } }
                return { f in
                    let new = try v(f)
                    globals.base[index] = try combine(globals.base[index], new)
                    return .null
                }
            }
        case .field(let object, let name, _):
            let o = compileExpr(object)
            let interpreter = self.interpreter
            return { f in
                let obj = try o(f)
                let new = try v(f)
                guard case .record(let r) = obj else {
                    throw RuntimeError("cannot set field '\(name)' on \(obj.typeName)").located(at: loc)
                }
                if binaryOp != nil {
                    let old: Value
                    do { old = try Access.field(obj, name, interpreter) } catch { throw locate(error, loc) }
                    r.set(name, try combine(old, new))
                } else {
                    r.set(name, new)
                }
                return .null
            }
        case .index(let object, let index, _):
            let o = compileExpr(object), i = compileExpr(index)
            return { f in
                let container = try o(f)
                let key = try i(f)
                let new = try v(f)
                do {
                    let value = binaryOp == nil ? new : try combine(try Access.index(container, key), new)
                    try Access.setIndex(container, key, value)
                } catch { throw locate(error, loc) }
                return .null
            }
        default:
            error("cannot assign to this expression", at: at)
            return { _ in .null }
        }
    }
}
