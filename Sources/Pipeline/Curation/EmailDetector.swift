/// Email addresses, found from their '@': a local part of [A-Za-z0-9._%+-] to the left and
/// a domain of dot-separated labels ending in an alphabetic top-level domain to the right.
extension ByteText {
    static func isLocalPart(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "%")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    /// The email around the '@' at `at`, or nil.
    func email(at: Int) -> (start: Int, end: Int)? {
        var s = at
        while s > 0 && Self.isLocalPart(self[s - 1]) { s -= 1 }
        while s < at && self[s] == UInt8(ascii: ".") { s += 1 }
        guard s < at else { return nil }
        var e = at + 1, lastDot = -1
        while e < count {
            let b = self[e]
            if Self.isAlnum(b) || b == UInt8(ascii: "-") || b >= 0x80 { e += 1; continue }
            if b == UInt8(ascii: "."), Self.isAlnum(self[e + 1]) { lastDot = e; e += 1; continue }
            break
        }
        guard lastDot > at + 1, e - lastDot - 1 >= 2 else { return nil }
        for k in (lastDot + 1)..<e where !Self.isAlpha(self[k]) { return nil }
        return (s, e)
    }
}
