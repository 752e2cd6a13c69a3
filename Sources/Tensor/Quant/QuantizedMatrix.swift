import CQuantKernels

/// Why a byte buffer cannot be read as a quantized matrix.
public struct QuantizedMatrixError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

/// A rows × cols matrix stored in a ggml block format over raw bytes (for example a region
/// of a memory-mapped GGUF file), multiplied without ever materializing it as floats.
///
/// Row r starts at `data + r·rowBytes`; each row is cols/blockSize blocks (GGUF's
/// dims [cols, rows]). Products use W·x convention: `matvec` maps cols → rows.
public struct QuantizedMatrix: @unchecked Sendable {
    public let type: BlockFormat
    public let rows: Int
    public let cols: Int
    public let rowBytes: Int
    public let data: UnsafeRawPointer
    /// Keeps the memory behind `data` alive (a mapped file, an array box).
    public let owner: AnyObject?
    /// Which kernels the products use.
    public var kernels: Kernels = .floatActivations
    /// A row-interleaved copy for decode products (`packedForDecode`), or nil.
    var packed: PackedRows?

    /// The kernel families. Formats or CPUs a family does not cover fall back to the next one.
    public enum Kernels: Sendable {
        /// Like llama.cpp: activations quantized to int8 per block of 32, integer dot
        /// products (AVX-512 VNNI) for Q4_0, Q4_1, Q8_0. Fastest; results differ from exact
        /// float products by the activations' rounding (about 1e-3 relative).
        case int8Activations
        /// Activations quantized to int16 per block of 32 (rounding error at most 1/65534
        /// of the block's largest |x|, about 1e-5 relative), split into two byte limbs for
        /// the same VNNI dot products, two per weight register. For Q4_1 and Q8_0 matrices
        /// packed for decode (`packedForDecode`); other matrices use float activations.
        case int16Activations
        /// AVX-512 kernels on float activations for Q4_0, Q4_1, Q8_0.
        case floatActivations
        /// Swift SIMD on float activations: every format, every CPU.
        case portable
    }

    /// Views `byteCount` bytes at `data` as a matrix. `name` appears in errors (say, the
    /// tensor's name in its file). Throws when the type is unsupported, cols is not a whole
    /// number of blocks, or the bytes are too few.
    public init(type: BlockFormat, rows: Int, cols: Int, data: UnsafeRawPointer, byteCount: Int,
                owner: AnyObject?, name: String = "matrix") throws {
        guard type.isSupported else {
            throw QuantizedMatrixError(description: "\(name): tensor type \(type) is not supported "
                + "(supported: F32, F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K, Q6_K)")
        }
        guard rows >= 0, cols > 0, let rowBytes = type.rowBytes(count: cols) else {
            throw QuantizedMatrixError(description: "\(name): \(rows) × \(cols) is not a valid \(type) "
                + "matrix (a row must be a whole number of \(type.blockSize)-value blocks)")
        }
        let (needed, overflow) = rows.multipliedReportingOverflow(by: rowBytes)
        guard !overflow, needed <= byteCount else {
            throw QuantizedMatrixError(description: "\(name): \(rows) × \(cols) \(type) needs "
                + "\(overflow ? "more than Int.max" : String(needed)) bytes, found \(byteCount)")
        }
        self.type = type
        self.rows = rows
        self.cols = cols
        self.rowBytes = rowBytes
        self.data = data
        self.owner = owner
    }

    /// Copies `bytes` into a matrix of its own (tests, small weights written in memory).
    public init(type: BlockFormat, rows: Int, cols: Int, bytes: [UInt8], name: String = "matrix") throws {
        let box = ByteBox(bytes)
        try self.init(type: type, rows: rows, cols: cols, data: UnsafeRawPointer(box.pointer),
                      byteCount: bytes.count, owner: box, name: name)
    }

    /// Whether this CPU runs the AVX-512 kernels.
    public static let cpuHasAVX512 = slm_quant_avx512_available() != 0
    /// Whether this CPU runs the int8 (VNNI) kernels.
    public static let cpuHasVNNI = slm_quant_vnni_available() != 0

    private var hasCKernels: Bool { type == .q4_0 || type == .q4_1 || type == .q8_0 }
    private var usesAVX512: Bool { kernels != .portable && Self.cpuHasAVX512 && hasCKernels }
    private var usesVNNI: Bool { kernels == .int8Activations && Self.cpuHasVNNI && hasCKernels }

