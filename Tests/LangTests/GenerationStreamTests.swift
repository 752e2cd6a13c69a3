import Foundation
import Lang
import Models
import Std
import XCTest

/// Streaming of generated text (what the REPL shows) on the real SmolLM2; skipped when the
/// model cache lacks it (run scripts/setup-models.sh).
final class GenerationStreamTests: XCTestCase {
    final class Recorder: GenerationObserver {
        var text = ""
        var pieces = 0
        var finished: (tokens: Int, seconds: Double, cancelled: Bool)?
        /// Sets the interrupt flag after this many pieces, as Ctrl-C would.
        var interruptAfter: Int?

        func generated(_ text: String) {
            self.text += text
            pieces += 1
            if let n = interruptAfter, pieces >= n { Interrupt.flag.pointee = 1 }
        }

        func finished(tokens: Int, seconds: Double, cancelled: Bool) { finished = (tokens, seconds, cancelled) }
    }

    override func tearDown() {
        GenerationStream.observer = nil
        Interrupt.flag.pointee = 0
    }

    func testStreamedTextIsTheResultAndCtrlCStopsCleanly() throws {
        guard (try? ModelLocator.resolve("smollm2-135m")) != nil else { throw XCTSkip("SmolLM2 is not in the model cache") }
        let interp = StandardLibrary.makeInterpreter()
        func run(_ code: String) throws -> String? { try interp.evaluate(code).display }
        _ = try run(#"let m = load_model("smollm2-135m")"#)

        let full = Recorder()
        GenerationStream.observer = full
        let answer = try run(#"chat(m, [{role: "system", content: "You are a helpful assistant."}, {role: "user", content: "What is the capital of France?"}])"#)
        XCTAssertEqual(answer, "\"The capital of France is Paris.\"")
        XCTAssertEqual(full.text, "The capital of France is Paris.")
        XCTAssertGreaterThan(full.pieces, 3, "text should arrive token by token")
        let done = try XCTUnwrap(full.finished)
        // The seven tokens of the answer; the end-of-turn token that stopped it is not counted.
        XCTAssertEqual(done.tokens, 7)
        XCTAssertFalse(done.cancelled)
        XCTAssertGreaterThan(done.seconds, 0)

        let stopped = Recorder()
        stopped.interruptAfter = 3
        GenerationStream.observer = stopped
        XCTAssertThrowsError(try interp.evaluate(#"generate(m, "Once upon a time", max_tokens: 64)"#)) { error in
            XCTAssertEqual((error as? RuntimeError)?.kind, .interrupted, "\(error)")
        }
        let cut = try XCTUnwrap(stopped.finished)
        XCTAssertTrue(cut.cancelled)
        XCTAssertEqual(cut.tokens, 3, "stops after the token during which Ctrl-C came")
        XCTAssertFalse(stopped.text.isEmpty)
    }
}
