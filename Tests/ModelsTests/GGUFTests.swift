import Models
import XCTest

final class GGUFTests: XCTestCase {
    /// A file with every metadata value type and tensors of several ggml types.
    static func sampleWriter(alignment: Int = 32) throws -> GGUFWriter {
        var writer = try GGUFWriter(alignment: alignment)
        try writer.add("general.architecture", .string("llama"))
        try writer.add("u8", .uint8(200))
        try writer.add("i8", .int8(-100))
        try writer.add("u16", .uint16(60000))
        try writer.add("i16", .int16(-30000))
        try writer.add("u32", .uint32(4_000_000_000))
        try writer.add("i32", .int32(-2_000_000_000))
        try writer.add("u64", .uint64(.max))
        try writer.add("i64", .int64(.min))
        try writer.add("f32", .float32(1.5))
        try writer.add("f64", .float64(-2.25e300))
        try writer.add("flag", .bool(true))
        try writer.add("text", .string("héllo ✓ 🎉"))
        try writer.add("empty", .string(""))
        try writer.add("tokens", .array(.string, ["a", "Ġb", "<|im_end|>"].map(GGUFValue.string)))
        try writer.add("types", .array(.int32, [1, 3, 6].map { GGUFValue.int32($0) }))
        try writer.add("none", .array(.float32, []))
        try writer.add("nested", .array(.array, [.array(.uint8, [.uint8(1), .uint8(2)]), .array(.uint8, [])]))
        try writer.addTensor("norm", dims: [5], floats: [1, 2, 3, 4, 5])
        try writer.addTensor("q41", dims: [64, 2], type: .q4_1, bytes: (0 ..< 80).map { UInt8($0) })
        try writer.addTensor("q80", dims: [32, 3], type: .q8_0, bytes: (0 ..< 102).map { UInt8(255 - $0) })
        try writer.addTensor("half", dims: [3, 1, 1, 2], type: .f16, bytes: [UInt8](repeating: 0x3C, count: 12))
        return writer
    }

