import Foundation
import Models
import Tensor
import XCTest

/// PEFT and llama.cpp adapter files, loading them back, and merging into the base.
final class AdapterIOTests: XCTestCase {
    func trainedLookingAdapter(_ model: LlamaModel, targets: [LoRATarget] = LoRATarget.allCases) throws -> LoRAAdapter {
        let adapter = try LoRAAdapter(model: model.config, config: LoRAConfig(rank: 4, alpha: 8, targets: targets), seed: 3,
                                      baseModelName: "tiny-llama")
        var rng = SeededGenerator(seed: 4)
        for p in adapter.pairs { p.b.updateValue { b in for i in b.indices { b[i] = Float.random(in: -0.2...0.2, using: &rng) } } }
        return adapter
    }

    func logits(_ model: LlamaModel, _ adapter: LoRAAdapter?) throws -> [Float] {
        let m = try LlamaModel(base: model, adapter: adapter)
        return try m.forward([3, 14, 15, 92, 65, 35], cache: m.makeCache(), allLogits: true)
    }

    func testPEFTExportHasPEFTNamesShapesAndUnpermutedRows() throws {
        let model = try LlamaModel(gguf: TinyLlama.file(), threads: 1)
        let adapter = try trainedLookingAdapter(model)
        let dir = temporaryPath("peft")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PEFTFormat.write(adapter, directory: dir)

        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/adapter_config.json"))) as? [String: Any])
        XCTAssertEqual(config["peft_type"] as? String, "LORA")
        XCTAssertEqual(config["task_type"] as? String, "CAUSAL_LM")
        XCTAssertEqual(config["r"] as? Int, 4)
        XCTAssertEqual(config["lora_alpha"] as? Double, 8)
        XCTAssertEqual(config["target_modules"] as? [String], ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
        XCTAssertEqual(config["bias"] as? String, "none")
        XCTAssertEqual(config["fan_in_fan_out"] as? Bool, false)

        let file = try SafetensorsFile(path: dir + "/adapter_model.safetensors")
        XCTAssertEqual(file.tensors.count, 2 * 7 * TinyLlama.layers)
        let (d, kv, f) = (TinyLlama.dim, TinyLlama.dim / TinyLlama.heads * TinyLlama.kvHeads, TinyLlama.ffn)
        let expected: [(String, [Int], [Int])] = [("self_attn.q_proj", [4, d], [d, 4]), ("self_attn.k_proj", [4, d], [kv, 4]),
                                                  ("self_attn.v_proj", [4, d], [kv, 4]), ("self_attn.o_proj", [4, d], [d, 4]),
                                                  ("mlp.gate_proj", [4, d], [f, 4]), ("mlp.up_proj", [4, d], [f, 4]),
                                                  ("mlp.down_proj", [4, f], [d, 4])]
        for layer in 0..<TinyLlama.layers {
            for (module, a, b) in expected {
                let key = "base_model.model.model.layers.\(layer).\(module)"
                XCTAssertEqual(file.tensor(named: key + ".lora_A.weight")?.shape, a, key)
                XCTAssertEqual(file.tensor(named: key + ".lora_B.weight")?.shape, b, key)
                XCTAssertEqual(file.tensor(named: key + ".lora_A.weight")?.dtype, .f32)
            }
        }
        // q's B: Hugging Face row h·d + half·(d/2) + i is GGUF row h·d + 2i + half.
        let headDim = TinyLlama.dim / TinyLlama.heads
        let ours = adapter.pair(layer: 1, target: .q)!.b.value.scalars
        let exported = try XCTUnwrap(file.tensor(named: "base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight")?.floats())
        for (h, i, half) in [(0, 0, 1), (2, 3, 0), (3, 7, 1)] {
            let hf = h * headDim + half * headDim / 2 + i, gguf = h * headDim + 2 * i + half
            XCTAssertEqual(Array(exported[(hf * 4)..<(hf * 4 + 4)]), Array(ours[(gguf * 4)..<(gguf * 4 + 4)]))
        }
        // v is not permuted.
        XCTAssertEqual(file.tensor(named: "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight")?.floats(),
                       adapter.pair(layer: 0, target: .v)!.b.value.scalars)

        // Reading it back re-permutes: same matrices, same logits.
        let loaded = try AdapterFile.read(dir).adapter(for: model.config)
        for (a, b) in zip(adapter.parameters, loaded.parameters) { XCTAssertEqual(a.value.scalars, b.value.scalars) }
        XCTAssertEqual(try logits(model, loaded), try logits(model, adapter))
        XCTAssertEqual(loaded.config.alpha, 8)
    }

    func testGGUFLoRARoundTrip() throws {
        let model = try LlamaModel(gguf: TinyLlama.file(), threads: 1)
        let adapter = try trainedLookingAdapter(model, targets: [.q, .k, .v, .o])
        let path = temporaryPath("lora.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GGUFLoRAFormat.write(adapter, to: path)
        let gguf = try GGUFFile(path: path)
        XCTAssertEqual(gguf.metadata["general.type"]?.string, "adapter")
        XCTAssertEqual(gguf.metadata["adapter.type"]?.string, "lora")
        XCTAssertEqual(gguf.metadata["adapter.lora.alpha"]?.double, 8)
        XCTAssertEqual(gguf.tensor(named: "blk.0.attn_q.weight.lora_a")?.dims, [TinyLlama.dim, 4])
        XCTAssertEqual(gguf.tensor(named: "blk.0.attn_q.weight.lora_b")?.dims, [4, TinyLlama.dim])
        XCTAssertEqual(gguf.tensor(named: "blk.1.attn_output.weight.lora_b")?.dims, [4, TinyLlama.dim])
        XCTAssertNil(gguf.tensor(named: "blk.0.ffn_up.weight.lora_a"))

        let loaded = try AdapterFile.read(path).adapter(for: model.config)
        XCTAssertEqual(loaded.config.targets, [.q, .k, .v, .o])
        for (a, b) in zip(adapter.parameters, loaded.parameters) { XCTAssertEqual(a.value.scalars, b.value.scalars) }
        XCTAssertEqual(try logits(model, loaded), try logits(model, adapter))
    }

    func testMergedModelMatchesTheAdapter() throws {
        let model = try LlamaModel(gguf: TinyLlama.file(), threads: 1)
        let adapter = try trainedLookingAdapter(model)
        let path = temporaryPath("merged.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try MergedModel.write(base: model, adapter: adapter, to: path, precision: .f32)
        let merged = try LlamaModel(path: path, threads: 1)
        let expected = try logits(model, adapter), got = try logits(merged, nil)
        let worst = zip(expected, got).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 1e-3)
        XCTAssertGreaterThan(zip(expected, try logits(model, nil)).map { abs($0 - $1) }.max()!, 1e-2, "the adapter matters")

        try MergedModel.write(base: model, adapter: adapter, to: path, precision: .q8_0)
        let quantized = try LlamaModel(path: path, threads: 1)
        XCTAssertEqual(quantized.file.tensor(named: "blk.0.attn_q.weight")?.type, .q8_0)
        XCTAssertLessThan(zip(expected, try logits(quantized, nil)).map { abs($0 - $1) }.max()!, 0.05)
    }

    func testBadAdapterFilesGiveClearErrors() throws {
        let model = try LlamaModel(gguf: TinyLlama.file(), threads: 1)
        XCTAssertThrowsError(try AdapterFile.read("/nonexistent/adapter")) { XCTAssertTrue("\($0)".contains("no such adapter"), "\($0)") }
        let dir = temporaryPath("bad-peft")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(#"{"peft_type": "LORA", "r": 0, "lora_alpha": 16}"#.utf8).write(to: URL(fileURLWithPath: dir + "/adapter_config.json"))
        XCTAssertThrowsError(try AdapterFile.read(dir)) { XCTAssertTrue("\($0)".contains("adapter_config.json: r must be"), "\($0)") }
        // An adapter for a wider model does not bind to this one.
        var wide = model.config
        wide.dim = 128
        wide.headDim = 32
        let other = try LoRAAdapter(model: wide, config: LoRAConfig(rank: 2), seed: 1)
        try PEFTFormat.write(other, directory: dir)
        XCTAssertThrowsError(try AdapterFile.read(dir).adapter(for: model.config)) { XCTAssertTrue("\($0)".contains("the model needs"), "\($0)") }
        XCTAssertThrowsError(try LlamaModel(base: model, adapter: other))
    }
}
