import Foundation
import Tensor

/// A Llama-architecture language model (SmolLM2 and kin) running from a GGUF file whose
/// weight matrices stay quantized in the memory map.
///
/// One layer, with n = rmsnorm(x) and m = rmsnorm(h) (REFERENCE.md):
///
///     h   = x + Wo · attention(rope(Wq·n), rope(Wk·n), Wv·n)
///     out = h + Wdown · (silu(Wgate·m) ⊙ Wup·m)
///
/// and logits = Wout · rmsnorm(x_last), where Wout is the token embedding when tied.
/// Prefill runs all prompt tokens at once through sgemm on dequantized tiles; decoding one
/// token runs fused quantized matrix-vector products. Keys and values go to a `LlamaCache`.
public final class LlamaModel: @unchecked Sendable {
    public let config: LlamaConfig
    /// The file the weights live in (kept open: the matrices point into its mapping).
    public let file: GGUFFile
    /// Threads for products and attention (1 or 2 on this machine).
    public var threads: Int
    /// The kernels of single-token (decode) products; prefill always uses float sgemm.
    /// int16 activations by default: VNNI integer products like llama.cpp's, faster than
    /// float activations, and SmolLM2's logits stay within 1e-3 of exact (measured ≤ 7e-4 of
    /// the largest logit). int8 activations (llama.cpp's way) are faster still but move the
    /// logits by up to ~5 % and can flip near ties.
    public var decodeKernels: QuantizedMatrix.Kernels = .int16Activations

    let tokenEmbedding: QuantizedMatrix      // (vocab, dim)
    let output: QuantizedMatrix              // (vocab, dim): token_embd when tied
    let outputNorm: [Float]                  // (dim)
    let blocks: [Block]
    /// A LoRA adapter added to the projections it targets (nil: the base model alone).
    public let adapter: LoRAAdapter?
    /// Row-interleaved copies of the matrices for decoding, made on the first decoded token.
    private let decodeWeights: DecodeWeights

    struct Block {
        let attentionNorm: [Float]           // (dim)
        let wq: QuantizedMatrix              // (dim, dim)
        let wk: QuantizedMatrix              // (kvDim, dim)
        let wv: QuantizedMatrix              // (kvDim, dim)
        let wo: QuantizedMatrix              // (dim, dim)
        let ffnNorm: [Float]                 // (dim)
        let wGate: QuantizedMatrix           // (ffn, dim)
        let wUp: QuantizedMatrix             // (ffn, dim)
        let wDown: QuantizedMatrix           // (dim, ffn)

        func packedForDecode() -> Block {
            Block(attentionNorm: attentionNorm, wq: wq.packedForDecode(), wk: wk.packedForDecode(),
                  wv: wv.packedForDecode(), wo: wo.packedForDecode(), ffnNorm: ffnNorm,
                  wGate: wGate.packedForDecode(), wUp: wUp.packedForDecode(), wDown: wDown.packedForDecode())
        }
    }

    /// Opens the GGUF model at `path` (or a known model name, see `ModelLocator`).
    public convenience init(path: String, threads: Int = 2) throws {
        try self.init(gguf: GGUFFile(path: ModelLocator.resolve(path)), threads: threads)
    }

