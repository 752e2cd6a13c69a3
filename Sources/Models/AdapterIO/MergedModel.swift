import Foundation
import Tensor

/// Folds an adapter into its base: W' = W + (alpha/r)·B·A for every adapted projection,
/// written as a new GGUF with the base's metadata and every other tensor unchanged. The
/// merged matrices are re-quantized to Q8_0 (or kept F32), since the sum is no longer in
/// the base's 4-bit grid.
public enum MergedModel {
    public enum Precision: String, Sendable { case q8_0, f32 }

    public static func write(base: LlamaModel, adapter: LoRAAdapter, to path: String, precision: Precision = .q8_0) throws {
        guard adapter.model == base.config else { throw LoRAError("merge: the adapter was made for another model shape") }
        let file = base.file
        var w = try GGUFWriter(alignment: file.alignment)
        for key in file.metadataKeys where key != "general.alignment" {
            if let value = file.metadata[key] { try w.add(key, value) }
        }
        var adapted: [String: LoRAPair] = [:]
        for p in adapter.pairs { adapted["blk.\(p.layer).\(p.target.ggufName).weight"] = p }
        for t in file.tensors {
            guard let p = adapted[t.name] else {
                try w.addTensor(t.name, dims: t.dims, type: t.type, bytes: Array(t.data))
                continue
            }
            let merged = try mergedWeights(base: base, pair: p, adapter: adapter)
            let (out, inputs) = p.target.shape(adapter.model)
            switch precision {
            case .f32: try w.addTensor(t.name, dims: [inputs, out], floats: merged)
            case .q8_0: try w.addTensor(t.name, dims: [inputs, out], type: .q8_0, bytes: quantizeQ8_0(merged))
            }
        }
        try w.write(to: path)
    }

    /// W + scale·B·A as (out, in) floats.
    static func mergedWeights(base: LlamaModel, pair p: LoRAPair, adapter: LoRAAdapter) throws -> [Float] {
        let w = base.matrix(layer: p.layer, target: p.target)
        var merged = w.dequantize()                                 // (out, in)
        let (out, inputs) = (w.rows, w.cols)
        p.b.value.withUnsafeBufferPointer { b in
            p.a.value.withUnsafeBufferPointer { a in
                merged.withUnsafeMutableBufferPointer { m in
                    BLAS.sgemm(m: out, n: inputs, k: adapter.config.rank, alpha: adapter.config.scale,
                               a: b.baseAddress!, lda: adapter.config.rank, b: a.baseAddress!, ldb: inputs,
                               beta: 1, c: m.baseAddress!, ldc: inputs)
                }
            }
        }
        return merged
    }

    /// ggml's Q8_0: blocks of 32 values as an f16 scale d = max|x|/127 and 32 int8 round(x/d).
    static func quantizeQ8_0(_ values: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count / 32 * 34)
        for start in stride(from: 0, to: values.count, by: 32) {
            let block = values[start..<start + 32]
            let amax = block.map(abs).max() ?? 0
            let d = amax / 127
            let inverse: Float = d == 0 ? 0 : 1 / d
            let bits = Float16(d).bitPattern
            bytes.append(UInt8(bits & 0xFF))
            bytes.append(UInt8(bits >> 8))
            for x in block { bytes.append(UInt8(bitPattern: Int8((x * inverse).rounded()))) }
        }
        return bytes
    }
}

extension LlamaModel {
    /// The frozen weight of one projection.
    func matrix(layer: Int, target: LoRATarget) -> QuantizedMatrix {
        let b = blocks[layer]
        switch target {
        case .q: return b.wq
        case .k: return b.wk
        case .v: return b.wv
        case .o: return b.wo
        case .gate: return b.wGate
        case .up: return b.wUp
        case .down: return b.wDown
        }
    }
}
