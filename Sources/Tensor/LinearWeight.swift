/// A frozen weight matrix W (out × in, PyTorch/GGUF row order) that multiplies
/// activations: y = x · Wᵀ. Only the activation gradient flows through it, so a quantized
/// matrix can stand in for the dense one by conforming to this protocol.
public protocol LinearWeight {
    var inFeatures: Int { get }
    var outFeatures: Int { get }
    /// y (rows × outFeatures) = x (rows × inFeatures) · Wᵀ
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>)
    /// dx (rows × inFeatures) = dy (rows × outFeatures) · W
    func backward(_ dy: UnsafePointer<Float>, rows: Int, into dx: UnsafeMutablePointer<Float>)
}

/// A float32 weight, multiplied through sgemm.
public struct DenseWeight: LinearWeight, @unchecked Sendable {
    public let weight: Tensor
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    /// `weight` is (out, in).
    public init(_ weight: Tensor) throws(TensorError) {
        guard weight.rank == 2 else {
            throw .invalidShape(operation: "DenseWeight", shape: weight.shape, reason: "a weight matrix needs rank 2 (out, in)")
        }
        self.weight = weight.contiguous()
    }

    public func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        BLAS.sgemm(transposeB: true, m: rows, n: outFeatures, k: inFeatures,
                   a: x, lda: inFeatures, b: weight.base, ldb: inFeatures, c: y, ldc: outFeatures)
    }

    public func backward(_ dy: UnsafePointer<Float>, rows: Int, into dx: UnsafeMutablePointer<Float>) {
        BLAS.sgemm(m: rows, n: inFeatures, k: outFeatures,
                   a: dy, lda: outFeatures, b: weight.base, ldb: inFeatures, c: dx, ldc: inFeatures)
    }
}

extension Tensor {
    /// x (..., in) · Wᵀ -> (..., out).
    public func linear(_ weight: some LinearWeight) throws(TensorError) -> Tensor {
        guard rank >= 1, shape[rank - 1] == weight.inFeatures else {
            throw .shapeMismatch(operation: "linear", shapes: [shape, [weight.outFeatures, weight.inFeatures]],
                                 expected: "the input's last axis must equal the weight's in-features")
        }
        let x = contiguous()
        let result = Tensor(uninitializedShape: Array(shape.dropLast()) + [weight.outFeatures])
        weight.forward(x.base, rows: shape.dropLast().reduce(1, *), into: result.base)
        return result
    }
}

extension Variable {
    /// x (..., in) · Wᵀ with W frozen: only x receives a gradient.
    public func linear(_ weight: some LinearWeight) throws(TensorError) -> Variable {
        let inputShape = value.shape
        return Variable(try value.linear(weight), parents: [self]) { g, _ in
            let dy = g.contiguous()
            let dx = Tensor(uninitializedShape: inputShape)
            weight.backward(dy.base, rows: inputShape.dropLast().reduce(1, *), into: dx.base)
            return [dx]
        }
    }
}
