import Foundation
import Tensor

/// The hyper-parameters of a LoRA adapter (defaults from practice, REFERENCE.md: r 8,
/// alpha 16, all linear layers of every block).
public struct LoRAConfig: Sendable, Equatable {
    public var rank: Int
    public var alpha: Float
    public var dropout: Float
    public var targets: [LoRATarget]
    /// The blocks that carry adapters; nil means all.
    public var layers: [Int]?

    public init(rank: Int = 8, alpha: Float = 16, dropout: Float = 0, targets: [LoRATarget] = LoRATarget.allCases,
                layers: [Int]? = nil) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = targets
        self.layers = layers
    }

    /// alpha / r, the factor of B·A.
    public var scale: Float { alpha / Float(rank) }
}

/// One adapted projection: W·x + (alpha/r)·B·A·x with A (r, in) and B (out, r).
public struct LoRAPair {
    public let layer: Int
    public let target: LoRATarget
    public let a: Variable
    public let b: Variable
}

/// Low-rank adapters on the chosen projections of a Llama model. A starts random (PEFT's
/// Kaiming-uniform bound 1/√in, seeded), B starts zero, so a fresh adapter changes nothing.
/// The adapter's f32 matrices are the only trainable parameters; the base stays quantized.
public final class LoRAAdapter {
    public let config: LoRAConfig
    public let model: LlamaConfig
    /// Sorted by (layer, target order) so parameters always come in the same order.
    public let pairs: [LoRAPair]
    /// The base model this adapter was made for (informational, written to PEFT's config).
    public var baseModelName: String
    private let index: [Int: Int]

    public convenience init(model: LlamaConfig, config: LoRAConfig, seed: UInt64, baseModelName: String = "") throws {
        try Self.validate(config, model)
        var pairs: [LoRAPair] = []
        var generator = SeededGenerator(seed: seed)
        for layer in config.layers ?? Array(0..<model.layers) {
            for target in LoRATarget.allCases where config.targets.contains(target) {
                let (out, inputs) = target.shape(model)
                let bound = 1 / Float(inputs).squareRoot()
                let a = try Tensor.uniform([config.rank, inputs], low: -bound, high: bound, seed: generator.next())
                pairs.append(LoRAPair(layer: layer, target: target, a: Variable(a), b: Variable(try Tensor.zeros([out, config.rank]))))
            }
        }
        try self.init(model: model, config: config, pairs: pairs, baseModelName: baseModelName)
    }

    /// An adapter from existing matrices (loaded from a file or a checkpoint).
    public init(model: LlamaConfig, config: LoRAConfig, pairs: [LoRAPair], baseModelName: String = "") throws {
        try Self.validate(config, model)
        for p in pairs {
            let (out, inputs) = p.target.shape(model)
            guard p.a.shape == [config.rank, inputs], p.b.shape == [out, config.rank] else {
                throw LoRAError("adapter for layer \(p.layer) \(p.target.rawValue): A \(p.a.shape) and B \(p.b.shape) do not fit rank \(config.rank) and weight (\(out), \(inputs))")
            }
        }
        self.model = model
        self.config = config
        let order = LoRATarget.allCases
        self.pairs = pairs.sorted { ($0.layer, order.firstIndex(of: $0.target)!) < ($1.layer, order.firstIndex(of: $1.target)!) }
        self.baseModelName = baseModelName
        var index: [Int: Int] = [:]
        for (i, p) in self.pairs.enumerated() { index[Self.key(p.layer, p.target)] = i }
        self.index = index
    }

    private static func validate(_ c: LoRAConfig, _ m: LlamaConfig) throws {
        guard c.rank > 0, c.rank <= 1024 else { throw LoRAError("LoRA rank \(c.rank) must be in 1...1024") }
        guard c.alpha.isFinite, c.alpha > 0 else { throw LoRAError("LoRA alpha \(c.alpha) must be positive") }
        guard c.dropout >= 0, c.dropout < 1 else { throw LoRAError("LoRA dropout \(c.dropout) must be in [0, 1)") }
        guard !c.targets.isEmpty else { throw LoRAError("LoRA needs at least one target projection") }
        if let bad = c.layers?.first(where: { $0 < 0 || $0 >= m.layers }) {
            throw LoRAError("LoRA layer \(bad) is outside the model's 0..<\(m.layers)")
        }
    }

    private static func key(_ layer: Int, _ target: LoRATarget) -> Int {
        layer * 8 + LoRATarget.allCases.firstIndex(of: target)!
    }

    public func pair(layer: Int, target: LoRATarget) -> LoRAPair? {
        index[Self.key(layer, target)].map { pairs[$0] }
    }

    /// Every trainable matrix, A then B per pair, in a fixed order.
    public var parameters: [Variable] { pairs.flatMap { [$0.a, $0.b] } }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Training path: x·Wᵀ + (alpha/r)·B·A·dropout(x) for x (rows, in) in one node, or x·Wᵀ
    /// when this projection is not adapted.
    func project(_ x: Variable, through weight: some LinearWeight, layer: Int, target: LoRATarget,
                 dropoutSeed: UInt64?) throws -> Variable {
        guard let p = pair(layer: layer, target: target) else { return try x.linear(weight) }
        let mask = dropoutSeed.flatMap { seed in
            config.dropout > 0 ? Tensor.dropoutMask(x.shape, probability: config.dropout, seed: seed) : nil
        }
        return try x.linear(weight, loraA: p.a, loraB: p.b, scale: config.scale, dropoutMask: mask)
    }

    /// Inference path: y (rows, out) += (alpha/r)·(x·Aᵀ)·Bᵀ for x (rows, in).
    func addDelta(layer: Int, target: LoRATarget, x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        guard let p = pair(layer: layer, target: target) else { return }
        let (out, inputs) = target.shape(model)
        let r = config.rank
        let low = UnsafeMutablePointer<Float>.allocate(capacity: rows * r)   // (rows, r)
        defer { low.deallocate() }
        p.a.value.withUnsafeBufferPointer { a in
            BLAS.sgemm(transposeB: true, m: rows, n: r, k: inputs, a: x, lda: inputs, b: a.baseAddress!, ldb: inputs, c: low, ldc: r)
        }
        p.b.value.withUnsafeBufferPointer { b in
            BLAS.sgemm(transposeB: true, m: rows, n: out, k: r, alpha: config.scale, a: low, lda: r,
                       b: b.baseAddress!, ldb: r, beta: 1, c: y, ldc: out)
        }
    }
}

/// A LoRA adapter that cannot be made, loaded or applied.
public struct LoRAError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
