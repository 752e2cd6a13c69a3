import Foundation

/// Differentiable indexing and the remaining elementwise functions the REPL offers.
extension Variable {
    /// Index `i` of the first axis; the gradient lands in that row of a zero tensor.
    public func select(_ i: Int) throws(TensorError) -> Variable {
        let shape = value.shape
        let row = i < 0 ? i + (shape.first ?? 0) : i
        return Variable(try value.select(i), parents: [self]) { g, _ throws(TensorError) in
            [try Tensor.zeros(shape).placing(g, axis: 0, row..<row + 1)]
        }
    }

    /// Elements `range` along `axis`; the gradient lands in that slice of a zero tensor.
    public func slice(axis: Int, _ range: Range<Int>) throws(TensorError) -> Variable {
        let shape = value.shape
        return Variable(try value.slice(axis: axis, range), parents: [self]) { g, _ throws(TensorError) in
            [try Tensor.zeros(shape).placing(g, axis: axis, range)]
        }
    }

    public func exp() -> Variable {
        let y = value.exp()
        return Variable(y, parents: [self]) { g, _ throws(TensorError) in [try g * y] }
    }

    public func log() -> Variable {
        let x = value
        return Variable(x.log(), parents: [self]) { g, _ throws(TensorError) in [try g / x] }
    }

    /// xᵖ elementwise.
    public func pow(_ p: Float) -> Variable {
        let x = value
        return Variable(x.pow(p), parents: [self]) { g, _ throws(TensorError) in [try g * x.pow(p - 1) * p] }
    }
}

extension Tensor {
    /// A copy of this tensor with `part` written over `range` of `axis`.
    func placing(_ part: Tensor, axis: Int, _ range: Range<Int>) throws(TensorError) -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, operation: "slice")
        var target = shape
        target[a] = range.count
        let source = rank == part.rank ? part : try part.reshaped(target)
        guard source.shape == target else {
            throw .shapeMismatch(operation: "slice gradient", shapes: [part.shape, target], expected: "the gradient must have the slice's shape")
        }
        var result = contiguous()
        result.withUnsafeMutableBufferPointer { _ in }   // own the storage before writing into it
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        source.withUnsafeBufferPointer { src in
            for o in 0..<outer {
                (result.base + (o * shape[a] + range.lowerBound) * inner)
                    .update(from: src.baseAddress! + o * range.count * inner, count: range.count * inner)
            }
        }
        return result
    }
}
