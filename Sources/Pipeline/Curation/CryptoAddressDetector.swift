/// Cryptocurrency addresses: Ethereum (0x and 40 hex digits), Bitcoin bech32 ("bc1...",
/// checksum verified) and Bitcoin base58 ("1..." or "3...", 26-35 characters of the base58
/// alphabet with upper case, lower case and digits; the base58check hash is not verified,
/// which needs SHA-256).
extension ByteText {
    static func isBase58(_ b: UInt8) -> Bool {
        isAlnum(b) && b != UInt8(ascii: "0") && b != UInt8(ascii: "O") && b != UInt8(ascii: "I") && b != UInt8(ascii: "l")
    }

    func cryptoAddress(at i: Int) -> Int? {
        let end = wordEnd(from: i)
        let n = end - i
        if hasPrefix("0x", at: i) {
            guard n == 42 else { return nil }
            for k in (i + 2)..<end where !ByteText.isHex(self[k]) { return nil }
            return end
        }
        if hasPrefix("bc1", at: i) || hasPrefix("BC1", at: i) {
            guard (14...74).contains(n) else { return nil }
            return Checksums.bech32((i..<end).map { ByteText.lower(self[$0]) }) ? end : nil
        }
        guard self[i] == UInt8(ascii: "1") || self[i] == UInt8(ascii: "3"), (26...35).contains(n) else { return nil }
        var upper = false, lower = false, digit = false
        for k in i..<end {
            let b = self[k]
            guard ByteText.isBase58(b) else { return nil }
            upper = upper || ByteText.isUpper(b); lower = lower || ByteText.isLower(b); digit = digit || ByteText.isDigit(b)
        }
        return upper && lower && digit ? end : nil
    }
}
