/// How a weight matrix's values are stored: a ggml tensor type, numbered as in GGUF files
/// (ggml's `enum ggml_type`; `BlockFormat(rawValue:)` takes a GGUF tensor's type field).
///
/// Block formats pack `blockSize` values into `blockBytes` bytes; a row of a quantized matrix
/// is a whole number of blocks. Plain F32/F16/BF16 are blocks of one value.
public enum BlockFormat: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q8_1 = 9
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case bf16 = 30

    /// Values per block.
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1: return 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K: return 256
        }
    }

    /// Bytes per block (ggml-common.h's `block_*` structs).
    public var blockBytes: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 18     // d, qs[16]
        case .q4_1: return 20     // d, m, qs[16]
        case .q5_0: return 22     // d, qh[4], qs[16]
        case .q5_1: return 24     // d, m, qh[4], qs[16]
        case .q8_0: return 34     // d, qs[32]
        case .q8_1: return 36     // d, s, qs[32]
        case .q2_K: return 84     // scales[16], qs[64], d, dmin
        case .q3_K: return 110    // hmask[32], qs[64], scales[12], d
        case .q4_K: return 144    // d, dmin, scales[12], qs[128]
        case .q5_K: return 176    // d, dmin, scales[12], qh[32], qs[128]
        case .q6_K: return 210    // ql[128], qh[64], scales[16], d
        case .q8_K: return 292    // d (f32), qs[256], bsums[16]
        }
    }

    /// Whether `QuantizedMatrix` can dequantize and multiply this type.
    public var isSupported: Bool {
        switch self {
        case .f32, .f16, .bf16, .q4_0, .q4_1, .q8_0, .q4_K, .q6_K: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q8_1: return "Q8_1"
        case .q2_K: return "Q2_K"
        case .q3_K: return "Q3_K"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        case .q8_K: return "Q8_K"
        }
    }

    /// Bytes of one row of `count` values, or nil when `count` is not a whole number of
    /// blocks or the size overflows.
    public func rowBytes(count: Int) -> Int? {
        guard count >= 0, count % blockSize == 0 else { return nil }
        let (bytes, overflow) = (count / blockSize).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }
}
