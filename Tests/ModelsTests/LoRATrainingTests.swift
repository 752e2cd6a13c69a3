import Foundation
import Models
import Tensor
import XCTest

/// LoRA training on the tiny random Llama (Q4_1/Q8_0 weights, written as GGUF by the test).
final class LoRATrainingTests: XCTestCase {
    func tinyModel() throws -> LlamaModel { try LlamaModel(gguf: TinyLlama.file(seed: 7), threads: 1) }

    func testParameterGradientsMatchFiniteDifferences() throws {
        let model = try tinyModel()
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 2, alpha: 4), seed: 11)
        randomize(adapter, seed: 12)
        let batch = try TrainingBatch(examples(2, length: 9))
        let loss = try model.trainingLoss(batch, adapter: adapter)
        try loss.backward()
        let checked = try assertGradientsMatchFiniteDifferences(adapter) {
            Double(try model.trainingLoss(batch, adapter: adapter).value.item!)
        }
        XCTAssertEqual(checked, 2 * 2 * 7 * TinyLlama.layers)
    }

    /// Sequences packed several to a row (attention within each, positions restarting at 0)
    /// give the loss and LoRA gradients of the same sequences padded one per row, with and
    /// without distillation.
    func testPackedBatchGivesTheLossAndGradientsOfPaddedOne() throws {
        let model = try tinyModel()
        let teacher = try Distillation(teacher: try LlamaModel(gguf: TinyLlama.file(seed: 8), threads: 1))
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 2, alpha: 4), seed: 11)
        randomize(adapter, seed: 12)
        let data = try examples(5, length: 9)                                  // 8, 7, 6, 8, 7 inputs
        let padded = try TrainingBatch(data)
        let packed = try TrainingBatch(packing: data, rowLength: 20)
        // first fit of 8, 7, 6, 8, 7 inputs into rows of 20: [8 7] [6 8] [7], padded to 15
        XCTAssertEqual(packed.segments?.map { $0.map(\.count) }, [[8, 7], [6, 8, 1], [7, 8]])
        XCTAssertEqual(packed.batch * packed.steps, 45)
        XCTAssertEqual(Array(packed.positions[8..<15]), Array(0..<7))
        XCTAssertEqual(packed.trainedTokens, padded.trainedTokens)

        func lossAndGradients(_ batch: TrainingBatch, distilled: Bool) throws -> (Float, [[Float]]) {
            let loss = try distilled ? teacher.loss(student: model, batch: batch, adapter: adapter)
                : model.trainingLoss(batch, adapter: adapter)
            try loss.backward()
            let gradients = try adapter.parameters.map { try XCTUnwrap($0.gradient).scalars }
            for p in adapter.parameters { p.zeroGradient() }
            return (loss.value.item!, gradients)
        }
        for distilled in [false, true] {
            let (paddedLoss, paddedGradients) = try lossAndGradients(padded, distilled: distilled)
            let (packedLoss, packedGradients) = try lossAndGradients(packed, distilled: distilled)
            XCTAssertEqual(packedLoss, paddedLoss, accuracy: 1e-5 * abs(paddedLoss))
            for (i, (a, b)) in zip(packedGradients, paddedGradients).enumerated() {
                let largest = b.map(abs).max()!
                XCTAssertGreaterThan(largest, 0, "parameter \(i)")
                for j in a.indices { XCTAssertEqual(a[j], b[j], accuracy: 1e-4 * largest, "distilled \(distilled) parameter \(i) element \(j)") }
            }
        }
        // Without the segments the sequences would see each other: the loss would differ.
        let unmasked = try TrainingBatch([TrainingExample(tokens: data[0].tokens + data[1].tokens, trained: data[0].trained + data[1].trained)])
        let alone = try TrainingBatch(packing: Array(data[0...1]), rowLength: 20)
        XCTAssertGreaterThan(abs(try model.trainingLoss(unmasked, adapter: adapter).value.item! - model.trainingLoss(alone, adapter: adapter).value.item!), 1e-3)
        XCTAssertThrowsError(try TrainingBatch(packing: data, rowLength: 7))
    }

    /// The frozen products in fp16 (the trainer's default where the CPU has AVX512-FP16) give
    /// the f32 loss and LoRA gradients up to fp16's rounding, and do run in fp16.
    func testHalfPrecisionProductsGiveTheFloatLossAndGradients() throws {
        guard HalfPrecisionGEMM.isAvailable else { throw XCTSkip("this CPU has no AVX512-FP16") }
        let model = try tinyModel()
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 2, alpha: 4), seed: 11)
        randomize(adapter, seed: 12)
        let batch = try TrainingBatch(examples(4, length: 12))              // 40 rows: the tiled products
        func lossAndGradients(_ precision: ProductPrecision) throws -> (Float, [[Float]]) {
            let loss = try model.trainingLoss(batch, adapter: adapter, precision: precision)
            try loss.backward()
            let gradients = try adapter.parameters.map { try XCTUnwrap($0.gradient).scalars }
            for p in adapter.parameters { p.zeroGradient() }
            return (loss.value.item!, gradients)
        }
        let (exactLoss, exactGradients) = try lossAndGradients(.float32)
        let (halfLoss, halfGradients) = try lossAndGradients(.float16)
        XCTAssertNotEqual(halfLoss, exactLoss, "the fp16 products must actually run")
        XCTAssertEqual(halfLoss, exactLoss, accuracy: 2e-3 * abs(exactLoss))
        for (i, (h, e)) in zip(halfGradients, exactGradients).enumerated() {
            let norm = e.map { Double($0 * $0) }.reduce(0, +).squareRoot()
            let difference = zip(h, e).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +).squareRoot()
            XCTAssertGreaterThan(norm, 0, "parameter \(i)")
            XCTAssertLessThan(difference, 2e-2 * norm, "parameter \(i)")
        }
    }

    /// The training forward (through Variable) and the inference forward (KV cache, fused
    /// kernels) with the same adapter give the same loss.
    func testTrainingAndInferenceForwardsAgree() throws {
        let model = try tinyModel()
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 4, alpha: 8), seed: 5)
        randomize(adapter, seed: 6)
        let example = try examples(1, length: 10)[0]
        let trainingLoss = try model.trainingLoss(TrainingBatch([example]), adapter: adapter).value.item!
        let adapted = try LlamaModel(base: model, adapter: adapter)
        let input = Array(example.tokens.dropLast())
        let logits = try adapted.forward(input, cache: adapted.makeCache(), allLogits: true)
        var total: Double = 0, count = 0
        for t in input.indices where example.trained[t + 1] {
            let row = logits[(t * TinyLlama.vocab)..<((t + 1) * TinyLlama.vocab)].map(Double.init)
            let top = row.max()!
            total += log(row.map { exp($0 - top) }.reduce(0, +)) + top - row[example.tokens[t + 1] - 0]
            count += 1
        }
        XCTAssertEqual(Double(trainingLoss), total / Double(count), accuracy: 1e-4)
        let base = try model.trainingLoss(TrainingBatch([example]), adapter: nil).value.item!
        XCTAssertNotEqual(base, trainingLoss, "a non-zero B must change the loss")
    }

    func testFreshAdapterLeavesTheModelUnchanged() throws {
        let model = try tinyModel()
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(), seed: 1)
        let tokens = [5, 9, 1, 33, 70]
        let base = try model.forward(tokens, cache: model.makeCache())
        let adapted = try LlamaModel(base: model, adapter: adapter)
        XCTAssertEqual(try adapted.forward(tokens, cache: adapted.makeCache()), base)
    }

    func testTinyModelOverfitsAHandfulOfSequences() throws {
        // A final norm near 1 lets the frozen tied head reach confident logits.
        let model = try LlamaModel(gguf: TinyLlama.file(seed: 7, outputNormScale: 3), threads: 1)
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 8, alpha: 16), seed: 2)
        let data = try examples(4, length: 12)
        var options = TrainingOptions()
        options.epochs = 200
        options.learningRate = 1e-2
        options.batchSize = 4
        options.warmupSteps = 5
        let trainer = try LoRATrainer(model: model, adapter: adapter, train: data, options: options)
        let result = try trainer.run()
        XCTAssertEqual(result.steps, 200)
        XCTAssertGreaterThan(result.losses[0], 3)
        XCTAssertLessThan(result.losses.last!, 0.05, "loss went \(result.losses[0]) -> \(result.losses.last!)")
        let after = try LoRATrainer.meanLoss(model: model, adapter: adapter, examples: data, batchSize: 4)
        XCTAssertLessThan(after, 0.05)
    }

    /// Stopping after update 3 (as Ctrl-C does) and resuming from the checkpoint ends with
    /// exactly the weights of an uninterrupted run — with dropout, accumulation, a partial
    /// last batch, and validation-based best-weight tracking all in play.
    func testResumeFromCheckpointIsBitIdentical() throws {
        let model = try tinyModel()
        let data = try examples(7, length: 10), held = try examples(2, length: 10, seed: 99)
        var options = TrainingOptions()
        options.epochs = 2
        options.learningRate = 5e-3
        options.batchSize = 2
        options.accumulation = 2
        options.validationEvery = 2
        options.seed = 42
        func fresh() throws -> LoRAAdapter {
            try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 4, alpha: 8, dropout: 0.1), seed: 9)
        }
        let straight = try fresh()
        let full = try LoRATrainer(model: model, adapter: straight, train: data, validation: held, options: options).run()
        XCTAssertEqual(full.steps, 4)

        let path = temporaryPath("checkpoint.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        options.checkpointEvery = 1
        options.checkpointPath = path
        let first = try fresh()
        let interrupted = try LoRATrainer(model: model, adapter: first, train: data, validation: held, options: options)
        var updates = 0
        interrupted.shouldStop = { updates += 1; return updates == 3 }
        let partial = try interrupted.run()
        XCTAssertTrue(partial.cancelled)
        XCTAssertEqual(partial.steps, 3)

        let resumedAdapter = try fresh()
        let resumed = try LoRATrainer(model: model, adapter: resumedAdapter, train: data, validation: held, options: options).run()
        XCTAssertEqual(resumed.resumedFrom, 3)
        XCTAssertEqual(resumed.steps, 4)
        XCTAssertEqual(resumed.losses, full.losses)
        for (a, b) in zip(straight.parameters, resumedAdapter.parameters) {
            XCTAssertEqual(a.value.scalars, b.value.scalars)
        }
        XCTAssertNotEqual(try fresh().parameters[1].value.scalars, straight.parameters[1].value.scalars, "training changed B")
    }

    func testCheckpointOfAnotherRunIsRejected() throws {
        let model = try tinyModel()
        let path = temporaryPath("other.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = TrainingOptions()
        options.checkpointEvery = 1
        options.checkpointPath = path
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 2), seed: 1)
        _ = try LoRATrainer(model: model, adapter: adapter, train: examples(2, length: 8), options: options).run()
        options.seed = 5
        let other = try LoRATrainer(model: model, adapter: adapter, train: examples(2, length: 8), options: options)
        XCTAssertThrowsError(try other.run()) { XCTAssertTrue("\($0)".contains("another run"), "\($0)") }
    }

    func testScheduleWarmsUpThenDecaysToZero() {
        let s = LearningRateSchedule(peak: 1, warmupSteps: 4, totalSteps: 14)
        XCTAssertEqual(s.rate(at: 0), 0.25)
        XCTAssertEqual(s.rate(at: 3), 1)
        XCTAssertEqual(s.rate(at: 4), 1)
        XCTAssertEqual(s.rate(at: 9), 0.5, accuracy: 1e-6)
        XCTAssertEqual(s.rate(at: 14), 0, accuracy: 1e-6)
    }
}
