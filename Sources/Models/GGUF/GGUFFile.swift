/// A GGUF file (llama.cpp's model container), memory-mapped and fully validated on open.
///
/// Metadata is parsed into values; tensor data is not copied: each `GGUFTensor` points into
/// the mapping, which lives as long as this object. Every count, length, type, dimension and
/// offset is checked against the file size before use, so a truncated or corrupt file throws
/// a `FormatError` naming the problem and its byte offset.
public final class GGUFFile: @unchecked Sendable {
    public static let magic: UInt32 = 0x4655_4747  // "GGUF" read as a little-endian u32
    public static let defaultAlignment = 32
    /// llama.cpp's limit on tensor rank (GGML_MAX_DIMS).
    public static let maxDims = 4

    public let file: MappedFile
    public var path: String { file.path }
    public let version: UInt32
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    public let metadata: [String: GGUFValue]
    public let tensors: [GGUFTensor]
    public let alignment: Int
    /// Byte offset of the data section (tensor offsets are relative to it).
    public let dataOffset: Int
    private let tensorIndex: [String: Int]

    /// Opens and validates the GGUF file at `path`.
    public convenience init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    /// Parses GGUF bytes held in memory (`name` labels errors).
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws {
        try self.init(file: MappedFile(copying: bytes, name: name))
    }

    public init(file: MappedFile) throws {
        self.file = file
        var cursor = ByteCursor(bytes: file.bytes, path: file.path)

        let magic = try cursor.read(UInt32.self, "magic")
        guard magic == Self.magic else {
            throw cursor.error("bad magic \(hex(magic)): not a GGUF file (expected \"GGUF\")", at: 0)
        }
        version = try cursor.read(UInt32.self, "version")
        guard version == 2 || version == 3 else {
            throw cursor.error("unsupported GGUF version \(version) (supported: 2, 3)", at: 4)
        }
        let tensorCount = try cursor.readCount("tensor count")
        let metadataCount = try cursor.readCount("metadata count")
        // Smallest encodings: a metadata entry is key length + type + a 1-byte value; a tensor
        // info is name length + n_dims + one dim + type + offset.
        guard metadataCount <= cursor.remaining / 13 else {
            throw cursor.error("metadata count \(metadataCount) cannot fit in the \(cursor.remaining) bytes left", at: 16)
        }
        guard tensorCount <= cursor.remaining / 32 else {
            throw cursor.error("tensor count \(tensorCount) cannot fit in the \(cursor.remaining) bytes left", at: 8)
        }

        var keys: [String] = []
        var values: [String: GGUFValue] = [:]
        keys.reserveCapacity(metadataCount)
        for index in 0 ..< metadataCount {
            let entryStart = cursor.offset
            let key = try cursor.readString("key of metadata entry \(index)")
            guard values[key] == nil else {
                throw cursor.error("duplicate metadata key \"\(key)\"", at: entryStart)
            }
            let value = try Self.readValue(&cursor, key: key, depth: 0)
            keys.append(key)
            values[key] = value
        }
        metadataKeys = keys
        metadata = values

        var alignment = Self.defaultAlignment
        if let value = values["general.alignment"] {
            guard case .uint32(let raw) = value, raw > 0, raw & (raw - 1) == 0, raw <= 1 << 20 else {
                throw cursor.error("general.alignment must be a u32 power of two up to 1 MiB, found \(value)", at: 24)
            }
            alignment = Int(raw)
        }
        self.alignment = alignment

        var infos: [(name: String, dims: [Int], type: GGMLType, offset: Int, infoOffset: Int)] = []
        infos.reserveCapacity(tensorCount)
        var index: [String: Int] = [:]
        for t in 0 ..< tensorCount {
            let infoStart = cursor.offset
            let name = try cursor.readString("name of tensor \(t)")
            guard index[name] == nil else {
                throw cursor.error("duplicate tensor name \"\(name)\"", at: infoStart)
            }
            let dimsAt = cursor.offset
            let rank = try cursor.read(UInt32.self, "rank of tensor \"\(name)\"")
            guard rank >= 1, rank <= Self.maxDims else {
                throw cursor.error("tensor \"\(name)\" has \(rank) dimensions (expected 1...\(Self.maxDims))", at: dimsAt)
            }
            var dims: [Int] = []
            for d in 0 ..< Int(rank) {
                let dimAt = cursor.offset
                let raw = try cursor.read(UInt64.self, "dimension \(d) of tensor \"\(name)\"")
                guard raw <= UInt64(Int32.max) * 1024 else {
                    throw cursor.error("dimension \(d) of tensor \"\(name)\" is \(raw), implausibly large", at: dimAt)
                }
                dims.append(Int(raw))
            }
            let typeAt = cursor.offset
            let rawType = try cursor.read(UInt32.self, "type of tensor \"\(name)\"")
            guard let type = GGMLType(rawValue: rawType) else {
                throw cursor.error("tensor \"\(name)\" has unknown ggml type \(rawType)", at: typeAt)
            }
            let offsetAt = cursor.offset
            let rawOffset = try cursor.read(UInt64.self, "data offset of tensor \"\(name)\"")
            guard let offset = Int(exactly: rawOffset), offset % alignment == 0 else {
                throw cursor.error("data offset \(rawOffset) of tensor \"\(name)\" is not a multiple of the alignment \(alignment)", at: offsetAt)
            }
            index[name] = t
            infos.append((name, dims, type, offset, infoStart))
        }
        tensorIndex = index

        let (padded, overflow) = cursor.offset.addingReportingOverflow(alignment - 1)
        guard !overflow else { throw cursor.error("data section offset overflows") }
        dataOffset = padded / alignment * alignment
        let dataBytes = file.bytes.count - dataOffset
        guard tensorCount == 0 || dataBytes >= 0 else {
            throw cursor.error("the data section should start at byte \(dataOffset) but the file has only \(file.bytes.count) bytes")
        }

        var tensors: [GGUFTensor] = []
        tensors.reserveCapacity(tensorCount)
        for info in infos {
            var elements = 1
            for dim in info.dims {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                guard !overflow else {
                    throw cursor.error("tensor \"\(info.name)\" dims \(info.dims) overflow the element count", at: info.infoOffset)
                }
                elements = product
            }
            guard info.dims[0] % info.type.blockSize == 0, let byteCount = info.type.byteCount(elements: elements) else {
                throw cursor.error("tensor \"\(info.name)\" row length \(info.dims[0]) is not a multiple of the \(info.type.name) block size \(info.type.blockSize)", at: info.infoOffset)
            }
            guard info.offset <= dataBytes, byteCount <= dataBytes - info.offset else {
                throw cursor.error("tensor \"\(info.name)\" data (\(byteCount) bytes at data offset \(info.offset)) runs past the end of the file (data section has \(max(dataBytes, 0)) bytes)", at: info.infoOffset)
            }
            let data = UnsafeRawBufferPointer(rebasing: file.bytes[dataOffset + info.offset ..< dataOffset + info.offset + byteCount])
            tensors.append(GGUFTensor(name: info.name, dims: info.dims, type: info.type,
                                      offset: info.offset, elementCount: elements, data: data))
        }

        // Tensors must not share bytes: a corrupt offset could otherwise alias two weights.
        let byOffset = tensors.sorted { $0.offset < $1.offset }
        for (a, b) in zip(byOffset, byOffset.dropFirst()) where a.offset + a.data.count > b.offset && a.data.count > 0 && b.data.count > 0 {
            throw cursor.error("tensors \"\(a.name)\" and \"\(b.name)\" overlap in the data section (offsets \(a.offset) and \(b.offset))", at: dataOffset + b.offset)
        }
        self.tensors = tensors
    }

