/// Batched matrix product through OpenBLAS sgemm, numpy `@` semantics.
extension Tensor {
    /// `self @ other`: (..., m, k) @ (..., k, n) -> (..., m, n) with broadcast batch axes.
    /// A rank-1 left operand is a row vector and a rank-1 right operand a column vector;
    /// their axis is dropped from the result, as in numpy.
    public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
        guard rank >= 1 && other.rank >= 1 else {
            throw .shapeMismatch(operation: "matmul", shapes: [shape, other.shape], expected: "operands need rank >= 1")
        }
        let a = rank == 1 ? try reshaped([1, shape[0]]) : self
        let b = other.rank == 1 ? try other.reshaped([other.shape[0], 1]) : other
        let (m, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (k2, n) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        guard k == k2 else {
            throw .shapeMismatch(operation: "matmul", shapes: [shape, other.shape],
                                 expected: "the last axis of the left must equal the second-to-last of the right")
        }
        let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
        let batch: [Int]
        do { batch = try Shape.broadcast(aBatch, bBatch, operation: "matmul") } catch {
            throw .shapeMismatch(operation: "matmul", shapes: [shape, other.shape], expected: "batch axes must broadcast")
        }
        var outShape = batch + [m, n]
        try Shape.validate(outShape, operation: "matmul")
        let result = Tensor(uninitializedShape: outShape)

        if Shape.count(bBatch) == 1 && a.isContiguous {
            // (..., m, k) @ (k, n): one sgemm over all rows of the left operand.
            let (bm, bOffset) = b.matrixLayout()
            BLAS.sgemm(transposeB: bm.transposed, m: Shape.count(batch) * m, n: n, k: k,
                       a: a.base, lda: k, b: bm.tensor.storage.pointer + bOffset, ldb: bm.ld, c: result.base, ldc: n)
        } else {
            let (am, aOffset) = a.matrixLayout()
            let (bm, bOffset) = b.matrixLayout()
            let aStrides = Shape.broadcastStrides(shape: aBatch, strides: Array(am.tensor.strides.dropLast(2)), to: batch)
            let bStrides = Shape.broadcastStrides(shape: bBatch, strides: Array(bm.tensor.strides.dropLast(2)), to: batch)
            var index = [Int](repeating: 0, count: batch.count)
            for item in 0..<Shape.count(batch) {
                var ao = aOffset, bo = bOffset
                for axis in 0..<batch.count { ao += index[axis] * aStrides[axis]; bo += index[axis] * bStrides[axis] }
                BLAS.sgemm(transposeA: am.transposed, transposeB: bm.transposed, m: m, n: n, k: k,
                           a: am.tensor.storage.pointer + ao, lda: am.ld, b: bm.tensor.storage.pointer + bo, ldb: bm.ld,
                           c: result.base + item * m * n, ldc: n)
                var axis = batch.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    if index[axis] < batch[axis] { break }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        if rank == 1 { outShape.remove(at: outShape.count - 2) }
        if other.rank == 1 { outShape.removeLast() }
        return try result.reshaped(outShape)
    }

    /// How sgemm can read the last two axes without a copy: row-major (leading dimension =
    /// row stride) or column-major (transposed, leading dimension = column stride).
    /// Falls back to a contiguous copy otherwise.
    private func matrixLayout() -> (matrix: (tensor: Tensor, transposed: Bool, ld: Int), offset: Int) {
        let rows = shape[rank - 2], cols = shape[rank - 1]
        let rs = strides[rank - 2], cs = strides[rank - 1]
        if cs == 1 || cols == 1, rs >= Swift.max(cols, 1) || rows == 1 {
            return ((self, false, rows == 1 ? Swift.max(cols, 1) : rs), offset)
        }
        if rs == 1 || rows == 1, cs >= Swift.max(rows, 1) || cols == 1 {
            return ((self, true, cols == 1 ? Swift.max(rows, 1) : cs), offset)
        }
        let c = contiguous()
        return ((c, false, Swift.max(cols, 1)), c.offset)
    }
}
