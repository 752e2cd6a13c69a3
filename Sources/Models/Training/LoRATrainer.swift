import Foundation
import Tensor

/// Trains a LoRA adapter on a frozen, quantized Llama: shuffled padded or packed batches
/// (seeded per epoch), loss on trained tokens only, gradient accumulation, clipping, AdamW with warm-up
/// and cosine decay, periodic validation with early stopping (the best weights are kept),
/// and checkpoints that resume to bit-identical weights.
///
/// Everything random derives from `options.seed` and the update number, so the state at
/// an update boundary is exactly: adapter weights, optimizer moments, the update count and
/// the validation history — which is what a checkpoint holds.
public final class LoRATrainer {
    public let model: LlamaModel
    public let adapter: LoRAAdapter
    public let train: [TrainingExample]
    public let validation: [TrainingExample]
    public let options: TrainingOptions
    /// Token-level distillation from a teacher's logits (nil: cross-entropy on the answers only).
    /// Validation (and so early stopping) keeps measuring cross-entropy on the answers.
    public let distillation: Distillation?
    /// Polled after every update (for example a Ctrl-C flag): true saves a checkpoint and stops.
    public var shouldStop: () -> Bool = { false }
    public var onProgress: ((TrainingProgress) -> Void)?

    var state: TrainingState

    public init(model: LlamaModel, adapter: LoRAAdapter, train: [TrainingExample], validation: [TrainingExample] = [],
                options: TrainingOptions, distillation: Distillation? = nil) throws {
        try options.validate()
        try distillation?.check(student: model.config)
        guard adapter.model == model.config else { throw LoRAError("the adapter was made for another model shape") }
        let usable = train.filter { $0.trainedCount > 0 }
        guard !usable.isEmpty else { throw LoRAError("no training example has answer tokens within max_len") }
        self.model = model
        self.adapter = adapter
        self.train = usable
        self.validation = validation.filter { $0.trainedCount > 0 }
        self.options = options
        self.distillation = distillation
        state = TrainingState(optimizer: AdamW(parameters: adapter.parameters, weightDecay: options.weightDecay))
    }

