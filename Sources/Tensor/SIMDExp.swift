/// exp on 16 floats at once: exp(x) = 2ⁿ · exp(r) with n = round(x / ln 2) and
/// |r| <= ln 2 / 2, exp(r) by Cephes' expf polynomial (relative error about 2e-7).
/// Softmax, SiLU and cross-entropy spend their time here.
@inline(__always) func simdExp(_ x: SIMD16<Float>) -> SIMD16<Float> {
    // Inputs below -86.9 give about 2e-38 (the smallest power of two built below).
    let x = simdMinimum(simdMaximum(x, SIMD16(repeating: -86.9)), SIMD16(repeating: 88.72))
    // Adding 1.5·2²³ rounds to an integer and leaves n in the low mantissa bits.
    let shifter = SIMD16<Float>(repeating: 0x1.8p23)
    let t = x * SIMD16(repeating: 1.442_695_04) + shifter
    let n = t - shifter
    // r = x - n·ln 2, with ln 2 split in two so the product is exact.
    var r = x - n * SIMD16(repeating: 0.693_359_375)
    r = r - n * SIMD16(repeating: -2.121_944_4e-4)
    var p = SIMD16<Float>(repeating: 1.987_569_15e-4)
    p = p * r + SIMD16(repeating: 1.398_199_95e-3)
    p = p * r + SIMD16(repeating: 8.333_451_9e-3)
    p = p * r + SIMD16(repeating: 4.166_579_59e-2)
    p = p * r + SIMD16(repeating: 0.166_666_655)
    p = p * r + SIMD16(repeating: 0.500_000_01)
    let expR = p * r * r + r + SIMD16(repeating: 1)
    // 2ⁿ⁻¹ built from its bits, (n - 1 + 127) << 23, then doubled: 2¹²⁸ itself is not a float.
    let bits = unsafeBitCast(t, to: SIMD16<Int32>.self) &- 0x4B40_0000 &+ 126
    return expR * unsafeBitCast(bits &<< 23, to: SIMD16<Float>.self) * SIMD16(repeating: 2)
}

/// y[i] = exp(x[i] + shift) over n floats, returning Σ y; y may alias x.
@inline(__always) func simdExpShifted(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, shift: Float) -> Float {
    let s = SIMD16<Float>(repeating: shift)
    var total = SIMD16<Float>()
    var i = 0
    while i + 16 <= n {
        let e = simdExp(load16(x + i) + s)
        store16(e, y + i)
        total += e
        i += 16
    }
    var sum = total.sum()
    if i < n {
        // The tail through a padded vector, so every element uses the same formula.
        var tail = SIMD16<Float>(repeating: -.infinity)
        for j in i..<n { tail[j - i] = x[j] + shift }
        let e = simdExp(tail)
        for j in i..<n { y[j] = e[j - i]; sum += e[j - i] }
    }
    return sum
}

/// The largest of n floats (n > 0).
@inline(__always) func simdMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var m = SIMD16<Float>(repeating: -.infinity)
    var i = 0
    while i + 16 <= n { m = simdMaximum(m, load16(x + i)); i += 16 }
    var result = m.max()
    while i < n { result = max(result, x[i]); i += 1 }
    return result
}
