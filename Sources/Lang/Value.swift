// The values of the language. Lists and records are shared references (as in Python):
// passing one to a function and mutating it there is visible to the caller.

public enum Value {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list(ListObject)
    case record(RecordObject)
    /// `start..<end`; `a..=b` is stored as `a..<b+1`.
    case range(Int, Int)
    /// A function written in slm (with its captured environment).
    case function(Function)
    /// A function implemented in Swift, registered in `Builtins`.
    case builtin(Builtin)
    /// An opaque handle owned by a library layer (tensor, log store, model, ...).
    case native(NativeObject)

    /// The name `type(x)` returns.
    public var typeName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .range: return "range"
        case .function, .builtin: return "function"
        case .native(let n): return n.typeName
        }
    }

    public var isNil: Bool {
        if case .null = self { return true }
        return false
    }

    /// Convenience constructors for bindings.
    public static func list(_ items: [Value]) -> Value { .list(ListObject(items)) }
    public static func record(_ pairs: [(String, Value)]) -> Value { .record(RecordObject(pairs)) }
}

/// A mutable list shared by reference.
public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
}

/// The ordered key list of records; records built by the same literal share one, which
/// lets a field access cache the slot index.
public final class Shape {
    public let keys: [String]
    let index: [String: Int]

    public init(keys: [String]) {
        self.keys = keys
        var index: [String: Int] = [:]
        for (i, k) in keys.enumerated() where index[k] == nil { index[k] = i }
        self.index = index
    }

    public func slot(of key: String) -> Int? { index[key] }
}

/// A record: string keys in insertion order, shared by reference.
public final class RecordObject {
    public private(set) var shape: Shape
    public var values: [Value]

    public init(shape: Shape, values: [Value]) {
        self.shape = shape
        self.values = values
    }

    /// A record from key-value pairs; a repeated key keeps its last value.
    public convenience init(_ pairs: [(String, Value)]) {
        var keys: [String] = []
        var values: [Value] = []
        var seen: [String: Int] = [:]
        for (k, v) in pairs {
            if let i = seen[k] { values[i] = v; continue }
            seen[k] = keys.count
            keys.append(k)
            values.append(v)
        }
        self.init(shape: Shape(keys: keys), values: values)
    }

    public var keys: [String] { shape.keys }
    public var count: Int { values.count }

    public subscript(key: String) -> Value? {
        guard let i = shape.slot(of: key) else { return nil }
        return values[i]
    }

    /// Sets a field, appending it when new.
    public func set(_ key: String, _ value: Value) {
        if let i = shape.slot(of: key) {
            values[i] = value
        } else {
            shape = Shape(keys: shape.keys + [key])
            values.append(value)
        }
    }

    /// Removes a field if present.
    public func remove(_ key: String) {
        guard let i = shape.slot(of: key) else { return }
        var keys = shape.keys
        keys.remove(at: i)
        values.remove(at: i)
        shape = Shape(keys: keys)
    }

    public var pairs: [(String, Value)] { Array(zip(shape.keys, values)) }
}
