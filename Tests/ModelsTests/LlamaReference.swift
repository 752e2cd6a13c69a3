import Foundation
import Models

/// An independent Llama forward pass in Float64, straight from the GGUF bytes: its own
/// block decoders (F32, Q4_0, Q4_1, Q8_0), plain loops, no code shared with the model's kernels.
struct LlamaReference {
    let file: GGUFFile
    let dim, layers, heads, kvHeads, headDim, ffn: Int
    let ropeBase, epsilon: Double

    init(_ file: GGUFFile) {
        self.file = file
        func int(_ key: String) -> Int { file.metadata[key]!.int! }
        dim = int("llama.embedding_length")
        layers = int("llama.block_count")
        heads = int("llama.attention.head_count")
        kvHeads = int("llama.attention.head_count_kv")
        ffn = int("llama.feed_forward_length")
        headDim = dim / heads
        ropeBase = file.metadata["llama.rope.freq_base"]!.double!
        epsilon = file.metadata["llama.attention.layer_norm_rms_epsilon"]!.double!
    }

    /// Row r of tensor `name` as Doubles.
    func row(_ name: String, _ r: Int) -> [Double] {
        let t = file.tensor(named: name)!
        let cols = t.dims[0]
        let rowBytes = t.data.count / (t.elementCount / cols)
        let p = t.data.baseAddress! + r * rowBytes
        func half(_ at: Int) -> Double { Double(Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: at, as: UInt16.self)))) }
        func byte(_ at: Int) -> UInt8 { p.load(fromByteOffset: at, as: UInt8.self) }
        var out = [Double](repeating: 0, count: cols)
        switch t.type {
        case .f32:
            for j in 0..<cols { out[j] = Double(p.loadUnaligned(fromByteOffset: 4 * j, as: Float.self)) }
        case .q4_0, .q4_1, .q8_0:
            for b in 0..<(cols / 32) {
                for j in 0..<32 {
                    let value: Double
                    switch t.type {
                    case .q4_0:
                        let q = byte(18 * b + 2 + j % 16)
                        value = (Double(j < 16 ? q & 15 : q >> 4) - 8) * half(18 * b)
                    case .q4_1:
                        let q = byte(20 * b + 4 + j % 16)
                        value = Double(j < 16 ? q & 15 : q >> 4) * half(20 * b) + half(20 * b + 2)
                    default:
                        value = Double(Int8(bitPattern: byte(34 * b + 2 + j))) * half(34 * b)
                    }
                    out[32 * b + j] = value
                }
            }
        default:
            fatalError("the reference decodes F32, Q4_0, Q4_1 and Q8_0 only, not \(t.type.name)")
        }
        return out
    }

    /// W·x for every x in xs, W = tensor `name` (rows × cols), one dequantized row at a time.
    func apply(_ name: String, _ xs: [[Double]]) -> [[Double]] {
        let rows = file.tensor(named: name)!.dims[1]
        var out = [[Double]](repeating: [Double](repeating: 0, count: rows), count: xs.count)
        for r in 0..<rows {
            let w = row(name, r)
            for (t, x) in xs.enumerated() {
                var s = 0.0
                for j in 0..<w.count { s += w[j] * x[j] }
                out[t][r] = s
            }
        }
        return out
    }

    func rmsNorm(_ x: [Double], _ weightName: String) -> [Double] {
        let w = row(weightName, 0)
        let scale = 1 / (x.reduce(0) { $0 + $1 * $1 } / Double(x.count) + epsilon).squareRoot()
        return x.indices.map { x[$0] * scale * w[$0] }
    }

    /// Rotates adjacent pairs (2i, 2i+1) of each head by position · base^(−2i/headDim).
    func rope(_ x: [Double], position: Int) -> [Double] {
        var y = x
        for h in 0..<(x.count / headDim) {
            for i in 0..<(headDim / 2) {
                let angle = Double(position) * pow(ropeBase, -2 * Double(i) / Double(headDim))
                let a = x[h * headDim + 2 * i], b = x[h * headDim + 2 * i + 1]
                y[h * headDim + 2 * i] = a * cos(angle) - b * sin(angle)
                y[h * headDim + 2 * i + 1] = a * sin(angle) + b * cos(angle)
            }
        }
        return y
    }

    /// Logits at every position of `tokens` (positions 0 ..< T).
    func logits(_ tokens: [Int]) -> [[Double]] {
        var x = tokens.map { row("token_embd.weight", $0) }
        let group = heads / kvHeads
        for l in 0..<layers {
            let n = x.map { rmsNorm($0, "blk.\(l).attn_norm.weight") }
            let q = apply("blk.\(l).attn_q.weight", n).enumerated().map { rope($1, position: $0) }
            let k = apply("blk.\(l).attn_k.weight", n).enumerated().map { rope($1, position: $0) }
            let v = apply("blk.\(l).attn_v.weight", n)
            var attended = [[Double]](repeating: [Double](repeating: 0, count: dim), count: tokens.count)
            for t in 0..<tokens.count {
                for h in 0..<heads {
                    let kh = h / group
                    var scores = (0...t).map { s in
                        (0..<headDim).reduce(0.0) { $0 + q[t][h * headDim + $1] * k[s][kh * headDim + $1] } / Double(headDim).squareRoot()
                    }
                    let top = scores.max()!
                    scores = scores.map { exp($0 - top) }
                    let total = scores.reduce(0, +)
                    for s in 0...t {
                        for j in 0..<headDim { attended[t][h * headDim + j] += scores[s] / total * v[s][kh * headDim + j] }
                    }
                }
            }
            let o = apply("blk.\(l).attn_output.weight", attended)
            for t in x.indices { for j in 0..<dim { x[t][j] += o[t][j] } }
            let m = x.map { rmsNorm($0, "blk.\(l).ffn_norm.weight") }
            let gate = apply("blk.\(l).ffn_gate.weight", m), up = apply("blk.\(l).ffn_up.weight", m)
            let hidden = gate.indices.map { t in gate[t].indices.map { gate[t][$0] / (1 + exp(-gate[t][$0])) * up[t][$0] } }
            let down = apply("blk.\(l).ffn_down.weight", hidden)
            for t in x.indices { for j in 0..<dim { x[t][j] += down[t][j] } }
        }
        let outputName = file.tensor(named: "output.weight") == nil ? "token_embd.weight" : "output.weight"
        return apply(outputName, x.map { rmsNorm($0, "output_norm.weight") })
    }
}
