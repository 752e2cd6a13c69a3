import Foundation

/// An HF safetensors file, memory-mapped and validated on open.
///
/// Layout: u64 little-endian header length N, N bytes of JSON (`"name": {"dtype", "shape",
/// "data_offsets": [begin, end]}` plus an optional `"__metadata__"` string map), then the
/// data; offsets are relative to the data start. Every entry is checked against the file:
/// known dtype, non-negative shape whose size matches its byte range, ranges inside the
/// data and not overlapping. Errors are `FormatError`s naming the problem.
public final class SafetensorsFile: @unchecked Sendable {
    /// safetensors' own limit on the header size (100 MB).
    public static let maxHeaderLength = 100_000_000

    public let file: MappedFile
    public var path: String { file.path }
    /// Tensors in data order.
    public let tensors: [SafetensorsTensor]
    public let metadata: [String: String]
    /// Byte offset of the data section.
    public let dataOffset: Int
    private let tensorIndex: [String: Int]

    public convenience init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    public convenience init(bytes: [UInt8], name: String = "<memory>") throws {
        try self.init(file: MappedFile(copying: bytes, name: name))
    }

    public init(file: MappedFile) throws {
        self.file = file
        var cursor = ByteCursor(bytes: file.bytes, path: file.path)
        let headerLength = try cursor.readCount("header length")
        guard headerLength <= Self.maxHeaderLength, headerLength <= cursor.remaining else {
            throw cursor.error("header length \(headerLength) exceeds the \(cursor.remaining) bytes left (or the 100 MB limit)", at: 0)
        }
        let header = try cursor.readBytes(headerLength, "header")
        dataOffset = cursor.offset
        let dataBytes = file.bytes.count - dataOffset

        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(header), options: [])
        } catch {
            throw cursor.error("header is not valid JSON: \(error.localizedDescription)", at: 8)
        }
        guard let entries = json as? [String: Any] else {
            throw cursor.error("header is not a JSON object", at: 8)
        }

        var metadata: [String: String] = [:]
        var tensors: [SafetensorsTensor] = []
        for (name, value) in entries {
            func fail(_ reason: String) -> FormatError { cursor.error("tensor \"\(name)\": \(reason)", at: 8) }
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw cursor.error("__metadata__ is not an object", at: 8)
                }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw cursor.error("__metadata__ value \"\(key)\" is not a string", at: 8)
                    }
                    metadata[key] = text
                }
                continue
            }
            guard let entry = value as? [String: Any] else { throw fail("entry is not an object") }
            guard let dtypeName = entry["dtype"] as? String else { throw fail("missing dtype") }
            guard let dtype = SafetensorsDType(rawValue: dtypeName) else { throw fail("unknown dtype \"\(dtypeName)\"") }
            guard let shapeValues = entry["shape"] as? [Any] else { throw fail("missing shape") }
            var shape: [Int] = []
            var elements = 1
            for dim in shapeValues {
                guard let number = dim as? NSNumber, let size = Int(exactly: number.doubleValue), size >= 0 else {
                    throw fail("shape \(shapeValues) is not a list of non-negative integers")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow else { throw fail("shape \(shapeValues) overflows") }
                elements = product
                shape.append(size)
            }
            guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
                  let begin = (offsets[0] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
                  let end = (offsets[1] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
                  begin >= 0, begin <= end
            else { throw fail("data_offsets must be [begin, end] with 0 <= begin <= end") }
            guard end <= dataBytes else {
                throw fail("data_offsets [\(begin), \(end)] run past the \(dataBytes) bytes of data")
            }
            let (expected, overflow) = elements.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, expected == end - begin else {
                throw fail("\(dtypeName) \(shape) needs \(overflow ? "too many" : String(expected)) bytes but data_offsets span \(end - begin)")
            }
            let data = UnsafeRawBufferPointer(rebasing: file.bytes[dataOffset + begin ..< dataOffset + end])
            tensors.append(SafetensorsTensor(name: name, dtype: dtype, shape: shape, offset: begin,
                                             elementCount: elements, data: data))
        }
        tensors.sort { ($0.offset, $0.name) < ($1.offset, $1.name) }
        for (a, b) in zip(tensors, tensors.dropFirst()) where a.offset + a.data.count > b.offset && !a.data.isEmpty && !b.data.isEmpty {
            throw cursor.error("tensors \"\(a.name)\" and \"\(b.name)\" overlap in the data", at: dataOffset + b.offset)
        }
        self.tensors = tensors
        self.metadata = metadata
        tensorIndex = Dictionary(tensors.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func tensor(named name: String) -> SafetensorsTensor? {
        tensorIndex[name].map { tensors[$0] }
    }
}

/// One tensor of a safetensors file; `data` points into the mapping.
public struct SafetensorsTensor: @unchecked Sendable {
    public let name: String
    public let dtype: SafetensorsDType
    /// Row-major shape, outermost first (PyTorch's order).
    public let shape: [Int]
    /// Offset of the data relative to the data section.
    public let offset: Int
    public let elementCount: Int
    public let data: UnsafeRawBufferPointer

    /// The values as Float, converting F16/BF16/F64; nil for integer dtypes.
    public func floats() -> [Float]? {
        switch dtype {
        case .f32:
            return (0 ..< elementCount).map { data.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        case .f16:
            return (0 ..< elementCount).map { Float(Float16(bitPattern: data.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) }
        case .bf16:
            return (0 ..< elementCount).map { Float(bitPattern: UInt32(data.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) << 16) }
        case .f64:
            return (0 ..< elementCount).map { Float(data.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self)) }
        default:
            return nil
        }
    }
}

/// safetensors element types.
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32"
    case i64 = "I64", u64 = "U64", f64 = "F64"

    public var byteSize: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: return 1
        case .i16, .u16, .f16, .bf16: return 2
        case .i32, .u32, .f32: return 4
        case .i64, .u64, .f64: return 8
        }
    }
}
