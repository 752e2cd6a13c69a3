import CQuantKernels

/// A quantized matrix's products with many activation rows in fp16 (`ProductPrecision.float16`,
/// LoRA training's frozen projections): the activations are packed to fp16 once, shared by
/// the threads; each thread dequantizes its share of W, packs it into fp16 panels and
/// multiplies (`HalfPrecisionGEMM`'s steps). Each output element is one thread's sum, so the
/// results do not depend on the thread count.
extension QuantizedMatrix {
    /// Y (n × rows) = X (n × cols) · Wᵀ, each thread on a band of W's rows, a tile at a time.
    func matmulInHalf(_ x: UnsafePointer<Float>, count n: Int, into y: UnsafeMutablePointer<Float>, threads: Int) {
        let packed = HalfRows(x, count: n, width: cols, stride: cols, threads: threads)
        defer { packed.deallocate() }
        let panel = Int(SLM_F16_GEMM_PANEL), pairs = (cols + 1) / 2
        let bands = max(1, min(threads, rows / panel))
        let maxTileRows = max(panel, Self.tileFloats / cols / panel * panel)
        Parallel.run(chunks: bands, threads: bands) { band in
            // Bands of whole panels, so every tile but the last is whole panels too.
            let lo = rows / panel * band / bands * panel
            let hi = band == bands - 1 ? rows : rows / panel * (band + 1) / bands * panel
            let tileRows = min(maxTileRows, hi - lo)
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * cols)
            let panels = UnsafeMutablePointer<UInt32>.allocate(capacity: (tileRows + panel - 1) / panel * panel * pairs)
            defer {
                tile.deallocate()
                panels.deallocate()
            }
            for r0 in stride(from: lo, to: hi, by: tileRows) {
                let count = min(tileRows, hi - r0), tilePanels = (count + panel - 1) / panel
                dequantizeRows(r0..<(r0 + count), into: tile)
                // Y[:, r0 ..< r0+count] = X · tileᵀ
                slm_f16_gemm_pack_wt(count, cols, tile, cols, 0, tilePanels, panels)
                slm_f16_gemm_multiply(n, count, cols, packed.words, packed.inverse, panels, 0, tilePanels, y + r0, rows)
            }
        }
    }

    /// dX (n × cols) = dY (n × rows) · W, each thread on a band of W's columns (whole blocks)
    /// over all of W's rows at once. False, with nothing written, for formats without
    /// column-band dequantization or matrices too tall for one band in memory (the tied
    /// output head): those take the f32 path.
    func backwardInHalf(_ dy: UnsafePointer<Float>, rows n: Int, into dx: UnsafeMutablePointer<Float>, threads: Int) -> Bool {
        guard dequantizesColumnBands, rows * cols <= 4 * Self.tileFloats else { return false }
        let packed = HalfRows(dy, count: n, width: rows, stride: rows, threads: threads)
        defer { packed.deallocate() }
        let panel = Int(SLM_F16_GEMM_PANEL), pairs = (rows + 1) / 2
        let blocks = cols / 32, bands = max(1, min(threads, blocks))
        Parallel.run(chunks: bands, threads: bands) { t in
            let band = (blocks * t / bands)..<(blocks * (t + 1) / bands)
            let width = band.count * 32, bandPanels = (width + panel - 1) / panel
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: rows * width)
            let panels = UnsafeMutablePointer<UInt32>.allocate(capacity: bandPanels * panel * pairs)
            defer {
                tile.deallocate()
                panels.deallocate()
            }
            _ = dequantizeBlocks(rows: 0..<rows, blocks: band, into: tile)
            // dX[:, band] = dY · W[:, band]
            slm_f16_gemm_pack_w(width, rows, tile, width, 0, bandPanels, panels)
            slm_f16_gemm_multiply(n, width, rows, packed.words, packed.inverse, panels, 0, bandPanels,
                                  dx + band.lowerBound * 32, cols)
        }
        return true
    }
}