    /// The tensor named `name`, if any.
    public func tensor(named name: String) -> GGUFTensor? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The integer metadata `key`, or an error naming the key and what was found.
    public func requiredInt(_ key: String) throws -> Int {
        guard let value = metadata[key] else { throw missing(key, "an integer") }
        guard let int = value.int else { throw wrongType(key, "an integer", value) }
        return int
    }

    /// The numeric metadata `key` as a Double.
    public func requiredDouble(_ key: String) throws -> Double {
        guard let value = metadata[key] else { throw missing(key, "a number") }
        guard let double = value.double else { throw wrongType(key, "a number", value) }
        return double
    }

    /// The string metadata `key`.
    public func requiredString(_ key: String) throws -> String {
        guard let value = metadata[key] else { throw missing(key, "a string") }
        guard let string = value.string else { throw wrongType(key, "a string", value) }
        return string
    }

    /// The tensor `name`, or an error naming it.
    public func requiredTensor(_ name: String) throws -> GGUFTensor {
        guard let tensor = tensor(named: name) else {
            throw FormatError(path: path, offset: 0, reason: "missing tensor \"\(name)\"")
        }
        return tensor
    }

    private func missing(_ key: String, _ kind: String) -> FormatError {
        FormatError(path: path, offset: 0, reason: "missing metadata \"\(key)\" (expected \(kind))")
    }

    private func wrongType(_ key: String, _ kind: String, _ value: GGUFValue) -> FormatError {
        FormatError(path: path, offset: 0, reason: "metadata \"\(key)\" should be \(kind), found \(value.type)")
    }