    /// Updates per epoch: the last partial group of batches still makes one update.
    public var stepsPerEpoch: Int { (train.count + perStep - 1) / perStep }
    public var totalSteps: Int { stepsPerEpoch * options.epochs }
    private var perStep: Int { options.batchSize * options.accumulation }

    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: options.learningRate, warmupSteps: min(options.warmupSteps, totalSteps / 10),
                             totalSteps: totalSteps)
    }

    /// The examples of update `step`, as its micro-batches.
    func microBatches(step: Int) -> [[TrainingExample]] {
        let epoch = step / stepsPerEpoch, within = step % stepsPerEpoch
        var order = Array(train.indices)
        var generator = SeededGenerator(seed: options.seed &+ 0x5EED &* UInt64(epoch + 1))
        order.shuffle(using: &generator)
        let chosen = order[(within * perStep)..<min(order.count, (within + 1) * perStep)].map { train[$0] }
        return stride(from: 0, to: chosen.count, by: options.batchSize).map {
            Array(chosen[$0..<min(chosen.count, $0 + options.batchSize)])
        }
    }

    /// Runs to the end (or an early stop, or `shouldStop`), resuming from the checkpoint
    /// when one exists at `options.checkpointPath`.
    public func run() throws -> TrainingResult {
        var resumedFrom: Int?
        if let path = options.checkpointPath, FileManager.default.fileExists(atPath: path) {
            try TrainingCheckpoint.load(path, into: self)
            resumedFrom = state.step
        }
        keepFreedMemoryForReuse()
        let started = Date()
        var tokens = 0, stoppedEarly = false, cancelled = false
        let stepsAtStart = state.step
        let parameters = adapter.parameters
        while state.step < totalSteps {
            let step = state.step
            let batches = microBatches(step: step)
            var loss: Float = 0
            for (i, examples) in batches.enumerated() {
                let batch = try options.packLength.map { try TrainingBatch(packing: examples, rowLength: $0) } ?? TrainingBatch(examples)
                let seed = adapter.config.dropout > 0 ? options.seed &+ UInt64(step) &* 1_000_003 &+ UInt64(i) : nil
                let l = try distillation?.loss(student: model, batch: batch, adapter: adapter, dropoutSeed: seed, precision: options.precision)
                    ?? model.trainingLoss(batch, adapter: adapter, dropoutSeed: seed, precision: options.precision)
                try l.backward()
                loss += (l.value.item ?? 0) / Float(batches.count)
                tokens += batch.batch * batch.steps
            }
            // Gradients were summed over micro-batches: average, then clip the joint norm.
            var scale = 1 / Float(batches.count)
            let norm = AdamW.gradientNorm(parameters) * scale
            if options.maxGradientNorm > 0 && norm > options.maxGradientNorm { scale *= options.maxGradientNorm / norm }
            let rate = schedule.rate(at: step)
            state.optimizer.update(parameters, learningRate: rate, gradientScale: scale)
            for p in parameters { p.zeroGradient() }
            state.step += 1
            state.losses.append(loss)

            var validationLoss: Float?
            let every = options.validationEvery > 0 ? options.validationEvery : stepsPerEpoch
            if !validation.isEmpty && (state.step % every == 0 || state.step == totalSteps) {
                let v = try validationLossNow()
                validationLoss = v
                state.validations.append((state.step, v))
                if state.best.map({ v < $0 }) ?? true {
                    state.best = v
                    state.bestWeights = parameters.map(\.value.scalars)
                    state.badValidations = 0
                } else {
                    state.badValidations += 1
                    stoppedEarly = options.patience > 0 && state.badValidations >= options.patience
                }
            }
            if let path = options.checkpointPath, options.checkpointEvery > 0, state.step % options.checkpointEvery == 0 {
                try TrainingCheckpoint.save(self, to: path)
            }
            let elapsed = Date().timeIntervalSince(started)
            let done = state.step - stepsAtStart
            onProgress?(TrainingProgress(step: state.step, totalSteps: totalSteps, epoch: step / stepsPerEpoch + 1, loss: loss,
                                         learningRate: rate, tokensPerSecond: Double(tokens) / max(elapsed, 1e-9),
                                         elapsedSeconds: elapsed,
                                         etaSeconds: elapsed / Double(done) * Double(totalSteps - state.step),
                                         validationLoss: validationLoss))
            if stoppedEarly { break }
            if state.step < totalSteps && shouldStop() {
                cancelled = true
                if let path = options.checkpointPath { try TrainingCheckpoint.save(self, to: path) }
                break
            }
        }
        if !cancelled, let best = state.bestWeights { try restore(best) }
        return TrainingResult(steps: state.step, totalSteps: totalSteps, losses: state.losses, validationLosses: state.validations,
                              stoppedEarly: stoppedEarly, cancelled: cancelled, seconds: Date().timeIntervalSince(started),
                              tokens: tokens, resumedFrom: resumedFrom)
    }

    /// Mean loss over the validation examples (no dropout), token-weighted across batches.
    public func validationLossNow() throws -> Float {
        try LoRATrainer.meanLoss(model: model, adapter: adapter, examples: validation, batchSize: options.batchSize,
                                 precision: options.precision)
    }

    /// Token-weighted mean loss of `examples` under `adapter` (nil: the base model).
    public static func meanLoss(model: LlamaModel, adapter: LoRAAdapter?, examples: [TrainingExample], batchSize: Int,
                                precision: ProductPrecision = .float32) throws -> Float {
        var total: Double = 0, count = 0
        for start in stride(from: 0, to: examples.count, by: max(1, batchSize)) {
            let batch = try TrainingBatch(Array(examples[start..<min(examples.count, start + batchSize)]))
            let n = batch.trainedTokens
            guard n > 0 else { continue }
            total += Double(try model.trainingLoss(batch, adapter: adapter, precision: precision).value.item ?? 0) * Double(n)
            count += n
        }
        return count == 0 ? .nan : Float(total / Double(count))
    }

    /// Overwrites the adapter's weights (from the best validation or a checkpoint).
    func restore(_ weights: [[Float]]) throws {
        let parameters = adapter.parameters
        guard weights.count == parameters.count, zip(weights, parameters).allSatisfy({ $0.count == $1.value.count }) else {
            throw LoRAError("saved weights do not match the adapter's \(parameters.count) matrices")
        }
        for (w, p) in zip(weights, parameters) {
            p.updateValue { dst in _ = dst.update(fromContentsOf: w) }
        }
    }
}

/// Every training step allocates and frees the same large activation buffers. glibc
/// serves blocks above 128 KiB with fresh mmap pages and unmaps them on free, so each
/// step paid page faults for all of them (about 40 % of the run in the kernel); keeping
/// such blocks in the heap lets the next step reuse them.
private func keepFreedMemoryForReuse() {
    #if os(Linux)
    _ = glibcMallopt(-3, 256 << 20)   // M_MMAP_THRESHOLD (malloc.h)
    _ = glibcMallopt(-1, 1 << 30)     // M_TRIM_THRESHOLD
    #endif
}

#if os(Linux)
/// glibc's `int mallopt(int, int)`; Swift's Glibc module does not export malloc.h.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// The trainer's state at an update boundary.
struct TrainingState {
    var step = 0
    var optimizer: AdamW
    var losses: [Float] = []
    var validations: [(step: Int, loss: Float)] = []
    var best: Float?
    var bestWeights: [[Float]]?
    var badValidations = 0
}
