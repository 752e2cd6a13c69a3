// Indexing, slicing and field access on every value kind.

enum Access {
    static func index(_ container: Value, _ key: Value) throws -> Value {
        switch (container, key) {
        case (.list(let l), .int(let i)):
            return l.items[try Operators.normalizeIndex(i, count: l.items.count)]
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            return .string(String(chars[try Operators.normalizeIndex(i, count: chars.count)]))
        case (.record(let r), .string(let k)):
            guard let v = r[k] else { throw RuntimeError("record has no field '\(k)'") }
            return v
        case (.range(let lo, let hi), .int(let i)):
            let count = max(0, hi &- lo)
            return .int(lo + (try Operators.normalizeIndex(i, count: count)))
        case (.native(let n), _):
            if let v = try n.index(key) { return v }
            throw RuntimeError("\(n.typeName) cannot be indexed by \(key.typeName)")
        case (.list, _), (.string, _), (.range, _):
            throw RuntimeError("\(container.typeName) index must be an int, got \(key.typeName)")
        case (.record, _):
            throw RuntimeError("record key must be a string, got \(key.typeName)")
        default:
            throw RuntimeError("cannot index into \(container.typeName)")
        }
    }

    static func setIndex(_ container: Value, _ key: Value, _ value: Value) throws {
        switch (container, key) {
        case (.list(let l), .int(let i)):
            l.items[try Operators.normalizeIndex(i, count: l.items.count)] = value
        case (.record(let r), .string(let k)):
            r.set(k, value)
        case (.native(let n), _):
            if try n.setIndex(key, value) { return }
            throw RuntimeError("cannot assign to an index of \(n.typeName)")
        case (.list, _):
            throw RuntimeError("list index must be an int, got \(key.typeName)")
        case (.record, _):
            throw RuntimeError("record key must be a string, got \(key.typeName)")
        default:
            throw RuntimeError("cannot assign to an index of \(container.typeName)")
        }
    }

    static func bound(_ v: Value?) throws -> Int? {
        switch v {
        case nil, .null?: return nil
        case .int(let i)?: return i
        case let other?: throw RuntimeError("slice bounds must be ints, got \(other.typeName)")
        }
    }

    static func slice(_ container: Value, _ lower: Value?, _ upper: Value?) throws -> Value {
        let lo = try bound(lower), hi = try bound(upper)
        switch container {
        case .list(let l):
            return .list(ListObject(Array(l.items[Operators.sliceBounds(lo, hi, count: l.items.count)])))
        case .string(let s):
            let chars = Array(s)
            return .string(String(chars[Operators.sliceBounds(lo, hi, count: chars.count)]))
        case .range(let a, let b):
            let r = Operators.sliceBounds(lo, hi, count: max(0, b &- a))
            return .range(a + r.lowerBound, a + r.upperBound)
        default:
            throw RuntimeError("cannot slice \(container.typeName)")
        }
    }

    static func field(_ obj: Value, _ name: String, _ interpreter: Interpreter) throws -> Value {
        switch obj {
        case .record(let r):
            if let v = r[name] { return v }
            throw RuntimeError("record has no field '\(name)'")
        case .native(let n):
            if let v = try n.member(name, interpreter: interpreter) { return v }
            throw RuntimeError("\(n.typeName) has no member '\(name)'")
        default:
            throw RuntimeError("\(obj.typeName) has no field '\(name)'")
        }
    }
}
