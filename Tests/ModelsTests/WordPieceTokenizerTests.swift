import Models
import XCTest

final class WordPieceTokenizerTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable { let text: String; let ids: [Int] }
        let cases: [Case]
    }

    func miniLMTokenizer() throws -> WordPieceTokenizer {
        do {
            return try WordPieceTokenizer(directory: ModelLocator.resolve("minilm"))
        } catch let error as ModelNotFound {
            throw XCTSkip("\(error)")
        }
    }

    /// Ids recorded from HF tokenizers on the model's tokenizer.json (scripts/wordpiece-fixture.py):
    /// 57 hand-picked sentences and 200 seeded random strings.
    func testMatchesHFTokenizersOnRecordedSentences() throws {
        let tokenizer = try miniLMTokenizer()
        XCTAssertEqual(tokenizer.maxLength, 256)
        XCTAssertEqual(tokenizer.vocabularySize, 30522)
        XCTAssertEqual([tokenizer.clsId, tokenizer.sepId, tokenizer.padId, tokenizer.unknownId], [101, 102, 0, 100])
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("minilm-tokens.json")))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 50)
        var matched = 0
        for c in fixture.cases {
            let ids = tokenizer.encode(c.text)
            if ids == c.ids { matched += 1 } else { XCTFail("\(c.text.debugDescription):\n ours \(ids)\n HF   \(c.ids)") }
        }
        print("wordpiece: \(matched)/\(fixture.cases.count) strings match HF tokenizers")
    }

    func testTruncatesAndFramesWithClsSep() throws {
        let tokenizer = try miniLMTokenizer()
        let long = Array(repeating: "hello", count: 1000).joined(separator: " ")
        let ids = tokenizer.encode(long)
        XCTAssertEqual(ids.count, 256)
        XCTAssertEqual(ids.first, 101)
        XCTAssertEqual(ids.last, 102)
        XCTAssertEqual(tokenizer.encode(long, maxLength: 8).count, 8)
        XCTAssertEqual(tokenizer.encode(""), [101, 102])
    }

    func testRejectsTokenizersItCannotRun() throws {
        let path = temporaryPath("tokenizer.json")
        defer { unlink(path) }
        try Data(#"{"model": {"type": "BPE", "vocab": {}}}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try WordPieceTokenizer(tokenizerJSON: path)) { XCTAssertTrue("\($0)".contains("WordPiece")) }
        try Data(#"{"model": {"type": "WordPiece", "vocab": {"a": 0}}}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try WordPieceTokenizer(tokenizerJSON: path)) { XCTAssertTrue("\($0)".contains("[UNK]")) }
        XCTAssertThrowsError(try WordPieceTokenizer(tokenizerJSON: "/no/such/tokenizer.json"))
    }
}
