import Tensor
import Models
import XCTest

final class TokenizerTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable { let text: String; let ids: [Int]; let decoded: String }
        let source: String
        let cases: [Case]
    }

    /// Ids and decoded text recorded from HF tokenizers (scripts/tokenizer-fixture.py) on
    /// 124 hand-picked and 300 seeded random strings.
    func testMatchesHFTokenizersOnRecordedStrings() throws {
        let tokenizer = try realTokenizer()
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("smollm2-tokens.json")))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 100)
        var mismatches = 0
        for c in fixture.cases {
            let ids = tokenizer.encode(c.text)
            if ids != c.ids {
                mismatches += 1
                XCTFail("\(c.text.debugDescription):\n ours \(ids)\n HF   \(c.ids)")
            }
            XCTAssertEqual(try tokenizer.decode(c.ids), c.decoded, "decoding \(c.text.debugDescription)")
        }
        print("tokenizer: \(fixture.cases.count - mismatches)/\(fixture.cases.count) strings match HF tokenizers")
    }

    func testSpecialTokensAndMetadata() throws {
        let tokenizer = try realTokenizer()
        XCTAssertEqual(tokenizer.vocabularySize, 49152)
        XCTAssertEqual(tokenizer.preTokenizerName, "smollm")
        XCTAssertEqual(tokenizer.bosTokenId, 1)
        XCTAssertEqual(tokenizer.eosTokenId, 2)
        XCTAssertFalse(tokenizer.addsBosToken)
        XCTAssertEqual(tokenizer.id(of: "<|im_end|>"), 2)
        XCTAssertTrue(tokenizer.isControl(2))
        XCTAssertFalse(tokenizer.isControl(905))
        XCTAssertEqual(tokenizer.encode("<|im_end|>"), [2])
        let plain = tokenizer.encode("<|im_end|>", parseSpecial: false)
        XCTAssertFalse(plain.contains(2))
        XCTAssertEqual(try tokenizer.decode(plain), "<|im_end|>")
        XCTAssertEqual(try tokenizer.decode([1, 9690, 198, 2], skipSpecial: true), "system\n")
        XCTAssertThrowsError(try tokenizer.decode([49152]))
        XCTAssertThrowsError(try tokenizer.decode([-1]))
    }

    func testEveryByteSurvivesARoundTrip() throws {
        let tokenizer = try realTokenizer()
        var rng = SeededGenerator(seed: 7)
        for _ in 0 ..< 200 {
            let scalars = (0 ..< Int.random(in: 0 ... 40, using: &rng)).map { _ -> Character in
                let pools: [ClosedRange<UInt32>] = [0x20 ... 0x7E, 0x09 ... 0x0D, 0xA0 ... 0x24F, 0x4E00 ... 0x4FFF, 0x1F300 ... 0x1F64F]
                let pool = pools.randomElement(using: &rng)!
                return Character(Unicode.Scalar(UInt32.random(in: pool, using: &rng))!)
            }
            let text = String(scalars)
            XCTAssertEqual(try tokenizer.decode(tokenizer.encode(text)), text)
        }
    }

    func testLongRunsEncodeQuickly() throws {
        let tokenizer = try realTokenizer()
        let long = String(repeating: "a", count: 20_000) + String(repeating: " ", count: 5_000) + "b"
        let ids = tokenizer.encode(long)
        XCTAssertEqual(try tokenizer.decode(ids), long)
        XCTAssertLessThan(ids.count, 20_000 / 3)
    }

    func testStreamingNeverSplitsACharacter() throws {
        let tokenizer = try realTokenizer()
        let text = "Emoji 🍕👨‍👩‍👧 and 中文 and café ✓"
        let ids = tokenizer.encode(text)
        var decoder = StreamingDecoder(tokenizer: tokenizer)
        var pieces: [String] = []
        for id in ids { pieces.append(try decoder.push(id)) }
        pieces.append(decoder.finish())
        XCTAssertEqual(pieces.joined(), text)
        XCTAssertFalse(pieces.joined().contains("\u{FFFD}"))
        // Some emoji take several tokens: at least one push must have held bytes back.
        XCTAssertTrue(pieces.contains(""), "expected a token ending mid-character in \(ids)")
    }

    func testStreamingReplacesBytesThatCannotComplete() throws {
        let tokenizer = try realTokenizer()
        // The byte tokens for 0xF0 (a 4-byte lead) then "a": the lead can never complete.
        let lead = try XCTUnwrap(tokenizer.id(of: "ð"))
        var decoder = StreamingDecoder(tokenizer: tokenizer)
        XCTAssertEqual(try decoder.push(lead), "")
        XCTAssertEqual(try decoder.push(tokenizer.encode("a")[0]), "\u{FFFD}a")
        XCTAssertEqual(try decoder.push(lead), "")
        XCTAssertEqual(decoder.finish(), "\u{FFFD}")
    }

    /// A tokenizer from a tiny hand-made vocabulary, to pin the BPE rules down.
    func testMergesByRankThenLeftmost() throws {
        var tokens = (0 ..< 256).map { String(Self.byteCharacter($0)) }
        tokens += ["ab", "bc", "abc", "<|x|>"]
        var types = [GGUFValue](repeating: .int32(1), count: tokens.count)
        types[types.count - 1] = .int32(3)
        let metadata: [String: GGUFValue] = [
            "tokenizer.ggml.model": .string("gpt2"),
            "tokenizer.ggml.pre": .string("smollm"),
            "tokenizer.ggml.tokens": .array(.string, tokens.map(GGUFValue.string)),
            "tokenizer.ggml.token_type": .array(.int32, types),
            "tokenizer.ggml.merges": .array(.string, ["b c", "a b", "a bc"].map(GGUFValue.string)),
        ]
        let tokenizer = try Tokenizer(metadata: metadata, source: "tiny")
        let a = Int(Character("a").asciiValue!), b = a + 1, c = a + 2
        // "b c" has the lowest rank, so "abc" is a + bc, then a bc -> abc.
        XCTAssertEqual(tokenizer.encode("abc"), [258])
        XCTAssertEqual(tokenizer.encode("abab"), [256, 256])
        XCTAssertEqual(tokenizer.encode("bca"), [257, a])
        XCTAssertEqual(tokenizer.encode("ab<|x|>c"), [256, 259, c])
        XCTAssertEqual(tokenizer.encode("ab1c"), [256, Int(Character("1").asciiValue!), c])
        XCTAssertEqual(tokenizer.encode("b"), [b])

        var broken = metadata
        broken["tokenizer.ggml.merges"] = .array(.string, [.string("a q")])
        XCTAssertThrowsError(try Tokenizer(metadata: broken, source: "tiny")) { error in
            XCTAssertTrue("\(error)".contains("merge 0"), "\(error)")
        }
        broken = metadata
        broken["tokenizer.ggml.pre"] = .string("llama3")
        XCTAssertThrowsError(try Tokenizer(metadata: broken, source: "tiny"))
        broken = metadata
        broken["tokenizer.ggml.token_type"] = .array(.int32, [.int32(1)])
        XCTAssertThrowsError(try Tokenizer(metadata: broken, source: "tiny"))
    }

    /// GPT-2's byte-to-character map, written out independently of the library's.
    static func byteCharacter(_ byte: Int) -> Character {
        let kept = Array(0x21 ... 0x7E) + Array(0xA1 ... 0xAC) + Array(0xAE ... 0xFF)
        if kept.contains(byte) { return Character(Unicode.Scalar(UInt8(byte))) }
        let shifted = (0 ..< 256).filter { !kept.contains($0) }
        return Character(Unicode.Scalar(0x100 + UInt32(shifted.firstIndex(of: byte)!))!)
    }
}
