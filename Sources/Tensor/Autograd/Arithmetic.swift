/// Differentiable elementwise arithmetic, reductions, reshapes and the matrix product.
extension Variable {
    public static func + (a: Variable, b: Variable) throws(TensorError) -> Variable {
        Variable(try a.value + b.value, parents: [a, b]) { g, _ in [g, g] }
    }

    public static func - (a: Variable, b: Variable) throws(TensorError) -> Variable {
        Variable(try a.value - b.value, parents: [a, b]) { g, _ in [g, -g] }
    }

    public static func * (a: Variable, b: Variable) throws(TensorError) -> Variable {
        let (x, y) = (a.value, b.value)
        return Variable(try x * y, parents: [a, b]) { g, needs throws(TensorError) in
            [needs[0] ? try g * y : nil, needs[1] ? try g * x : nil]
        }
    }

    public static func / (a: Variable, b: Variable) throws(TensorError) -> Variable {
        let (x, y) = (a.value, b.value)
        return Variable(try x / y, parents: [a, b]) { g, needs throws(TensorError) in
            // d(x/y)/dy = -x / y²
            [needs[0] ? try g / y : nil, needs[1] ? try -(g * x) / (y * y) : nil]
        }
    }

    public static func * (a: Variable, s: Float) -> Variable {
        Variable(a.value * s, parents: [a]) { g, _ in [g * s] }
    }

    public static prefix func - (a: Variable) -> Variable { a * -1 }

    /// Σ of all elements, as a one-element variable.
    public func sum() -> Variable {
        let shape = value.shape
        return Variable(Tensor(value.sum()), parents: [self]) { g, _ throws(TensorError) in
            [try Tensor(shape: shape, repeating: g.item ?? 0)]
        }
    }

    public func mean() -> Variable { sum() * (1 / Float(Swift.max(value.count, 1))) }

    /// Σ over `axis`.
    public func sum(axis: Int, keepingAxis: Bool = false) throws(TensorError) -> Variable {
        let a = try Shape.normalize(axis: axis, rank: value.rank, operation: "sum")
        var kept = value.shape
        kept[a] = 1
        let shape = value.shape
        return Variable(try value.sum(axis: a, keepingAxis: keepingAxis), parents: [self]) { g, _ throws(TensorError) in
            [try g.reshaped(kept) + Tensor.zeros(shape)]
        }
    }

    public func reshaped(_ shape: [Int]) throws(TensorError) -> Variable {
        let original = value.shape
        return Variable(try value.reshaped(shape), parents: [self]) { g, _ throws(TensorError) in [try g.reshaped(original)] }
    }

    /// The last two axes swapped.
    public var transposed: Variable {
        Variable(value.transposed, parents: [self]) { g, _ in [g.transposed] }
    }

    /// `self @ other` (batched, broadcasting like `Tensor.matmul`; both operands rank >= 2).
    public func matmul(_ other: Variable) throws(TensorError) -> Variable {
        let (a, b) = (value, other.value)
        guard a.rank >= 2 && b.rank >= 2 else {
            throw .shapeMismatch(operation: "matmul", shapes: [a.shape, b.shape], expected: "differentiable matmul needs rank >= 2 operands")
        }
        return Variable(try a.matmul(b), parents: [self, other]) { g, needs throws(TensorError) in
            // dA = dC · Bᵀ, dB = Aᵀ · dC (batch axes summed back by `accumulate`).
            [needs[0] ? try g.matmul(b.transposed) : nil, needs[1] ? try a.transposed.matmul(g) : nil]
        }
    }
}
