/// Stable 64-bit hashes (the same on every run and platform, unlike Swift's `Hasher`):
/// FNV-1a over the bytes followed by the SplitMix64 finalizer, keyed by a salt.
enum KeyedHash {
    static func hash<S: Sequence>(_ bytes: S, seed: UInt64 = 0) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325 ^ mix(seed)
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return mix(h)
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, salt: String) -> UInt64 {
        hash(bytes, seed: hash(salt.utf8))
    }

    /// SplitMix64's output function: a bijective avalanche of 64 bits.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e3779b97f4a7c15
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}
