// Name resolution: every name is bound to a slot before anything runs. Locals live in
// their function's frame (a slot index, and how many function levels up); top-level names
// of a chunk are globals of its namespace; anything else must be a built-in. An unknown
// name is a compile-time error, reported with every other error of the chunk.

/// Where a name lives.
enum Binding {
    case local(slot: Int, depth: Int, mutable: Bool)
    case global(index: Int, mutable: Bool)
    case builtin(Builtin)
}

/// The locals of one function (or of a chunk's nested blocks) being compiled.
final class FunctionScope {
    let parent: FunctionScope?
    /// Innermost block last; each maps a name to its slot.
    var blocks: [[String: (slot: Int, mutable: Bool)]] = [[:]]
    var slotCount = 0
    var loopDepth = 0
    /// Set when code in this function (or a function nested in it) reads a variable of an
    /// enclosing function: only then must its frames link to the defining frame.
    var reachesOut = false
    /// The chunk's own scope: names declared in its outermost block are globals.
    let isChunk: Bool

    init(parent: FunctionScope?, isChunk: Bool) {
        self.parent = parent
        self.isChunk = isChunk
    }

    var atGlobalLevel: Bool { isChunk && blocks.count == 1 }
}

extension Compiler {
    func resolve(_ name: String) -> Binding? {
        var scope: FunctionScope? = self.scope
        var depth = 0
        while let s = scope {
            for block in s.blocks.reversed() {
                if let local = block[name] {
                    // Every function between here and the variable's needs its parent link.
                    var inner: FunctionScope? = self.scope
                    for _ in 0..<depth {
                        inner?.reachesOut = true
                        inner = inner?.parent
                    }
                    return .local(slot: local.slot, depth: depth, mutable: local.mutable)
                }
            }
            scope = s.parent
            depth += 1
        }
        if let g = namespace.entries[name] { return .global(index: g.index, mutable: g.mutable) }
        if let b = interpreter.builtins[name] { return .builtin(b) }
        return nil
    }

    /// Declares `name` in the current block; returns its binding.
    func declare(_ name: String, mutable: Bool, at offset: Int) -> Binding {
        if scope.atGlobalLevel {
            if declaredInChunk.contains(name) {
                error("'\(name)' is already declared at the top level", at: offset)
            }
            declaredInChunk.insert(name)
            if var entry = namespace.entries[name] {
                // A later REPL entry or cell may redefine a global; it keeps its slot so
                // functions defined earlier see the new value.
                entry.mutable = mutable
                namespace.entries[name] = entry
                return .global(index: entry.index, mutable: mutable)
            }
            let index = interpreter.globals.add()
            namespace.entries[name] = Namespace.Entry(index: index, mutable: mutable)
            namespace.order.append(name)
            addedGlobals.append(name)
            return .global(index: index, mutable: mutable)
        }
        if scope.blocks[scope.blocks.count - 1][name] != nil {
            error("'\(name)' is already declared in this block", at: offset)
        }
        let slot = scope.slotCount
        scope.slotCount += 1
        scope.blocks[scope.blocks.count - 1][name] = (slot, mutable)
        return .local(slot: slot, depth: 0, mutable: mutable)
    }

    /// Removes globals added by a chunk that failed to compile.
    func rollback() {
        for name in addedGlobals {
            namespace.entries[name] = nil
            namespace.order.removeAll { $0 == name }
        }
    }

    /// Names visible from the current scope, for "did you mean" hints.
    func visibleNames() -> [String] {
        var names: [String] = []
        var scope: FunctionScope? = self.scope
        while let s = scope {
            for block in s.blocks { names += block.keys }
            scope = s.parent
        }
        return names + namespace.order + interpreter.builtins.names
    }

    func suggestion(for name: String) -> String {
        var best: (String, Int)?
        for candidate in Set(visibleNames()) {
            let d = editDistance(name, candidate)
            if d <= max(1, name.count / 3), best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best.map { "; did you mean '\($0.0)'?" } ?? ""
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var row = Array(0...b.count)
    for i in 1...a.count {
        var prev = row[0]
        row[0] = i
        for j in 1...b.count {
            let old = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
            prev = old
        }
    }
    return row[b.count]
}
