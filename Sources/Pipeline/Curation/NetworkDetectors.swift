/// Network identifiers: IPv4 and IPv6 addresses, MAC addresses and URLs that carry a
/// user name and password.
extension ByteText {
    /// Four dotted decimal octets, each 0...255, not part of a longer dotted number.
    func ipv4(at i: Int) -> Int? {
        var j = i
        for part in 0..<4 {
            let e = digitsEnd(from: j)
            guard e > j, e - j <= 3, number(j, e) <= 255 else { return nil }
            j = e
            if part < 3 {
                guard self[j] == UInt8(ascii: ".") else { return nil }
                j += 1
            }
        }
        if isWord(at: j) || (self[j] == UInt8(ascii: ".") && isDigit(at: j + 1)) { return nil }
        return j
    }

    /// Colon-separated hex groups: eight of them, or fewer with one "::". At least five
    /// hex digits, so that "a::b" in code or a time such as 12:30:45 is not an address.
    func ipv6(at i: Int) -> Int? {
        var j = i, groups = 0, hexDigits = 0, compressed = false, end = i
        while j < count {
            if self[j] == UInt8(ascii: ":") && self[j + 1] == UInt8(ascii: ":") {
                if compressed { return nil }
                compressed = true
                j += 2; end = j
                continue
            }
            var e = j
            while e < count && ByteText.isHex(self[e]) && e - j < 5 { e += 1 }
            guard e > j, e - j <= 4 else { break }
            groups += 1; hexDigits += e - j; j = e; end = e
            if self[j] == UInt8(ascii: ":") && self[j + 1] != UInt8(ascii: ":") && ByteText.isHex(self[j + 1]) {
                j += 1
            } else if !(self[j] == UInt8(ascii: ":") && self[j + 1] == UInt8(ascii: ":")) {
                break
            }
        }
        guard groups <= 8, hexDigits >= 5, compressed ? groups <= 7 && groups >= 1 : groups == 8 else { return nil }
        if isWord(at: end) || self[end] == UInt8(ascii: ":") { return nil }
        return end
    }

    /// Six hex pairs joined by ':' or '-' (the same one throughout), or three dotted
    /// groups of four (Cisco style).
    func mac(at i: Int) -> Int? {
        let sep = self[i + 2]
        if sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-") {
            var j = i
            for part in 0..<6 {
                guard ByteText.isHex(self[j]), ByteText.isHex(self[j + 1]) else { return nil }
                j += 2
                if part < 5 {
                    guard self[j] == sep else { return nil }
                    j += 1
                }
            }
            return isWord(at: j) || self[j] == sep ? nil : j
        }
        guard self[i + 4] == UInt8(ascii: ".") else { return nil }
        var j = i
        for part in 0..<3 {
            for k in 0..<4 where !ByteText.isHex(self[j + k]) { return nil }
            j += 4
            if part < 2 {
                guard self[j] == UInt8(ascii: ".") else { return nil }
                j += 1
            }
        }
        return isWord(at: j) ? nil : j
    }

    /// `scheme://user:password@host...` up to the next space or quote.
    func urlWithCredentials(at i: Int) -> Int? {
        var j = i
        while j < count && (ByteText.isAlnum(self[j]) || self[j] == UInt8(ascii: "+") || self[j] == UInt8(ascii: "-") || self[j] == UInt8(ascii: ".")) { j += 1 }
        guard j > i, hasPrefix("://", at: j) else { return nil }
        j += 3
        var colon = false, at = -1
        while j < count {
            let b = self[j]
            if b == UInt8(ascii: "@") { at = j; break }
            if b == UInt8(ascii: "/") || b <= 32 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return nil }
            if b == UInt8(ascii: ":") { colon = true }
            j += 1
        }
        guard colon, at > 0 else { return nil }
        j = at + 1
        while j < count {
            let b = self[j]
            if b <= 32 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") { break }
            j += 1
        }
        while j > at + 1 && (self[j - 1] == UInt8(ascii: ".") || self[j - 1] == UInt8(ascii: ",") || self[j - 1] == UInt8(ascii: ")")) { j -= 1 }
        return j
    }
}
