import Dispatch
import Foundation

/// Measures main-memory bandwidth with a plain copy, as decode speed estimates need it.
public enum MemoryBandwidth {
    /// Bytes per second moved (read + write) by copying a `megabytes` buffer with `threads`
    /// threads, best of `repeats` passes. The buffer should be much larger than the caches.
    public static func measure(megabytes: Int = 256, threads: Int = 2, repeats: Int = 3) -> Double {
        let bytes = max(1, megabytes) << 20
        let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let target = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { source.deallocate(); target.deallocate() }
        // Touch every page first so the timed passes do not measure page faults.
        memset(source, 1, bytes)
        memset(target, 0, bytes)
        let parts = max(1, threads)
        let chunk = bytes / parts
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: parts) { i in
                let count = i == parts - 1 ? bytes - i * chunk : chunk
                memcpy(target + i * chunk, source + i * chunk, count)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(bytes) / best
    }
}
