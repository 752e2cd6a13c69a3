/// Finds personal data in text in a single pass over its UTF-8 bytes. Most bytes are
/// skipped a word at a time; detectors run only at cheap triggers: '@' (email), '+' and
/// '(' (phone), a quote (SQL name literals), "-----" (key blocks), and the start of a word
/// (digits: numbers, addresses, dates; letters: keys, IBANs, names, streets, and the
/// context words that turn a nearby date or number into PHI, a phone or an SSN).
public struct PIIScanner: Sendable {
    public var entities: Set<PIIEntity>

    public init(entities: Set<PIIEntity> = Set(PIIEntity.allCases)) {
        self.entities = entities
    }

    /// Findings in `text`, in order, not overlapping; ranges are UTF-8 byte offsets.
    public func scan(_ text: String) -> [PIIFinding] {
        var copy = text
        return copy.withUTF8 { scan(bytes: $0) }
    }

    /// How far (in bytes) a context word reaches forward.
    static let contextReach = 40

    public func scan(bytes: UnsafeBufferPointer<UInt8>) -> [PIIFinding] {
        let t = ByteText(bytes: bytes)
        let n = t.count
        var found: [PIIFinding] = []
        var lastEnd = 0
        var birthContext = Int.min / 2, recordContext = Int.min / 2, phoneContext = Int.min / 2
        var ssnContext = Int.min / 2, titleEnd = Int.min / 2

        func add(_ entity: PIIEntity, _ start: Int, _ end: Int) {
            if entities.contains(entity) { found.append(PIIFinding(entity: entity, start: start, end: end)) }
            lastEnd = end
        }
        func near(_ context: Int, _ i: Int) -> Bool { i - context <= Self.contextReach }
        /// Bytes that glue a number to what precedes it ("ORD-2024", "v1.2", "a/3").
        func joined(_ i: Int) -> Bool {
            let p = t[i - 1]
            return i > 0 && (ByteText.isWord(p) || p == UInt8(ascii: "-") || p == UInt8(ascii: "_") || p == UInt8(ascii: "/") || p == UInt8(ascii: "."))
        }

        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 && !ByteText.isAlnum(b) {
                switch b {
                case UInt8(ascii: "@"):
                    if let (s, e) = t.email(at: i), s >= lastEnd {
                        add(.email, s, e); i = e; continue
                    }
                case UInt8(ascii: "+"), UInt8(ascii: "("):
                    if !joined(i), t.isDigit(at: i + 1) || (t[i + 1] == 32 && t.isDigit(at: i + 2)), let e = t.phone(at: i, context: near(phoneContext, i)) {
                        add(.phone, i, e); i = e; continue
                    }
                case UInt8(ascii: "'"):
                    if let (s, e) = t.sqlNameLiteral(quote: i) { add(.person, s, e); i = e; continue }
                case UInt8(ascii: "-"):
                    if let e = t.privateKeyBlock(at: i) { add(.secret, i, e); i = e; continue }
                case UInt8(ascii: ":"):
                    if t[i + 1] == UInt8(ascii: ":"), !joined(i), let e = t.ipv6(at: i) { add(.ipAddress, i, e); i = e; continue }
                default:
                    break
                }
                i += 1
                continue
            }
            if i > 0 && t.isWord(at: i - 1) {
                i += 1
                continue
            }
            let wordEnd = t.wordEnd(from: i)
            if ByteText.isDigit(b) {
                let found = digitToken(t, i, wordEnd, joined: joined(i), birth: near(birthContext, i), record: near(recordContext, i),
                                       phone: near(phoneContext, i), ssn: near(ssnContext, i), add: add)
                // A context word speaks for the one value right after it.
                birthContext = Int.min / 2
                recordContext = Int.min / 2
                if let e = found {
                    i = e
                    continue
                }
                // Skip the whole compound ("1.2.3.4.5", "2024-00123") so that no suffix of it
                // is read as a number of its own.
                var e = max(wordEnd, t.digitGroups(from: i, separators: [32, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/")], maxDigits: n).end)
                while e < n, ByteText.isWord(t[e]) || ((t[e] == UInt8(ascii: ".") || t[e] == UInt8(ascii: "-") || t[e] == UInt8(ascii: ":") || t[e] == UInt8(ascii: "/")) && t.isWord(at: e + 1)) { e += 1 }
                i = e
                continue
            }
            // A word starting with a letter (or a non-ASCII character).
            // One dictionary lookup tells what role the word can play.
            let kind = wordEnd - i <= 12 ? WordKind.of(t.lowercasedString(i, wordEnd)) : []
            if !kind.isEmpty {
                if kind.contains(.birth) { birthContext = wordEnd }
                if kind.contains(.medicalRecord) { recordContext = wordEnd }
                if kind.contains(.phone) { phoneContext = wordEnd }
                if kind.contains(.ssn) { ssnContext = wordEnd }
                if kind.contains(.title), ByteText.isUpper(b) {
                    titleEnd = t[wordEnd] == UInt8(ascii: ".") ? wordEnd + 1 : wordEnd
                }
                if kind.contains(.month), near(birthContext, i), let e = t.monthFirstDate(monthEnd: wordEnd) {
                    birthContext = Int.min / 2
                    recordContext = Int.min / 2
                    add(.dateOfBirth, i, e); i = e; continue
                }
            }
            let record = near(recordContext, i) && t.recordIdentifier(at: i) != nil
            if record { recordContext = Int.min / 2 }
            if let e = letterToken(t, i, wordEnd, givenName: kind.contains(.givenName), afterTitle: i - titleEnd <= 1 && i > titleEnd, record: record, add: add) {
                i = e
                continue
            }
            i = wordEnd
        }
        return found
    }

    /// Detectors for a word that starts with a digit; returns the end of what was found.
    private func digitToken(_ t: ByteText, _ i: Int, _ wordEnd: Int, joined: Bool, birth: Bool, record: Bool, phone: Bool, ssn: Bool,
                            add: (PIIEntity, Int, Int) -> Void) -> Int? {
        let sep = t[wordEnd]
        if sep == UInt8(ascii: ".") || sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-") {
            if sep == UInt8(ascii: "."), let e = t.ipv4(at: i) { add(.ipAddress, i, e); return e }
            if let e = t.mac(at: i) { add(.macAddress, i, e); return e }
            if sep == UInt8(ascii: ":"), let e = t.ipv6(at: i) { add(.ipAddress, i, e); return e }
        }
        if wordEnd - i > 3, let e = t.cryptoAddress(at: i) { add(.cryptoAddress, i, e); return e }
        guard !joined else { return nil }
        if let e = t.ssn(at: i, context: ssn) { add(.ssn, i, e); return e }
        if let e = t.creditCard(at: i) { add(.creditCard, i, e); return e }
        if let e = t.numericDate(at: i) ?? t.dayFirstDate(at: i) {
            if birth { add(.dateOfBirth, i, e) }
            return birth ? e : nil
        }
        if let e = t.phone(at: i, context: phone) { add(.phone, i, e); return e }
        if let e = t.streetAddress(at: i) { add(.address, i, e); return e }
        if record, let e = t.recordIdentifier(at: i) { add(.medicalRecord, i, e); return e }
        return nil
    }

    /// Detectors for a word that starts with a letter.
    private func letterToken(_ t: ByteText, _ i: Int, _ wordEnd: Int, givenName: Bool, afterTitle: Bool, record: Bool,
                             add: (PIIEntity, Int, Int) -> Void) -> Int? {
        let b = t[i]
        if t[wordEnd] == UInt8(ascii: ":"), t[wordEnd + 1] == UInt8(ascii: "/"), let e = t.urlWithCredentials(at: i) {
            add(.urlCredentials, i, e); return e
        }
        if let e = t.secret(at: i) { add(.secret, i, e); return e }
        if ByteText.isHex(b), t[i + 2] == UInt8(ascii: ":") || t[i + 2] == UInt8(ascii: "-") || t[i + 4] == UInt8(ascii: "."),
           let e = t.mac(at: i) { add(.macAddress, i, e); return e }
        if ByteText.isHex(b), t[wordEnd] == UInt8(ascii: ":"), let e = t.ipv6(at: i) { add(.ipAddress, i, e); return e }
        if (b == UInt8(ascii: "b") || b == UInt8(ascii: "B")), let e = t.cryptoAddress(at: i) { add(.cryptoAddress, i, e); return e }
        if ByteText.isUpper(b) {
            if let e = t.iban(at: i) { add(.iban, i, e); return e }
            if afterTitle, let e = t.nameAfterTitle(at: i) { add(.person, i, e); return e }
            if givenName, let e = t.personName(givenStart: i, givenEnd: wordEnd, lowercase: false) {
                add(.person, i, e); return e
            }
            if let e = t.germanStreet(at: i) { add(.address, i, e); return e }
        } else if ByteText.isLower(b), givenName,
                  let e = t.personName(givenStart: i, givenEnd: wordEnd, lowercase: true) {
            add(.person, i, e); return e
        }
        if record, let e = t.recordIdentifier(at: i) { add(.medicalRecord, i, e); return e }
        if ByteText.isUpper(b), wordEnd - i >= 2, ByteText.isLower(t[i + 1]), t[wordEnd] == 32, let e = t.surnameEnd(at: wordEnd + 1),
           case let surname = t.lowercasedString(wordEnd + 1, t.wordEnd(from: wordEnd + 1)),
           NameList.surnames.contains(surname), !NameList.everydaySurnames.contains(surname),
           !NameList.notGivenNames.contains(t.lowercasedString(i, wordEnd)) {
            add(.person, i, e); return e
        }
        return nil
    }
}

/// The roles a lower-cased word can play for the scanner, looked up once per word.
struct WordKind: OptionSet {
    let rawValue: UInt8
    static let birth = WordKind(rawValue: 1), medicalRecord = WordKind(rawValue: 2), phone = WordKind(rawValue: 4)
    static let ssn = WordKind(rawValue: 8), title = WordKind(rawValue: 16), month = WordKind(rawValue: 32)
    static let givenName = WordKind(rawValue: 64)

    static let phoneWords: [String] = ["phone", "tel", "telephone", "mobile", "cell", "call", "fax", "whatsapp", "ph", "text"]

    static let table: [String: WordKind] = {
        var t: [String: WordKind] = [:]
        func mark<S: Sequence>(_ words: S, _ k: WordKind) where S.Element == String { for w in words { t[w, default: []].insert(k) } }
        mark(ByteText.birthWords, .birth)
        mark(ByteText.medicalRecordWords, .medicalRecord)
        mark(phoneWords, .phone)
        mark(["ssn", "social"], .ssn)
        mark(NameList.titles, .title)
        mark(ByteText.monthNames, .month)
        mark(NameList.givenNames, .givenName)
        return t
    }()

    static func of(_ word: String) -> WordKind { table[word] ?? [] }
}
