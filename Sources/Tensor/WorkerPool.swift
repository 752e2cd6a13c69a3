import CQuantKernels
import Foundation
import Synchronization

/// A persistent pool of worker threads that share one job at a time with the caller.
///
/// Decoding one token splits about 120 small products over the cores, each a few
/// microseconds of work; waking parked threads for each (as `concurrentPerform` does) costs
/// tens of microseconds. Here idle workers spin on the job word for a short while
/// (`spinNanoseconds`) before parking on a condition variable, so back-to-back jobs start
/// within a microsecond and an idle process uses no CPU.
///
/// A job is a number of chunks that the caller and the workers claim one at a time, so a
/// worker the scheduler has not run (a loaded machine) delays nothing: the caller claims
/// the chunks it would have done.
final class WorkerPool: @unchecked Sendable {
    /// Threads besides the caller.
    let workerCount: Int
    /// How long an idle worker spins before it parks.
    static let spinNanoseconds: UInt64 = 200_000

    /// The job word: generation << 32 | chunk count << 16 | next unclaimed chunk. A claim
    /// is a compare-and-swap on it, so a late worker cannot claim a chunk of a finished job.
    private let state = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)         // chunks of the current job done
    private let sleepers = Atomic<Int>(0)         // workers parked (or about to park)
    private let busy = Atomic<Bool>(false)        // a caller owns the pool
    private var job: ((Int) -> Void)?             // valid while the current job has unfinished chunks
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()

    /// Chunks per job at most (the width of the job word's fields).
    static let maxChunks = 0xFFFF

    init(workers: Int) {
        workerCount = workers
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        for _ in 0..<workers {
            let thread = Thread { [unowned self] in self.workerLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs body(0..<chunks), each chunk once, on the caller and the workers; returns when
    /// all are done. Runs every chunk on the caller when another caller is using the pool
    /// (or from inside a job).
    func run(chunks: Int, _ body: (Int) -> Void) {
        guard workerCount > 0, chunks > 1, chunks <= Self.maxChunks,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<chunks { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            finished.store(0, ordering: .relaxed)
            let generation = (state.load(ordering: .relaxed) >> 32) + 1
            state.store(generation << 32 | chunks << 16, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&mutex)
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&mutex)
            }
            claimChunks(generation: generation)
            var spins = 0
            while finished.load(ordering: .acquiring) < chunks {
                spins += 1
                // A worker descheduled inside a chunk (a loaded machine) gets the core back sooner.
                if spins % 256 == 0 { sched_yield() } else { spinPause() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs chunks of job `generation` until none are left.
    private func claimChunks(generation: Int) {
        var word = state.load(ordering: .acquiring)
        while word >> 32 == generation, word & 0xFFFF < (word >> 16) & 0xFFFF {
            let (exchanged, current) = state.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                job?(word & 0xFFFF)
                finished.add(1, ordering: .releasing)
                word += 1
            } else {
                word = current
            }
        }
    }

    private func workerLoop() {
        var seen = 0
        while true {
            var spinStart: UInt64 = 0
            var spins = 0
            while state.load(ordering: .acquiring) >> 32 == seen {
                spins += 1
                spinPause()
                guard spins % 64 == 0 else { continue }
                sched_yield()   // on a loaded machine, lets the thread with work run
                let now = DispatchTime.now().uptimeNanoseconds
                if spinStart == 0 { spinStart = now; continue }
                guard now - spinStart > Self.spinNanoseconds else { continue }
                pthread_mutex_lock(&mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while state.load(ordering: .sequentiallyConsistent) >> 32 == seen {
                    pthread_cond_wait(&wake, &mutex)
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(&mutex)
                spinStart = 0
            }
            seen = state.load(ordering: .acquiring) >> 32
            claimChunks(generation: seen)
        }
    }
}

/// The x86 `pause` hint (a spin-wait loop's body); a no-op elsewhere.
@inline(__always)
func spinPause() {
    #if arch(x86_64)
    slm_spin_pause()
    #endif
}
