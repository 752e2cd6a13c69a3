#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a GGUF file (version 3): metadata of any value type and tensors as raw bytes.
///
/// Used by the tests (small files with known contents) and by the adapter export. Tensor
/// bytes are taken as they are; their count must match the dims and type.
public struct GGUFWriter {
    public struct TensorEntry {
        public var name: String
        public var dims: [Int]
        public var type: GGMLType
        public var bytes: [UInt8]
    }

    public private(set) var metadata: [(key: String, value: GGUFValue)] = []
    public private(set) var tensors: [TensorEntry] = []
    public let alignment: Int

    /// `alignment` must be a power of two; when it is not 32 it is recorded as
    /// `general.alignment` so that readers find the data.
    public init(alignment: Int = GGUFFile.defaultAlignment) throws {
        guard alignment > 0, alignment & (alignment - 1) == 0, alignment <= Int(UInt32.max) else {
            throw GGUFWriterError("alignment \(alignment) is not a power of two")
        }
        self.alignment = alignment
        if alignment != GGUFFile.defaultAlignment {
            metadata.append(("general.alignment", .uint32(UInt32(alignment))))
        }
    }

    /// Adds a metadata entry; keys must be unique.
    public mutating func add(_ key: String, _ value: GGUFValue) throws {
        guard !metadata.contains(where: { $0.key == key }) else {
            throw GGUFWriterError("duplicate metadata key \"\(key)\"")
        }
        if case .array(let elementType, let items) = value {
            guard items.allSatisfy({ $0.type == elementType }) else {
                throw GGUFWriterError("array \"\(key)\" mixes element types (declared \(elementType))")
            }
        }
        metadata.append((key, value))
    }

    /// Adds a tensor; `bytes.count` must equal the size its dims and type imply.
    public mutating func addTensor(_ name: String, dims: [Int], type: GGMLType, bytes: [UInt8]) throws {
        guard !tensors.contains(where: { $0.name == name }) else {
            throw GGUFWriterError("duplicate tensor name \"\(name)\"")
        }
        guard (1 ... GGUFFile.maxDims).contains(dims.count), dims.allSatisfy({ $0 >= 0 }) else {
            throw GGUFWriterError("tensor \"\(name)\" dims \(dims) must be 1 to \(GGUFFile.maxDims) non-negative sizes")
        }
        var elements = 1
        for dim in dims {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw GGUFWriterError("tensor \"\(name)\" dims \(dims) overflow") }
            elements = product
        }
        guard dims[0] % type.blockSize == 0, let expected = type.byteCount(elements: elements) else {
            throw GGUFWriterError("tensor \"\(name)\" row length \(dims[0]) is not a multiple of the \(type.name) block size \(type.blockSize)")
        }
        guard bytes.count == expected else {
            throw GGUFWriterError("tensor \"\(name)\" of \(type.name) \(dims) needs \(expected) bytes, got \(bytes.count)")
        }
        tensors.append(TensorEntry(name: name, dims: dims, type: type, bytes: bytes))
    }

    /// Adds an F32 tensor from floats.
    public mutating func addTensor(_ name: String, dims: [Int], floats: [Float]) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(floats.count * 4)
        for value in floats { bytes.appendLittleEndian(value.bitPattern) }
        try addTensor(name, dims: dims, type: .f32, bytes: bytes)
    }

    /// The whole file as bytes.
    public func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.appendLittleEndian(GGUFFile.magic)
        out.appendLittleEndian(UInt32(3))
        out.appendLittleEndian(UInt64(tensors.count))
        out.appendLittleEndian(UInt64(metadata.count))
        for (key, value) in metadata {
            out.appendString(key)
            out.appendLittleEndian(value.type.rawValue)
            out.appendValue(value)
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            out.appendString(tensor.name)
            out.appendLittleEndian(UInt32(tensor.dims.count))
            for dim in tensor.dims { out.appendLittleEndian(UInt64(dim)) }
            out.appendLittleEndian(tensor.type.rawValue)
            out.appendLittleEndian(UInt64(offset))
            offsets.append(offset)
            offset = (offset + tensor.bytes.count + alignment - 1) / alignment * alignment
        }
        let dataStart = (out.count + alignment - 1) / alignment * alignment
        out.append(contentsOf: repeatElement(0, count: dataStart - out.count))
        for (tensor, tensorOffset) in zip(tensors, offsets) {
            out.append(contentsOf: repeatElement(0, count: dataStart + tensorOffset - out.count))
            out.append(contentsOf: tensor.bytes)
        }
        return out
    }

    /// Writes the file to `path` (replacing it).
    public func write(to path: String) throws {
        let bytes = serialize()
        guard let handle = fopen(path, "wb") else {
            throw FileError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { fclose(handle) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == bytes.count, fflush(handle) == 0 else {
            throw FileError(path: path, reason: "write failed after \(written) of \(bytes.count) bytes")
        }
    }
}

/// A GGUF file that cannot be built as asked.
public struct GGUFWriterError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendString(_ text: String) {
        appendLittleEndian(UInt64(text.utf8.count))
        append(contentsOf: text.utf8)
    }

    mutating func appendValue(_ value: GGUFValue) {
        switch value {
        case .uint8(let v): appendLittleEndian(v)
        case .int8(let v): appendLittleEndian(v)
        case .uint16(let v): appendLittleEndian(v)
        case .int16(let v): appendLittleEndian(v)
        case .uint32(let v): appendLittleEndian(v)
        case .int32(let v): appendLittleEndian(v)
        case .uint64(let v): appendLittleEndian(v)
        case .int64(let v): appendLittleEndian(v)
        case .float32(let v): appendLittleEndian(v.bitPattern)
        case .float64(let v): appendLittleEndian(v.bitPattern)
        case .bool(let v): append(v ? 1 : 0)
        case .string(let v): appendString(v)
        case .array(let elementType, let items):
            appendLittleEndian(elementType.rawValue)
            appendLittleEndian(UInt64(items.count))
            for item in items { appendValue(item) }
        }
    }
}
