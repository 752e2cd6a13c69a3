// Tensor built-ins: tensor(...), zeros, ones, randn, arithmetic and `@`, `.shape`, `.T`,
// sum, mean, softmax, indexing, numpy-like printing, and grad(f)(x).
//
// A tensor value wraps an autograd `Variable`, so any function of tensors written in slm
// can be differentiated: grad(f)(x) marks x as needing a gradient, runs f, and walks the
// recorded operations back. Tensors made outside f need no gradient and record nothing.

import Lang
import Tensor

final class TensorObject: NativeObject {
    let variable: Variable
    var tensor: Tensor { variable.value }

    init(_ variable: Variable) { self.variable = variable }
    convenience init(_ tensor: Tensor) { self.init(Variable(tensor, requiresGradient: false)) }

    var typeName: String { "tensor" }

    /// numpy's form: `tensor([[1., 2.],` with the following rows lined up under the first.
    func display(width: Int) -> String {
        let lines = tensor.description.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = String(repeating: " ", count: "tensor(".count)
        return "tensor(" + lines.enumerated().map { i, line in i == 0 || line.isEmpty ? String(line) : indent + line }
            .joined(separator: "\n") + ")"
    }

    var memberNames: [String] { ["shape", "T", "ndim", "size", "sum", "mean", "softmax", "reshape", "item", "tolist", "exp", "log"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .list(tensor.shape.map { .int($0) })
        case "T": return .native(TensorObject(variable.transposed))
        case "ndim": return .int(tensor.rank)
        case "size": return .int(tensor.count)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ args: Arguments) throws -> Value? {
        switch name {
        case "sum": return try TensorBindings.reduce(variable, axis: args.given(0, "axis"), mean: false)
        case "mean": return try TensorBindings.reduce(variable, axis: args.given(0, "axis"), mean: true)
        case "softmax": return .native(TensorObject(variable.softmax()))
        case "exp": return .native(TensorObject(variable.exp()))
        case "log": return .native(TensorObject(variable.log()))
        case "reshape":
            let shape = try TensorBindings.shape(args.value(0, "shape"), args)
            return .native(TensorObject(try TensorBindings.run { () throws(TensorError) in try variable.reshaped(shape) }))
        case "item":
            guard let x = tensor.item else { throw RuntimeError("item() needs a tensor with one element, got shape \(tensor.shape)") }
            return .float(Double(x))
        case "tolist": return TensorBindings.list(tensor)
        default: return nil
        }
    }

    func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? {
        let operand: Variable
        switch other {
        case .native(let o as TensorObject): operand = o.variable
        case .int(let i): operand = Variable(Tensor(Float(i)), requiresGradient: false)
        case .float(let d): operand = Variable(Tensor(Float(d)), requiresGradient: false)
        default: return nil
        }
        let (a, b) = reversed ? (operand, variable) : (variable, operand)
        let result: Variable
        switch op {
        case .add: result = try TensorBindings.run { () throws(TensorError) in try a + b }
        case .sub: result = try TensorBindings.run { () throws(TensorError) in try a - b }
        case .mul: result = try TensorBindings.run { () throws(TensorError) in try a * b }
        case .div: result = try TensorBindings.run { () throws(TensorError) in try a / b }
        case .matmul:
            guard case .native(let o) = other, o is TensorObject else {
                throw RuntimeError("@ needs two tensors, got tensor and \(other.typeName)")
            }
            result = try TensorBindings.run { () throws(TensorError) in try TensorBindings.matmul(a, b) }
        case .pow:
            guard !reversed, b.value.rank == 0, let p = b.value.item else {
                throw RuntimeError("** needs a tensor base and a number exponent")
            }
            result = a.pow(p)
        default: return nil
        }
        return .native(TensorObject(result))
    }

    func negate() throws -> Value? { .native(TensorObject(-variable)) }

    func index(_ index: Value) throws -> Value? {
        switch index {
        case .int(let i): return .native(TensorObject(try TensorBindings.run { () throws(TensorError) in try variable.select(i) }))
        case .range(let lo, let hi):
            return .native(TensorObject(try TensorBindings.run { () throws(TensorError) in try variable.slice(axis: 0, lo..<max(lo, hi)) }))
        default: throw RuntimeError("a tensor is indexed by an int or a range, got \(index.typeName)")
        }
    }

    var length: Int? { tensor.rank == 0 ? nil : tensor.shape[0] }

    func iterate() throws -> [Value]? {
        guard tensor.rank > 0 else { return nil }
        return try (0..<tensor.shape[0]).map { i in
            .native(TensorObject(try TensorBindings.run { () throws(TensorError) in try variable.select(i) }))
        }
    }
}

enum TensorBindings {
    static func register(_ b: Builtins) {
        b.define("tensor", "tensor(data)", "A float32 tensor from a number or nested lists of numbers.", topic: "tensors") { args in
            let data = try args.value(0, "data")
            if case .native(let o as TensorObject) = data { return .native(TensorObject(o.tensor)) }
            var shape: [Int] = []
            var values: [Float] = []
            try flatten(data, depth: 0, shape: &shape, values: &values)
            return .native(TensorObject(try run { () throws(TensorError) in try Tensor(shape: shape, scalars: values) }))
        }
        b.define("zeros", "zeros(shape)", "A tensor of zeros; shape is an int or a list of ints.", topic: "tensors") { args in
            let shape = try shape(args.value(0, "shape"), args)
            return .native(TensorObject(try run { () throws(TensorError) in try Tensor.zeros(shape) }))
        }
        b.define("ones", "ones(shape)", "A tensor of ones; shape is an int or a list of ints.", topic: "tensors") { args in
            let shape = try shape(args.value(0, "shape"), args)
            return .native(TensorObject(try run { () throws(TensorError) in try Tensor.ones(shape) }))
        }
        b.define("randn", "randn(shape, seed: nil)",
                 "Standard normal values; the same seed gives the same tensor (without one, the session's random source picks it).",
                 topic: "tensors") { args in
            let shape = try shape(args.value(0, "shape"), args)
            let seed = try args.given(1, "seed").map { _ in UInt64(bitPattern: Int64(try args.int(1, "seed"))) }
                ?? args.interpreter.random.next()
            return .native(TensorObject(try run { () throws(TensorError) in try Tensor.randn(shape, seed: seed) }))
        }
        b.define("softmax", "softmax(x)", "Softmax over the last axis of a tensor.", topic: "tensors") { args in
            .native(TensorObject(try tensorArgument(args, 0, "x").softmax()))
        }
        b.define("mean", "mean(x, axis: nil)", "The mean of a tensor (over one axis if given) or of a list of numbers.", topic: "tensors") { args in
            let x = try args.value(0, "x")
            if case .native(let o as TensorObject) = x { return try reduce(o.variable, axis: args.given(1, "axis"), mean: true) }
            let items = try args.items(0, "x")
            guard !items.isEmpty else { throw RuntimeError("mean() of an empty list") }
            var total = 0.0
            for (i, item) in items.enumerated() {
                switch item {
                case .int(let v): total += Double(v)
                case .float(let v): total += v
                default: throw RuntimeError("mean() item \(i) is \(item.typeName), not a number")
                }
            }
            return .float(total / Double(items.count))
        }
        // sum, exp and log keep their meaning for numbers and lists and extend to tensors.
        for (name, signature, doc) in [("sum", "sum(x, axis: nil)", "The sum of a tensor (over one axis if given), or of a list."),
                                       ("exp", "exp(x)", "e raised to x, elementwise for a tensor."),
                                       ("log", "log(x)", "Natural logarithm, elementwise for a tensor.")] {
            let previous = b[name]
            b.define(name, signature, doc, topic: "tensors") { args in
                if case .native(let o as TensorObject)? = args.optional(0, "x") {
                    switch name {
                    case "sum": return try reduce(o.variable, axis: args.given(1, "axis"), mean: false)
                    case "exp": return .native(TensorObject(o.variable.exp()))
                    default: return .native(TensorObject(o.variable.log()))
                    }
                }
                guard let previous else { throw RuntimeError("\(name)() expects a tensor") }
                return try args.interpreter.call(.builtin(previous), args.positional, named: args.named)
            }
        }
        b.define("grad", "grad(f)",
                 "The gradient function of f: grad(f)(x) is ∂f/∂x for a function f from a tensor (or number) to a one-element result.",
                 topic: "tensors") { args in
            let f = try args.function(0, "f")
            return .builtin(Builtin(name: "grad", signature: "grad(f)(x)", doc: "∂f/∂x at x.", topic: "tensors") { inner in
                try gradient(of: f, at: inner.value(0, "x"), inner)
            })
        }
    }