    func testRoundTripsEveryValueTypeAndTensor() throws {
        let writer = try Self.sampleWriter()
        let file = try GGUFFile(bytes: writer.serialize(), name: "sample.gguf")
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.alignment, 32)
        XCTAssertEqual(file.metadataKeys, writer.metadata.map(\.key))
        for (key, value) in writer.metadata {
            XCTAssertEqual(file.metadata[key], value, key)
        }
        XCTAssertEqual(file.metadata["u64"]?.int, nil, "u64.max does not fit an Int")
        XCTAssertEqual(file.metadata["i32"]?.int, -2_000_000_000)
        XCTAssertEqual(file.metadata["tokens"]?.strings, ["a", "Ġb", "<|im_end|>"])
        XCTAssertEqual(file.metadata["types"]?.ints, [1, 3, 6])
        XCTAssertEqual(file.tensors.map(\.name), ["norm", "q41", "q80", "half"])
        XCTAssertEqual(file.dataOffset % 32, 0)
        for (read, written) in zip(file.tensors, writer.tensors) {
            XCTAssertEqual(read.dims, written.dims)
            XCTAssertEqual(read.type, written.type)
            XCTAssertEqual(read.offset % 32, 0)
            XCTAssertEqual(Array(read.data), written.bytes, read.name)
        }
        let norm = try XCTUnwrap(file.tensor(named: "norm"))
        XCTAssertEqual(norm.elementCount, 5)
        XCTAssertEqual(norm.data.loadUnaligned(fromByteOffset: 8, as: Float.self), 3)
        XCTAssertEqual(file.tensor(named: "q41")?.elementCount, 128)
        XCTAssertEqual(file.parameterCount, 5 + 128 + 96 + 6)
        XCTAssertEqual(file.tensorTypeCounts, [.f32: 1, .q4_1: 1, .q8_0: 1, .f16: 1])
        XCTAssertNil(file.tensor(named: "missing"))
        XCTAssertEqual(try file.requiredInt("u32"), 4_000_000_000)
        XCTAssertEqual(try file.requiredDouble("f32"), 1.5)
        XCTAssertEqual(try file.requiredString("general.architecture"), "llama")
        XCTAssertEqual(try file.requiredTensor("q80").type, .q8_0)
        XCTAssertThrowsError(try file.requiredInt("text")) { XCTAssertTrue("\($0)".contains("\"text\" should be an integer, found string")) }
        XCTAssertThrowsError(try file.requiredString("absent")) { XCTAssertTrue("\($0)".contains("missing metadata \"absent\"")) }
        XCTAssertThrowsError(try file.requiredTensor("absent")) { XCTAssertTrue("\($0)".contains("missing tensor \"absent\"")) }
    }

    func testCustomAlignmentIsRecordedAndHonoured() throws {
        let writer = try Self.sampleWriter(alignment: 64)
        let file = try GGUFFile(bytes: writer.serialize())
        XCTAssertEqual(file.alignment, 64)
        XCTAssertEqual(file.metadata["general.alignment"], .uint32(64))
        XCTAssertEqual(file.dataOffset % 64, 0)
        XCTAssertTrue(file.tensors.allSatisfy { $0.offset % 64 == 0 })
        XCTAssertThrowsError(try GGUFWriter(alignment: 48))
    }

    func testWriterRejectsInconsistentTensors() throws {
        var writer = try GGUFWriter()
        XCTAssertThrowsError(try writer.addTensor("t", dims: [32], type: .q4_1, bytes: [UInt8](repeating: 0, count: 19)))
        XCTAssertThrowsError(try writer.addTensor("t", dims: [16], type: .q8_0, bytes: [UInt8](repeating: 0, count: 17)))
        XCTAssertThrowsError(try writer.addTensor("t", dims: [], type: .f32, bytes: []))
        try writer.addTensor("t", dims: [1], floats: [1])
        XCTAssertThrowsError(try writer.addTensor("t", dims: [1], floats: [1]))
        try writer.add("k", .bool(false))
        XCTAssertThrowsError(try writer.add("k", .bool(true)))
        XCTAssertThrowsError(try writer.add("mixed", .array(.int32, [.int32(1), .uint8(2)])))
    }

    func testWritesAndMapsAFile() throws {
        let path = temporaryPath("sample.gguf")
        defer { unlink(path) }
        try Self.sampleWriter().write(to: path)
        let file = try GGUFFile(path: path)
        XCTAssertEqual(file.path, path)
        XCTAssertEqual(file.tensor(named: "q80").map { Array($0.data) }, (0 ..< 102).map { UInt8(255 - $0) })
    }

    // MARK: - Errors name what is wrong and where

    private func assertFormatError(_ bytes: [UInt8], offset: Int? = nil, mentions text: String,
                                   file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try GGUFFile(bytes: bytes, name: "bad.gguf"), file: file, line: line) { error in
            guard let error = error as? FormatError else {
                return XCTFail("expected FormatError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.path, "bad.gguf", file: file, line: line)
            if let offset { XCTAssertEqual(error.offset, offset, "\(error)", file: file, line: line) }
            XCTAssertTrue(error.description.contains(text), "\(error) should mention \(text)", file: file, line: line)
        }
    }

    func testRejectsBadHeaders() throws {
        let good = try Self.sampleWriter().serialize()
        assertFormatError([], offset: 0, mentions: "magic")
        assertFormatError(Array("GGML".utf8) + good.dropFirst(4), offset: 0, mentions: "not a GGUF file")
        var version = good
        version[4] = 9
        assertFormatError(version, offset: 4, mentions: "version 9")
        var tensorCount = good
        tensorCount[15] = 0x7F
        assertFormatError(tensorCount, offset: 8, mentions: "implausibly large")
        var metadataCount = good
        metadataCount[19] = 0x01
        assertFormatError(metadataCount, offset: 16, mentions: "metadata count")
        assertFormatError(Array(good.prefix(20)), offset: 16, mentions: "metadata count needs 8 bytes but only 4")
    }

    func testRejectsCorruptMetadataAndTensorInfo() throws {
        var writer = try GGUFWriter()
        try writer.add("key", .string("value"))
        try writer.addTensor("w", dims: [32, 2], type: .q8_0, bytes: [UInt8](repeating: 1, count: 68))
        let good = writer.serialize()
        // Layout: header 24, key length 8 @24, "key" @32, type u32 @35, string length u64 @39, "value" @47,
        // tensor name length @52, "w" @60, rank @61, dims @65 @73, type @81, offset @85.
        var longString = good
        longString[39] = 0xFF
        longString[40] = 0xFF
        assertFormatError(longString, offset: 39, mentions: "length of value of \"key\"")
        var badType = good
        badType[35] = 13
        assertFormatError(badType, offset: 35, mentions: "unknown value type 13")
        var badUTF8 = good
        badUTF8[47] = 0xC3
        badUTF8[48] = 0x28
        assertFormatError(badUTF8, offset: 47, mentions: "not valid UTF-8")
        var rank = good
        rank[61] = 5
        assertFormatError(rank, offset: 61, mentions: "5 dimensions")
        var tensorType = good
        tensorType[81] = 99
        assertFormatError(tensorType, offset: 81, mentions: "unknown ggml type 99")
        var blockMisfit = good
        blockMisfit[65] = 31
        assertFormatError(blockMisfit, mentions: "not a multiple of the Q8_0 block size 32")
        var misaligned = good
        misaligned[85] = 4
        assertFormatError(misaligned, offset: 85, mentions: "not a multiple of the alignment 32")
        var pastEnd = good
        pastEnd[85] = 64
        assertFormatError(pastEnd, mentions: "runs past the end of the file")
        var hugeDims = good
        for i in 65 ..< 81 { hugeDims[i] = 0xFF }
        hugeDims[72] = 0
        hugeDims[80] = 0
        assertFormatError(hugeDims, mentions: "tensor \"w\"")
        assertFormatError(Array(good.dropLast(1)), mentions: "runs past the end of the file")
    }

    func testRejectsOverlappingTensorsAndBadAlignment() throws {
        var writer = try GGUFWriter()
        try writer.addTensor("a", dims: [16], floats: [Float](repeating: 1, count: 16))
        try writer.addTensor("b", dims: [8], floats: [Float](repeating: 2, count: 8))
        var bytes = writer.serialize()
        // Point b's offset (the last 8 bytes of the tensor infos: header 24 + two infos of
        // name length 8, name 1, rank 4, dim 8, type 4, offset 8) at a's data.
        let bOffsetAt = 24 + 2 * (8 + 1 + 4 + 8 + 4 + 8) - 8
        XCTAssertEqual(bytes[bOffsetAt], 64)
        bytes[bOffsetAt] = 32
        assertFormatError(bytes, mentions: "overlap")

        var aligned = try GGUFWriter()
        try aligned.add("general.alignment", .uint32(3))
        assertFormatError(aligned.serialize(), mentions: "general.alignment")
    }

    func testEveryTruncationFailsCleanly() throws {
        let good = try Self.sampleWriter().serialize()
        for length in 0 ..< good.count {
            XCTAssertThrowsError(try GGUFFile(bytes: Array(good.prefix(length)))) { error in
                XCTAssertTrue(error is FormatError, "length \(length): \(error)")
            }
        }
    }

    // MARK: - The real model

    func testReadsTheRealSmolLM2File() throws {
        let file = try realSmolLM()
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.metadata["general.architecture"]?.string, "llama")
        XCTAssertEqual(file.metadata["llama.embedding_length"]?.int, 576)
        XCTAssertEqual(file.metadata["llama.block_count"]?.int, 30)
        XCTAssertEqual(try file.requiredDouble("llama.rope.freq_base"), 100_000)
        XCTAssertEqual(try file.requiredDouble("llama.attention.layer_norm_rms_epsilon"), 1e-5, accuracy: 1e-12)
        XCTAssertEqual(file.metadata["tokenizer.ggml.model"]?.string, "gpt2")
        XCTAssertEqual(file.metadata["tokenizer.ggml.pre"]?.string, "smollm")
        XCTAssertEqual(file.metadata["tokenizer.ggml.tokens"]?.array?.count, 49152)
        XCTAssertEqual(file.tensors.count, 2 + 30 * 9)
        let embedding = try XCTUnwrap(file.tensor(named: "token_embd.weight"))
        XCTAssertEqual(embedding.dims, [576, 49152])
        XCTAssertEqual(embedding.type, .q8_0)
        XCTAssertEqual(embedding.data.count, 576 * 49152 / 32 * 34)
        XCTAssertEqual(file.tensor(named: "blk.0.attn_q.weight")?.type, .q4_1)
        XCTAssertEqual(file.tensor(named: "blk.0.attn_norm.weight")?.type, .f32)
        XCTAssertNil(file.tensor(named: "output.weight"))
        XCTAssertEqual(file.tensorTypeCounts, [.q4_1: 210, .f32: 61, .q8_0: 1])
        XCTAssertEqual(file.summary, "llama, 134.5M parameters, 272 tensors (Q4_1 ×210, F32 ×61, Q8_0 ×1), 98.4 MB")
        let end = file.tensors.map { file.dataOffset + $0.offset + $0.data.count }.max()
        XCTAssertEqual(end, file.file.bytes.count)
    }
}
