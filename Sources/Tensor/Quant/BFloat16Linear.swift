import CQuantKernels

/// A quantized matrix as a frozen linear layer whose products run in bfloat16 with float32
/// accumulation (AVX-512 BF16), as QLoRA computes: both operands are rounded to bf16 (8
/// significant bits), sums stay f32. Twice the multiply-adds per instruction of f32 sgemm.
///
/// W is dequantized a panel of 48 rows (forward) or a tile of rows (backward) at a time,
/// straight into the packed layout the kernel reads, so no f32 or bf16 copy of the whole
/// matrix exists. Each output element is summed by one thread in a fixed order, so results
/// do not depend on the thread count.
public struct BFloat16Linear: LinearWeight, @unchecked Sendable {
    public let matrix: QuantizedMatrix
    public var inFeatures: Int { matrix.cols }
    public var outFeatures: Int { matrix.rows }

    /// Whether this CPU has the bf16 dot-product instructions.
    public static let isAvailable = slm_bf16_available() != 0

    private static let panel = Int(SLM_BF16_PANEL)
    /// bf16 values of W per backward tile (2 MiB): the packed tile stays in L2.
    private static let tileValues = 1 << 20

    /// `matrix` must only be used where `isAvailable`.
    public init(_ matrix: QuantizedMatrix) {
        self.matrix = matrix
    }

    /// y (n × rows) = x (n × cols) · Wᵀ: workers take panels of 48 rows of W (48 columns
    /// of y) and multiply each with all of x.
    public func forward(_ x: UnsafePointer<Float>, rows n: Int, into y: UnsafeMutablePointer<Float>) {
        let (rows, cols) = (matrix.rows, matrix.cols)
        let pairs = (cols + 1) / 2
        withPackedRows(x, rows: n, cols: cols) { a in
            let panels = (rows + Self.panel - 1) / Self.panel
            Parallel.forEach(panels) { range in
                let floats = UnsafeMutablePointer<Float>.allocate(capacity: Self.panel * cols)
                let packedRows = UnsafeMutablePointer<UInt32>.allocate(capacity: Self.panel * pairs)
                let packed = UnsafeMutablePointer<UInt32>.allocate(capacity: Self.panel * pairs)
                defer { floats.deallocate(); packedRows.deallocate(); packed.deallocate() }
                for q in range {
                    let r0 = q * Self.panel, count = min(Self.panel, rows - r0)
                    matrix.dequantizeRows(r0..<(r0 + count), into: floats)
                    slm_bf16_pack_rows(floats, count, cols, cols, packedRows, Self.panel)
                    slm_bf16_pack_b_rows(packedRows, pairs, 1, packed)
                    // y[:, r0 ..< r0+count] = x · W[r0 ..< r0+count, :]ᵀ
                    slm_bf16_gemm_panels(a, n, pairs, pairs, packed, 0, 1, count, y + r0, rows, 0)
                }
            }
        }
    }

    /// dx (n × cols) = dy (n × rows) · W, a tile of W's rows at a time (dx accumulates over
    /// tiles): workers first pack the tile's row pairs, then take panels of 48 columns of dx.
    public func backward(_ dy: UnsafePointer<Float>, rows n: Int, into dx: UnsafeMutablePointer<Float>) {
        let (rows, cols) = (matrix.rows, matrix.cols)
        let panels = (cols + Self.panel - 1) / Self.panel
        let tileRows = min(rows + rows % 2, max(2, Self.tileValues / (panels * Self.panel) / 2 * 2))
        let packed = UnsafeMutablePointer<UInt32>.allocate(capacity: panels * Self.panel * tileRows / 2)
        defer { packed.deallocate() }
        withPackedRows(dy, rows: n, cols: rows) { a in
            let aPairs = (rows + 1) / 2
            var r0 = 0
            while r0 < rows {
                let count = min(tileRows, rows - r0), tilePairs = (count + 1) / 2
                let first = r0
                // Pack: each worker dequantizes its row pairs a chunk at a time.
                Parallel.forEach(tilePairs, minChunk: 8) { range in
                    let chunk = 32
                    let floats = UnsafeMutablePointer<Float>.allocate(capacity: 2 * chunk * cols)
                    defer { floats.deallocate() }
                    for p0 in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
                        let p1 = min(range.upperBound, p0 + chunk)
                        let lo = first + 2 * p0, hi = min(first + count, first + 2 * p1)
                        matrix.dequantizeRows(lo..<hi, into: floats)
                        slm_bf16_pack_b_cols(floats, count, cols, p0, p1, packed)
                    }
                }
                // dx (+)= dy[:, r0 ..< r0+count] · W[r0 ..< r0+count, :]
                Parallel.forEach(panels) { range in
                    slm_bf16_gemm_panels(a + first / 2, n, aPairs, tilePairs, packed, range.lowerBound, range.upperBound,
                                         cols, dx, cols, first == 0 ? 0 : 1)
                }
                r0 += count
            }
        }
    }

    /// `body` gets x (rows × cols) as bf16 pairs, rows padded to a multiple of 8 with zeros.
    private func withPackedRows(_ x: UnsafePointer<Float>, rows: Int, cols: Int, _ body: (UnsafePointer<UInt32>) -> Void) {
        let pairs = (cols + 1) / 2, padded = (rows + 7) / 8 * 8
        let a = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, padded * pairs))
        defer { a.deallocate() }
        slm_bf16_pack_rows(x, rows, cols, cols, a, padded)
        body(a)
    }
}
