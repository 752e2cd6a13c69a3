/// A 128-bit content fingerprint used to make imports idempotent.
///
/// Not cryptographic: it only has to tell different log records apart. Two 64-bit lanes run
/// multiply-rotate rounds over 8-byte words (different constants per lane), then the
/// murmur3 finalizer mixes each lane; at 128 bits, accidental collisions among billions
/// of records are negligible.
public struct ContentHasher {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0
    private var pending: UInt64 = 0
    private var pendingBytes: UInt64 = 0

    public init() {}

    private mutating func mix(_ w: UInt64) {
        a = ((a ^ w) &* 0x87C3_7B91_1142_53D5)
        a = (a << 31) | (a >> 33)
        b = ((b ^ (w &+ 0x1656_67B1_9E37_79F9)) &* 0x4CF5_AD43_2745_937F)
        b = (b << 27) | (b >> 37)
        b = b &+ a
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        // Whole words straight from memory while no partial word is pending.
        if pendingBytes == 0 {
            while i + 8 <= bytes.count {
                mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
        }
        while i < bytes.count {
            pending |= UInt64(bytes[i]) << (pendingBytes * 8)
            pendingBytes += 1
            i += 1
            if pendingBytes == 8 {
                mix(pending)
                pending = 0
                pendingBytes = 0
            }
        }
        length &+= UInt64(bytes.count)
    }

    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Feeds a field and closes it with a marker word (nil and "" differ), so ("ab","c") and
    /// ("a","bc") hash differently; every field then starts word-aligned.
    public mutating func field(_ text: String?) {
        if let text { update(text) }
        mix(pending ^ (pendingBytes << 56) ^ (text == nil ? 0xFE00_0000_0000_0000 : 0xFF00_0000_0000_0000))
        pending = 0
        pendingBytes = 0
    }

    private static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k = k &* 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k = k &* 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    /// The fingerprint as 16 bytes (how the store keeps it: a compact, fast index key).
    public func finalizeBytes() -> [UInt8] {
        let (h1, h2) = finalizeWords()
        return (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? h1 : h2) >> (UInt64(7 - i % 8) * 8)) }
    }

    /// The fingerprint as 32 lowercase hex digits.
    public func finalize() -> String {
        let (h1, h2) = finalizeWords()
        func hex(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(h1) + hex(h2)
    }

    private func finalizeWords() -> (UInt64, UInt64) {
        var copy = self
        copy.mix(pending ^ (pendingBytes << 56))
        copy.mix(length)
        return (Self.fmix(copy.a ^ copy.b), Self.fmix(copy.b &+ (copy.a << 1)))
    }
}
