/// Byte-level BPE over token ids: starts from one token per byte and repeatedly merges the
/// adjacent pair of lowest merge rank (ties: leftmost), as HF tokenizers and llama.cpp do.
///
/// Pairs are looked up by id, never by string: `merges[left << 32 | right]` packs the rank
/// (high 32 bits) and the merged token id (low 32 bits).
struct BytePairEncoder: Sendable {
    let merges: [UInt64: UInt64]
    /// The token id of each single byte, -1 for a byte the vocabulary lacks (SmolLM2 has no
    /// token for 21 bytes, such as 0x04 and 0xFF). Like HF tokenizers without an unknown
    /// token, such bytes are dropped and their neighbours become adjacent.
    let byteTokens: [Int32]

    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Appends the tokens of `bytes` (one pre-tokenized piece) to `out`.
    func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Int32], scratch: inout Scratch) {
        scratch.reset(count: bytes.count)
        var n = 0
        for byte in bytes {
            let id = byteTokens[Int(byte)]
            guard id >= 0 else { continue }
            scratch.ids[n] = id
            scratch.next[n] = Int32(n + 1)
            scratch.prev[n] = Int32(n - 1)
            n += 1
        }
        if n == 0 { return }
        if n == 1 { out.append(scratch.ids[0]); return }
        scratch.next[n - 1] = -1
        for k in 0 ..< n - 1 { pushPair(at: Int32(k), &scratch) }

        while let top = scratch.heap.popMin() {
            let pos = Int(top & 0xFFFF_FFFF)
            let rank = top >> 32
            let right = Int(scratch.next[pos])
            // Entries go stale when a neighbour merges first; skip those whose pair changed.
            guard scratch.alive[pos], right >= 0,
                  let entry = merges[Self.pairKey(scratch.ids[pos], scratch.ids[right])], entry >> 32 == rank
            else { continue }
            scratch.ids[pos] = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            scratch.alive[right] = false
            let after = scratch.next[right]
            scratch.next[pos] = after
            if after >= 0 { scratch.prev[Int(after)] = Int32(pos) }
            let before = scratch.prev[pos]
            if before >= 0 { pushPair(at: before, &scratch) }
            if after >= 0 { pushPair(at: Int32(pos), &scratch) }
        }
        var k = 0
        while k >= 0 {
            out.append(scratch.ids[k])
            k = Int(scratch.next[k])
        }
    }

    private func pushPair(at pos: Int32, _ scratch: inout Scratch) {
        let right = Int(scratch.next[Int(pos)])
        if let entry = merges[Self.pairKey(scratch.ids[Int(pos)], scratch.ids[right])] {
            scratch.heap.push(entry & 0xFFFF_FFFF_0000_0000 | UInt64(pos))
        }
    }

    /// Working arrays reused across the pieces of one text.
    struct Scratch {
        var ids: [Int32] = []
        var next: [Int32] = []
        var prev: [Int32] = []
        var alive: [Bool] = []
        var heap = MinHeap()

        mutating func reset(count: Int) {
            if ids.count < count {
                ids = [Int32](repeating: 0, count: count)
                next = ids
                prev = ids
                alive = [Bool](repeating: true, count: count)
            } else {
                for k in 0 ..< count { alive[k] = true }
            }
            heap.removeAll()
        }
    }
}

/// A binary min-heap of UInt64 keys (rank << 32 | position: lowest rank, then leftmost).
struct MinHeap {
    private var items: [UInt64] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ key: UInt64) {
        items.append(key)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> UInt64? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { break }
            let right = left + 1
            let smaller = right < items.count && items[right] < items[left] ? right : left
            guard items[smaller] < items[parent] else { break }
            items.swapAt(smaller, parent)
            parent = smaller
        }
        return top
    }
}