    public init(gguf file: GGUFFile, threads: Int = 2) throws {
        let config = try LlamaConfig(gguf: file)
        self.config = config
        self.file = file
        self.threads = max(1, threads)
        adapter = nil
        decodeWeights = DecodeWeights()

        func matrix(_ name: String, rows: Int, cols: Int) throws -> QuantizedMatrix {
            guard let t = file.tensor(named: name) else {
                throw LlamaError("\(file.path): tensor \"\(name)\" is missing")
            }
            guard t.dims == [cols, rows] || (rows == 1 && t.dims == [cols]) else {
                throw LlamaError("\(file.path): tensor \"\(name)\" has dims \(t.dims), expected [\(cols), \(rows)]")
            }
            guard let format = BlockFormat(rawValue: t.type.rawValue), let base = t.data.baseAddress else {
                throw LlamaError("\(file.path): tensor \"\(name)\" has unsupported type \(t.type.name)")
            }
            return try QuantizedMatrix(type: format, rows: rows, cols: cols, data: base, byteCount: t.data.count,
                                       owner: file, name: "\(file.path): tensor \"\(name)\"")
        }
        func vector(_ name: String, count: Int) throws -> [Float] {
            try matrix(name, rows: 1, cols: count).dequantizeRow(0)
        }

        let (d, kv, f) = (config.dim, config.kvDim, config.ffnDim)
        tokenEmbedding = try matrix("token_embd.weight", rows: config.vocabSize, cols: d)
        output = file.tensor(named: "output.weight") == nil
            ? tokenEmbedding : try matrix("output.weight", rows: config.vocabSize, cols: d)
        outputNorm = try vector("output_norm.weight", count: d)
        blocks = try (0..<config.layers).map { i in
            Block(attentionNorm: try vector("blk.\(i).attn_norm.weight", count: d),
                  wq: try matrix("blk.\(i).attn_q.weight", rows: d, cols: d),
                  wk: try matrix("blk.\(i).attn_k.weight", rows: kv, cols: d),
                  wv: try matrix("blk.\(i).attn_v.weight", rows: kv, cols: d),
                  wo: try matrix("blk.\(i).attn_output.weight", rows: d, cols: d),
                  ffnNorm: try vector("blk.\(i).ffn_norm.weight", count: d),
                  wGate: try matrix("blk.\(i).ffn_gate.weight", rows: f, cols: d),
                  wUp: try matrix("blk.\(i).ffn_up.weight", rows: f, cols: d),
                  wDown: try matrix("blk.\(i).ffn_down.weight", rows: d, cols: f))
        }
    }

    /// The same base weights (shared, not copied) with `adapter` applied.
    public init(base: LlamaModel, adapter: LoRAAdapter?) throws {
        if let adapter, adapter.model != base.config {
            throw LlamaError("the adapter was made for another model shape (\(adapter.model.layers) layers of width \(adapter.model.dim))")
        }
        config = base.config
        file = base.file
        threads = base.threads
        decodeKernels = base.decodeKernels
        tokenEmbedding = base.tokenEmbedding
        output = base.output
        outputNorm = base.outputNorm
        blocks = base.blocks
        decodeWeights = base.decodeWeights
        self.adapter = adapter
    }

    /// An empty cache for up to `capacity` positions (default: the model's context length).
    public func makeCache(capacity: Int? = nil) -> LlamaCache {
        LlamaCache(layers: config.layers, capacity: min(capacity ?? config.contextLength, config.contextLength),
                kvDim: config.kvDim)
    }

    /// Bytes of weights one decoded token reads (every matrix once, plus one embedding row).
    public var weightBytesPerToken: Int {
        let perBlock = blocks.first.map { b in
            [b.wq, b.wk, b.wv, b.wo, b.wGate, b.wUp, b.wDown].reduce(0) { $0 + $1.rows * $1.rowBytes }
        } ?? 0
        return perBlock * blocks.count + output.rows * output.rowBytes + tokenEmbedding.rowBytes
    }

