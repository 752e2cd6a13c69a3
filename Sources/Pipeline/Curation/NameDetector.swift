/// Person names by a name list and context:
/// - a listed given name, capitalized, followed by a capitalized surname ("Emma Smith",
///   "Luca de Vries", "Sean O'Brien"), or by a listed surname in lower case text
///   ("emma smith");
/// - any capitalized word (or two) after a title ("Dr. Okonkwo", "Mrs Jane Roe");
/// - a quoted SQL literal compared with a name-like column (`last_name = 'Nowak'`).
///
/// Limits, honestly: a name whose given name is not in the list and that has no title or
/// SQL context is missed (many non-Western names are); a listed given name that is also a
/// word ("Grace Hopper Street", "May Day") may be reported; a lone given name without a
/// surname is missed.
extension ByteText {
    /// The end of a capitalized surname at `i`: letters, with inner apostrophes ("O'Brien",
    /// SQL's "O''Brien") and hyphens ("Smith-Jones").
    func surnameEnd(at i: Int) -> Int? {
        guard ByteText.isUpper(self[i]) || self[i] >= 0xC3 else { return nil }
        var e = wordEnd(from: i)
        guard e - i >= 2 || self[e] == UInt8(ascii: "'") else { return nil }
        while true {
            if self[e] == UInt8(ascii: "'") && self[e + 1] == UInt8(ascii: "'") && ByteText.isUpper(self[e + 2]) {
                e = wordEnd(from: e + 2)
            } else if (self[e] == UInt8(ascii: "'") || self[e] == UInt8(ascii: "-")) && ByteText.isUpper(self[e + 1]) {
                e = wordEnd(from: e + 1)
            } else {
                break
            }
        }
        return e
    }

    /// A name starting at the word `i..<e` (already known to be a capitalized given name,
    /// or a lower-case one when `lowercase`).
    func personName(givenStart i: Int, givenEnd e: Int, lowercase: Bool) -> Int? {
        guard self[e] == 32 else { return nil }
        var j = e + 1
        if lowercase {
            var w = wordEnd(from: j)
            while w > j, NameList.particles.contains(lowercasedString(j, w)), self[w] == 32, ByteText.isLower(self[w + 1]) {
                j = w + 1
                w = wordEnd(from: j)
            }
            // "o'brien" and "smith-jones", but not the possessive "andersson's".
            while (self[w] == UInt8(ascii: "'") || self[w] == UInt8(ascii: "-")) && ByteText.isLower(self[w + 1]),
                  !(self[w + 1] == UInt8(ascii: "s") && !isWord(at: w + 2)) { w = wordEnd(from: w + 1) }
            return w > j && NameList.surnames.contains(lowercasedString(j, w)) ? w : nil
        }
        // A middle initial: "John F. Kennedy".
        if ByteText.isUpper(self[j]), self[j + 1] == UInt8(ascii: "."), self[j + 2] == 32 { j += 3 }
        for _ in 0..<2 {
            let w = wordEnd(from: j)
            guard w > j, NameList.particles.contains(lowercasedString(j, w)), self[w] == 32 else { break }
            j = w + 1
        }
        guard let end = surnameEnd(at: j) else { return nil }
        return end
    }

    /// Whether the word at `i` is all upper-case letters ("ORDER", "AND").
    func isUpperCaseWord(from i: Int) -> Bool {
        let e = wordEnd(from: i)
        return e - i >= 2 && (i..<e).allSatisfy { ByteText.isUpper(self[$0]) }
    }

    /// Capitalized words after a title, at `i` (after "Dr. ").
    func nameAfterTitle(at i: Int) -> Int? {
        guard var end = surnameEnd(at: i) else { return nil }
        if self[end] == 32, let second = surnameEnd(at: end + 1) { end = second }
        return end
    }

    /// The content of a quoted SQL literal at the quote `q` when the text before it is a
    /// comparison with a name-like column (`first_name = '`, `passenger LIKE '`).
    func sqlNameLiteral(quote q: Int) -> (start: Int, end: Int)? {
        var k = q - 1
        while k >= 0 && self[k] == 32 { k -= 1 }
        if k >= 0 && self[k] == UInt8(ascii: "=") {
            k -= 1
        } else if k >= 3 && equalsLowercased(k - 3, k + 1, "like") {
            k -= 4
        } else {
            return nil
        }
        while k >= 0 && self[k] == 32 { k -= 1 }
        var s = k
        while s >= 0 && (ByteText.isAlnum(self[s]) || self[s] == UInt8(ascii: "_")) { s -= 1 }
        let column = lowercasedString(s + 1, k + 1)
        guard NameList.nameColumns.contains(where: { column.hasSuffix($0) }) else { return nil }
        var e = q + 1
        while e < count {
            if self[e] == UInt8(ascii: "'") {
                if self[e + 1] == UInt8(ascii: "'") { e += 2; continue }
                break
            }
            if self[e] == 10 || self[e] == UInt8(ascii: "\\") {
                // An unterminated literal (broken SQL): take the name-like word after the quote.
                e = q + 1
                while e < count {
                    if isWord(at: e) || self[e] == UInt8(ascii: "-") {
                        e += 1
                    } else if self[e] == UInt8(ascii: "'") && self[e + 1] == UInt8(ascii: "'") {
                        e += 2
                    } else if self[e] == 32 && isWord(at: e + 1) && !isUpperCaseWord(from: e + 1) {
                        e += 1   // the next word of the name; an all-caps SQL keyword ends it
                    } else {
                        break
                    }
                }
                break
            }
            e += 1
        }
        guard e <= count, e > q + 1, ByteText.isAlpha(self[q + 1]) || self[q + 1] >= 0xC3 || self[q + 1] == UInt8(ascii: "%") else { return nil }
        var start = q + 1, end = e
        while start < end && self[start] == UInt8(ascii: "%") { start += 1 }
        while end > start && self[end - 1] == UInt8(ascii: "%") { end -= 1 }
        guard end > start else { return nil }
        // A bare `name` column also names airlines, projects and departments: there the
        // literal must look like a person (a listed given name or surname).
        if column == "name" {
            let words = lowercasedString(start, end).split(separator: " ")
            guard let first = words.first, let last = words.last,
                  NameList.givenNames.contains(String(first)) || NameList.surnames.contains(String(last)) else { return nil }
        }
        return (start, end)
    }
}
