// The UTF-8 bytes of an interpolated string while it is built. Appending to a Swift
// `String` piece by piece re-checks capacity, uniqueness and encoding flags on every
// append, and `String(int)` allocates; here pieces are copied into a byte buffer (on the
// stack while it fits) and the string is made once at the end.

struct TextBuilder {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// The buffer is on the heap (grown past the caller's stack space) and must be freed.
    private var onHeap = false

    /// Builds a string in `stack`, moving to the heap if it outgrows it.
    static func build(_ body: (inout TextBuilder) throws -> Void) rethrows -> String {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { stack in
            var builder = TextBuilder(base: stack.baseAddress.unsafelyUnwrapped, capacity: stack.count)
            defer { if builder.onHeap { builder.base.deallocate() } }
            try body(&builder)
            return String(decoding: UnsafeBufferPointer(start: builder.base, count: builder.count), as: UTF8.self)
        }
    }

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Room for `extra` more bytes.
    @inline(__always) private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.initialize(from: base, count: count)
        if onHeap { base.deallocate() }
        base = bigger
        capacity = newCapacity
        onHeap = true
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).initialize(from: from, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ s: String) {
        let copied: Void? = s.utf8.withContiguousStorageIfAvailable { append($0) }
        if copied == nil {
            var s = s
            s.withUTF8 { append($0) }
        }
    }

    /// Decimal digits of `i`, with a leading "-" when negative.
    mutating func append(_ i: Int) {
        reserve(20)
        if i < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var m = i.magnitude
        var digits = 1
        var rest = m / 10
        while rest != 0 {
            digits += 1
            rest /= 10
        }
        var at = count + digits - 1
        repeat {
            base[at] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
            at -= 1
        } while m != 0
        count += digits
    }
}
