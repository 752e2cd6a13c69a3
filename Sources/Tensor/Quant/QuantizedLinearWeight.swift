/// A quantized matrix as a frozen linear layer (W is out × in = rows × cols), so LoRA
/// training can run over quantized base weights: only the activation gradient flows.
extension QuantizedMatrix: LinearWeight {
    public var inFeatures: Int { cols }
    public var outFeatures: Int { rows }

    /// y (n × rows) = x (n × cols) · Wᵀ
    public func forward(_ x: UnsafePointer<Float>, rows n: Int, into y: UnsafeMutablePointer<Float>) {
        matmul(x, count: n, into: y, threads: Parallel.threadCount)
    }

    /// dx (n × cols) = dy (n × rows) · W, one dequantized tile of W's rows at a time:
    /// dx = Σ_tiles dy[:, tile] · W[tile, :].
    public func backward(_ dy: UnsafePointer<Float>, rows n: Int, into dx: UnsafeMutablePointer<Float>) {
        let tileRows = max(16, min(rows, Self.tileFloats / cols))
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * cols)
        defer { tile.deallocate() }
        var r0 = 0
        repeat {
            let count = min(tileRows, rows - r0)
            dequantizeRows(r0..<(r0 + count), into: tile)
            BLAS.sgemm(m: n, n: cols, k: count, a: dy + r0, lda: rows, b: tile, ldb: cols,
                       beta: r0 == 0 ? 0 : 1, c: dx, ldc: cols)
            r0 += count
        } while r0 < rows
    }
}
