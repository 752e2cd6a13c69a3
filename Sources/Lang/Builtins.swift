// The registry of functions implemented in Swift. Library files register their functions
// per topic, each with a signature and a one-line doc that `help("name")` prints:
//
//     builtins.define("upper", "upper(s)", "The string in upper case.", topic: "strings") { args in
//         .string(try args.string(0, "s").uppercased())
//     }

/// A function implemented in Swift.
public final class Builtin {
    public let name: String
    /// As shown by help, e.g. `sort(list, by: nil)`. Parameter names after the name
    /// are parsed from it to check named arguments and report missing ones.
    public let signature: String
    public let doc: String
    public let topic: String
    /// Parameter names in order, parsed from the signature; `...` in the signature
    /// (e.g. `print(values...)`) accepts any number of positional arguments.
    public let parameters: [String]
    public let variadic: Bool
    let body: (Arguments) throws -> Value
    /// For one-argument functions: called directly with the argument, skipping the
    /// argument list (`len(s)` in a loop).
    let unary: ((Value, Interpreter) throws -> Value)?
    /// For two-argument functions, likewise (`xs.append(x)` in a loop).
    let binary: ((Value, Value, Interpreter) throws -> Value)?

    public init(name: String, signature: String, doc: String, topic: String,
                unary: ((Value, Interpreter) throws -> Value)? = nil,
                binary: ((Value, Value, Interpreter) throws -> Value)? = nil,
                body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.topic = topic
        self.body = body
        self.unary = unary
        self.binary = binary
        let (params, variadic) = Builtin.parameters(of: signature)
        self.parameters = params
        self.variadic = variadic
    }

    /// Parameter names in a signature such as `sort(items, by: nil)`, and whether the
    /// last one is variadic (`print(values...)`).
    static func parameters(of signature: String) -> (names: [String], variadic: Bool) {
        var params: [String] = []
        var variadic = false
        if let open = signature.firstIndex(of: "("), let close = signature.lastIndex(of: ")"), open < close {
            for piece in signature[signature.index(after: open)..<close].split(separator: ",") {
                var p = piece.trimmingSpaces()
                if p.hasSuffix("...") { variadic = true; p.removeLast(3) }
                if let colon = p.firstIndex(of: ":") { p = String(p[..<colon]) }
                if !p.isEmpty { params.append(p.trimmingSpaces()) }
            }
        }
        return (params, variadic)
    }
}

/// All built-in functions of one interpreter, by name.
public final class Builtins {
    public private(set) var table: [String: Builtin] = [:]

    public init() {}

    /// Registers a function; a later definition with the same name replaces it.
    public func define(_ name: String, _ signature: String, _ doc: String, topic: String,
                       _ body: @escaping (Arguments) throws -> Value) {
        table[name] = Builtin(name: name, signature: signature, doc: doc, topic: topic, body: body)
    }

    /// Registers a function of exactly one argument (named by the signature's only
    /// parameter); calls with one positional argument take a shorter path.
    public func defineUnary(_ name: String, _ signature: String, _ doc: String, topic: String,
                            _ body: @escaping (Value, Interpreter) throws -> Value) {
        let parameter = Builtin.parameters(of: signature).names.first ?? "x"
        table[name] = Builtin(name: name, signature: signature, doc: doc, topic: topic, unary: body) { args in
            try body(try args.value(0, parameter), args.interpreter)
        }
    }

    /// Registers a function of exactly two arguments (named by the signature's
    /// parameters); calls with two positional arguments take a shorter path.
    public func defineBinary(_ name: String, _ signature: String, _ doc: String, topic: String,
                             _ body: @escaping (Value, Value, Interpreter) throws -> Value) {
        let names = Builtin.parameters(of: signature).names
        let first = names.first ?? "x", second = names.count > 1 ? names[1] : "y"
        table[name] = Builtin(name: name, signature: signature, doc: doc, topic: topic, binary: body) { args in
            try body(try args.value(0, first), try args.value(1, second), args.interpreter)
        }
    }

    public subscript(name: String) -> Builtin? { table[name] }

    public var names: [String] { table.keys.sorted() }
}

/// The arguments of one built-in call, with typed accessors that produce clear errors.
public struct Arguments {
    public let positional: [Value]
    public let named: [(name: String, value: Value)]
    public let interpreter: Interpreter
    /// The function being called (for error messages).
    public let function: String

