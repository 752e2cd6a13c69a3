// Built-ins on lists, records and other collections.

import Lang

enum Collections {
    static func register(_ b: Builtins) {
        b.defineUnary("len", "len(x)", "Number of items of a list, characters of a string, fields of a record, ints of a range.", topic: "collections") { v, _ in
            switch v {
            case .list(let l): return .int(l.items.count)
            case .string(let s): return .int(characterCount(s))
            case .record(let r): return .int(r.count)
            case .range(let a, let b): return .int(b > a ? b &- a : 0)
            case .native(let n):
                if let c = n.length { return .int(c) }
            default: break
            }
            throw RuntimeError("len() expects a list, string, record or range for 'x', got \(v.typeName)")
        }
        b.define("list", "list(items)", "A new list of the items of a list, range, string or record (its keys).", topic: "collections") { args in
            .list(try args.items(0, "items"))
        }
        b.defineBinary("append", "append(list, item)", "Adds an item at the end of the list (in place); returns the list.", topic: "collections") { list, item, _ in
            guard case .list(let l) = list else {
                throw RuntimeError("append() expects a list for 'list', got \(list.typeName)")
            }
            l.items.append(item)
            return list
        }
        b.define("extend", "extend(list, items)", "Adds all items at the end of the list (in place); returns the list.", topic: "collections") { args in
            let l = try args.list(0, "list")
            l.items.append(contentsOf: try args.items(1, "items"))
            return .list(l)
        }
        b.define("pop", "pop(list)", "Removes and returns the last item.", topic: "collections") { args in
            let l = try args.list(0, "list")
            guard let last = l.items.popLast() else { throw RuntimeError("pop() from an empty list") }
            return last
        }
        b.define("insert", "insert(list, index, item)", "Inserts an item before the index (in place); returns the list.", topic: "collections") { args in
            let l = try args.list(0, "list")
            let i = try args.int(1, "index")
            let j = i < 0 ? max(0, i + l.items.count) : min(i, l.items.count)
            l.items.insert(try args.value(2, "item"), at: j)
            return .list(l)
        }
        b.define("remove_at", "remove_at(list, index)", "Removes and returns the item at the index.", topic: "collections") { args in
            let l = try args.list(0, "list")
            return l.items.remove(at: try Operators.normalizeIndex(try args.int(1, "index"), count: l.items.count))
        }
        b.define("map", "map(items, f)", "A new list of f(item) for each item.", topic: "collections") { args in
            let items = try args.items(0, "items"), f = try args.function(1, "f")
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for x in items { out.append(try args.call(f, [x])) }
            return .list(out)
        }
        b.define("filter", "filter(items, keep)", "A new list of the items for which keep(item) is true.", topic: "collections") { args in
            let items = try args.items(0, "items"), f = try args.function(1, "keep")
            var out: [Value] = []
            for x in items {
                let k = try args.call(f, [x])
                guard case .bool(let keep) = k else { throw RuntimeError("filter() function must return a bool, got \(k.typeName)") }
                if keep { out.append(x) }
            }
            return .list(out)
        }
        b.define("reduce", "reduce(items, f, initial: nil)", "Folds the items with f(acc, item), starting from initial (or the first item).", topic: "collections") { args in
            var items = try args.items(0, "items")[...]
            let f = try args.function(1, "f")
            var acc: Value
            if let initial = args.optional(2, "initial") {
                acc = initial
            } else {
                guard let first = items.popFirst() else { throw RuntimeError("reduce() of an empty list with no initial value") }
                acc = first
            }
            for x in items { acc = try args.call(f, [acc, x]) }
            return acc
        }
        b.define("sort", "sort(items, by: nil, reverse: false)", "A new sorted list; by: gives a key function; stable.", topic: "collections") { args in
            let items = try args.items(0, "items")
            let reverse = try args.bool(2, "reverse", default: false)
            var sorted: [Value]
            if let key = args.given(1, "by") {
                let keys = try items.map { try args.call(key, [$0]) }
                let order = try sortedIndices(keys)
                sorted = order.map { items[$0] }
            } else {
                sorted = try sortValues(items)
            }
            if reverse { sorted.reverse() }
            return .list(sorted)
        }
        b.define("reversed", "reversed(items)", "A new list with the items in reverse order.", topic: "collections") { args in
            .list(Array(try args.items(0, "items").reversed()))
        }
        b.define("sum", "sum(items, start: 0)", "The sum of the items.", topic: "collections") { args in
            var acc = args.optional(1, "start") ?? .int(0)
            for x in try args.items(0, "items") { acc = try Operators.binary(.add, acc, x) }
            return acc
        }
        b.define("min", "min(items...)", "The smallest item of a list, or of the arguments.", topic: "collections") { args in
            try extreme(args, sign: -1)
        }
        b.define("max", "max(items...)", "The largest item of a list, or of the arguments.", topic: "collections") { args in
            try extreme(args, sign: 1)
        }
        b.define("contains", "contains(container, item)", "Whether the list, string, record (as key) or range contains the item.", topic: "collections") { args in
            .bool(try Operators.contains(try args.value(0, "container"), try args.value(1, "item")))
        }
        b.define("keys", "keys(record)", "The field names of a record, in order.", topic: "collections") { args in
            .list(try args.record(0, "record").keys.map { .string($0) })
        }
        b.define("values", "values(record)", "The field values of a record, in order.", topic: "collections") { args in
            .list(try args.record(0, "record").values)
        }
        b.define("items", "items(record)", "The [key, value] pairs of a record.", topic: "collections") { args in
            .list(try args.record(0, "record").pairs.map { .list([.string($0.0), $0.1]) })
        }
        b.define("get", "get(record, key, default: nil)", "The field's value, or the default when absent.", topic: "collections") { args in
            let r = try args.record(0, "record")
            return r[try args.string(1, "key")] ?? (args.optional(2, "default") ?? .null)
        }
        b.define("has", "has(record, key)", "Whether the record has the field.", topic: "collections") { args in
            .bool(try args.record(0, "record")[try args.string(1, "key")] != nil)
        }
        b.define("remove", "remove(record, key)", "Removes a field from the record (in place); returns the record.", topic: "collections") { args in
            let r = try args.record(0, "record")
            r.remove(try args.string(1, "key"))
            return .record(r)
        }
        b.define("record", "record(pairs)", "A record from a list of [key, value] pairs.", topic: "collections") { args in
            var pairs: [(String, Value)] = []
            for p in try args.items(0, "pairs") {
                guard case .list(let kv) = p, kv.items.count == 2, case .string(let k) = kv.items[0] else {
                    throw RuntimeError("record() needs [key, value] pairs with string keys")
                }
                pairs.append((k, kv.items[1]))
            }
            return .record(pairs)
        }
        b.define("enumerate", "enumerate(items)", "The [index, item] pairs of the items.", topic: "collections") { args in
            .list(try args.items(0, "items").enumerated().map { .list([.int($0.offset), $0.element]) })
        }
        b.define("zip", "zip(a, b)", "The [a[i], b[i]] pairs, as long as the shorter input.", topic: "collections") { args in
            .list(zip(try args.items(0, "a"), try args.items(1, "b")).map { .list([$0, $1]) })
        }
        b.define("any", "any(items)", "Whether any item is true.", topic: "collections") { args in
            .bool(try args.items(0, "items").contains { if case .bool(true) = $0 { return true } else { return false } })
        }
        b.define("all", "all(items)", "Whether every item is true.", topic: "collections") { args in
            .bool(try args.items(0, "items").allSatisfy { if case .bool(true) = $0 { return true } else { return false } })
        }
        b.define("unique", "unique(items)", "The items without repeats, in first-seen order.", topic: "collections") { args in
            var out: [Value] = []
            var seen: Set<HashKey> = []
            var others: [Value] = []
            for x in try args.items(0, "items") {
                if let key = HashKey(x) {
                    if seen.insert(key).inserted { out.append(x) }
                } else if !(try others.contains { try Operators.equal($0, x) }) {
                    others.append(x)
                    out.append(x)
                }
            }
            return .list(out)
        }
        b.define("count", "count(items, f)", "How many items f(item) is true for.", topic: "collections") { args in
            let f = try args.function(1, "f")
            var n = 0
            for x in try args.items(0, "items") {
                if case .bool(true) = try args.call(f, [x]) { n += 1 }
            }
            return .int(n)
        }
    }

