/// LoRA's adapted projection as one differentiable node.
extension Variable {
    /// y = x·Wᵀ + low·Bᵀ for a frozen W (out × in), x (..., in), low (..., r) and B (out, r):
    /// the low-rank term is added into the base product by sgemm, so neither term is kept
    /// as a tensor of its own. x receives W's share of the gradient (low's share reaches x
    /// through low's own node); low and B receive theirs.
    public func linear(_ weight: some LinearWeight, adding low: Variable, times b: Variable) throws(TensorError) -> Variable {
        let inputShape = value.shape
        let rank = b.shape.count == 2 ? b.shape[1] : -1
        guard b.shape == [weight.outFeatures, rank], low.shape == Array(inputShape.dropLast()) + [rank] else {
            throw .shapeMismatch(operation: "linear", shapes: [inputShape, low.shape, b.shape],
                                 expected: "low (..., r) with x's leading axes, and B (out, r)")
        }
        let rows = inputShape.dropLast().reduce(1, *), out = weight.outFeatures
        let result = try value.linear(weight)
        let (l, bv) = (low.value.contiguous(), b.value.contiguous())
        // result (rows, out) += low (rows, r) · Bᵀ
        BLAS.sgemm(transposeB: true, m: rows, n: out, k: rank, a: l.base, lda: rank, b: bv.base, ldb: rank,
                   beta: 1, c: result.base, ldc: out)
        return Variable(result, parents: [self, low, b]) { g, needs in
            let dy = g.contiguous()
            var grads: [Tensor?] = [nil, nil, nil]
            if needs[0] {
                let dx = Tensor(uninitializedShape: inputShape)
                weight.backward(dy.base, rows: rows, into: dx.base)
                grads[0] = dx
            }
            if needs[1] {
                // dlow (rows, r) = dy (rows, out) · B
                let dl = Tensor(uninitializedShape: l.shape)
                BLAS.sgemm(m: rows, n: rank, k: out, a: dy.base, lda: out, b: bv.base, ldb: rank, c: dl.base, ldc: rank)
                grads[1] = dl
            }
            if needs[2] {
                // dB (out, r) = dyᵀ (out, rows) · low (rows, r)
                let db = Tensor(uninitializedShape: [out, rank])
                BLAS.sgemm(transposeA: true, m: out, n: rank, k: rows, a: dy.base, lda: out, b: l.base, ldb: rank,
                           c: db.base, ldc: rank)
                grads[2] = db
            }
            return grads
        }
    }
}