    public init(positional: [Value], named: [(name: String, value: Value)] = [], interpreter: Interpreter, function: String) {
        self.positional = positional
        self.named = named
        self.interpreter = interpreter
        self.function = function
    }

    public var count: Int { positional.count }

    /// The argument at position `i`, or given by `name:`; nil when absent.
    public func optional(_ i: Int, _ name: String) -> Value? {
        if i < positional.count { return positional[i] }
        for n in named where n.name == name { return n.value }
        return nil
    }

    /// Like `optional`, but nil values count as absent.
    public func given(_ i: Int, _ name: String) -> Value? {
        guard let v = optional(i, name), !v.isNil else { return nil }
        return v
    }

    public func value(_ i: Int, _ name: String) throws -> Value {
        guard let v = optional(i, name) else { throw RuntimeError("\(function)() missing argument '\(name)'") }
        return v
    }

    public func typeError(_ name: String, expected: String, got v: Value) -> RuntimeError {
        RuntimeError("\(function)() expects \(expected) for '\(name)', got \(v.typeName)")
    }

    public func int(_ i: Int, _ name: String) throws -> Int {
        let v = try value(i, name)
        if case .int(let x) = v { return x }
        if case .float(let d) = v, d == d.rounded(), let x = Int(exactly: d) { return x }
        throw typeError(name, expected: "an int", got: v)
    }

    public func int(_ i: Int, _ name: String, default d: Int) throws -> Int {
        optional(i, name) == nil ? d : try int(i, name)
    }

    public func double(_ i: Int, _ name: String) throws -> Double {
        let v = try value(i, name)
        if case .float(let x) = v { return x }
        if case .int(let x) = v { return Double(x) }
        throw typeError(name, expected: "a number", got: v)
    }

    public func bool(_ i: Int, _ name: String, default d: Bool) throws -> Bool {
        guard let v = optional(i, name) else { return d }
        if case .bool(let b) = v { return b }
        throw typeError(name, expected: "a bool", got: v)
    }

    public func string(_ i: Int, _ name: String) throws -> String {
        let v = try value(i, name)
        if case .string(let s) = v { return s }
        throw typeError(name, expected: "a string", got: v)
    }

    public func string(_ i: Int, _ name: String, default d: String) throws -> String {
        optional(i, name) == nil ? d : try string(i, name)
    }

    public func list(_ i: Int, _ name: String) throws -> ListObject {
        let v = try value(i, name)
        if case .list(let l) = v { return l }
        throw typeError(name, expected: "a list", got: v)
    }

    public func record(_ i: Int, _ name: String) throws -> RecordObject {
        let v = try value(i, name)
        if case .record(let r) = v { return r }
        throw typeError(name, expected: "a record", got: v)
    }

    /// A function value (slm function or built-in) to call back.
    public func function(_ i: Int, _ name: String) throws -> Value {
        let v = try value(i, name)
        switch v {
        case .function, .builtin: return v
        default: throw typeError(name, expected: "a function", got: v)
        }
    }

    public func native<T: NativeObject>(_ i: Int, _ name: String, as type: T.Type, expected: String) throws -> T {
        let v = try value(i, name)
        if case .native(let n) = v, let t = n as? T { return t }
        throw typeError(name, expected: expected, got: v)
    }

    /// Items of a list, range, string (characters) or iterable native object.
    public func items(_ i: Int, _ name: String) throws -> [Value] {
        let v = try value(i, name)
        if let items = try Iteration.items(of: v) { return items }
        throw typeError(name, expected: "a list or other iterable", got: v)
    }

    /// Calls an slm function or built-in with positional arguments.
    public func call(_ f: Value, _ args: [Value]) throws -> Value {
        try interpreter.call(f, args)
    }
}

public enum Iteration {
    /// The items `for` visits: list items, range ints, string characters, record keys,
    /// native iteration; nil when the value is not iterable.
    public static func items(of v: Value) throws -> [Value]? {
        switch v {
        case .list(let l): return l.items
        case .range(let a, let b):
            guard b > a else { return [] }
            let (n, o) = b.subtractingReportingOverflow(a)
            guard !o, n <= Operators.maxRepeatedCount else { throw RuntimeError("range too large to make a list") }
            return (a..<b).map { .int($0) }
        case .string(let s): return s.map { .string(String($0)) }
        case .record(let r): return r.keys.map { .string($0) }
        case .native(let n): return try n.iterate()
        default: return nil
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
