import Tensor
import XCTest

/// Every block format against blocks written by hand, with values known from the format's
/// definition (ggml-common.h / ggml-quants.c). Scales are powers of two so the expected
/// values are exact whichever way ggml's compiler rounds.
final class QuantFormatTests: XCTestCase {
    private func dequantized(_ type: BlockFormat, cols: Int, _ bytes: [UInt8]) throws -> [[Float]] {
        var results: [[Float]] = []
        for kernels in [QuantizedMatrix.Kernels.floatActivations, .portable] {
            var m = try QuantizedMatrix(type: type, rows: 1, cols: cols, bytes: bytes)
            m.kernels = kernels
            results.append(m.dequantizeRow(0))
        }
        XCTAssertEqual(results[0], results[1], "\(type): AVX-512 and Swift dequantization differ")
        return results
    }

    func testQ4_0() throws {
        // d = 0.5; byte j holds value j in its low nibble and value j+16 in its high nibble.
        let qs = (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }
        let values = try dequantized(.q4_0, cols: 32, [0x00, 0x38] + qs)[0]
        XCTAssertEqual(values[0], -4)          // (0 - 8)·0.5
        XCTAssertEqual(values[15], 3.5)        // (15 - 8)·0.5
        XCTAssertEqual(values[16], 3.5)        // high nibble of byte 0 is 15
        XCTAssertEqual(values[31], -4)
        XCTAssertEqual(values, (0..<16).map { Float($0 - 8) * 0.5 } + (0..<16).map { Float(7 - $0) * 0.5 })
    }

    func testQ4_1() throws {
        // d = 0.25, m = -1: value = q·0.25 − 1.
        let qs = (0..<16).map { UInt8($0) | UInt8(($0 * 3) % 16) << 4 }
        let values = try dequantized(.q4_1, cols: 32, [0x00, 0x34, 0x00, 0xBC] + qs)[0]
        XCTAssertEqual(values[0], -1)
        XCTAssertEqual(values[15], 2.75)
        XCTAssertEqual(values[17], -0.25)      // high nibble of byte 1 is 3
        XCTAssertEqual(values, (0..<16).map { Float($0) * 0.25 - 1 } + (0..<16).map { Float(($0 * 3) % 16) * 0.25 - 1 })
    }

    func testQ8_0() throws {
        // d = 2, qs = int8 from -128 up in steps of 8 (bit patterns written as bytes).
        let q = (0..<32).map { -128 + 8 * $0 }
        let values = try dequantized(.q8_0, cols: 32, [0x00, 0x40] + q.map { UInt8(bitPattern: Int8($0)) })[0]
        XCTAssertEqual(values[0], -256)
        XCTAssertEqual(values[16], 0)
        XCTAssertEqual(values[31], 240)
        XCTAssertEqual(values, q.map { Float($0) * 2 })
    }

