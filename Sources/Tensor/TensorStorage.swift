import Foundation

/// A reference-counted block of floats that a tensor and all its views share.
/// Aligned to 64 bytes so that SIMD16<Float> rows start on a cache line.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        var raw: UnsafeMutableRawPointer?
        // posix_memalign only fails on out-of-memory, where Swift's own allocator traps too.
        guard posix_memalign(&raw, 64, max(count, 1) * MemoryLayout<Float>.stride) == 0, let raw else {
            fatalError("out of memory allocating \(count) floats")
        }
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { free(pointer) }
}
