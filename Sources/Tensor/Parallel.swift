import Foundation
import Synchronization

/// Splits loops over the cores with one persistent `WorkerPool` per thread count. OpenBLAS
/// has no threads of its own (see `OpenBLAS`): `BLAS.sgemm` splits products over this pool
/// too, so one pool owns the cores.
public enum Parallel {
    nonisolated(unsafe) private static var configuredThreads: Int = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))

    /// One pool per thread count asked for, made on first use (idle pools are parked).
    private static let pools = Mutex<[Int: WorkerPool]>([:])

    /// Threads used by `forEach` and `BLAS.sgemm` (default: the cores, at most 2).
    public static var threadCount: Int { configuredThreads }

    /// Set the threads (for benchmarks: 1 or 2).
    public static func setThreadCount(_ n: Int) throws(TensorError) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard n >= 1 && n <= max(cores, 2) else {
            throw .invalidArgument(operation: "setThreadCount", reason: "thread count \(n) must be between 1 and \(max(cores, 2))")
        }
        if n == threadCount { return }
        configuredThreads = n
    }

    /// Runs body(0), ..., body(chunks − 1) on `threads` threads (the caller's among them),
    /// each chunk once, and returns when all are done. Chunks must not depend on which
    /// thread runs them or in what order.
    public static func run(chunks: Int, threads: Int, _ body: (Int) -> Void) {
        if threads <= 1 || chunks <= 1 {
            for i in 0..<chunks { body(i) }
            return
        }
        let pool = pools.withLock { pools in
            if let pool = pools[threads] { return pool }
            let pool = WorkerPool(workers: threads - 1)
            pools[threads] = pool
            return pool
        }
        pool.run(chunks: chunks, body)
    }

    /// Call `body` on disjoint ranges covering `0..<count`, in parallel when there is
    /// enough work: each range holds at least `minChunk` items.
    public static func forEach(_ count: Int, minChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(threadCount, count / max(minChunk, 1))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        run(chunks: chunks, threads: chunks) { c in
            body((c * count / chunks)..<((c + 1) * count / chunks))
        }
    }
}
