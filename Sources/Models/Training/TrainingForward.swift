import Tensor

/// The Llama forward pass recorded through `Variable` for training a LoRA adapter. The
/// base stays frozen and quantized: each projection multiplies through `QuantizedMatrix`
/// (dequantized tile by tile) and passes only the activation gradient; the adapter's A
/// and B are the leaves that collect gradients. Same equations as `LlamaModel.forward`.
extension LlamaModel {
    /// Mean cross-entropy over the batch's trained positions. `dropoutSeed` (nil: no
    /// dropout, as in evaluation) seeds each adapter's dropout mask; `precision` is the
    /// arithmetic of the frozen base's products (`ProductPrecision`).
    public func trainingLoss(_ batch: TrainingBatch, adapter: LoRAAdapter?, dropoutSeed: UInt64? = nil,
                             precision: ProductPrecision = .float32) throws -> Variable {
        let (logits, rows) = try trainingLogits(batch, adapter: adapter, dropoutSeed: dropoutSeed, precision: precision)
        return try logits.crossEntropy(targets: rows.map { batch.targets[$0] })
    }

    /// The logits (N, vocab) of the batch's N trained positions, recorded for backward, and
    /// those positions (indices into the batch's B·L rows).
    public func trainingLogits(_ batch: TrainingBatch, adapter: LoRAAdapter?, dropoutSeed: UInt64? = nil,
                               precision: ProductPrecision = .float32) throws -> (logits: Variable, rows: [Int]) {
        let c = config
        let (bsz, steps, d) = (batch.batch, batch.steps, c.dim)
        let rows = bsz * steps
        if let bad = batch.inputs.first(where: { $0 < 0 || $0 >= c.vocabSize }) ?? batch.targets.first(where: { $0 < 0 || $0 >= c.vocabSize }) {
            throw LlamaError("training: token id \(bad) is outside the vocabulary 0..<\(c.vocabSize)")
        }
        guard steps <= c.contextLength else {
            throw LlamaError("training: sequences of \(steps) tokens exceed the context of \(c.contextLength)")
        }
        if Parallel.threadCount != threads { try Parallel.setThreadCount(threads) }

        // x (B·L, dim): embedding rows, frozen
        let embedded = try Tensor(shape: [rows, d]) { x in
            for (r, id) in batch.inputs.enumerated() { tokenEmbedding.dequantizeRow(id, into: x.baseAddress! + r * d) }
        }
        var x = Variable(embedded, requiresGradient: false)
        func frozen(_ v: [Float]) throws -> Variable { Variable(try Tensor(shape: [v.count], scalars: v), requiresGradient: false) }

        // Logits only for the trained positions: the (vocab × dim) head is the costliest product.
        let trained = batch.weights.indices.filter { batch.weights[$0] > 0 }
        guard !trained.isEmpty else { throw LoRAError("training: the batch has no trained (assistant) tokens") }

        for (layer, b) in blocks.enumerated() {
            func project(_ input: Variable, _ matrix: QuantizedMatrix, _ target: LoRATarget) throws -> Variable {
                let w = QuantizedLinear(matrix, precision: precision)
                guard let adapter else { return try input.linear(w) }
                let seed = dropoutSeed.map { $0 &+ UInt64(layer * 8 + LoRATarget.allCases.firstIndex(of: target)!) &* 0x9E37_79B9 }
                return try adapter.project(input, through: w, layer: layer, target: target, dropoutSeed: seed)
            }
            // n = rmsnorm(x); q (B, L, Hq, hd), k and v (B, L, Hkv, hd)
            let n = try x.rmsNorm(weight: frozen(b.attentionNorm), epsilon: c.normEpsilon)
            // RoPE over all B·L rows at once, each at its position within its own sequence
            let q = try project(n, b.wq, .q).reshaped([rows, c.heads, c.headDim])
                .rope(positions: batch.positions, base: c.ropeBase, layout: .adjacentPairs).reshaped([bsz, steps, c.heads, c.headDim])
            let k = try project(n, b.wk, .k).reshaped([rows, c.kvHeads, c.headDim])
                .rope(positions: batch.positions, base: c.ropeBase, layout: .adjacentPairs).reshaped([bsz, steps, c.kvHeads, c.headDim])
            let v = try project(n, b.wv, .v).reshaped([bsz, steps, c.kvHeads, c.headDim])
            var attended = try Variable.attention(query: q, keys: k, values: v, segments: batch.segments).reshaped([rows, d])
            // Past the last block's attention only the trained rows reach the loss: the rest of
            // that block (o, the FFN) runs on those rows alone.
            if layer == blocks.count - 1 { (x, attended) = (try x.gather(rows: trained), try attended.gather(rows: trained)) }
            let h = try x + project(attended, b.wo, .o)
            // out = h + Wdown · (silu(Wgate·m) ⊙ Wup·m)
            let m = try h.rmsNorm(weight: frozen(b.ffnNorm), epsilon: c.normEpsilon)
            let gated = try Variable.swiGLU(gate: project(m, b.wGate, .gate), up: project(m, b.wUp, .up))
            x = try h + project(gated, b.wDown, .down)
        }
        let final = try x.rmsNorm(weight: frozen(outputNorm), epsilon: c.normEpsilon)
        return (try final.linear(QuantizedLinear(output, precision: precision)), trained)   // (N, vocab)
    }
}
