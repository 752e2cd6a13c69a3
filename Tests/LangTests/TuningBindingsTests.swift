import Foundation
import Lang
import Models
import Std
import XCTest

/// The model and tuning built-ins end to end on the real SmolLM2 (skipped when the model
/// cache lacks it: run scripts/setup-models.sh): a short fine-tune with masked loss,
/// generation with the adapter, both export formats, loading back, and evaluate.
final class TuningBindingsTests: XCTestCase {
    func testFinetuneGenerateSaveLoadEvaluateOnSmolLM2() throws {
        guard (try? ModelLocator.resolve("smollm2-135m")) != nil else { throw XCTSkip("SmolLM2 is not in the model cache") }
        let dir = FileManager.default.temporaryDirectory.path + "/slm-tuning-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let interp = StandardLibrary.makeInterpreter()
        var out = ""
        interp.output = { out += $0 }
        func run(_ code: String) throws -> String? { try interp.evaluate(code).display }

        let model = try XCTUnwrap(run(#"let m = load_model("smollm2-135m")"#) ?? run("m"))
        XCTAssertTrue(model.contains("llama") && model.contains("30 layers") && model.contains("Q4_1"), model)
        _ = try run(#"""
        let data = [
          {messages: [{role: "user", content: "Table in: SELECT * FROM orders"}, {role: "assistant", content: "orders"}]},
          {messages: [{role: "user", content: "Table in: SELECT id FROM users"}, {role: "assistant", content: "users"}]},
          {prompt: "Table in: SELECT name FROM products", completion: "products"},
          {messages: [{role: "user", content: "Table in: SELECT 1 FROM invoices"}], response: "invoices"},
        ]
        """#)
        let adapter = try XCTUnwrap(run("let a = finetune(m, data, rank: 4, alpha: 8, targets: [\"q\", \"v\"], epochs: 8, lr: 1e-2, batch: 4, max_len: 64, seed: 1, layers: [26, 27, 28, 29])") ?? run("a"))
        XCTAssertTrue(adapter.hasPrefix("<adapter r4 alpha 8 on q,v of 4 layers"), adapter)
        let losses = try XCTUnwrap(run("a.losses"))
        XCTAssertTrue(losses.hasPrefix("["), losses)
        XCTAssertEqual(try run("a.steps"), "8")
        XCTAssertEqual(try run("a.losses[7] < a.losses[0] - 1"), "true", "losses \(losses)")

        let tuned = try XCTUnwrap(run(#"chat(with_adapter(m, a), "Table in: SELECT * FROM orders", max_tokens: 8)"#))
        _ = try run(#"save_adapter(a, "\#(dir)/peft")"#)
        _ = try run(#"save_adapter(a, "\#(dir)/a.gguf", format: "gguf")"#)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/peft/adapter_model.safetensors"))
        for path in ["\(dir)/peft", "\(dir)/a.gguf"] {
            XCTAssertEqual(try run(#"chat(with_adapter(m, load_adapter("\#(path)", m)), "Table in: SELECT * FROM orders", max_tokens: 8)"#), tuned, path)
        }
        XCTAssertEqual(try run(#"evaluate(with_adapter(m, a), data, metric: "exact", max_tokens: 8).n"#), "4")
        XCTAssertThrowsError(try run(#"save_adapter(a, "\#(dir)/x", format: "onnx")"#))
        XCTAssertThrowsError(try run(#"finetune(m, [{messages: [{role: "user", content: "hi"}]}])"#)) { error in
            XCTAssertTrue("\(error)".contains("last message must be the assistant"), "\(error)")
        }
    }

    /// Ctrl-C during finetune (a real SIGINT, handled as slm's handler does by setting
    /// Interrupt.flag) ends training after the current update: finetune returns the adapter
    /// so far, the last checkpoint holds that update, and the script goes on.
    func testSIGINTStopsFinetuneAfterTheCurrentStepAndKeepsTheCheckpoint() throws {
        guard (try? ModelLocator.resolve("smollm2-135m")) != nil else { throw XCTSkip("SmolLM2 is not in the model cache") }
        let dir = FileManager.default.temporaryDirectory.path + "/slm-sigint-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let checkpoint = dir + "/run.safetensors"
        let interp = StandardLibrary.makeInterpreter()
        func run(_ code: String) throws -> String? { try interp.evaluate(code).display }
        _ = try run(#"let m = load_model("smollm2-135m")"#)
        _ = try run(#"let data = map(0..8, i => {prompt: "Table in: SELECT * FROM t{i}", completion: "t{i}"})"#)

        Interrupt.flag.pointee = 0
        let previous = signal(SIGINT) { _ in Interrupt.flag.pointee = 1 }
        defer { signal(SIGINT, previous); Interrupt.flag.pointee = 0 }
        let sender = Thread {
            while !FileManager.default.fileExists(atPath: checkpoint) { usleep(1000) }
            kill(getpid(), SIGINT)
        }
        sender.start()
        _ = try run(#"let a = finetune(m, data, rank: 2, targets: ["q"], layers: [29], epochs: 25, batch: 2, max_len: 64, checkpoint: "\#(checkpoint)", checkpoint_every: 1)"#)
        let shown = try XCTUnwrap(run("a"))
        XCTAssertTrue(shown.contains("interrupted"), shown)
        let steps = try XCTUnwrap(Int(XCTUnwrap(run("a.steps"))))
        XCTAssertGreaterThanOrEqual(steps, 1)
        XCTAssertLessThan(steps, 100, "training stopped long before its 100 updates")
        XCTAssertEqual(Interrupt.flag.pointee, 0, "Ctrl-C ended the training, not the script")
        XCTAssertEqual(try run("1 + 1"), "2")

        let saved = try SafetensorsFile(path: checkpoint)
        let info = try XCTUnwrap(saved.metadata["slm.trainer"].flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        XCTAssertEqual(info["step"] as? Int, steps, "the checkpoint is of the last finished update")
    }

    /// finetune(teacher:) mixes the soft-target KL into the loss: with the base model as its
    /// own teacher, the fresh adapter (B = 0) starts with the teacher's distribution, so the
    /// first update's loss is exactly (1 − kd_weight) times the plain cross-entropy.
    func testFinetuneWithTeacherMixesTheDistillationLoss() throws {
        guard (try? ModelLocator.resolve("smollm2-135m")) != nil else { throw XCTSkip("SmolLM2 is not in the model cache") }
        let interp = StandardLibrary.makeInterpreter()
        func run(_ code: String) throws -> String? { try interp.evaluate(code).display }
        _ = try run(#"let m = load_model("smollm2-135m")"#)
        _ = try run(#"let data = map(0..4, i => {prompt: "Table in: SELECT * FROM t{i}", completion: "t{i}"})"#)
        let common = #"rank: 2, targets: ["q", "v"], layers: [28, 29], epochs: 1, batch: 4, max_len: 64, seed: 3"#
        _ = try run("let plain = finetune(m, data, \(common))")
        _ = try run("let taught = finetune(m, data, \(common), teacher: m, temperature: 2, kd_weight: 0.25)")
        let plain = try XCTUnwrap(Double(XCTUnwrap(run("plain.losses[0]"))))
        let taught = try XCTUnwrap(Double(XCTUnwrap(run("taught.losses[0]"))))
        XCTAssertGreaterThan(plain, 0.5)
        XCTAssertEqual(taught, 0.75 * plain, accuracy: 1e-4 * plain)
        XCTAssertThrowsError(try run("finetune(m, data, \(common), teacher: m, kd_weight: 2)")) {
            XCTAssertTrue("\($0)".contains("weight"), "\($0)")
        }
        XCTAssertThrowsError(try run("finetune(m, data, \(common), teacher: 3)"))
        // The frozen products in f32 instead of the default (fp16 where the CPU has it): the
        // same first loss up to fp16's rounding.
        _ = try run(#"let exact = finetune(m, data, \#(common), precision: "f32")"#)
        let exact = try XCTUnwrap(Double(XCTUnwrap(run("exact.losses[0]"))))
        XCTAssertEqual(plain, exact, accuracy: 1e-2 * exact)
        XCTAssertThrowsError(try run(#"finetune(m, data, \#(common), precision: "bf16")"#)) {
            XCTAssertTrue("\($0)".contains("\"fp16\" or \"f32\""), "\($0)")
        }
    }
}