    /// ∂f/∂x: a tensor of x's shape, or a float when x is a number.
    static func gradient(of f: Value, at x: Value, _ args: Arguments) throws -> Value {
        let start: Tensor
        switch x {
        case .native(let o as TensorObject): start = o.tensor
        case .int(let i): start = Tensor(Float(i))
        case .float(let d): start = Tensor(Float(d))
        default: throw args.typeError("x", expected: "a tensor or a number", got: x)
        }
        let leaf = Variable(start, requiresGradient: true)
        let y = try args.call(f, [.native(TensorObject(leaf))])
        if case .native(let o as TensorObject) = y {
            guard o.tensor.count == 1 else {
                throw RuntimeError("grad(f) needs f to return one number, got a tensor of shape \(o.tensor.shape)")
            }
            try run { () throws(TensorError) in try o.variable.backward() }
        } else if case .int = y {} else if case .float = y {} else {
            throw RuntimeError("grad(f) needs f to return a number or a one-element tensor, got \(y.typeName)")
        }
        let g = try leaf.gradient ?? run { () throws(TensorError) in try Tensor.zeros(start.shape) }
        if case .native = x { return .native(TensorObject(g)) }
        return .float(Double(g.item ?? 0))
    }

    static func reduce(_ v: Variable, axis: Value?, mean: Bool) throws -> Value {
        guard let axis else {
            let r = mean ? v.mean() : v.sum()
            // A gradient-carrying result stays a tensor so that grad() can follow it.
            return r.requiresGradient ? .native(TensorObject(r)) : .float(Double(r.value.item ?? 0))
        }
        guard case .int(let a) = axis else { throw RuntimeError("axis must be an int, got \(axis.typeName)") }
        let r = try run { () throws(TensorError) in
            let s = try v.sum(axis: a)
            return mean ? s * (1 / Float(max(1, v.value.shape[a < 0 ? a + v.value.rank : a]))) : s
        }
        return .native(TensorObject(r))
    }

