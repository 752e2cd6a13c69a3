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
    /// dx = Σ_tiles dy[:, tile] · W[tile, :]. With several threads each takes a band of W's
    /// columns (whole blocks), dequantizes its part of every tile and multiplies it on its
    /// own, so the dequantization runs in parallel too. The tiles' rows do not depend on the
    /// thread count, so every element sums in the same order on any number of threads.
    public func backward(_ dy: UnsafePointer<Float>, rows n: Int, into dx: UnsafeMutablePointer<Float>) {
        backward(dy, rows: n, into: dx, precision: .float32)
    }

    /// The same with the tiles' products in `precision` (see `ProductPrecision`).
    public func backward(_ dy: UnsafePointer<Float>, rows n: Int, into dx: UnsafeMutablePointer<Float>,
                         precision: ProductPrecision) {
        let threads = Parallel.threadCount
        if precision == .float16 && HalfPrecisionGEMM.isAvailable && backwardInHalf(dy, rows: n, into: dx, threads: threads) {
            return
        }
        let tileRows = max(16, min(rows, Self.tileFloats / cols))
        let blocks = cols / 32
        let bands = dequantizesColumnBands && n * rows * cols >= BLAS.splitMinimumProduct ? min(threads, blocks) : 1
        guard bands > 1 else {
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * cols)
            defer { tile.deallocate() }
            for r0 in stride(from: 0, to: rows, by: tileRows) {
                let count = min(tileRows, rows - r0)
                dequantizeRows(r0..<(r0 + count), into: tile)
                BLAS.sgemm(m: n, n: cols, k: count, a: dy + r0, lda: rows, b: tile, ldb: cols,
                           beta: r0 == 0 ? 0 : 1, c: dx, ldc: cols)
            }
            return
        }
        Parallel.run(chunks: bands, threads: bands) { t in
            let band = (blocks * t / bands)..<(blocks * (t + 1) / bands)
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * band.count * 32)
            defer { tile.deallocate() }
            for r0 in stride(from: 0, to: rows, by: tileRows) {
                let count = min(tileRows, rows - r0)
                _ = dequantizeBlocks(rows: r0..<(r0 + count), blocks: band, into: tile)
                BLAS.sgemmOnThisThread(m: n, n: band.count * 32, k: count, a: dy + r0, lda: rows, b: tile, ldb: band.count * 32,
                                       beta: r0 == 0 ? 0 : 1, c: dx + band.lowerBound * 32, ldc: cols)
            }
        }
    }
}
