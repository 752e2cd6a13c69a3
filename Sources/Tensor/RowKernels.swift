/// Raw-row kernels on the SIMD exp for model code outside this module (the Llama forward
/// pass works on raw activation buffers, not `Tensor`s).
public enum RowKernels {
    /// Softmax in place over x[0..<count].
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        softmaxRow(x, x, count)
    }

    /// gate[i] = silu(gate[i]) · up[i] over `count` values, silu(g) = g · σ(g).
    public static func siluGate(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            let g = load16(gate + i)
            store16(g / (1 + simdExp(-g)) * load16(up + i), gate + i)
            i += 16
        }
        while i < count {
            gate[i] = gate[i] / (1 + simdExp(SIMD16(repeating: -gate[i]))[0]) * up[i]
            i += 1
        }
    }
}