    /// numpy's `@` for rank >= 1, on variables (rank-1 operands become a row or column).
    static func matmul(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
        guard a.value.rank >= 1 && b.value.rank >= 1 else {
            throw .shapeMismatch(operation: "matmul", shapes: [a.shape, b.shape], expected: "operands need rank >= 1")
        }
        let a2 = a.value.rank == 1 ? try a.reshaped([1, a.shape[0]]) : a
        let b2 = b.value.rank == 1 ? try b.reshaped([b.shape[0], 1]) : b
        let product = try a2.matmul(b2)
        var shape = product.shape
        if b.value.rank == 1 { shape.removeLast() }
        if a.value.rank == 1 { shape.remove(at: shape.count - (b.value.rank == 1 ? 1 : 2)) }
        return shape == product.shape ? product : try product.reshaped(shape)
    }

    static func tensorArgument(_ args: Arguments, _ i: Int, _ name: String) throws -> Variable {
        try args.native(i, name, as: TensorObject.self, expected: "a tensor").variable
    }

    static func shape(_ v: Value, _ args: Arguments) throws -> [Int] {
        switch v {
        case .int(let n): return [n]
        case .list(let l):
            return try l.items.enumerated().map { i, item in
                guard case .int(let n) = item else { throw RuntimeError("\(args.function)() shape item \(i) is \(item.typeName), not an int") }
                return n
            }
        default: throw args.typeError("shape", expected: "an int or a list of ints", got: v)
        }
    }

    /// Nested lists to a shape and row-major values; every list at one depth must have the
    /// same shape.
    static func flatten(_ v: Value, depth: Int, shape: inout [Int], values: inout [Float]) throws {
        switch v {
        case .int(let i) where depth == shape.count: values.append(Float(i))
        case .float(let d) where depth == shape.count: values.append(Float(d))
        case .list(let l):
            if depth == shape.count {
                guard values.isEmpty else { throw RuntimeError("tensor() data is ragged: a list where a number was expected at depth \(depth)") }
                shape.append(l.items.count)
            }
            guard shape[depth] == l.items.count else {
                throw RuntimeError("tensor() data is ragged: a list of \(l.items.count) items at depth \(depth), expected \(shape[depth])")
            }
            for item in l.items { try flatten(item, depth: depth + 1, shape: &shape, values: &values) }
        case .int, .float:
            throw RuntimeError("tensor() data is ragged: a number at depth \(depth), expected a list of \(shape[depth]) items")
        default:
            throw RuntimeError("tensor() data must be numbers or lists of numbers, got \(v.typeName)")
        }
    }

    static func list(_ t: Tensor) -> Value {
        if t.rank == 0 { return .float(Double(t.item ?? 0)) }
        guard let rows = try? (0..<t.shape[0]).map({ i in try t.select(i) }) else { return .list([]) }
        return .list(rows.map(list))
    }

    /// Tensor errors become language errors with the same message.
    static func run<T>(_ body: () throws(TensorError) -> T) throws -> T {
        do { return try body() } catch { throw RuntimeError(error.description) }
    }
}
