// Arithmetic, comparison and equality on values. The compiled code handles int-int cases
// inline; everything else comes here. Errors carry no position: the caller adds it.

public enum Operators {
    static func overflow(_ op: String) -> RuntimeError { RuntimeError("integer overflow in '\(op)'") }

    /// Guards against building strings or lists so large that the process would die
    /// (64 Mi items is about 1.5 GiB of values).
    public static let maxRepeatedCount = 1 << 26

    public static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        if case .native(let n) = a, let r = try n.binary(op, b, reversed: false) { return r }
        if case .native(let n) = b, let r = try n.binary(op, a, reversed: true) { return r }
        switch op {
        case .add: return try add(a, b)
        case .sub, .mul, .div, .floorDiv, .mod, .pow: return try arithmetic(op, a, b)
        case .matmul: throw unsupported(op, a, b)
        case .eq: return .bool(try equal(a, b))
        case .ne: return .bool(!(try equal(a, b)))
        case .lt: return .bool(try compare(a, b, op) < 0)
        case .le: return .bool(try compare(a, b, op) <= 0)
        case .gt: return .bool(try compare(a, b, op) > 0)
        case .ge: return .bool(try compare(a, b, op) >= 0)
        case .in: return .bool(try contains(b, a))
        }
    }

    static func unsupported(_ op: BinaryOp, _ a: Value, _ b: Value) -> RuntimeError {
        RuntimeError("unsupported operand types for '\(op.rawValue)': \(a.typeName) and \(b.typeName)")
    }

    static func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow("+") }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x + y)
        case (.int(let x), .float(let y)): return .float(Double(x) + y)
        case (.float(let x), .int(let y)): return .float(x + Double(y))
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.list(let x), .list(let y)): return .list(ListObject(x.items + y.items))
        case (.string, _), (_, .string):
            throw RuntimeError("cannot add \(a.typeName) and \(b.typeName); use str() or \"{x}\" interpolation")
        default: throw unsupported(.add, a, b)
        }
    }

    static func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try intArithmetic(op, x, y)
        case (.float(let x), .float(let y)): return try floatArithmetic(op, x, y)
        case (.int(let x), .float(let y)): return try floatArithmetic(op, Double(x), y)
        case (.float(let x), .int(let y)): return try floatArithmetic(op, x, Double(y))
        case (.string(let s), .int(let n)) where op == .mul: return .string(try repeated(s, n))
        case (.int(let n), .string(let s)) where op == .mul: return .string(try repeated(s, n))
        case (.list(let l), .int(let n)) where op == .mul: return .list(ListObject(try repeated(l.items, n)))
        case (.int(let n), .list(let l)) where op == .mul: return .list(ListObject(try repeated(l.items, n)))
        default: throw unsupported(op, a, b)
        }
    }

    static func repeated(_ s: String, _ n: Int) throws -> String {
        if n <= 0 { return "" }
        guard s.utf8.count.multipliedReportingOverflow(by: n).partialValue <= maxRepeatedCount,
              !s.utf8.count.multipliedReportingOverflow(by: n).overflow else {
            throw RuntimeError("repeated string would be too large")
        }
        return String(repeating: s, count: n)
    }

    static func repeated(_ items: [Value], _ n: Int) throws -> [Value] {
        if n <= 0 { return [] }
        let total = items.count.multipliedReportingOverflow(by: n)
        guard !total.overflow, total.partialValue <= maxRepeatedCount else {
            throw RuntimeError("repeated list would be too large")
        }
        var out: [Value] = []
        out.reserveCapacity(total.partialValue)
        for _ in 0..<n { out.append(contentsOf: items) }
        return out
    }

    public static func intArithmetic(_ op: BinaryOp, _ x: Int, _ y: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow("+") }
            return .int(r)
        case .sub:
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow("-") }
            return .int(r)
        case .mul:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow("*") }
            return .int(r)
        case .div:
            if y == 0 { throw RuntimeError("division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDiv:
            if y == 0 { throw RuntimeError("division by zero") }
            if x == Int.min && y == -1 { throw overflow("//") }
            let q = x / y
            return .int((x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q)
        case .mod:
            if y == 0 { throw RuntimeError("modulo by zero") }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
        case .pow:
            if y < 0 { return .float(pow(Double(x), Double(y))) }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow("**") }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow("**") }
                    base = b2
                }
            }
            return .int(result)
        default:
            throw unsupported(op, .int(x), .int(y))
        }
    }

    static func floatArithmetic(_ op: BinaryOp, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            if y == 0 { throw RuntimeError("division by zero") }
            return .float(x / y)
        case .floorDiv:
            if y == 0 { throw RuntimeError("division by zero") }
            return .float((x / y).rounded(.down))
        case .mod:
            if y == 0 { throw RuntimeError("modulo by zero") }
            let r = x.truncatingRemainder(dividingBy: y)
            return .float((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
        case .pow: return .float(pow(x, y))
        default: throw unsupported(op, .float(x), .float(y))
        }
    }

    public static func negate(_ v: Value) throws -> Value {
        switch v {
        case .int(let i):
            if i == Int.min { throw overflow("-") }
            return .int(-i)
        case .float(let d): return .float(-d)
        case .native(let n):
            if let r = try n.negate() { return r }
        default: break
        }
        throw RuntimeError("cannot negate \(v.typeName)")
    }

    /// Deep equality; ints and floats compare by value, other types never equal each other.
    public static func equal(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
        if depth > 1000 { throw RuntimeError("values nested too deeply to compare") }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.int(let x), .float(let y)): return Double(x) == y
        case (.float(let x), .int(let y)): return x == Double(y)
        case (.string(let x), .string(let y)): return x == y
        case (.range(let a1, let b1), .range(let a2, let b2)): return a1 == a2 && b1 == b2
        case (.list(let x), .list(let y)):
            if x === y { return true }
            guard x.items.count == y.items.count else { return false }
            for (p, q) in zip(x.items, y.items) where !(try equal(p, q, depth: depth + 1)) { return false }
            return true
        case (.record(let x), .record(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            for (k, v) in zip(x.keys, x.values) {
                guard let w = y[k], try equal(v, w, depth: depth + 1) else { return false }
            }
            return true
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.native(let x), .native(let y)): return x === y
        default: return false
        }
    }

    /// -1, 0 or 1. Numbers, strings, bools and lists (element-wise) are ordered.
    public static func compare(_ a: Value, _ b: Value, _ op: BinaryOp = .lt, depth: Int = 0) throws -> Int {
        if depth > 1000 { throw RuntimeError("values nested too deeply to compare") }
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.float(let x), .float(let y)):
            if x.isNaN || y.isNaN { throw RuntimeError("cannot order nan") }
            return order(x, y)
        case (.int(let x), .float(let y)):
            if y.isNaN { throw RuntimeError("cannot order nan") }
            return order(Double(x), y)
        case (.float(let x), .int(let y)):
            if x.isNaN { throw RuntimeError("cannot order nan") }
            return order(x, Double(y))
        case (.string(let x), .string(let y)): return order(x, y)
        case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x.items, y.items) {
                let c = try compare(p, q, op, depth: depth + 1)
                if c != 0 { return c }
            }
            return order(x.items.count, y.items.count)
        default:
            throw RuntimeError("cannot compare \(a.typeName) and \(b.typeName) with '\(op.rawValue)'")
        }
    }

    /// `item in container`.
    public static func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l):
            for x in l.items where try equal(x, item) { return true }
            return false
        case .string(let s):
            guard case .string(let sub) = item else {
                throw RuntimeError("'in <string>' needs a string on the left, got \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .record(let r):
            guard case .string(let key) = item else {
                throw RuntimeError("'in <record>' needs a string key on the left, got \(item.typeName)")
            }
            return r[key] != nil
        case .range(let lo, let hi):
            switch item {
            case .int(let i): return i >= lo && i < hi
            case .float(let d): return d == d.rounded() && d >= Double(lo) && d < Double(hi)
            default: return false
            }
        case .native(let n):
            if let items = try n.iterate() {
                for x in items where try equal(x, item) { return true }
                return false
            }
        default: break
        }
        throw RuntimeError("'in' needs a list, string, record or range on the right, got \(container.typeName)")
    }

    /// Python-style index: negative counts from the end.
    public static func normalizeIndex(_ i: Int, count: Int) throws -> Int {
        let j = i < 0 ? i + count : i
        guard j >= 0, j < count else { throw RuntimeError("index \(i) out of range for length \(count)") }
        return j
    }

    /// Clamped slice bounds, Python-style.
    public static func sliceBounds(_ lo: Int?, _ hi: Int?, count: Int) -> Range<Int> {
        func clamp(_ i: Int) -> Int {
            let j = i < 0 ? max(0, i + count) : i
            return min(j, count)
        }
        let a = lo.map(clamp) ?? 0
        let b = hi.map(clamp) ?? count
        return a..<max(a, b)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
