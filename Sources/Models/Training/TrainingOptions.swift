import Tensor

/// How a LoRA adapter is trained (defaults from practice, REFERENCE.md: lr 2e-4, cosine
/// with warm-up, clip 1.0).
public struct TrainingOptions: Sendable, Equatable {
    public var epochs: Int = 1
    public var learningRate: Float = 2e-4
    /// Sequences per micro-batch.
    public var batchSize: Int = 4
    /// Micro-batches whose gradients are summed (averaged) into one update.
    public var accumulation: Int = 1
    /// Packs each micro-batch's sequences into rows of at most this many positions instead
    /// of padding one per row (nil: no packing). Updates and losses stay the same; only the
    /// padding's compute goes.
    public var packLength: Int?
    /// Warm-up updates (clamped to a tenth of the run at most).
    public var warmupSteps: Int = 10
    /// Joint gradient L2 norm above which gradients are scaled down (0: no clipping).
    public var maxGradientNorm: Float = 1
    public var weightDecay: Float = 0
    public var seed: UInt64 = 0
    /// Validation loss every this many updates (0: after each epoch).
    public var validationEvery: Int = 0
    /// Stop when validation loss has not improved for this many validations (0: never).
    public var patience: Int = 0
    /// Save a checkpoint every this many updates (0: never) to `checkpointPath`, and
    /// resume from it when it exists.
    public var checkpointEvery: Int = 0
    public var checkpointPath: String?
    /// Arithmetic of the frozen base's products: fp16 multiply-adds where the CPU has them
    /// (twice f32's rate; QLoRA likewise computes in half precision), else f32.
    public var precision: ProductPrecision = .fastest

    public init() {}

    /// Checks ranges before any work starts.
    public func validate() throws {
        guard epochs >= 1, epochs <= 10_000 else { throw LoRAError("epochs \(epochs) must be in 1...10000") }
        guard learningRate.isFinite, learningRate > 0 else { throw LoRAError("learning rate \(learningRate) must be positive") }
        guard batchSize >= 1, batchSize <= 1024 else { throw LoRAError("batch \(batchSize) must be in 1...1024") }
        guard accumulation >= 1, accumulation <= 1024 else { throw LoRAError("accumulation \(accumulation) must be in 1...1024") }
        if let n = packLength, n < 1 { throw LoRAError("pack length \(n) must be positive") }
        guard maxGradientNorm >= 0, weightDecay >= 0 else { throw LoRAError("gradient clip and weight decay must not be negative") }
        guard validationEvery >= 0, patience >= 0, checkpointEvery >= 0, warmupSteps >= 0 else {
            throw LoRAError("validation, patience, checkpoint and warm-up counts must not be negative")
        }
        if checkpointEvery > 0 && checkpointPath == nil { throw LoRAError("checkpoint_every needs a checkpoint path") }
        if precision == .float16 && !HalfPrecisionGEMM.isAvailable {
            throw LoRAError("precision fp16 needs a CPU with AVX512-FP16; this one has none (use precision f32)")
        }
    }
}

/// What the trainer reports after each update.
public struct TrainingProgress: Sendable {
    public var step: Int
    public var totalSteps: Int
    public var epoch: Int
    public var loss: Float
    public var learningRate: Float
    /// Trained-on tokens (all positions of the padded batches) per second of this run.
    public var tokensPerSecond: Double
    public var elapsedSeconds: Double
    public var etaSeconds: Double
    /// Set on the steps that ran a validation.
    public var validationLoss: Float?
}

/// The outcome of a training run.
public struct TrainingResult: Sendable {
    public var steps: Int
    public var totalSteps: Int
    /// Training loss of every update since the start (resumed runs included).
    public var losses: [Float]
    /// (update, loss) of every validation.
    public var validationLosses: [(step: Int, loss: Float)]
    public var stoppedEarly: Bool
    public var cancelled: Bool
    public var seconds: Double
    public var tokens: Int
    public var resumedFrom: Int?
}