    /// Scalar values made hashable with the language's equality (1 == 1.0).
    enum HashKey: Hashable {
        case null, bool(Bool), int(Int), float(Double), string(String)
        init?(_ v: Value) {
            switch v {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .float(let d):
                if let i = Int(exactly: d) { self = .int(i) } else { self = .float(d) }
            case .string(let s): self = .string(s)
            default: return nil
            }
        }
    }

    /// `s.count` walks grapheme clusters; plain ASCII without "\r" has one per byte.
    static func characterCount(_ s: String) -> Int {
        let simple = s.utf8.withContiguousStorageIfAvailable(isSimpleText) ?? false
        return simple ? s.utf8.count : s.count
    }

    /// True when every byte is ASCII and none is "\r" (checked eight bytes at a time).
    static func isSimpleText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= bytes.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A zero byte in w ^ "\r\r\r..." marks a "\r" (the classic has-zero-byte test).
            let x = w ^ (ones &* 13)
            if (w & high) != 0 || ((x &- ones) & ~x & high) != 0 { return false }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] >= 0x80 || bytes[i] == 13 { return false }
            i += 1
        }
        return true
    }

    static func extreme(_ args: Arguments, sign: Int) throws -> Value {
        let items: [Value]
        if args.count == 1 { items = try args.items(0, "items") } else { items = args.positional }
        guard var best = items.first else { throw RuntimeError("\(args.function)() of an empty list") }
        for x in items.dropFirst() where try Operators.compare(x, best) * sign > 0 { best = x }
        return best
    }

    /// Sorts values; all-int, all-float and all-string lists take a direct path.
    static func sortValues(_ items: [Value]) throws -> [Value] {
        var ints: [Int] = []
        ints.reserveCapacity(items.count)
        for v in items {
            guard case .int(let i) = v else { break }
            ints.append(i)
        }
        if ints.count == items.count {
            ints.sort()
            return ints.map { .int($0) }
        }
        var strings: [String] = []
        for v in items {
            guard case .string(let s) = v else { break }
            strings.append(s)
        }
        if strings.count == items.count {
            strings.sort()
            return strings.map { .string($0) }
        }
        return try items.sorted { try Operators.compare($0, $1) < 0 }
    }

    /// Indices that sort the keys (stable).
    static func sortedIndices(_ keys: [Value]) throws -> [Int] {
        try Array(keys.indices).sorted { a, b in
            let c = try Operators.compare(keys[a], keys[b])
            return c < 0 || (c == 0 && a < b)
        }
    }
}
