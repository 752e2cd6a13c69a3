/// Reverse-mode automatic differentiation, micrograd style.
///
/// A `Variable` holds a tensor value. Each operation on variables returns a new variable
/// that remembers its parents and a closure with its local chain rule; that closure keeps
/// only the intermediates its backward step needs. `backward()` walks the graph in reverse
/// topological order. Gradients are kept on leaves (the variables you created); the
/// gradients of intermediate results are dropped as soon as they have been passed on.
public final class Variable {
    /// Maps the gradient of this variable's value to the gradients of its parents (nil
    /// where a parent needs none). `needs[i]` tells whether parent i wants one.
    typealias BackwardStep = (_ gradient: Tensor, _ needs: [Bool]) throws(TensorError) -> [Tensor?]

    public private(set) var value: Tensor
    /// ∂(output)/∂(self) after `backward()`, for leaves that require a gradient.
    public internal(set) var gradient: Tensor?
    public let requiresGradient: Bool
    let parents: [Variable]
    let backwardStep: BackwardStep?

    /// A leaf: a parameter or an input.
    public init(_ value: Tensor, requiresGradient: Bool = true) {
        self.value = value
        self.requiresGradient = requiresGradient
        parents = []
        backwardStep = nil
    }

    /// The result of an operation; it needs a gradient when any parent does.
    init(_ value: Tensor, parents: [Variable], backward: @escaping BackwardStep) {
        self.value = value
        self.parents = parents
        requiresGradient = parents.contains { $0.requiresGradient }
        backwardStep = requiresGradient ? backward : nil
    }

    public var shape: [Int] { value.shape }

    /// Forget accumulated gradients (call between training steps).
    public func zeroGradient() { gradient = nil }

    /// Change this variable's elements in place, as an optimizer step does. Copies first
    /// when a recorded graph still shares the old elements, so earlier results keep them.
    public func updateValue(_ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        try value.withUnsafeMutableBufferPointer(body)
    }

    /// Back-propagate from this scalar (one-element) variable.
    public func backward() throws(TensorError) {
        guard value.count == 1 else {
            throw .invalidShape(operation: "backward", shape: value.shape, reason: "backward() needs a one-element output; pass a seed gradient otherwise")
        }
        try backward(seed: Tensor(shape: value.shape, repeating: 1))
    }

    /// Back-propagate `seed` = ∂L/∂(self).
    public func backward(seed: Tensor) throws(TensorError) {
        guard seed.shape == value.shape else {
            throw .shapeMismatch(operation: "backward", shapes: [value.shape, seed.shape], expected: "the seed must have the output's shape")
        }
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative depth-first post-order: deep graphs (30 layers) must not overflow the stack.
        var stack: [(Variable, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard node.requiresGradient, visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for p in node.parents { stack.append((p, false)) }
        }
        try accumulate(seed)
        for node in order.reversed() {
            guard let step = node.backwardStep, let g = node.gradient else { continue }
            let grads = try step(g, node.parents.map(\.requiresGradient))
            for (p, pg) in zip(node.parents, grads) where p.requiresGradient {
                if let pg { try p.accumulate(pg) }
            }
            node.gradient = nil
        }
    }

    private func accumulate(_ g: Tensor) throws(TensorError) {
        // Operands broadcast in the forward pass receive gradients of the broadcast shape.
        let g = g.shape == value.shape ? g : try g.summed(toShape: value.shape)
        guard gradient != nil else { gradient = g; return }
        // In place: the sum of a node's gradients is built in one buffer (copied first
        // only when another node still shares it).
        gradient!.withUnsafeMutableBufferPointer { sum in
            g.withUnsafeBufferPointer { g in
                let (s, a) = (sum.baseAddress!, g.baseAddress!)
                Parallel.forEach(sum.count, minChunk: 1 << 15) { range in
                    forEachVector(range) { i, load, store in store(load(s + i) + load(a + i), s + i) }
                }
            }
        }
    }
}

extension Tensor {
    /// Sum over the axes that broadcasting added or stretched, to get back `target`.
    func summed(toShape target: [Int]) throws(TensorError) -> Tensor {
        var t = self
        while t.rank > target.count { t = try t.sum(axis: 0) }
        for axis in 0..<target.count where target[axis] == 1 && t.shape[axis] != 1 {
            t = try t.sum(axis: axis, keepingAxis: true)
        }
        guard t.shape == target else {
            throw .shapeMismatch(operation: "gradient", shapes: [shape, target], expected: "gradient must reduce to the operand's shape")
        }
        return t
    }
}
