/// LoRA's adapted projection as one differentiable node.
extension Variable {
    /// y = x·Wᵀ + scale·((x ⊙ mask)·Aᵀ)·Bᵀ for a frozen W (out × in), x (..., in), A (r, in)
    /// and B (out, r); `dropoutMask` (x's shape, 0 or 1/(1−p), nil for none) drops inputs of
    /// the adapter only. One node keeps only the (rows, r) low-rank product: the adapter's
    /// term is added into the base product by sgemm, and in backward its share of x's
    /// gradient is added into the base's, so x gets one gradient instead of two.
    public func linear(_ weight: some LinearWeight, loraA a: Variable, loraB b: Variable, scale: Float,
                       dropoutMask: Tensor? = nil) throws(TensorError) -> Variable {
        let inputShape = value.shape
        let rank = a.shape.first ?? -1
        guard a.shape == [rank, weight.inFeatures], b.shape == [weight.outFeatures, rank], inputShape.last == weight.inFeatures,
              dropoutMask.map({ $0.shape == inputShape }) ?? true else {
            throw .shapeMismatch(operation: "linear", shapes: [inputShape, a.shape, b.shape],
                                 expected: "x (..., in), A (r, in) and B (out, r) for a weight (out, in), and a mask of x's shape")
        }
        let rows = inputShape.dropLast().reduce(1, *), (out, inputs) = (weight.outFeatures, weight.inFeatures)
        let x = value.contiguous()
        let adapterInput = try dropoutMask.map { mask throws(TensorError) in try x * mask } ?? x
        let (av, bv) = (a.value.contiguous(), b.value.contiguous())
        // low (rows, r) = scale · x' · Aᵀ;  y = x·Wᵀ + low · Bᵀ
        let low = Tensor(uninitializedShape: [rows, rank])
        BLAS.sgemm(transposeB: true, m: rows, n: rank, k: inputs, alpha: scale, a: adapterInput.base, lda: inputs,
                   b: av.base, ldb: inputs, c: low.base, ldc: rank)
        let result = try x.linear(weight)
        BLAS.sgemm(transposeB: true, m: rows, n: out, k: rank, a: low.base, lda: rank, b: bv.base, ldb: rank,
                   beta: 1, c: result.base, ldc: out)
        return Variable(result, parents: [self, a, b]) { g, needs throws(TensorError) in
            let dy = g.contiguous()
            var grads: [Tensor?] = [nil, nil, nil]
            if needs[0] || needs[1] {
                // dlow (rows, r) = scale · dy · B: the gradient of x'·Aᵀ
                let dLow = Tensor(uninitializedShape: [rows, rank])
                BLAS.sgemm(m: rows, n: rank, k: out, alpha: scale, a: dy.base, lda: out, b: bv.base, ldb: rank,
                           c: dLow.base, ldc: rank)
                if needs[1] {
                    // dA (r, in) = dlowᵀ · x'
                    let dA = Tensor(uninitializedShape: [rank, inputs])
                    BLAS.sgemm(transposeA: true, m: rank, n: inputs, k: rows, a: dLow.base, lda: rank,
                               b: adapterInput.base, ldb: inputs, c: dA.base, ldc: inputs)
                    grads[1] = dA
                }
                if needs[0] {
                    // dx = dy · W + (dlow · A) ⊙ mask
                    let dx = Tensor(uninitializedShape: inputShape)
                    weight.backward(dy.base, rows: rows, into: dx.base)
                    if let dropoutMask {
                        let viaAdapter = Tensor(uninitializedShape: inputShape)
                        BLAS.sgemm(m: rows, n: inputs, k: rank, a: dLow.base, lda: rank, b: av.base, ldb: inputs,
                                   c: viaAdapter.base, ldc: inputs)
                        grads[0] = try dx + viaAdapter * dropoutMask
                    } else {
                        BLAS.sgemm(m: rows, n: inputs, k: rank, a: dLow.base, lda: rank, b: av.base, ldb: inputs,
                                   beta: 1, c: dx.base, ldc: inputs)
                        grads[0] = dx
                    }
                }
            }
            if needs[2] {
                // dB (out, r) = dyᵀ · low
                let dB = Tensor(uninitializedShape: [out, rank])
                BLAS.sgemm(transposeA: true, m: out, n: rank, k: rows, a: dy.base, lda: out, b: low.base, ldb: rank,
                           c: dB.base, ldc: rank)
                grads[2] = dB
            }
            return grads
        }
    }
}
