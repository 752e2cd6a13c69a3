import Foundation
import Models
import Tensor
import XCTest

/// all-MiniLM-L6-v2 on our tensor core against sentence-transformers' own vectors
/// (Fixtures/minilm-embeddings.json, recorded by bench/clustering/reference_embeddings.py).
final class BertTests: XCTestCase {
    private static func encoder() throws -> BertEncoder {
        do {
            return try BertEncoder.load("minilm")
        } catch let error as ModelNotFound {
            throw XCTSkip("\(error)")
        }
    }

    private struct Reference: Decodable {
        let sentences: [String]
        let embeddings: [[Float]]
    }

    private func reference() throws -> Reference {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("minilm-embeddings.json")))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    func testMatchesSentenceTransformersOnVariedSentences() throws {
        let model = try Self.encoder()
        let r = try reference()
        XCTAssertGreaterThanOrEqual(r.sentences.count, 50)
        let ours = try model.embed(r.sentences, batchSize: 32)
        XCTAssertEqual(ours.shape, [r.sentences.count, 384])
        let values = ours.scalars
        var worst: Float = 1
        for (i, expected) in r.embeddings.enumerated() {
            let row = values[i * 384 ..< (i + 1) * 384]
            let cosine = zip(row, expected).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            worst = min(worst, cosine)
            XCTAssertGreaterThanOrEqual(cosine, 0.999, "sentence \(i): \(r.sentences[i].prefix(60))")
            let norm = row.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            XCTAssertEqual(norm, 1, accuracy: 1e-4)
        }
        print("worst cosine against sentence-transformers: \(worst)")
    }

    func testBatchingAndOrderDoNotChangeEmbeddings() throws {
        let model = try Self.encoder()
        let texts = ["a short one", "a somewhat longer sentence about flights and orders", "x", "SELECT * FROM t;"]
        let together = try model.embed(texts, batchSize: 3).scalars
        for (i, text) in texts.enumerated() {
            let alone = try model.embed([text]).scalars
            for j in 0 ..< 384 { XCTAssertEqual(alone[j], together[i * 384 + j], accuracy: 1e-5) }
        }
    }

    func testEmptyInputGivesNoRows() throws {
        XCTAssertEqual(try Self.encoder().embed([]).shape, [0, 384])
    }

    func testMissingModelFolderNamesTheFile() {
        XCTAssertThrowsError(try BertEncoder(directory: "/nonexistent/minilm")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/minilm/config.json"), "\(error)")
        }
    }
}
