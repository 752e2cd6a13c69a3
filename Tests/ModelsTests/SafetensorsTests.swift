import Tensor
import Models
import XCTest

final class SafetensorsTests: XCTestCase {
    static func sample() throws -> SafetensorsWriter {
        var writer = SafetensorsWriter()
        try writer.add("a.weight", shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        try writer.add("ids", dtype: .i64, shape: [1, 2], bytes: [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])
        try writer.add("half", dtype: .f16, shape: [2], bytes: [0x00, 0x3C, 0x00, 0xC0])
        try writer.add("brain", dtype: .bf16, shape: [1], bytes: [0x80, 0x3F])
        try writer.add("empty", dtype: .f32, shape: [0, 4], bytes: [])
        writer.metadata = ["format": "pt"]
        return writer
    }

    func testRoundTrip() throws {
        let file = try SafetensorsFile(bytes: Self.sample().serialize(), name: "s.safetensors")
        XCTAssertEqual(file.metadata, ["format": "pt"])
        XCTAssertEqual(file.dataOffset % 8, 0)
        XCTAssertEqual(Set(file.tensors.map(\.name)), ["a.weight", "ids", "half", "brain", "empty"])
        let a = try XCTUnwrap(file.tensor(named: "a.weight"))
        XCTAssertEqual(a.shape, [2, 3])
        XCTAssertEqual(a.dtype, .f32)
        XCTAssertEqual(a.floats(), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(file.tensor(named: "half")?.floats(), [1, -2])
        XCTAssertEqual(file.tensor(named: "brain")?.floats(), [1])
        XCTAssertNil(file.tensor(named: "ids")?.floats())
        XCTAssertEqual(file.tensor(named: "ids")?.data.loadUnaligned(fromByteOffset: 8, as: Int64.self), 2)
        XCTAssertEqual(file.tensor(named: "empty")?.elementCount, 0)
    }

    private func header(_ json: String, data: Int = 16) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { bytes += $0 }
        return bytes + Array(json.utf8) + [UInt8](repeating: 0, count: data)
    }

    private func assertRejects(_ bytes: [UInt8], _ text: String, line: UInt = #line) {
        XCTAssertThrowsError(try SafetensorsFile(bytes: bytes, name: "bad.safetensors"), line: line) { error in
            XCTAssertTrue(error is FormatError, "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(text), "\(error) should mention \(text)", line: line)
            XCTAssertTrue("\(error)".contains("bad.safetensors"), line: line)
        }
    }

    func testRejectsCorruptFiles() throws {
        assertRejects([1, 2, 3], "header length needs 8 bytes")
        assertRejects(header("{}", data: 0).prefix(9) + [], "header length 2 exceeds")
        assertRejects(header("{\"a\": "), "not valid JSON")
        assertRejects(header("[1]"), "not a JSON object")
        assertRejects(header(#"{"t": {"dtype": "F33", "shape": [1], "data_offsets": [0, 4]}}"#), "unknown dtype \"F33\"")
        assertRejects(header(#"{"t": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}"#), "non-negative")
        assertRejects(header(#"{"t": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}"#), "needs 8 bytes but data_offsets span 4")
        assertRejects(header(#"{"t": {"dtype": "F32", "shape": [8], "data_offsets": [0, 32]}}"#), "run past the 16 bytes")
        assertRejects(header(#"{"t": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}"#), "0 <= begin <= end")
        assertRejects(header(#"{"t": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 4]}}"#), "overflows")
        assertRejects(header(#"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}"#), "overlap")
        assertRejects(header(#"{"__metadata__": {"k": 1}}"#), "__metadata__ value \"k\"")
    }

    func testRandomMutationsNeverCrash() throws {
        let good = try Self.sample().serialize()
        var rng = SeededGenerator(seed: 0x5AFE)
        var accepted = 0, rejected = 0
        for _ in 0 ..< 5_000 {
            var input = good
            for _ in 0 ..< Int.random(in: 1 ... 3, using: &rng) {
                let at = Int.random(in: 0 ..< input.count, using: &rng)
                switch Int.random(in: 0 ..< 3, using: &rng) {
                case 0: input[at] = UInt8.random(in: 0 ... 255, using: &rng)
                case 1: input[at] = Array("0123456789[]{},:\"-".utf8).randomElement(using: &rng)!
                default: input.removeLast(input.count - max(at, 1))
                }
            }
            do {
                let file = try SafetensorsFile(bytes: input)
                accepted += 1
                for t in file.tensors { XCTAssertLessThanOrEqual(file.dataOffset + t.offset + t.data.count, input.count) }
            } catch is FormatError {
                rejected += 1
            }
        }
        XCTAssertEqual(accepted + rejected, 5_000)
        print("safetensors fuzz: 5000 inputs, \(accepted) accepted, \(rejected) rejected with FormatError")
    }

    func testReadsTheRealMiniLM() throws {
        let directory: String
        do { directory = try ModelLocator.resolve("minilm") } catch let error as ModelNotFound { throw XCTSkip("\(error)") }
        let file = try SafetensorsFile(path: directory + "/model.safetensors")
        XCTAssertEqual(file.metadata["format"], "pt")
        let embeddings = try XCTUnwrap(file.tensor(named: "embeddings.word_embeddings.weight"))
        XCTAssertEqual(embeddings.shape, [30522, 384])
        XCTAssertEqual(embeddings.dtype, .f32)
        XCTAssertNotNil(file.tensor(named: "encoder.layer.5.output.LayerNorm.weight"))
        XCTAssertEqual(file.tensors.last.map { file.dataOffset + $0.offset + $0.data.count }, file.file.bytes.count)
    }

    func testDeeplyNestedHeaderIsRejectedNotACrash() {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { bytes += $0 }
        XCTAssertThrowsError(try SafetensorsFile(bytes: bytes + Array(json.utf8))) { XCTAssertTrue($0 is FormatError) }
    }
}
