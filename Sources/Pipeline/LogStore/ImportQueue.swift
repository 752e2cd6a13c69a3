import Foundation

/// What the reading thread of an import hands to the writing thread.
enum ImportItem {
    case call(PreparedCall)
    case malformed(line: Int, message: String)
    /// Bytes of the file consumed so far (for the progress bar).
    case progress(Int)
}

/// A bounded hand-off between one producer and one consumer thread. The producer blocks
/// when `capacity` chunks wait; the consumer blocks when none do. Either side can stop
/// the other: the consumer by `cancel()`, the producer by `finish(error:)`.
final class ImportQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[ImportItem]] = []
    private var finished = false
    private var cancelled = false
    private(set) var producerError: Error?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Queues a chunk; false once the consumer has cancelled (the producer should stop).
    func put(_ chunk: [ImportItem]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// The next chunk, or nil when the producer has finished and everything was taken.
    func take() -> [ImportItem]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        if chunks.isEmpty { return nil }
        condition.broadcast()
        return chunks.removeFirst()
    }

    func finish(error: Error?) {
        condition.lock()
        producerError = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
