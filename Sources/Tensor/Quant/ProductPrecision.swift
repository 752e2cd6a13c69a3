/// The arithmetic of a quantized matrix's products with many activation rows.
public enum ProductPrecision: String, Sendable, Equatable {
    /// Dequantized tiles multiplied by f32 sgemm (relative error ~1e-6).
    case float32 = "f32"
    /// Dequantized tiles and activations rounded to fp16 and multiplied with fp16 multiply-adds
    /// (`HalfPrecisionGEMM`), summed in f32 every 32 values: twice sgemm's multiply-add rate
    /// where AVX512-FP16 exists, at a relative error of about 1e-3 of the sum of |products|
    /// (QLoRA's compute in half precision, here fp16 with per-row scaling instead of bf16).
    case float16 = "fp16"

    /// fp16 where this CPU runs it, else f32.
    public static var fastest: ProductPrecision { HalfPrecisionGEMM.isAvailable ? .float16 : .float32 }
}

/// A quantized matrix as a frozen linear layer whose products run in `precision` (LoRA
/// training's base projections; `QuantizedMatrix`'s own conformance is f32).
public struct QuantizedLinear: LinearWeight, @unchecked Sendable {
    public let matrix: QuantizedMatrix
    public let precision: ProductPrecision

    public init(_ matrix: QuantizedMatrix, precision: ProductPrecision) {
        self.matrix = matrix
        self.precision = precision
    }

    public var inFeatures: Int { matrix.cols }
    public var outFeatures: Int { matrix.rows }

    public func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        matrix.matmul(x, count: rows, into: y, threads: Parallel.threadCount, precision: precision)
    }

    public func backward(_ dy: UnsafePointer<Float>, rows: Int, into dx: UnsafeMutablePointer<Float>) {
        matrix.backward(dy, rows: rows, into: dx, precision: precision)
    }
}
