/// Protected health information found by context: a date is a date of birth when a word
/// such as "born", "DOB" or "birth" came shortly before it; an identifier with digits is a
/// medical record number after "MRN", "medical record" or "patient ID". Without those
/// words neither is reported (a date alone is not personal).
extension ByteText {
    static let monthNames: Set<String> = ["january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                                          "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
    static let birthWords: Set<String> = ["born", "birth", "dob", "birthday", "birthdate", "geboren", "née"]
    static let medicalRecordWords: Set<String> = ["mrn", "medical", "patient"]

    /// A numeric date: 1984-03-05, 03/05/1984, 05.03.1984, 5-3-1984.
    func numericDate(at i: Int) -> Int? {
        let a = digitsEnd(from: i)
        let sep = self[a]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
        let b = digitsEnd(from: a + 1)
        guard b > a + 1, b - a - 1 <= 2, self[b] == sep else { return nil }
        let c = digitsEnd(from: b + 1)
        let first = a - i, last = c - b - 1
        guard (first == 4 && (1...2).contains(last)) || ((1...2).contains(first) && last == 4) else { return nil }
        return isWord(at: c) ? nil : c
    }

    /// "March 5, 1984" or "Mar 5 1984" starting at the month word ending at `wordEnd`.
    func monthFirstDate(monthEnd: Int) -> Int? {
        var j = monthEnd
        if self[j] == UInt8(ascii: ".") { j += 1 }
        guard self[j] == 32 else { return nil }
        let d = digitsEnd(from: j + 1)
        guard (1...2).contains(d - j - 1) else { return nil }
        j = d
        if hasPrefix("st", at: j) || hasPrefix("nd", at: j) || hasPrefix("rd", at: j) || hasPrefix("th", at: j) { j += 2 }
        if self[j] == UInt8(ascii: ",") { j += 1 }
        guard self[j] == 32 else { return nil }
        let y = digitsEnd(from: j + 1)
        return y - j - 1 == 4 && !isWord(at: y) ? y : nil
    }

    /// "5 March 1984" starting at the day digits.
    func dayFirstDate(at i: Int) -> Int? {
        let d = digitsEnd(from: i)
        guard (1...2).contains(d - i), self[d] == 32 || self[d] == UInt8(ascii: ".") else { return nil }
        var j = d + 1
        if self[d] == UInt8(ascii: ".") && self[j] == 32 { j += 1 }
        let m = wordEnd(from: j)
        guard m > j, Self.monthNames.contains(lowercasedString(j, m)) else { return nil }
        var k = m
        if self[k] == UInt8(ascii: ".") { k += 1 }
        if self[k] == UInt8(ascii: ",") { k += 1 }
        guard self[k] == 32 else { return nil }
        let y = digitsEnd(from: k + 1)
        return y - k - 1 == 4 && !isWord(at: y) ? y : nil
    }

    /// A record identifier: letters, digits and '-', at least three digits, 5-24 long.
    func recordIdentifier(at i: Int) -> Int? {
        var j = i, digits = 0
        while j < count && (ByteText.isAlnum(self[j]) || (self[j] == UInt8(ascii: "-") && ByteText.isAlnum(self[j + 1]))) {
            if ByteText.isDigit(self[j]) { digits += 1 }
            j += 1
        }
        return digits >= 3 && (5...24).contains(j - i) ? j : nil
    }
}
