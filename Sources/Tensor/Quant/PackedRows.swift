import CQuantKernels

/// A row-interleaved copy of a Q4_1 or Q8_0 matrix (layout in packed_kernels.h) for
/// decode's matrix-vector products: one 512-bit instruction works on 16 rows at once and
/// each row's scales load 16 at a time, about a sixth of the instructions of row-by-row
/// kernels, so the products run at memory speed.
final class PackedRows: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    /// Groups of 16 rows (all the matrix's rows).
    let groups: Int
    /// Bytes of one group.
    let groupBytes: Int

    /// Packs `m`, or nil when its type, shape or the CPU does not allow it (Q4_1 or Q8_0,
    /// rows a multiple of 16, AVX-512 VNNI).
    init?(_ m: QuantizedMatrix) {
        let rowsPerGroup = Int(SLM_PACKED_ROWS)
        guard QuantizedMatrix.cpuHasVNNI, m.type == .q4_1 || m.type == .q8_0,
              m.rows > 0, m.rows % rowsPerGroup == 0 else { return nil }
        let blocks = m.cols / 32
        let groups = m.rows / rowsPerGroup
        let groupBytes = blocks * Int(m.type == .q4_1 ? SLM_PACKED_Q4_1_BLOCK_BYTES : SLM_PACKED_Q8_0_BLOCK_BYTES)
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: groups * groupBytes, alignment: 64)
        Parallel.forEach(groups, minChunk: 16) { range in
            let source = (m.data + range.lowerBound * rowsPerGroup * m.rowBytes).assumingMemoryBound(to: UInt8.self)
            let target = (bytes + range.lowerBound * groupBytes).assumingMemoryBound(to: UInt8.self)
            if m.type == .q4_1 {
                slm_pack_q4_1(source, m.rowBytes, range.count, blocks, target)
            } else {
                slm_pack_q8_0(source, m.rowBytes, range.count, blocks, target)
            }
        }
        self.bytes = bytes
        self.groups = groups
        self.groupBytes = groupBytes
    }

    deinit { bytes.deallocate() }
}

extension QuantizedMatrix {
    /// This matrix with a row-interleaved copy of its weights (more memory: the matrix's
    /// bytes again) that `matvec` then uses; the matrix itself when the type, shape or CPU
    /// do not allow it. Products give the same results on any number of threads.
    public func packedForDecode() -> QuantizedMatrix {
        var m = self
        m.packed = PackedRows(self)
        return m
    }

    /// Whether `packedForDecode` made a copy for this matrix.
    public var isPacked: Bool { packed != nil }

    /// yᵢ = Wᵢ·x for several matrices of the same width in one parallel pass (decode's q, k
    /// and v, or gate and up): x is prepared once and the threads meet once.
    public static func matvec(_ matrices: [QuantizedMatrix], _ x: UnsafePointer<Float>,
                              into outputs: [UnsafeMutablePointer<Float>], threads: Int) {
        precondition(matrices.count == outputs.count, "matvec: \(matrices.count) matrices, \(outputs.count) outputs")
        guard let first = matrices.first else { return }
        let fused = first.kernels != .portable && matrices.allSatisfy {
            $0.packed != nil && $0.cols == first.cols && $0.kernels == first.kernels
        }
        guard fused else {
            for (w, y) in zip(matrices, outputs) { w.matvec(x, into: y, threads: threads) }
            return
        }
        let blocks = first.cols / 32
        let groups = matrices.map { $0.packed!.groups }
        let total = groups.reduce(0, +)
        // Twice as many chunks as threads: a thread the scheduler holds back costs half a share.
        let chunks = min(total, 2 * threads)
        func split(_ product: (QuantizedMatrix, PackedRows, Range<Int>, UnsafeMutablePointer<Float>) -> Void) {
            Parallel.run(chunks: chunks, threads: threads) { c in
                let lo = total * c / chunks, hi = total * (c + 1) / chunks
                var base = 0
                for (i, w) in matrices.enumerated() {
                    let g0 = max(lo, base), g1 = min(hi, base + groups[i])
                    if g0 < g1 { product(w, w.packed!, (g0 - base)..<(g1 - base), outputs[i]) }
                    base += groups[i]
                }
            }
        }
        func start(_ p: PackedRows, _ range: Range<Int>) -> UnsafePointer<UInt8> {
            UnsafePointer((p.bytes + range.lowerBound * p.groupBytes).assumingMemoryBound(to: UInt8.self))
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * blocks) { floats in
            let scale = floats.baseAddress!, sums = floats.baseAddress! + blocks
            switch first.kernels {
            case .int8Activations:
                withUnsafeTemporaryAllocation(of: Int8.self, capacity: first.cols) { xq in
                    let xq = xq.baseAddress!
                    slm_quantize_activations(x, blocks, xq, scale, sums)
                    split { w, p, range, y in
                        if w.type == .q4_1 {
                            slm_packed_matvec_q4_1_q8(start(p, range), range.count, blocks, xq, scale, sums, y + 16 * range.lowerBound)
                        } else {
                            slm_packed_matvec_q8_0_q8(start(p, range), range.count, blocks, xq, scale, sums, y + 16 * range.lowerBound)
                        }
                    }
                }
            case .int16Activations:
                // hi (Int8) and lo (UInt8) limbs of each value, then Σhi per block.
                withUnsafeTemporaryAllocation(of: Int8.self, capacity: 2 * first.cols) { limbs in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: blocks) { hiSums in
                        let hi = limbs.baseAddress!
                        let lo = UnsafeMutableRawPointer(hi + first.cols).assumingMemoryBound(to: UInt8.self)
                        let hiSum = hiSums.baseAddress!
                        slm_quantize_activations_i16(x, blocks, hi, lo, scale, sums, hiSum)
                        split { w, p, range, y in
                            if w.type == .q4_1 {
                                slm_packed_matvec_q4_1_i16(start(p, range), range.count, blocks, hi, lo, scale, sums, y + 16 * range.lowerBound)
                            } else {
                                slm_packed_matvec_q8_0_i16(start(p, range), range.count, blocks, hi, lo, scale, hiSum, y + 16 * range.lowerBound)
                            }
                        }
                    }
                }
            case .floatActivations, .portable:
                for b in 0..<blocks {
                    var s: Float = 0
                    for j in 0..<32 { s += x[32 * b + j] }
                    sums[b] = s
                }
                split { w, p, range, y in
                    if w.type == .q4_1 {
                        slm_packed_matvec_q4_1(start(p, range), range.count, blocks, x, sums, y + 16 * range.lowerBound)
                    } else {
                        slm_packed_matvec_q8_0(start(p, range), range.count, blocks, x, y + 16 * range.lowerBound)
                    }
                }
            }
        }
    }
}
