/// Byte-level character classes and helpers the detectors share. The scanner works on
/// UTF-8 bytes: every delimiter it cares about is ASCII, and bytes >= 0x80 (parts of
/// non-ASCII letters such as "ü") count as word characters.
struct ByteText {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }

    subscript(i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : 0 }

    static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    static func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }
    static func isLower(_ b: UInt8) -> Bool { b &- 97 < 26 }
    static func isAlpha(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }
    static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 97 < 6 }
    /// A word character: ASCII letter or digit, or part of a non-ASCII character.
    static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b >= 0x80 }
    static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    func isDigit(at i: Int) -> Bool { Self.isDigit(self[i]) }
    func isWord(at i: Int) -> Bool { i >= 0 && i < count && Self.isWord(bytes[i]) }

    /// The end of the run of word characters starting at `i`.
    func wordEnd(from i: Int) -> Int {
        var j = i
        while j < count && Self.isWord(bytes[j]) { j += 1 }
        return j
    }

    /// The end of the run of ASCII digits starting at `i`.
    func digitsEnd(from i: Int) -> Int {
        var j = i
        while j < count && Self.isDigit(bytes[j]) { j += 1 }
        return j
    }

    /// Whether bytes `start..<end`, lower-cased (ASCII), equal `word`.
    func equalsLowercased(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        for k in 0..<(end - start) where Self.lower(bytes[start + k]) != p[k] { return false }
        return true
    }

    /// Whether the bytes at `i` start with `prefix` (exact case).
    func hasPrefix(_ prefix: StaticString, at i: Int) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard i + n <= count else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    /// The lower-cased ASCII form of a range, for set lookups of short words.
    func lowercasedString(_ start: Int, _ end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start) { out in
            for k in 0..<(end - start) { out[k] = Self.lower(bytes[start + k]) }
            return end - start
        }
    }

    /// A number of digits in `start..<end` read as an Int (the range holds digits only).
    func number(_ start: Int, _ end: Int) -> Int {
        var v = 0
        for k in start..<end { v = v &* 10 &+ Int(bytes[k] &- 48) }
        return v
    }
}
