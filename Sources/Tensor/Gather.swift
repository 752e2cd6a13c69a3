/// Embedding look-up: rows of a table picked by token ids.
extension Tensor {
    /// table (vocab, dim) gathered at `ids` -> (ids.count, dim).
    public func gather(rows ids: [Int]) throws(TensorError) -> Tensor {
        guard rank == 2 else {
            throw .invalidShape(operation: "gather", shape: shape, reason: "the table must be (rows, dim)")
        }
        let (vocab, dim) = (shape[0], shape[1])
        for id in ids where id < 0 || id >= vocab {
            throw .indexOutOfRange(operation: "gather", index: id, dimension: 0, extent: vocab)
        }
        try Shape.validate([ids.count, dim], operation: "gather")
        let table = contiguous()
        let result = Tensor(uninitializedShape: [ids.count, dim])
        for (r, id) in ids.enumerated() { (result.base + r * dim).update(from: table.base + id * dim, count: dim) }
        return result
    }
}

extension Variable {
    /// Rows of this (vocab, dim) table; the gradient scatters back into the picked rows.
    public func gather(rows ids: [Int]) throws(TensorError) -> Variable {
        let tableShape = value.shape
        return Variable(try value.gather(rows: ids), parents: [self]) { g, _ throws(TensorError) in
            let gc = g.contiguous()
            let dim = tableShape[1]
            var dt = try Tensor.zeros(tableShape)
            dt.withUnsafeMutableBufferPointer { d in
                for (r, id) in ids.enumerated() { simdAxpy(1, gc.base + r * dim, d.baseAddress! + id * dim, dim) }
            }
            return [dt]
        }
    }
}