    // MARK: Dequantization

    /// Row r as floats: out[0..<cols].
    public func dequantizeRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        precondition(r >= 0 && r < rows, "row \(r) outside 0..<\(rows)")
        dequantizeRows(r..<(r + 1), into: out)
    }

    /// Row r as floats.
    public func dequantizeRow(_ r: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: cols) { buffer, count in
            dequantizeRow(r, into: buffer.baseAddress!)
            count = cols
        }
    }

    /// The whole matrix as row-major floats (rows·cols) — for references and tests, not
    /// for the hot paths, which never build it.
    public func dequantize() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * cols) { buffer, count in
            dequantizeRows(0..<rows, into: buffer.baseAddress!)
            count = rows * cols
        }
    }

    /// Rows `range` into out, row-major (range.count · cols floats).
    func dequantizeRows(_ range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let start = data + range.lowerBound * rowBytes
        let blocks = cols / 32
        if dequantizeBlocks(rows: range, blocks: 0..<blocks, into: out) { return }
        for (i, _) in range.enumerated() {
            dequantizeValues(type, start + i * rowBytes, out + i * cols, count: cols)
        }
    }

    /// Whether `dequantizeBlocks` can cut rows into column bands (the AVX-512 formats).
    var dequantizesColumnBands: Bool { usesAVX512 }

    /// Blocks `blocks` (of 32 values) of rows `range` into out, row-major with
    /// blocks.count·32 floats per row; false (nothing written) when this format has no
    /// AVX-512 kernel.
    func dequantizeBlocks(rows range: Range<Int>, blocks: Range<Int>, into out: UnsafeMutablePointer<Float>) -> Bool {
        guard usesAVX512 else { return false }
        let w = (data + range.lowerBound * rowBytes + blocks.lowerBound * type.blockBytes).assumingMemoryBound(to: UInt8.self)
        switch type {
        case .q4_0: slm_dequantize_q4_0(w, rowBytes, range.count, blocks.count, out)
        case .q4_1: slm_dequantize_q4_1(w, rowBytes, range.count, blocks.count, out)
        case .q8_0: slm_dequantize_q8_0(w, rowBytes, range.count, blocks.count, out)
        default: return false
        }
        return true
    }

    // MARK: Products

    /// y = W·x: x has cols floats, y gets rows floats. Rows are split over `threads` workers.
    public func matvec(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, threads: Int = 2) {
        if packed != nil && kernels != .portable {
            Self.matvec([self], x, into: [y], threads: threads)
            return
        }
        let blocks = cols / 32
        if usesVNNI {
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: cols) { xq in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * blocks) { scales in
                    let xq = UnsafePointer(xq.baseAddress!)
                    let scale = scales.baseAddress!, scaledSum = scales.baseAddress! + blocks
                    slm_quantize_activations(x, blocks, UnsafeMutablePointer(mutating: xq), scale, scaledSum)
                    parallelRanges(rows, threads: threads) { range in
                        let w = rowPointer(range.lowerBound), out = y + range.lowerBound
                        switch type {
                        case .q4_0: slm_matvec_q4_0_q8(w, rowBytes, range.count, blocks, xq, scale, scaledSum, out)
                        case .q4_1: slm_matvec_q4_1_q8(w, rowBytes, range.count, blocks, xq, scale, scaledSum, out)
                        default: slm_matvec_q8_0_q8(w, rowBytes, range.count, blocks, xq, scale, out)
                        }
                    }
                }
            }
            return
        }
        if usesAVX512, type == .q4_1 {
            // Q4_1's minimum multiplies the sum of x over each block: computed once, shared by all rows.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: blocks) { sums in
                for b in 0..<blocks {
                    var s: Float = 0
                    for j in 0..<32 { s += x[32 * b + j] }
                    sums[b] = s
                }
                let blockSums = UnsafePointer(sums.baseAddress!)
                parallelRanges(rows, threads: threads) { range in
                    slm_matvec_q4_1(rowPointer(range.lowerBound), rowBytes, range.count, blocks,
                                    x, blockSums, y + range.lowerBound)
                }
            }
            return
        }
        parallelRanges(rows, threads: threads) { range in
            matvecRows(range, x, y)
        }
    }

    /// y = W·x for a Swift array x (cols values); returns rows values.
    public func matvec(_ x: [Float], threads: Int = 2) -> [Float] {
        precondition(x.count == cols, "matvec: x has \(x.count) values, the \(rows) × \(cols) matrix needs \(cols)")
        return [Float](unsafeUninitializedCapacity: rows) { y, count in
            x.withUnsafeBufferPointer { matvec($0.baseAddress!, into: y.baseAddress!, threads: threads) }
            count = rows
        }
    }

    /// Y = X·Wᵀ for n activation rows at once (prefill): X is n × cols, Y is n × rows,
    /// both row-major. Few rows go through the fused matrix-vector kernel (on `threads`
    /// workers); many rows dequantize W a tile of rows at a time (the tile stays in cache)
    /// and multiply each tile with OpenBLAS sgemm, each of `threads` workers on its own band
    /// of W's rows, so the f32 matrix never exists whole.
    /// `precision` picks the tiles' products (f32 sgemm, or fp16 multiply-adds where the
    /// CPU has them).
    public func matmul(_ x: UnsafePointer<Float>, count n: Int, into y: UnsafeMutablePointer<Float>, threads: Int = 2,
                       precision: ProductPrecision = .float32) {
        if n < Self.sgemmMinimumRows {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { column in
                for i in 0..<n {
                    matvec(x + i * cols, into: column.baseAddress!, threads: threads)
                    (y + i * rows).update(from: column.baseAddress!, count: rows)
                }
            }
            return
        }
        if precision == .float16 && HalfPrecisionGEMM.isAvailable {
            matmulInHalf(x, count: n, into: y, threads: threads)
            return
        }
        // Each thread takes a band of W's rows and walks it a tile at a time: its own
        // dequantization, then a one-thread sgemm on the tile.
        let bands = max(1, min(threads, rows / 16))
        let maxTileRows = max(16, Self.tileFloats / cols)
        Parallel.run(chunks: bands, threads: bands) { band in
            let lo = rows / 16 * band / bands * 16
            let hi = band == bands - 1 ? rows : rows / 16 * (band + 1) / bands * 16
            let tileRows = min(maxTileRows, hi - lo)
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * cols)
            defer { tile.deallocate() }
            var r0 = lo
            while r0 < hi {
                let count = min(tileRows, hi - r0)
                dequantizeRows(r0..<(r0 + count), into: tile)
                // Y[:, r0 ..< r0+count] = X (n × cols) · tileᵀ (cols × count)
                BLAS.sgemmOnThisThread(transposeB: true, m: n, n: count, k: cols, a: x, lda: cols, b: tile, ldb: cols,
                                       c: y + r0, ldc: rows)
                r0 += count
            }
        }
    }

    /// Y = X·Wᵀ for Swift arrays: X has n·cols values; returns n·rows values.
    public func matmul(_ x: [Float], count n: Int, threads: Int = 2) -> [Float] {
        precondition(x.count == n * cols, "matmul: X has \(x.count) values, \(n) rows of \(cols) need \(n * cols)")
        return [Float](unsafeUninitializedCapacity: n * rows) { y, count in
            x.withUnsafeBufferPointer { matmul($0.baseAddress!, count: n, into: y.baseAddress!, threads: threads) }
            count = n * rows
        }
    }

    /// From this many activation rows on, tile + sgemm beats re-reading W per row.
    static let sgemmMinimumRows = 6
    /// Floats in one dequantized tile of W (2 MiB, inside the L2 + L3 share of a core).
    static let tileFloats = 512 * 1024

    @inline(__always)
    private func rowPointer(_ r: Int) -> UnsafePointer<UInt8> {
        (data + r * rowBytes).assumingMemoryBound(to: UInt8.self)
    }

    /// y[r] = row r · x for r in range (one worker's share).
    private func matvecRows(_ range: Range<Int>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        if usesAVX512 {
            let blocks = cols / 32
            switch type {
            case .q4_0:
                slm_matvec_q4_0(rowPointer(range.lowerBound), rowBytes, range.count, blocks, x, y + range.lowerBound)
                return
            case .q8_0:
                slm_matvec_q8_0(rowPointer(range.lowerBound), rowBytes, range.count, blocks, x, y + range.lowerBound)
                return
            default: break
            }
        }
        portableMatvec(type, data, rowBytes: rowBytes, cols: cols, rowRange: range, x, y)
    }
}

/// Bytes owned by a QuantizedMatrix made from an array.
final class ByteBox {
    let pointer: UnsafeMutableRawPointer
    init(_ bytes: [UInt8]) {
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 64)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    }
    deinit { pointer.deallocate() }
}
