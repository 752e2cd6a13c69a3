import Models
import XCTest

final class BertConfigTests: XCTestCase {
    func testReadsMiniLMConfigAndItsWeightsAgree() throws {
        let directory: String
        do { directory = try ModelLocator.resolve("minilm") } catch let error as ModelNotFound { throw XCTSkip("\(error)") }
        let config = try BertConfig(path: directory + "/config.json")
        XCTAssertEqual(config.hiddenSize, 384)
        XCTAssertEqual(config.layerCount, 6)
        XCTAssertEqual(config.headCount, 12)
        XCTAssertEqual(config.headSize, 32)
        XCTAssertEqual(config.intermediateSize, 1536)
        XCTAssertEqual(config.activation, "gelu")
        XCTAssertEqual(config.layerNormEpsilon, 1e-12)
        let weights = try SafetensorsFile(path: directory + "/model.safetensors")
        XCTAssertEqual(weights.tensor(named: "embeddings.word_embeddings.weight")?.shape, [config.vocabularySize, config.hiddenSize])
        XCTAssertEqual(weights.tensor(named: "encoder.layer.\(config.layerCount - 1).intermediate.dense.weight")?.shape,
                       [config.intermediateSize, config.hiddenSize])
        XCTAssertNil(weights.tensor(named: "encoder.layer.\(config.layerCount).intermediate.dense.weight"))
    }

    func testRejectsBadConfigs() throws {
        let path = temporaryPath("config.json")
        defer { unlink(path) }
        try Data(#"{"hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 7, "intermediate_size": 1536, "max_position_embeddings": 512, "vocab_size": 10, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try BertConfig(path: path)) { XCTAssertTrue("\($0)".contains("7 heads")) }
        try Data(#"{"hidden_size": 384}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try BertConfig(path: path)) { XCTAssertTrue("\($0)".contains("not a BERT config.json")) }
    }
}