    /// Total number of values over all tensors.
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.elementCount } }

    /// How many tensors there are of each ggml type.
    public var tensorTypeCounts: [GGMLType: Int] {
        tensors.reduce(into: [:]) { $0[$1.type, default: 0] += 1 }
    }

    /// One line for people: "llama, 134.5M parameters, 272 tensors (Q4_1 ×210, F32 ×61, Q8_0 ×1), 98.4 MB".
    public var summary: String {
        let architecture = metadata["general.architecture"]?.string ?? "unknown architecture"
        let millions = Double(parameterCount) / 1e6
        let types = tensorTypeCounts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { "\($0.key.name) ×\($0.value)" }.joined(separator: ", ")
        let megabytes = Double(file.bytes.count) / 1e6
        return "\(architecture), \((millions * 10).rounded() / 10)M parameters, \(tensors.count) tensors (\(types)), \((megabytes * 10).rounded() / 10) MB"
    }

    /// Nested arrays deeper than this are rejected, so a corrupt file cannot exhaust the stack.
    static let maxArrayDepth = 4

    private static func readValue(_ cursor: inout ByteCursor, key: String, depth: Int) throws -> GGUFValue {
        let typeAt = cursor.offset
        let rawType = try cursor.read(UInt32.self, "value type of \"\(key)\"")
        guard let type = GGUFValueType(rawValue: rawType) else {
            throw cursor.error("metadata \"\(key)\" has unknown value type \(rawType)", at: typeAt)
        }
        return try readValue(&cursor, type: type, key: key, depth: depth)
    }

    /// Reads one value of `type`; `element` is its index when it sits in an array (named in
    /// errors only, so that the 49152 tokens of a vocabulary do not build 49152 labels).
    private static func readValue(_ cursor: inout ByteCursor, type: GGUFValueType, key: String,
                                  element: Int? = nil, depth: Int) throws -> GGUFValue {
        if let element {
            do { return try readValue(&cursor, type: type, key: key, depth: depth) } catch let error as FormatError {
                throw FormatError(path: error.path, offset: error.offset, reason: "\(error.reason) (element \(element) of \"\(key)\")")
            }
        }
        switch type {
        case .uint8: return .uint8(try cursor.read(UInt8.self, "value of \"\(key)\""))
        case .int8: return .int8(try cursor.read(Int8.self, "value of \"\(key)\""))
        case .uint16: return .uint16(try cursor.read(UInt16.self, "value of \"\(key)\""))
        case .int16: return .int16(try cursor.read(Int16.self, "value of \"\(key)\""))
        case .uint32: return .uint32(try cursor.read(UInt32.self, "value of \"\(key)\""))
        case .int32: return .int32(try cursor.read(Int32.self, "value of \"\(key)\""))
        case .uint64: return .uint64(try cursor.read(UInt64.self, "value of \"\(key)\""))
        case .int64: return .int64(try cursor.read(Int64.self, "value of \"\(key)\""))
        case .float32: return .float32(Float(bitPattern: try cursor.read(UInt32.self, "value of \"\(key)\"")))
        case .float64: return .float64(Double(bitPattern: try cursor.read(UInt64.self, "value of \"\(key)\"")))
        case .bool:
            let at = cursor.offset
            let raw = try cursor.read(UInt8.self, "value of \"\(key)\"")
            guard raw <= 1 else { throw cursor.error("bool \"\(key)\" has byte \(raw) (expected 0 or 1)", at: at) }
            return .bool(raw == 1)
        case .string: return .string(try cursor.readString("value of \"\(key)\""))
        case .array:
            let typeAt = cursor.offset
            let rawType = try cursor.read(UInt32.self, "element type of array \"\(key)\"")
            guard let elementType = GGUFValueType(rawValue: rawType) else {
                throw cursor.error("array \"\(key)\" has unknown element type \(rawType)", at: typeAt)
            }
            guard depth < maxArrayDepth || elementType != .array else {
                throw cursor.error("array \"\(key)\" nests deeper than \(maxArrayDepth) levels", at: typeAt)
            }
            let countAt = cursor.offset
            let count = try cursor.readCount("element count of array \"\(key)\"")
            guard count <= cursor.remaining / elementType.minimumSize else {
                throw cursor.error("array \"\(key)\" claims \(count) \(elementType) elements but only \(cursor.remaining) bytes are left", at: countAt)
            }
            var items: [GGUFValue] = []
            items.reserveCapacity(count)
            for i in 0 ..< count {
                items.append(try readValue(&cursor, type: elementType, key: key, element: i, depth: depth + 1))
            }
            return .array(elementType, items)
        }
    }
}

/// One tensor of a GGUF file: its shape, type and raw bytes (pointing into the mapping).
public struct GGUFTensor: @unchecked Sendable {
    public let name: String
    /// Dimensions with the contiguous one first: a matrix listed as [in, out] holds `out`
    /// rows of `in` values.
    public let dims: [Int]
    public let type: GGMLType
    /// Offset of the data relative to the data section.
    public let offset: Int
    public let elementCount: Int
    /// The tensor's bytes inside the mapped file; valid while the `GGUFFile` lives.
    public let data: UnsafeRawBufferPointer
}

private func hex(_ value: UInt32) -> String {
    "0x" + String(value, radix: 16, uppercase: true)
}
