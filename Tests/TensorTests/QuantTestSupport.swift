import Tensor

func halfBits(_ x: Float) -> [UInt8] {
    let bits = Float16(x).bitPattern
    return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
}

/// Random but valid bytes for a rows × cols matrix of `type`: quant bytes are uniform, scale
/// fields are finite f16 values, element formats hold random floats in [-1, 1].
func randomMatrixBytes(_ type: BlockFormat, rows: Int, cols: Int, rng: inout SeededGenerator) -> [UInt8] {
    let blocks = rows * cols / type.blockSize
    var bytes: [UInt8] = []
    bytes.reserveCapacity(blocks * type.blockBytes)
    for _ in 0..<blocks {
        switch type {
        case .f32:
            let bits = Float.random(in: -1...1, using: &rng).bitPattern
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
        case .f16:
            bytes += halfBits(Float.random(in: -1...1, using: &rng))
        case .bf16:
            let bits = Float.random(in: -1...1, using: &rng).bitPattern >> 16
            bytes += [UInt8(bits & 0xFF), UInt8(bits >> 8)]
        default:
            var block = (0..<type.blockBytes).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let scaleOffsets: [Int]
            switch type {
            case .q4_1, .q4_K: scaleOffsets = [0, 2]
            case .q6_K: scaleOffsets = [208]
            default: scaleOffsets = [0]
            }
            for offset in scaleOffsets {
                let scale = halfBits(Float.random(in: -0.05...0.05, using: &rng))
                block[offset] = scale[0]
                block[offset + 1] = scale[1]
            }
            bytes += block
        }
    }
    return bytes
}

/// Σ_j w[r][j]·x[j] in Float64 over the dequantized matrix, and Σ |w·x| for a tolerance.
func referenceMatvec(_ w: [Float], rows: Int, cols: Int, _ x: [Float]) -> (values: [Double], magnitudes: [Double]) {
    var values = [Double](repeating: 0, count: rows)
    var magnitudes = [Double](repeating: 0, count: rows)
    for r in 0..<rows {
        for j in 0..<cols {
            let p = Double(w[r * cols + j]) * Double(x[j])
            values[r] += p
            magnitudes[r] += abs(p)
        }
    }
    return (values, magnitudes)
}
