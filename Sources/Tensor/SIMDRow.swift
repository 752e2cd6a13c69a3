/// Unaligned SIMD16 loads and stores on float pointers: the building block of every hot
/// loop (one SIMD16<Float> is one AVX-512 register).
@inline(__always) func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// Σ x[i]·y[i] over n floats.
@inline(__always) func simdDot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var i = 0
    while i + 32 <= n {
        acc0 += load16(x + i) * load16(y + i)
        acc1 += load16(x + i + 16) * load16(y + i + 16)
        i += 32
    }
    if i + 16 <= n { acc0 += load16(x + i) * load16(y + i); i += 16 }
    var s = (acc0 + acc1).sum()
    while i < n { s += x[i] * y[i]; i += 1 }
    return s
}

/// Σ x[i] over n floats.
@inline(__always) func simdSum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD16<Float>()
    var i = 0
    while i + 16 <= n { acc += load16(x + i); i += 16 }
    var s = acc.sum()
    while i < n { s += x[i]; i += 1 }
    return s
}

/// y[i] += alpha · x[i] over n floats.
@inline(__always) func simdAxpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    let a = SIMD16<Float>(repeating: alpha)
    var i = 0
    while i + 16 <= n { store16(load16(y + i) + a * load16(x + i), y + i); i += 16 }
    while i < n { y[i] += alpha * x[i]; i += 1 }
}

/// y[i] = alpha · x[i] over n floats.
@inline(__always) func simdScale(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    let a = SIMD16<Float>(repeating: alpha)
    var i = 0
    while i + 16 <= n { store16(a * load16(x + i), y + i); i += 16 }
    while i < n { y[i] = alpha * x[i]; i += 1 }
}

// Lane-wise max and min through compare-and-select: the standard library's pointwiseMax,
// pointwiseMin and clamped compile to per-lane scalar code here, about 20x slower.
@inline(__always) func simdMaximum(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
    a.replacing(with: b, where: a .< b)
}

@inline(__always) func simdMinimum(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
    a.replacing(with: b, where: a .> b)
}
