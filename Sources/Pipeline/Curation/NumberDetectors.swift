/// Digit-shaped identifiers: payment cards (Luhn), US SSNs (issuance rules) and phone
/// numbers (international with '+', national with separators, bare digits near a word
/// such as "phone"). Each starts at a word boundary.
extension ByteText {
    /// A run of digit groups joined by single separators from `seps`, starting at `i`.
    /// Returns the digits, the group lengths and the end.
    func digitGroups(from i: Int, separators seps: [UInt8], maxDigits: Int) -> (digits: [UInt8], groups: [Int], end: Int) {
        var digits: [UInt8] = [], groups: [Int] = [], j = i
        while j < count {
            let e = digitsEnd(from: j)
            guard e > j else { break }
            groups.append(e - j)
            for k in j..<e { digits.append(self[k] - 48) }
            j = e
            if digits.count > maxDigits { break }
            if seps.contains(self[j]) && isDigit(at: j + 1) { j += 1 } else { break }
        }
        return (digits, groups, j)
    }

    /// A Luhn-valid card number of 13-19 digits, compact or printed in groups.
    func creditCard(at i: Int) -> Int? {
        let (digits, groups, end) = digitGroups(from: i, separators: [32, UInt8(ascii: "-")], maxDigits: 19)
        guard (13...19).contains(digits.count), !isWord(at: end), !(self[end] == UInt8(ascii: ".") && isDigit(at: end + 1)) else { return nil }
        if groups.count > 1 {
            guard groups[0] == 4, groups.dropFirst().allSatisfy({ (3...6).contains($0) }) else { return nil }
        }
        return Checksums.luhn(digits) ? end : nil
    }

    /// `ddd-dd-dddd` (or with spaces) passing the issuance rules; a bare nine-digit number
    /// only when `context` says an SSN is near.
    func ssn(at i: Int, context: Bool) -> Int? {
        let a = digitsEnd(from: i)
        if a - i == 9 && context && !isWord(at: a) {
            return Checksums.ssnValid(area: number(i, i + 3), group: number(i + 3, i + 5), serial: number(i + 5, i + 9)) ? a : nil
        }
        guard a - i == 3 else { return nil }
        let sep = self[a]
        guard sep == UInt8(ascii: "-") || sep == 32 else { return nil }
        let b = digitsEnd(from: a + 1)
        guard b - a - 1 == 2, self[b] == sep else { return nil }
        let c = digitsEnd(from: b + 1)
        guard c - b - 1 == 4, !isWord(at: c), !(self[c] == sep && isDigit(at: c + 1)) else { return nil }
        return Checksums.ssnValid(area: number(i, a), group: number(a + 1, b), serial: number(b + 1, c)) ? c : nil
    }

    /// A phone number starting at `i` ('+', '(' or a digit).
    func phone(at i: Int, context: Bool) -> Int? {
        var j = i
        let international = self[i] == UInt8(ascii: "+")
        if international { j += 1; if self[j] == 32 { j += 1 } }
        let seps: [UInt8] = [32, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/")]
        var digits = 0, groups: [Int] = [], separators: [UInt8] = []
        while j < count {
            if self[j] == UInt8(ascii: "(") {
                let e = digitsEnd(from: j + 1)
                guard e > j + 1, e - j - 1 <= 5, self[e] == UInt8(ascii: ")") else { break }
                digits += e - j - 1; groups.append(e - j - 1); j = e + 1
                if self[j] == 32 || self[j] == UInt8(ascii: "-") { j += 1 }
                separators.append(UInt8(ascii: "("))
                continue
            }
            let e = digitsEnd(from: j)
            guard e > j else { break }
            digits += e - j; groups.append(e - j); j = e
            if digits > 15 { return nil }
            if self[j] == UInt8(ascii: "(") { continue }
            if seps.contains(self[j]) && (isDigit(at: j + 1) || self[j + 1] == UInt8(ascii: "(")) {
                separators.append(self[j]); j += 1
            } else {
                break
            }
        }
        while j > i && !isDigit(at: j - 1) && self[j - 1] != UInt8(ascii: ")") { j -= 1 }
        let end = extensionEnd(from: j)
        guard digits >= 7, !isWord(at: end) else { return nil }
        if self[end] == UInt8(ascii: ".") && isDigit(at: end + 1) { return nil }
        let ok: Bool
        if international || (self[i] == UInt8(ascii: "0") && self[i + 1] == UInt8(ascii: "0") && groups.count > 1 && groups != [3, 2, 4]) {
            ok = digits >= 8
        } else if separators.isEmpty {
            ok = (digits == 10 || digits == 11) && (context || self[i] == UInt8(ascii: "0"))
        } else {
            ok = !looksLikeDateOrRange(groups: groups, separators: separators, start: i)
                && ((self[i] == UInt8(ascii: "0") && digits >= 9) || digits <= 12 && (groups.count >= 3 || context || separators.contains(UInt8(ascii: "(")) || (groups[0] <= 4 && digits >= 9)))
        }
        return ok ? end : nil
    }

    /// Digit groups that read as a date (2024-03-15, 03/15/2024, 15.03.2024), a year range
    /// (2019-2020) or a US ZIP+4 (62701-1234), not a phone number.
    func looksLikeDateOrRange(groups: [Int], separators: [UInt8], start: Int) -> Bool {
        if groups == [4, 2, 2] || groups == [2, 2, 4] || groups == [1, 2, 4] || groups == [2, 1, 4] || groups == [1, 1, 4] {
            return separators.allSatisfy { $0 != 32 }
        }
        // 3-2-4 is the SSN shape; the SSN detector has already judged it.
        if groups == [3, 2, 4] { return true }
        if groups == [4, 4] { return self[start] == UInt8(ascii: "1") || self[start] == UInt8(ascii: "2") }
        return groups == [5, 4] && separators == [UInt8(ascii: "-")]
    }

    /// Extends a phone number over an extension ("x123", " ext. 45").
    func extensionEnd(from j: Int) -> Int {
        var k = j
        if self[k] == 32 { k += 1 }
        if self[k] == UInt8(ascii: "x") { k += 1 } else if hasPrefix("ext", at: k) {
            k += 3
            if self[k] == UInt8(ascii: ".") { k += 1 }
            if self[k] == 32 { k += 1 }
        } else {
            return j
        }
        let e = digitsEnd(from: k)
        return e > k && e - k <= 5 && !isWord(at: e) ? e : j
    }
}