    func testF16() throws {
        // 1, -2, 0.5, 65504 (largest half), 2^-24 (smallest subnormal), -0, 0.333251953125.
        let bits: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000, 0x3555]
        let values = try dequantized(.f16, cols: 7, bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })[0]
        XCTAssertEqual(values, [1, -2, 0.5, 65504, 0x1p-24, -0.0, 0.333251953125])
    }

    func testBF16() throws {
        // bf16 is the top half of an f32: 1, -3, 3.140625, 1e-38-ish normal.
        let bits: [UInt16] = [0x3F80, 0xC040, 0x4049, 0x0080]
        let values = try dequantized(.bf16, cols: 4, bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })[0]
        XCTAssertEqual(values, [1, -3, 3.140625, 0x1p-126])
    }

    func testQ4_K() throws {
        // d = 1, dmin = 0.5. Sub-block j (32 values) has 6-bit scale sc[j] and min mn[j]:
        // value = 1·sc·q − 0.5·mn. Packing (get_scale_min_k4): bytes 0–3 hold sc[0–3] in their
        // low 6 bits and the top 2 bits of sc[4–7]; bytes 4–7 likewise mn[0–3] and mn[4–7]'s top
        // bits; bytes 8–11 hold sc[4–7]'s low nibble and mn[4–7]'s low nibble (high).
        let sc: [UInt8] = [1, 2, 3, 63, 17, 33, 48, 62]
        let mn: [UInt8] = [0, 5, 63, 1, 16, 47, 31, 2]
        var scales = [UInt8](repeating: 0, count: 12)
        for j in 0..<4 {
            scales[j] = sc[j] | (sc[j + 4] >> 4) << 6
            scales[j + 4] = mn[j] | (mn[j + 4] >> 4) << 6
            scales[j + 8] = (sc[j + 4] & 0x0F) | (mn[j + 4] & 0x0F) << 4
        }
        // Chunk c of 32 bytes: low nibbles are sub-block 2c, high nibbles sub-block 2c+1.
        func q(_ i: Int) -> UInt8 { UInt8((i * 7 + i / 32) % 16) }
        var qs = [UInt8](repeating: 0, count: 128)
        for c in 0..<4 {
            for l in 0..<32 { qs[32 * c + l] = q(64 * c + l) | q(64 * c + 32 + l) << 4 }
        }
        let values = try dequantized(.q4_K, cols: 256, [0x00, 0x3C, 0x00, 0x38] + scales + qs)[0]
        XCTAssertEqual(values.count, 256)
        XCTAssertEqual(values[0], 0)                          // 1·1·0 − 0.5·0
        XCTAssertEqual(values[33], 13.5)                      // sub-block 1, q = 8: 2·8 − 0.5·5
        XCTAssertEqual(values[98], 62.5)                      // sub-block 3, q = 1: 63·1 − 0.5·1
        XCTAssertEqual(values[170], 339.5)                    // sub-block 5, q = 11: 33·11 − 0.5·47
        for i in 0..<256 {
            let j = i / 32
            XCTAssertEqual(values[i], Float(sc[j]) * Float(q(i)) - 0.5 * Float(mn[j]), "value \(i)")
        }
    }

    func testQ6_K() throws {
        // d = 0.5; value i = 0.5·scales[i/16]·(q_i − 32) with q_i 6 bits. In each half of 128
        // values, value l + 32k takes its low 4 bits from ql (k = 0,1: low nibbles of ql[l],
        // ql[l+32]; k = 2,3: their high nibbles) and its high 2 bits from qh[l] bits 2k…2k+1.
        let scales: [Int8] = [1, -1, 2, -2, 3, -3, 4, -4, 127, -128, 5, 6, 7, 8, 9, -10]
        func q(_ i: Int) -> UInt8 { UInt8((i * 37 + 11) % 64) }
        var ql = [UInt8](repeating: 0, count: 128)
        var qh = [UInt8](repeating: 0, count: 64)
        for h in 0..<2 {
            for l in 0..<32 {
                let base = 128 * h + l
                ql[64 * h + l] = (q(base) & 0x0F) | (q(base + 64) & 0x0F) << 4
                ql[64 * h + l + 32] = (q(base + 32) & 0x0F) | (q(base + 96) & 0x0F) << 4
                qh[32 * h + l] = (q(base) >> 4) | (q(base + 32) >> 4) << 2 | (q(base + 64) >> 4) << 4 | (q(base + 96) >> 4) << 6
            }
        }
        let bytes = ql + qh + scales.map { UInt8(bitPattern: $0) } + [0x00, 0x38]
        XCTAssertEqual(bytes.count, 210)
        let values = try dequantized(.q6_K, cols: 256, bytes)[0]
        XCTAssertEqual(values[0], 0.5 * 1 * Float(11 - 32))   // q(0) = 11
        XCTAssertEqual(values[255], -30)                       // q = 38, scale −10
        XCTAssertEqual(values[130], -698.5)                    // q = 21, scale 127
        for i in 0..<256 {
            XCTAssertEqual(values[i], 0.5 * Float(scales[i / 16]) * Float(Int(q(i)) - 32), "value \(i)")
        }
    }

    func testF32() throws {
        let floats: [Float] = [1.5, -2.25, 0x1p-149]
        let bytes = floats.flatMap { f in (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * $0)) } }
        XCTAssertEqual(try dequantized(.f32, cols: 3, bytes)[0], floats)
    }

    func testRejectsBadShapesAndTypes() {
        XCTAssertThrowsError(try QuantizedMatrix(type: .q4_1, rows: 2, cols: 48, bytes: [UInt8](repeating: 0, count: 80), name: "blk.0.attn_q.weight")) {
            XCTAssertTrue("\($0)".contains("blk.0.attn_q.weight"), "\($0)")
            XCTAssertTrue("\($0)".contains("whole number of 32-value blocks"), "\($0)")
        }
        XCTAssertThrowsError(try QuantizedMatrix(type: .q8_0, rows: 2, cols: 64, bytes: [UInt8](repeating: 0, count: 135))) {
            XCTAssertTrue("\($0)".contains("needs 136 bytes, found 135"), "\($0)")
        }
        XCTAssertThrowsError(try QuantizedMatrix(type: .q5_K, rows: 1, cols: 256, bytes: [UInt8](repeating: 0, count: 176))) {
            XCTAssertTrue("\($0)".contains("Q5_K is not supported"), "\($0)")
        }
        XCTAssertThrowsError(try QuantizedMatrix(type: .q4_0, rows: Int.max / 2, cols: 64, bytes: [0]))
    }

    func testBlockGeometryMatchesGGML() {
        let expected: [BlockFormat: (Int, Int)] = [
            .f32: (1, 4), .f16: (1, 2), .bf16: (1, 2), .q4_0: (32, 18), .q4_1: (32, 20),
            .q8_0: (32, 34), .q4_K: (256, 144), .q6_K: (256, 210),
        ]
        for (type, (size, bytes)) in expected {
            XCTAssertEqual(type.blockSize, size, "\(type)")
            XCTAssertEqual(type.blockBytes, bytes, "\(type)")
        }
        XCTAssertEqual(BlockFormat(rawValue: 30), .bf16)
        XCTAssertEqual(BlockFormat(rawValue: 14), .q6_K)
    }
}