    /// Runs `tokens` at positions cache.count ..< cache.count + T, storing their keys and
    /// values in `cache`. Returns the logits of the last token (vocab), or of every token
    /// ((T, vocab) row-major) when `allLogits`.
    public func forward(_ tokens: [Int], cache: LlamaCache, allLogits: Bool = false) throws -> [Float] {
        let c = config
        let steps = tokens.count
        let start = cache.count
        guard steps > 0 else { throw LlamaError("forward: no tokens") }
        guard cache.layers == c.layers, cache.kvDim == c.kvDim else {
            throw LlamaError("forward: the cache was made for another model")
        }
        guard start + steps <= cache.capacity else {
            throw LlamaError("forward: positions up to \(start + steps) exceed the context of \(cache.capacity)")
        }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= c.vocabSize }) {
            throw LlamaError("forward: token id \(bad) is outside the vocabulary 0..<\(c.vocabSize)")
        }
        if Parallel.threadCount != threads { try Parallel.setThreadCount(threads) }

        let s = Scratch(steps: steps, config: c)
        defer { s.deallocate() }
        let (d, kv, f) = (c.dim, c.kvDim, c.ffnDim)
        for (t, id) in tokens.enumerated() { tokenEmbedding.dequantizeRow(id, into: s.x + t * d) }
        let (cos, sin) = ropeTable(positions: start..<(start + steps))
        let (layers, head) = steps == 1 ? decodeWeights.weights(blocks: blocks, output: output) : (blocks, output)

        for (layer, b) in layers.enumerated() {
            // n = rmsnorm(x);  q, k, v = Wq·n, Wk·n, Wv·n  (T, dim) (T, kvDim) (T, kvDim)
            byRows(steps) { r in RowOps.rmsNorm(s.x + r.lowerBound * d, b.attentionNorm, s.n + r.lowerBound * d,
                                                rows: r.count, n: d, epsilon: c.normEpsilon) }
            let keys = cache.keys(layer) + start * kv, values = cache.values(layer) + start * kv
            project([b.wq, b.wk, b.wv], s.n, [s.q, keys, values], steps)
            adapter?.addDelta(layer: layer, target: .q, x: s.n, rows: steps, into: s.q)
            adapter?.addDelta(layer: layer, target: .k, x: s.n, rows: steps, into: keys)
            adapter?.addDelta(layer: layer, target: .v, x: s.n, rows: steps, into: values)
            // rope on q and k, adjacent pairs (GGUF's permuted Q/K rows)
            byRows(steps) { r in
                let angles = r.lowerBound * c.headDim / 2
                cos.withUnsafeBufferPointer { cos in
                    sin.withUnsafeBufferPointer { sin in
                        let (cr, sr) = (cos.baseAddress! + angles, sin.baseAddress! + angles)
                        RowOps.ropeAdjacentPairs(s.q + r.lowerBound * d, rows: r.count, heads: c.heads,
                                                 headDim: c.headDim, cos: cr, sin: sr)
                        RowOps.ropeAdjacentPairs(keys + r.lowerBound * kv, rows: r.count, heads: c.kvHeads,
                                                 headDim: c.headDim, cos: cr, sin: sr)
                    }
                }
            }
            // h = x + Wo · attention(q, k, v)
            attention(s, cache: cache, layer: layer, start: start)
            project(b.wo, s.attended, s.projected, steps)
            adapter?.addDelta(layer: layer, target: .o, x: s.attended, rows: steps, into: s.projected)
            // m = rmsnorm(h);  out = h + Wdown · (silu(Wgate·m) ⊙ Wup·m)
            byRows(steps) { r in
                RowOps.add(s.x + r.lowerBound * d, s.projected + r.lowerBound * d, count: r.count * d)
                RowOps.rmsNorm(s.x + r.lowerBound * d, b.ffnNorm, s.n + r.lowerBound * d,
                               rows: r.count, n: d, epsilon: c.normEpsilon)
            }
            project([b.wGate, b.wUp], s.n, [s.gate, s.up], steps)
            adapter?.addDelta(layer: layer, target: .gate, x: s.n, rows: steps, into: s.gate)
            adapter?.addDelta(layer: layer, target: .up, x: s.n, rows: steps, into: s.up)
            byRows(steps) { r in RowOps.siluGate(s.gate + r.lowerBound * f, s.up + r.lowerBound * f, count: r.count * f) }
            project(b.wDown, s.gate, s.projected, steps)
            adapter?.addDelta(layer: layer, target: .down, x: s.gate, rows: steps, into: s.projected)
            byRows(steps) { r in RowOps.add(s.x + r.lowerBound * d, s.projected + r.lowerBound * d, count: r.count * d) }
        }
        cache.advance(by: steps)

        // logits = Wout · rmsnorm(x) for the rows asked for
        let first = allLogits ? 0 : steps - 1
        let rows = steps - first
        RowOps.rmsNorm(s.x + first * d, outputNorm, s.n, rows: rows, n: d, epsilon: c.normEpsilon)
        return [Float](unsafeUninitializedCapacity: rows * c.vocabSize) { logits, count in
            project(head, s.n, logits.baseAddress!, rows)
            count = rows * c.vocabSize
        }
    }

    /// y (T, rows of W) = x (T, cols of W) · Wᵀ.
    private func project(_ w: QuantizedMatrix, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ steps: Int) {
        project([w], x, [y], steps)
    }

    /// yᵢ = x · Wᵢᵀ for matrices of the same width; one token's products share one
    /// parallel pass.
    private func project(_ ws: [QuantizedMatrix], _ x: UnsafePointer<Float>, _ ys: [UnsafeMutablePointer<Float>], _ steps: Int) {
        if steps == 1 {
            let ws = ws.map { w -> QuantizedMatrix in
                var w = w
                w.kernels = decodeKernels
                return w
            }
            QuantizedMatrix.matvec(ws, x, into: ys, threads: threads)
        } else {
            for (w, y) in zip(ws, ys) { w.matmul(x, count: steps, into: y, threads: threads) }
        }
    }

    /// Runs `body` on bands of the token rows 0..<steps, in parallel when there are many.
    private func byRows(_ steps: Int, _ body: (Range<Int>) -> Void) {
        let bands = steps >= 32 ? threads : 1
        Parallel.run(chunks: bands, threads: bands) { i in
            body((steps * i / bands)..<(steps * (i + 1) / bands))
        }
    }

    /// cos and sin of position p · base^(−2i/headDim) for each position and pair i:
    /// (T, headDim/2) each, computed in Float64.
    private func ropeTable(positions: Range<Int>) -> (cos: [Float], sin: [Float]) {
        let pairs = config.headDim / 2
        var cosines = [Float](repeating: 0, count: positions.count * pairs), sines = cosines
        for (t, p) in positions.enumerated() {
            for i in 0..<pairs {
                let angle = Double(p) * pow(Double(config.ropeBase), -2 * Double(i) / Double(config.headDim))
                cosines[t * pairs + i] = Float(Foundation.cos(angle))
                sines[t * pairs + i] = Float(Foundation.sin(angle))
            }
        }
        return (cosines, sines)
    }

    /// attended (T, heads·headDim): causal softmax(q·kᵀ/√headDim)·v per query head, over the
    /// cache's positions 0 ..< start + T; query head h reads KV head h / (heads / kvHeads).
    /// Work is split into (head, block of query rows) pairs over the threads; a block reads
    /// only the keys its last row sees.
    private func attention(_ s: Scratch, cache: LlamaCache, layer: Int, start: Int) {
        let c = config
        let (steps, hd, kv, d) = (s.steps, c.headDim, c.kvDim, c.dim)
        let group = c.heads / c.kvHeads
        let keys = cache.keys(layer), values = cache.values(layer)
        let scale = 1 / Float(hd).squareRoot()
        let block = Self.attentionRowBlock
        let rowBlocks = (steps + block - 1) / block
        Parallel.run(chunks: c.heads * rowBlocks, threads: steps == 1 ? 1 : threads) { chunk in
            let h = chunk % c.heads, kvHead = h / group
            let t0 = chunk / c.heads * block, t1 = min(steps, t0 + block)
            let (rows, seen) = (t1 - t0, start + t1)
            let q = s.q + t0 * d + h * hd, out = s.attended + t0 * d + h * hd
            let k = keys + kvHead * hd, v = values + kvHead * hd
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * seen)   // (rows, seen)
            defer { scores.deallocate() }
            if rows == 1 {
                RowOps.scaledDots(q, k, stride: kv, count: seen, n: hd, scale: scale, into: scores)
                RowOps.maskedSoftmax(scores, visible: seen, count: seen)
                RowOps.weightedSum(scores, v, stride: kv, count: seen, n: hd, into: out)
                return
            }
            // scores (rows, seen) = q_h (rows, hd) · k_kvHeadᵀ (hd, seen) / √hd
            BLAS.sgemmOnThisThread(transposeB: true, m: rows, n: seen, k: hd, alpha: scale,
                                   a: q, lda: d, b: k, ldb: kv, c: scores, ldc: seen)
            for t in 0..<rows {
                RowOps.maskedSoftmax(scores + t * seen, visible: start + t0 + t + 1, count: seen)
            }
            // attended_h (rows, hd) = probabilities (rows, seen) · v_kvHead (seen, hd)
            BLAS.sgemmOnThisThread(m: rows, n: hd, k: seen, a: scores, lda: seen, b: v, ldb: kv, c: out, ldc: d)
        }
    }

    /// Query rows per attention work item.
    private static let attentionRowBlock = 64

    /// Activations of one forward call, one allocation per buffer.
    private final class Scratch {
        let steps: Int
        let x, n, q, attended, projected, gate, up: UnsafeMutablePointer<Float>

        init(steps: Int, config c: LlamaConfig) {
            self.steps = steps
            x = .allocate(capacity: steps * c.dim)              // residual stream (T, dim)
            n = .allocate(capacity: steps * c.dim)              // normalized (T, dim)
            q = .allocate(capacity: steps * c.dim)              // queries (T, heads·headDim)
            attended = .allocate(capacity: steps * c.dim)       // attention output (T, dim)
            projected = .allocate(capacity: steps * c.dim)      // Wo· or Wdown· output (T, dim)
            gate = .allocate(capacity: steps * c.ffnDim)        // (T, ffn)
            up = .allocate(capacity: steps * c.ffnDim)          // (T, ffn)
        }

        func deallocate() {
            for p in [x, n, q, attended, projected, gate, up] { p.deallocate() }
        }
    }
}
