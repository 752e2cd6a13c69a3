import Foundation

/// Builds a safetensors file: tensors as raw little-endian bytes in insertion order, a JSON
/// header with sorted keys padded with spaces to a multiple of 8 bytes, optional metadata.
/// Used by the tests and by the PEFT adapter export.
public struct SafetensorsWriter {
    public struct Entry {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]
        public var bytes: [UInt8]
    }

    public private(set) var entries: [Entry] = []
    public var metadata: [String: String] = [:]

    public init() {}

    /// Adds a tensor; `bytes.count` must match the shape and dtype.
    public mutating func add(_ name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) throws {
        guard name != "__metadata__", !entries.contains(where: { $0.name == name }) else {
            throw SafetensorsWriterError(description: "duplicate or reserved tensor name \"\(name)\"")
        }
        var elements = 1
        for dim in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard dim >= 0, !overflow else {
                throw SafetensorsWriterError(description: "tensor \"\(name)\" has an invalid shape \(shape)")
            }
            elements = product
        }
        guard elements * dtype.byteSize == bytes.count else {
            throw SafetensorsWriterError(description: "tensor \"\(name)\" \(dtype.rawValue) \(shape) needs \(elements * dtype.byteSize) bytes, got \(bytes.count)")
        }
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// Adds an F32 tensor.
    public mutating func add(_ name: String, shape: [Int], floats: [Float]) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(floats.count * 4)
        for value in floats { bytes.appendLittleEndian(value.bitPattern) }
        try add(name, dtype: .f32, shape: shape, bytes: bytes)
    }

    public func serialize() throws -> [UInt8] {
        var header: [String: Any] = [:]
        var offset = 0
        for entry in entries {
            header[entry.name] = ["dtype": entry.dtype.rawValue, "shape": entry.shape,
                                  "data_offsets": [offset, offset + entry.bytes.count]] as [String: Any]
            offset += entry.bytes.count
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try [UInt8](JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes]))
        while json.count % 8 != 0 { json.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + json.count + offset)
        out.appendLittleEndian(UInt64(json.count))
        out += json
        for entry in entries { out += entry.bytes }
        return out
    }

    public func write(to path: String) throws {
        do {
            try Data(serialize()).write(to: URL(fileURLWithPath: path))
        } catch let error as SafetensorsWriterError {
            throw error
        } catch {
            throw FileError(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}

public struct SafetensorsWriterError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
