/// A bounds-checked little-endian reader over a byte buffer, for parsing untrusted files.
///
/// Every read checks the bytes left first and throws a `FormatError` naming what was being
/// read and the byte offset, so a truncated or corrupt file never reads out of bounds.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset: Int = 0

    var remaining: Int { bytes.count - offset }

    func error(_ reason: String, at position: Int? = nil) -> FormatError {
        FormatError(path: path, offset: position ?? offset, reason: reason)
    }

    /// Throws unless `count` more bytes are available for `what`.
    func need(_ count: Int, for what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw error("\(what()) needs \(count) bytes but only \(remaining) are left (file size \(bytes.count))")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        try need(MemoryLayout<T>.size, for: what())
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    /// Reads a u64 that must fit in an Int.
    mutating func readCount(_ what: @autoclosure () -> String) throws -> Int {
        let start = offset
        let raw = try read(UInt64.self, what())
        guard let count = Int(exactly: raw), count <= Int(Int32.max) * 1024 else {
            throw error("\(what()) is \(raw), which is implausibly large", at: start)
        }
        return count
    }

    /// Reads `count` raw bytes.
    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        try need(count, for: what())
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count])
        offset += count
        return slice
    }

    /// Reads a GGUF string: u64 byte length, then that many bytes of UTF-8.
    mutating func readString(_ what: @autoclosure () -> String) throws -> String {
        let start = offset
        let length = try readCount("length of \(what())")
        guard length <= remaining else {
            throw error("length of \(what()) is \(length) but only \(remaining) bytes are left (file size \(bytes.count))", at: start)
        }
        let raw = try readBytes(length, what())
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw error("\(what()) is not valid UTF-8", at: start + 8)
        }
        return text
    }
}

/// A malformed file: what is wrong and at which byte offset.
public struct FormatError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let offset: Int
    public let reason: String
    public var description: String { "\(path): at byte \(offset): \(reason)" }
}
