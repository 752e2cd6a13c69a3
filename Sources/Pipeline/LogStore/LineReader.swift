#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line in large chunks, without loading it whole.
struct LineReader {
    let path: String

    /// The file's size in bytes, or nil if it cannot be read.
    var size: Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Calls `body(lineNumber, bytes, bytesReadSoFar)` for every line (1-based numbers,
    /// without the `\n` or a trailing `\r`). Throws `LogImportError` if the file cannot be opened.
    func forEachLine(_ body: (Int, UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        guard let file = fopen(path, "rb") else {
            throw LogImportError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        let chunkSize = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var carry: [UInt8] = []
        var lineNumber = 0
        var consumed = 0
        func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
            lineNumber += 1
            var n = line.count
            if n > 0 && line[n - 1] == 0x0D { n -= 1 }
            try body(lineNumber, UnsafeBufferPointer(rebasing: line[0..<n]), consumed)
        }
        while true {
            let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, chunkSize, file) }
            if got == 0 {
                if ferror(file) != 0 { throw LogImportError(path: path, message: "read error after line \(lineNumber)") }
                break
            }
            try buffer.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress else { return }
                let chunk = UnsafeBufferPointer(rebasing: all[0..<got])
                var start = 0
                while start < got, let hit = memchr(base + start, 0x0A, got - start) {
                    let nl = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    consumed += nl + 1 - start
                    if carry.isEmpty {
                        try emit(UnsafeBufferPointer(rebasing: chunk[start..<nl]))
                    } else {
                        carry.append(contentsOf: chunk[start..<nl])
                        try carry.withUnsafeBufferPointer { try emit($0) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = nl + 1
                }
                carry.append(contentsOf: chunk[start..<got])
                consumed += got - start
            }
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { try emit($0) } }
    }
}
