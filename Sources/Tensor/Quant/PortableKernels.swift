/// Swift SIMD kernels for every supported format: each block is dequantized into a small
/// stack buffer with ggml's arithmetic and dotted with the activations 16 lanes at a time.
/// They serve every format on every CPU; `QuantizedMatrix` prefers the AVX-512 C kernels
/// for Q4_0, Q4_1 and Q8_0 where the CPU has them.

/// Σ a[i]·b[i] over `count` floats.
@inline(__always)
func dotFloats(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var i = 0
    while i + 32 <= count {
        let a0 = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self)
        let b0 = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Float>.self)
        let a1 = UnsafeRawPointer(a + i + 16).loadUnaligned(as: SIMD16<Float>.self)
        let b1 = UnsafeRawPointer(b + i + 16).loadUnaligned(as: SIMD16<Float>.self)
        acc0.addProduct(a0, b0)
        acc1.addProduct(a1, b1)
        i += 32
    }
    var total = (acc0 + acc1).sum()
    while i < count {
        total += a[i] * b[i]
        i += 1
    }
    return total
}

/// y[r] = row r of the matrix · x, for r in `rowRange`; each row holds `cols` values of `type`.
func portableMatvec(_ type: BlockFormat, _ data: UnsafeRawPointer, rowBytes: Int, cols: Int,
                    rowRange: Range<Int>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
    if type == .f32 {
        for r in rowRange {
            y[r] = dotFloats((data + r * rowBytes).assumingMemoryBound(to: Float.self), x, cols)
        }
        return
    }
    // Elementwise formats are widened a 256-value chunk at a time; block formats a block at a time.
    let chunk = type.blockSize == 1 ? 256 : type.blockSize
    withUnsafeTemporaryAllocation(of: Float.self, capacity: chunk) { buffer in
        let values = buffer.baseAddress!
        for r in rowRange {
            let row = data + r * rowBytes
            var total: Float = 0
            var start = 0
            while start < cols {
                let n = min(chunk, cols - start)
                dequantizeValues(type, row + start / type.blockSize * type.blockBytes, values, count: n)
                total += dotFloats(values, x + start, n)
                start += n
            }
            y[r] = total
        }
    }
}
