import Tensor

/// Token-level distillation from a local teacher's logits: at every trained (answer)
/// position the student learns the teacher's whole temperature-softened next-token
/// distribution, not only the logged token. The loss mixes the two signals:
///
///     weight · T² · KL(softmax(teacher / T) ‖ softmax(student / T)) + (1 − weight) · CE(student, answer)
///
/// (Hinton et al., 2015). The teacher runs its inference forward (no gradients); it must
/// share the student's vocabulary, so a larger model of the same family or the same model
/// with another adapter.
public struct Distillation {
    public let teacher: LlamaModel
    public let temperature: Float
    /// Share of the soft-target term; the rest goes to cross-entropy on the logged answer.
    public let weight: Float

    public init(teacher: LlamaModel, temperature: Float = 2, weight: Float = 0.5) throws {
        guard temperature.isFinite, temperature > 0 else { throw LoRAError("distillation temperature \(temperature) must be positive") }
        guard weight >= 0, weight <= 1 else { throw LoRAError("distillation weight \(weight) must be in 0...1") }
        self.teacher = teacher
        self.temperature = temperature
        self.weight = weight
    }

    /// Checks that the teacher can teach `student` (same vocabulary).
    func check(student: LlamaConfig) throws {
        guard teacher.config.vocabSize == student.vocabSize else {
            throw LoRAError("distillation: the teacher's vocabulary has \(teacher.config.vocabSize) tokens, the student's \(student.vocabSize); they must share a tokenizer")
        }
    }

    /// The teacher's logits (N, vocab) at `rows` (ascending indices into the batch's B·L
    /// positions), one inference forward per sequence (each packed one on its own) up to
    /// its last trained position.
    public func teacherLogits(_ batch: TrainingBatch, rows: [Int]) throws -> Tensor {
        let vocab = teacher.config.vocabSize
        var logits = [Float]()
        logits.reserveCapacity(rows.count * vocab)
        var next = 0
        for b in 0..<batch.batch {
            for segment in batch.segments?[b] ?? [0..<batch.steps] {
                let start = b * batch.steps + segment.lowerBound
                let wanted = rows[next...].prefix { $0 < start + segment.count }.map { $0 - start }
                guard let last = wanted.last else { continue }
                next += wanted.count
                let input = Array(batch.inputs[start...(start + last)])
                let all = try teacher.forward(input, cache: teacher.makeCache(capacity: input.count), allLogits: true)   // (last+1, vocab)
                for t in wanted { logits += all[(t * vocab)..<((t + 1) * vocab)] }
            }
        }
        return try Tensor(shape: [rows.count, vocab], scalars: logits)
    }

    /// The mixed loss of `student` with `adapter` on `batch`.
    public func loss(student: LlamaModel, batch: TrainingBatch, adapter: LoRAAdapter?, dropoutSeed: UInt64? = nil,
                     precision: ProductPrecision = .float32) throws -> Variable {
        let (logits, rows) = try student.trainingLogits(batch, adapter: adapter, dropoutSeed: dropoutSeed, precision: precision)
        let soft = try logits.distillationKL(teacher: teacherLogits(batch, rows: rows), temperature: temperature)
        guard weight < 1 else { return soft }
        let hard = try logits.crossEntropy(targets: rows.map { batch.targets[$0] })
        return try soft * weight + hard * (1 - weight)
    }
}
