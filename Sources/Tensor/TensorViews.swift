/// Views that reinterpret a tensor's shape without copying its elements.
extension Tensor {
    /// Same elements, new shape; one extent may be -1 to be inferred. Copies only when the
    /// tensor is a strided view.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        if inferred.count > 1 || newShape.contains(where: { $0 < -1 }) {
            throw .invalidShape(operation: "reshape", shape: newShape, reason: "at most one -1 and no other negative extents")
        }
        try Shape.validate(newShape.map { $0 == -1 ? 1 : $0 }, operation: "reshape")
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        if let i = inferred.first {
            guard known > 0 && count % known == 0 else {
                throw .shapeMismatch(operation: "reshape", shapes: [shape, newShape], expected: "the element counts must match")
            }
            resolved[i] = count / known
        }
        guard Shape.count(resolved) == count else {
            throw .shapeMismatch(operation: "reshape", shapes: [shape, newShape], expected: "the element counts must match")
        }
        let c = contiguous()
        return Tensor(storage: c.storage, shape: resolved, strides: Shape.contiguousStrides(resolved), offset: c.offset)
    }

    /// Axes reordered: result axis i is this tensor's axis `axes[i]`.
    public func permuted(_ axes: [Int]) throws(TensorError) -> Tensor {
        guard axes.count == rank, Set(axes) == Set(0..<rank) else {
            throw .invalidArgument(operation: "permute", reason: "\(axes) is not a permutation of the \(rank) axes")
        }
        return Tensor(storage: storage, shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: offset)
    }

    /// The last two axes swapped (a rank-1 tensor is returned as is).
    public var transposed: Tensor {
        guard rank >= 2 else { return self }
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        var s = shape, st = strides
        s.swapAt(rank - 1, rank - 2)
        st.swapAt(rank - 1, rank - 2)
        return Tensor(storage: storage, shape: s, strides: st, offset: offset)
    }

    /// Elements `range` along `axis`, as a view.
    public func slice(axis: Int, _ range: Range<Int>) throws(TensorError) -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, operation: "slice")
        guard range.lowerBound >= 0 && range.upperBound <= shape[a] else {
            throw .indexOutOfRange(operation: "slice", index: range.lowerBound < 0 ? range.lowerBound : range.upperBound,
                                   dimension: a, extent: shape[a])
        }
        var s = shape
        s[a] = range.count
        return Tensor(storage: storage, shape: s, strides: strides, offset: offset + range.lowerBound * strides[a])
    }

    /// Index `i` of the first axis, as a view of rank one less (negative counts from the end).
    public func select(_ i: Int) throws(TensorError) -> Tensor {
        guard rank >= 1 else { throw .invalidArgument(operation: "index", reason: "cannot index a rank-0 tensor") }
        let j = i < 0 ? i + shape[0] : i
        guard j >= 0 && j < shape[0] else {
            throw .indexOutOfRange(operation: "index", index: i, dimension: 0, extent: shape[0])
        }
        return Tensor(storage: storage, shape: Array(shape.dropFirst()), strides: Array(strides.dropFirst()),
                      offset: offset + j * strides[0])
    }

    /// Concatenation along `axis`; all other extents must match.
    public static func concatenate(_ parts: [Tensor], axis: Int) throws(TensorError) -> Tensor {
        guard let first = parts.first else { throw .invalidArgument(operation: "concatenate", reason: "no tensors given") }
        let a = try Shape.normalize(axis: axis, rank: first.rank, operation: "concatenate")
        for p in parts where p.rank != first.rank || (0..<first.rank).contains(where: { $0 != a && p.shape[$0] != first.shape[$0] }) {
            throw .shapeMismatch(operation: "concatenate", shapes: [first.shape, p.shape],
                                 expected: "all axes but \(a) must match")
        }
        var outShape = first.shape
        outShape[a] = parts.reduce(0) { $0 + $1.shape[a] }
        try Shape.validate(outShape, operation: "concatenate")
        let result = Tensor(uninitializedShape: outShape)
        let outer = first.shape[..<a].reduce(1, *)
        let outRow = outShape[a...].reduce(1, *)
        var column = 0
        for p in parts {
            let row = p.shape[a...].reduce(1, *)
            p.withUnsafeBufferPointer { src in
                for o in 0..<outer {
                    (result.base + o * outRow + column).update(from: src.baseAddress! + o * row, count: row)
                }
            }
            column += row
        }
        return result
    }
}
