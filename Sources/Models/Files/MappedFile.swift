#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only bytes of a file, memory-mapped (or owned, for files built in memory).
///
/// The bytes stay valid as long as this object lives; readers hand out pointers into it.
public final class MappedFile: @unchecked Sendable {
    /// The file's path, or a label for in-memory bytes; used in error messages.
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    private let isMapped: Bool

    /// Maps `path` read-only. Throws `FileError` when it cannot be opened or mapped.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(path: path, reason: "cannot open: \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FileError(path: path, reason: "cannot stat: \(errnoText())")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            // mmap refuses zero bytes; an empty file is still a valid (if useless) input.
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            isMapped = false
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw FileError(path: path, reason: "cannot map \(size) bytes: \(errnoText())")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        isMapped = true
    }

    /// Owns a copy of `data`, labelled `name` in error messages.
    public init(copying data: [UInt8], name: String) {
        path = name
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 64)
        data.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: data.count)
        isMapped = false
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}

/// A file that could not be opened or read.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

private func errnoText() -> String { String(cString: strerror(errno)) }
