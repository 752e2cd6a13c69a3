import Foundation
import Models
import Tensor
import XCTest

/// Token-level distillation on tiny random Llamas: the soft-target KL and its gradient, the
/// mixed loss's LoRA gradients against finite differences, and a student moving towards
/// its teacher.
final class DistillationTests: XCTestCase {
    func tinyModel(seed: UInt64) throws -> LlamaModel { try LlamaModel(gguf: TinyLlama.file(seed: seed), threads: 1) }

    /// T²/N Σ KL(softmax(t/T) ‖ softmax(s/T)) computed directly in Double.
    func referenceKL(_ s: [Float], _ t: [Float], rows: Int, temperature: Double) -> Double {
        let v = s.count / rows
        var total = 0.0
        for r in 0..<rows {
            let a = s[(r * v)..<((r + 1) * v)].map { Double($0) / temperature }
            let b = t[(r * v)..<((r + 1) * v)].map { Double($0) / temperature }
            let la = log(a.map { exp($0 - a.max()!) }.reduce(0, +)) + a.max()!
            let lb = log(b.map { exp($0 - b.max()!) }.reduce(0, +)) + b.max()!
            for j in 0..<v { total += exp(b[j] - lb) * ((b[j] - lb) - (a[j] - la)) }
        }
        return temperature * temperature * total / Double(rows)
    }

    func testSoftTargetKLValueAndGradient() throws {
        var rng = SeededGenerator(seed: 4)
        let (rows, vocab) = (3, 11)
        let s = (0..<(rows * vocab)).map { _ in Float.random(in: -3...3, using: &rng) }
        let t = (0..<(rows * vocab)).map { _ in Float.random(in: -3...3, using: &rng) }
        let teacher = try Tensor(shape: [rows, vocab], scalars: t)
        for temperature in [1.0, 2.5] {
            let student = Variable(try Tensor(shape: [rows, vocab], scalars: s))
            let loss = try student.distillationKL(teacher: teacher, temperature: Float(temperature))
            XCTAssertEqual(Double(loss.value.item!), referenceKL(s, t, rows: rows, temperature: temperature), accuracy: 1e-5)
            try loss.backward()
            let gradient = try XCTUnwrap(student.gradient).scalars
            for i in [0, 5, 17, 32] {
                let h = 1e-3
                var plus = s, minus = s
                plus[i] += Float(h)
                minus[i] -= Float(h)
                let numeric = (referenceKL(plus, t, rows: rows, temperature: temperature)
                    - referenceKL(minus, t, rows: rows, temperature: temperature)) / (2 * h)
                XCTAssertEqual(Double(gradient[i]), numeric, accuracy: 1e-3 * max(1, abs(numeric)), "T \(temperature) element \(i)")
            }
        }
        // Identical distributions: no divergence, no gradient.
        let same = Variable(teacher)
        let zero = try same.distillationKL(teacher: teacher, temperature: 2)
        XCTAssertEqual(zero.value.item!, 0, accuracy: 1e-6)
        XCTAssertThrowsError(try same.distillationKL(teacher: Tensor(shape: [rows, vocab + 1], repeating: 0), temperature: 2))
        XCTAssertThrowsError(try same.distillationKL(teacher: teacher, temperature: 0))
    }

    /// The mixed loss (KL at T 2 and cross-entropy, half each) through the whole student:
    /// every LoRA matrix's gradient matches central differences.
    func testDistillationLossGradientsMatchFiniteDifferences() throws {
        let student = try tinyModel(seed: 7), teacher = try tinyModel(seed: 8)
        let adapter = try LoRAAdapter(model: student.config, config: LoRAConfig(rank: 2, alpha: 4), seed: 11)
        randomize(adapter, seed: 12)
        let distillation = try Distillation(teacher: teacher, temperature: 2, weight: 0.5)
        let batch = try TrainingBatch(examples(2, length: 9, seed: 3))
        let loss = try distillation.loss(student: student, batch: batch, adapter: adapter)
        let crossEntropy = try student.trainingLoss(batch, adapter: adapter).value.item!
        XCTAssertNotEqual(loss.value.item!, crossEntropy, "the teacher term must count")
        try loss.backward()
        let checked = try assertGradientsMatchFiniteDifferences(adapter) {
            Double(try distillation.loss(student: student, batch: batch, adapter: adapter).value.item!)
        }
        XCTAssertEqual(checked, 2 * 2 * 7 * TinyLlama.layers)
    }

    /// Pure distillation (weight 1) pulls the student's next-token distributions towards a
    /// different model's: KL(teacher ‖ student) at T 1 on the trained positions falls.
    func testStudentMovesTowardsTeacher() throws {
        let student = try tinyModel(seed: 7), teacher = try tinyModel(seed: 21)
        let data = try examples(6, length: 10, seed: 5)
        let adapter = try LoRAAdapter(model: student.config, config: LoRAConfig(rank: 4, alpha: 8), seed: 3)
        let probe = try Distillation(teacher: teacher, temperature: 1, weight: 1)
        func divergence() throws -> Float {
            try probe.loss(student: student, batch: TrainingBatch(data), adapter: adapter).value.item!
        }
        let before = try divergence()
        var options = TrainingOptions()
        options.epochs = 30
        options.learningRate = 1e-2
        options.batchSize = 3
        options.warmupSteps = 0
        options.seed = 1
        let trainer = try LoRATrainer(model: student, adapter: adapter, train: data, options: options,
                                      distillation: Distillation(teacher: teacher, temperature: 2, weight: 1))
        let result = try trainer.run()
        let after = try divergence()
        XCTAssertEqual(result.steps, 60)
        XCTAssertLessThan(after, 0.5 * before, "KL \(before) -> \(after)")
    }

    func testTeacherWithAnotherVocabularyIsRejected() throws {
        let student = try tinyModel(seed: 7)
        let other = try LlamaModel(gguf: TinyLlama.file(seed: 8, vocab: TinyLlama.vocab + 32), threads: 1)
        let adapter = try LoRAAdapter(model: student.config, config: LoRAConfig(rank: 2), seed: 1)
        XCTAssertThrowsError(try LoRATrainer(model: student, adapter: adapter, train: examples(2, length: 8, seed: 1),
                                             options: TrainingOptions(), distillation: Distillation(teacher: other))) {
            XCTAssertTrue("\($0)".contains("vocabulary"), "\($0)")
        }
        XCTAssertThrowsError(try Distillation(teacher: other, temperature: -1))
        XCTAssertThrowsError(try Distillation(teacher: other, weight: 1.5))
    }
}
