import COpenBLAS
import Dispatch
import Foundation

/// Splits loops over the cores, and keeps OpenBLAS's own threads in step with it.
///
/// Two pools share the cores: OpenBLAS's threads (inside `cblas_sgemm`) and ours (every
/// other kernel). They never run at the same time: sgemm is always called from the
/// caller's thread, never from inside `forEach`, so both use `threadCount` threads and
/// the cores are not oversubscribed. One overlap remains: after a multi-threaded sgemm,
/// OpenBLAS 0.3.21's worker keeps spinning until its thread timeout (measured here: about
/// 40 ms of CPU per sgemm with the default OPENBLAS_THREAD_TIMEOUT), so a `forEach` right
/// after a large product shares a core with it. Lower timeouts stop the spinning but make
/// back-to-back small products slower (they pay a wake-up each); the default is kept.
public enum Parallel {
    nonisolated(unsafe) private static var configuredThreads: Int = {
        BLASKernelSelection.done
        let n = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
        openblas_set_num_threads(Int32(n))
        return n
    }()

    /// Threads used by `forEach` and by OpenBLAS (default: the cores, at most 2).
    public static var threadCount: Int { configuredThreads }

    /// Set the threads for both pools (for benchmarks: 1 or 2).
    public static func setThreadCount(_ n: Int) throws(TensorError) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard n >= 1 && n <= max(cores, 2) else {
            throw .invalidArgument(operation: "setThreadCount", reason: "thread count \(n) must be between 1 and \(max(cores, 2))")
        }
        if n == threadCount { return }
        configuredThreads = n
        openblas_set_num_threads(Int32(n))
    }

    /// Call `body` on disjoint ranges covering `0..<count`, in parallel when there is
    /// enough work: each range holds at least `minChunk` items.
    public static func forEach(_ count: Int, minChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(threadCount, count / max(minChunk, 1))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            body((c * count / chunks)..<((c + 1) * count / chunks))
        }
    }
}
