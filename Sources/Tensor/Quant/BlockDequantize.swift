/// Dequantization of one block of each supported format, exactly as ggml's
/// `dequantize_row_*` (ggml-quants.c) computes it: same f16 widening, same float
/// operations in the same order, so results match ggml bit for bit.

/// Q4_0, 18 bytes / 32 values: d, qs[16]. Low nibble of byte j is value j, high nibble value j+16.
@inline(__always)
func dequantizeQ4_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
    let d = loadHalf(block, 0)
    let qs = block.advanced(by: 2).assumingMemoryBound(to: UInt8.self)
    for j in 0..<16 {
        out[j] = Float(Int32(qs[j] & 0x0F) - 8) * d
        out[j + 16] = Float(Int32(qs[j] >> 4) - 8) * d
    }
}

/// Q4_1, 20 bytes / 32 values: d, m, qs[16]. x = q·d + m.
@inline(__always)
func dequantizeQ4_1(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
    let d = loadHalf(block, 0)
    let m = loadHalf(block, 2)
    let qs = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
    for j in 0..<16 {
        out[j] = Float(qs[j] & 0x0F) * d + m
        out[j + 16] = Float(qs[j] >> 4) * d + m
    }
}

/// Q8_0, 34 bytes / 32 values: d, qs[32] (int8). x = q·d.
@inline(__always)
func dequantizeQ8_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
    let d = loadHalf(block, 0)
    let qs = block.advanced(by: 2).assumingMemoryBound(to: Int8.self)
    for j in 0..<32 { out[j] = Float(qs[j]) * d }
}

/// The 6-bit scale and min of sub-block `j` (0..<8) packed in Q4_K's 12 `scales` bytes
/// (ggml's `get_scale_min_k4`): sub-blocks 0–3 use the low 6 bits of bytes j and j+4;
/// sub-blocks 4–7 combine a nibble of byte j+4 with the top 2 bits of byte j-4 (scale) or j (min).
@inline(__always)
func q4KScaleMin(_ j: Int, _ s: UnsafePointer<UInt8>) -> (scale: UInt8, min: UInt8) {
    if j < 4 {
        return (s[j] & 63, s[j + 4] & 63)
    }
    return ((s[j + 4] & 0x0F) | ((s[j - 4] >> 6) << 4),
            (s[j + 4] >> 4) | ((s[j] >> 6) << 4))
}

/// Q4_K, 144 bytes / 256 values: d, dmin, scales[12], qs[128]. Eight sub-blocks of 32 with
/// 6-bit scale sc and min mn: x = d·sc·q − dmin·mn. Each 32 bytes of qs hold two sub-blocks,
/// the low nibbles the first and the high nibbles the second.
@inline(__always)
func dequantizeQ4_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
    let d = loadHalf(block, 0)
    let dmin = loadHalf(block, 2)
    let scales = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
    let qs = block.advanced(by: 16).assumingMemoryBound(to: UInt8.self)
    for chunk in 0..<4 {                       // 64 values per chunk
        let (sc1, m1) = q4KScaleMin(2 * chunk, scales)
        let (sc2, m2) = q4KScaleMin(2 * chunk + 1, scales)
        let d1 = d * Float(sc1), min1 = dmin * Float(m1)
        let d2 = d * Float(sc2), min2 = dmin * Float(m2)
        let q = qs + 32 * chunk
        let y = out + 64 * chunk
        for l in 0..<32 { y[l] = d1 * Float(q[l] & 0x0F) - min1 }
        for l in 0..<32 { y[l + 32] = d2 * Float(q[l] >> 4) - min2 }
    }
}

/// Q6_K, 210 bytes / 256 values: ql[128] (low 4 bits), qh[64] (high 2 bits), scales[16]
/// (int8, one per 16 values), d. x = d·scale·(q − 32). Each half of 128 values uses 64 bytes
/// of ql and 32 of qh; value l + 32·k of the half takes qh bits 2k..2k+1.
@inline(__always)
func dequantizeQ6_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
    let ql0 = block.assumingMemoryBound(to: UInt8.self)
    let qh0 = (block + 128).assumingMemoryBound(to: UInt8.self)
    let sc0 = (block + 192).assumingMemoryBound(to: Int8.self)
    let d = loadHalf(block, 208)
    for half in 0..<2 {
        let ql = ql0 + 64 * half, qh = qh0 + 32 * half, sc = sc0 + 8 * half
        let y = out + 128 * half
        for l in 0..<32 {
            let s = l / 16
            let q1 = Int32((ql[l] & 0x0F) | ((qh[l] & 3) << 4)) - 32
            let q2 = Int32((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32
            let q3 = Int32((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
            let q4 = Int32((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
            y[l] = d * Float(sc[s]) * Float(q1)
            y[l + 32] = d * Float(sc[s + 2]) * Float(q2)
            y[l + 64] = d * Float(sc[s + 4]) * Float(q3)
            y[l + 96] = d * Float(sc[s + 6]) * Float(q4)
        }
    }
}

/// Dequantizes `count` values (a whole number of blocks) of `type` starting at `src`.
func dequantizeValues(_ type: BlockFormat, _ src: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>, count: Int) {
    let blocks = count / type.blockSize
    let bs = type.blockSize, bb = type.blockBytes
    switch type {
    case .f32:
        UnsafeMutableRawPointer(out).copyMemory(from: src, byteCount: 4 * count)
    case .f16:
        for i in 0..<count { out[i] = halfToFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
    case .bf16:
        for i in 0..<count { out[i] = bfloat16ToFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
    case .q4_0: for b in 0..<blocks { dequantizeQ4_0(src + b * bb, out + b * bs) }
    case .q4_1: for b in 0..<blocks { dequantizeQ4_1(src + b * bb, out + b * bs) }
    case .q8_0: for b in 0..<blocks { dequantizeQ8_0(src + b * bb, out + b * bs) }
    case .q4_K: for b in 0..<blocks { dequantizeQ4_K(src + b * bb, out + b * bs) }
    case .q6_K: for b in 0..<blocks { dequantizeQ6_K(src + b * bb, out + b * bs) }
    default:
        preconditionFailure("dequantizeValues: \(type) is rejected when the QuantizedMatrix is made")
    }
}
