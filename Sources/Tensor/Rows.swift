/// Row-wise kernels (softmax, norms, RoPE) see a tensor as rows of its last axis.
extension Tensor {
    /// (rows, width) of the last axis; width 1 for rank 0.
    var rowsAndWidth: (rows: Int, width: Int) {
        let width = rank == 0 ? 1 : shape[rank - 1]
        return (width == 0 ? 0 : count / width, width)
    }

    /// Apply `body(input row, output row, width)` to every row in parallel; the result has
    /// this tensor's shape.
    func mapRows(minRowsPerThread: Int = 8,
                 _ body: @escaping (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let source = contiguous()
        let result = Tensor(uninitializedShape: shape)
        let (rows, width) = rowsAndWidth
        let src = source.base, out = result.base
        Parallel.forEach(rows, minChunk: minRowsPerThread) { range in
            for r in range { body(src + r * width, out + r * width, width) }
        }
        return result
    }
}
