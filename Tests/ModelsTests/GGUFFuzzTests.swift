import Tensor
import Models
import XCTest

/// Random mutations and truncations of a valid file: the reader must either accept the
/// input with every tensor inside the file, or throw a `FormatError` — never crash, hang or
/// allocate by a corrupt count.
final class GGUFFuzzTests: XCTestCase {
    func testRandomMutationsNeverCrash() throws {
        let good = try GGUFTests.sampleWriter().serialize()
        var rng = SeededGenerator(seed: 0x5EED_6606)
        let iterations = 50_000
        var accepted = 0, rejected = 0
        for _ in 0 ..< iterations {
            let input = mutate(good, using: &rng)
            do {
                let file = try GGUFFile(bytes: input, name: "fuzz.gguf")
                accepted += 1
                for tensor in file.tensors {
                    let start = file.dataOffset + tensor.offset
                    XCTAssertLessThanOrEqual(start + tensor.data.count, input.count, tensor.name)
                    XCTAssertEqual(tensor.type.byteCount(elements: tensor.elementCount), tensor.data.count)
                }
            } catch let error as FormatError {
                rejected += 1
                XCTAssertGreaterThanOrEqual(error.offset, 0)
                XCTAssertLessThanOrEqual(error.offset, input.count)
            }
        }
        XCTAssertEqual(accepted + rejected, iterations)
        XCTAssertGreaterThan(rejected, iterations / 4, "mutations should mostly hit validation")
        XCTAssertGreaterThan(accepted, 0, "some mutations (in tensor data, values) stay valid")
        print("GGUF fuzz: \(iterations) inputs, \(accepted) accepted, \(rejected) rejected with FormatError")
    }

    /// One to four edits: flip bits, overwrite bytes with boundary values, splice a u64,
    /// insert or delete a run, or truncate.
    private func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0 ..< Int.random(in: 1 ... 4, using: &rng) {
            guard !out.isEmpty else { break }
            let at = Int.random(in: 0 ..< out.count, using: &rng)
            switch Int.random(in: 0 ..< 6, using: &rng) {
            case 0:
                out[at] ^= 1 << UInt8.random(in: 0 ..< 8, using: &rng)
            case 1:
                out[at] = [0, 1, 0x7F, 0x80, 0xFF, 9, 12, 13].randomElement(using: &rng)!
            case 2:
                let value: UInt64 = [0, 1, .max, UInt64(Int64.max), 1 << 32, 1 << 62, UInt64(out.count)].randomElement(using: &rng)!
                for i in 0 ..< 8 where at + i < out.count { out[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
            case 3:
                out.insert(contentsOf: (0 ..< Int.random(in: 1 ... 16, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }, at: at)
            case 4:
                out.removeSubrange(at ..< min(out.count, at + Int.random(in: 1 ... 16, using: &rng)))
            default:
                out.removeLast(out.count - at)
            }
        }
        return out
    }
}
