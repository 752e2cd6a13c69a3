/// Inverted dropout (LoRA applies it to the adapter's input while training): each element
/// is zeroed with probability p and the survivors scaled by 1/(1-p), so the expectation is
/// unchanged and inference needs no rescaling.
extension Tensor {
    /// The keep mask, already scaled: 0 or 1/(1-p) per element, reproducible from `seed`.
    public static func dropoutMask(_ shape: [Int], probability p: Float, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let mask = Tensor(uninitializedShape: shape)
        let keep = 1 / (1 - p)
        for i in 0..<mask.count { mask.base[i] = generator.unitFloat() < p ? 0 : keep }
        return mask
    }
}

extension Variable {
    /// Zero each element with probability `probability` (in [0, 1)) and scale the rest.
    public func dropout(probability: Float, seed: UInt64) throws(TensorError) -> Variable {
        guard probability >= 0 && probability < 1 else {
            throw .invalidArgument(operation: "dropout", reason: "probability \(probability) must be in [0, 1)")
        }
        if probability == 0 { return self }
        let mask = Tensor.dropoutMask(value.shape, probability: probability, seed: seed)
        return Variable(try value * mask, parents: [self]) { g, _ throws(TensorError) in [try g * mask] }
    }
}
