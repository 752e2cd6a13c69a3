/// IBANs: a country code, two check digits and 11-30 letters or digits, compact or in
/// groups of four; the longest candidate that passes the ISO 13616 mod-97 check.
extension ByteText {
    func iban(at i: Int) -> Int? {
        guard ByteText.isUpper(self[i]), ByteText.isUpper(self[i + 1]), isDigit(at: i + 2), isDigit(at: i + 3) else { return nil }
        var chars: [UInt8] = [], groupEnds: [(chars: Int, end: Int)] = [], j = i
        while j < count && chars.count < 34 {
            let b = self[j]
            if ByteText.isDigit(b) || ByteText.isUpper(b) {
                chars.append(b); j += 1
                continue
            }
            if b == 32, ByteText.isDigit(self[j + 1]) || ByteText.isUpper(self[j + 1]), chars.count % 4 == 0 {
                groupEnds.append((chars.count, j)); j += 1
                continue
            }
            break
        }
        groupEnds.append((chars.count, j))
        for (n, end) in groupEnds.reversed() where n >= 15 && n <= 34 && !isWord(at: end) {
            if Checksums.ibanMod97(Array(chars[..<n])) { return end }
        }
        return nil
    }
}
