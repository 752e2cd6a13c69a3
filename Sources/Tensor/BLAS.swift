/// The bridge to OpenBLAS's single-precision matrix product on raw row-major pointers.
///
/// OpenBLAS runs on one thread (see `Parallel`); large products are split here into
/// `Parallel.threadCount` column or row bands, one sgemm each on the worker pool, so one pool
/// owns the cores and each element's sum runs in the same order on any number of threads.
public enum BLAS {
    /// C = alpha · op(A) · op(B) + beta · C, all row-major.
    /// op(A) is m×k (A stored k×m when `transposeA`), op(B) is k×n (B stored n×k when
    /// `transposeB`); `lda`, `ldb`, `ldc` are the row strides of the stored matrices.
    public static func sgemm(transposeA: Bool = false, transposeB: Bool = false,
                             m: Int, n: Int, k: Int, alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let threads = Parallel.threadCount
        guard threads > 1, m * n * k >= splitMinimumProduct, max(m, n) >= 2 * bandAlignment else {
            sgemmOnThisThread(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                              a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        // Bands of the longer side of C, aligned so the kernels' register tiles stay whole.
        let alongRows = m >= n
        let length = alongRows ? m : n
        let units = (length + bandAlignment - 1) / bandAlignment
        Parallel.run(chunks: threads, threads: threads) { t in
            let lo = min(length, units * t / threads * bandAlignment)
            let hi = min(length, units * (t + 1) / threads * bandAlignment)
            guard lo < hi else { return }
            if alongRows {
                sgemmOnThisThread(transposeA: transposeA, transposeB: transposeB, m: hi - lo, n: n, k: k, alpha: alpha,
                                  a: a + (transposeA ? lo : lo * lda), lda: lda, b: b, ldb: ldb,
                                  beta: beta, c: c + lo * ldc, ldc: ldc)
            } else {
                sgemmOnThisThread(transposeA: transposeA, transposeB: transposeB, m: m, n: hi - lo, k: k, alpha: alpha,
                                  a: a, lda: lda, b: b + (transposeB ? lo * ldb : lo), ldb: ldb,
                                  beta: beta, c: c + lo, ldc: ldc)
            }
        }
    }

    /// From this many multiply-adds on, a product is split over the threads.
    static let splitMinimumProduct = 1 << 21
    static let bandAlignment = 32

    /// The same product on the calling thread only (inside a worker pool job).
    public static func sgemmOnThisThread(transposeA: Bool = false, transposeB: Bool = false,
                                         m: Int, n: Int, k: Int, alpha: Float = 1,
                                         a: UnsafePointer<Float>, lda: Int,
                                         b: UnsafePointer<Float>, ldb: Int,
                                         beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        OpenBLAS.ready
        if m == 0 || n == 0 { return }
        if k == 0 {
            // OpenBLAS leaves C untouched for k = 0; the product of empty sums is 0.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        OpenBLAS.functions.sgemm(OpenBLAS.rowMajor, transposeA ? OpenBLAS.transpose : OpenBLAS.noTranspose,
                                 transposeB ? OpenBLAS.transpose : OpenBLAS.noTranspose,
                                 Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The kernel family OpenBLAS runs (for benchmark reports).
    public static var coreName: String {
        OpenBLAS.ready
        return OpenBLAS.coreName
    }
}
