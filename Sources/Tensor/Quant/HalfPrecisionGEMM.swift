import CQuantKernels

/// Matrix products with half-precision multiply-adds (AVX512-FP16, twice the f32 FMA rate on
/// this CPU), for the frozen projections of LoRA training: C = A·Wᵀ (forward, W is n×k) and
/// C = A·W (backward, W is k×n), all f32 row-major in memory.
///
/// A and W are rounded to fp16 while packing (A's rows first scaled by a power of two, so
/// any row magnitude works); products accumulate in fp16 over `chunk` values of k, then in
/// f32. Error of C[i][j] ≤ `errorFactor` · Σ_p |A[i][p]·W(p, j)| plus fp16's subnormal
/// floor (see `F16GEMMTests`); measured at most about 3e-4 of that sum.
public enum HalfPrecisionGEMM {
    /// How W is stored.
    public enum Layout: Sendable {
        /// W is n×k: C = A·Wᵀ (a linear layer's forward product Y = X·Wᵀ).
        case transposedWeights
        /// W is k×n: C = A·W (a linear layer's input gradient dX = dY·W).
        case weights
    }

    /// Whether this CPU runs the products (AVX512-FP16).
    public static let isAvailable = slm_f16_gemm_available() != 0

    /// Values of k summed in fp16 before moving to f32.
    public static let chunk = Int(SLM_F16_GEMM_CHUNK)

    /// Bound on |error| / Σ_p |A[i][p]·W(p, j)| for normal-range values: each input rounded to
    /// fp16 (2·2⁻¹¹ per product) and chunk/2 fp16 multiply-adds per lane (2⁻¹¹ each), plus
    /// the f32 tail.
    public static let errorFactor = Double(chunk / 2 + 3) * 0x1p-11

    /// C (m×n, row stride ldc) = A (m×k, lda) · W or Wᵀ per `layout` (W's row stride ldw).
    /// Packing (A by rows, W by 48-column panels) and the product (by panels) are split over
    /// `threads` workers. Throws when the CPU lacks AVX512-FP16 or a stride is shorter than
    /// its row.
    public static func multiply(_ layout: Layout, m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int, w: UnsafePointer<Float>, ldw: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1) throws(TensorError) {
        let operation = "HalfPrecisionGEMM.multiply"
        guard isAvailable else {
            throw .invalidArgument(operation: operation, reason: "this CPU has no AVX512-FP16")
        }
        let wRow = layout == .transposedWeights ? k : n
        guard m >= 0, n >= 0, k >= 0, lda >= k, ldw >= wRow, ldc >= n else {
            throw .invalidArgument(operation: operation, reason: "m \(m), n \(n), k \(k) with strides lda \(lda), "
                + "ldw \(ldw), ldc \(ldc): each must be ≥ 0 and each stride at least its row (k, \(wRow), n)")
        }
        if m == 0 || n == 0 { return }
        let panel = Int(SLM_F16_GEMM_PANEL)
        let pairs = (k + 1) / 2, panels = (n + panel - 1) / panel
        let workers = max(1, min(threads, panels))
        let packedA = HalfRows(a, count: m, width: k, stride: lda, threads: workers)
        let packedW = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, panels * panel * pairs))   // 48-column panels
        defer {
            packedA.deallocate()
            packedW.deallocate()
        }
        Parallel.run(chunks: workers, threads: workers) { t in
            let first = panels * t / workers, end = panels * (t + 1) / workers
            switch layout {
            case .transposedWeights: slm_f16_gemm_pack_wt(n, k, w, ldw, first, end, packedW)
            case .weights: slm_f16_gemm_pack_w(n, k, w, ldw, first, end, packedW)
            }
            slm_f16_gemm_multiply(m, n, k, packedA.words, packedA.inverse, packedW, first, end, c, ldc)
        }
    }

    /// The same on Swift arrays: A has m·k values, W n·k (`.transposedWeights`) or k·n
    /// (`.weights`) values, both densely packed; returns C's m·n values.
    public static func multiply(_ layout: Layout, _ a: [Float], _ w: [Float], m: Int, n: Int, k: Int,
                                threads: Int = 1) throws(TensorError) -> [Float] {
        guard m >= 0, n >= 0, k >= 0, a.count == m * k, w.count == n * k else {
            throw .shapeMismatch(operation: "HalfPrecisionGEMM.multiply", shapes: [[a.count], [w.count]],
                                 expected: "A with m·k = \(m)·\(k) values and W with n·k = \(n)·\(k) values")
        }
        var c = [Float](repeating: 0, count: m * n)
        let ldw = layout == .transposedWeights ? k : n
        try a.withUnsafeBufferPointer { (a) throws(TensorError) in
            try w.withUnsafeBufferPointer { (w) throws(TensorError) in
                try c.withUnsafeMutableBufferPointer { (c) throws(TensorError) in
                    guard let ap = a.baseAddress, let wp = w.baseAddress, let cp = c.baseAddress else { return }
                    try multiply(layout, m: m, n: n, k: k, a: ap, lda: max(k, 1), w: wp, ldw: max(ldw, 1),
                                 c: cp, ldc: max(n, 1), threads: threads)
                }
            }
        }
        return c
    }
}

/// Rows of an f32 matrix packed to fp16 pairs with their power-of-two scales (the A operand
/// of `slm_f16_gemm_multiply`), packed by `threads` workers in whole register tiles of rows.
struct HalfRows {
    let words: UnsafeMutablePointer<UInt32>
    let inverse: UnsafeMutablePointer<Float>

    init(_ a: UnsafePointer<Float>, count m: Int, width k: Int, stride lda: Int, threads: Int) {
        let tileRows = Int(SLM_F16_GEMM_ROWS), pairs = (k + 1) / 2
        let tiles = (m + tileRows - 1) / tileRows
        let (words, inverse) = (UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, tiles * tileRows * pairs)),
                                UnsafeMutablePointer<Float>.allocate(capacity: max(1, tiles * tileRows)))
        let workers = max(1, min(threads, tiles))
        Parallel.run(chunks: workers, threads: workers) { t in
            let first = tiles * t / workers * tileRows, end = min(m, tiles * (t + 1) / workers * tileRows)
            if end > first { slm_f16_gemm_pack_a(end - first, k, a + first * lda, lda, words + first * pairs, inverse + first) }
        }
        (self.words, self.inverse) = (words, inverse)
    }

    func deallocate() {
        words.deallocate()
        inverse.deallocate()
    }
}
