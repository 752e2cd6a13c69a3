/// One piece of personal data the demo workload wrote into a call, so curation can check
/// that none of it survives anonymization.
public struct PIIRecord: Equatable, Sendable {
    /// email, phone, credit_card, iban, person, address, ip_address
    public var type: String
    public var value: String

    var json: JSONValue { .object(["type": .string(type), "value": .string(value)]) }
}

/// Fake but well-formed personal data: card numbers pass Luhn, IBANs pass mod-97, phones
/// follow national numbering formats (fictional ranges where a country reserves one).
struct PIIFaker {
    static let firstNames = [
        "Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Sophia", "Mateo", "Mia", "Elias", "Amelia", "Leon",
        "Isabella", "Hugo", "Charlotte", "Finn", "Aisha", "Omar", "Priya", "Arjun", "Mei", "Hiroshi", "Yuki", "Chen",
        "Fatima", "Youssef", "Zanele", "Kwame", "Ingrid", "Lars", "Sofia", "Luca", "Chiara", "Marco", "Ana", "João",
        "Camille", "Louis", "Hannah", "Jonas", "Julia", "Tomasz", "Katarzyna", "Olga", "Dmitri", "Elif", "Mehmet",
        "Grace", "Daniel", "Sarah", "Michael", "Laura", "David", "Nora", "Samuel", "Chloe", "Ethan", "Maya", "Ravi",
    ]
    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Müller", "Schmidt",
        "Schneider", "Fischer", "Weber", "Dubois", "Martin", "Bernard", "Rossi", "Russo", "Bianchi", "Silva",
        "Santos", "Kowalski", "Nowak", "Jansen", "de Vries", "Van den Berg", "Andersson", "Johansson", "Nielsen",
        "Hansen", "Ivanova", "Yilmaz", "Kaya", "Patel", "Sharma", "Singh", "Nguyen", "Tanaka", "Suzuki", "Kim",
        "Park", "Wang", "Li", "Okafor", "Mensah", "Haddad", "Cohen", "O'Brien", "Murphy", "Walsh", "Fernández",
        "López", "Taylor", "Wilson", "Anderson", "Thomas", "Moore", "Clark", "Lewis",
    ]
    static let emailDomains = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "gmx.de",
                               "web.de", "orange.fr", "acme-corp.com", "northwind.io", "globex.net", "initech.co.uk"]
    static let streets = ["Maple", "Oak", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Pine", "Sunset",
                          "Highland", "Church", "Mill", "River", "Station", "Victoria", "King", "Queen", "Market"]
    static let streetSuffixes = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Court", "Way"]
    static let usCities = [("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Portland", "OR", "972"),
                           ("Denver", "CO", "802"), ("Madison", "WI", "537"), ("Raleigh", "NC", "276"),
                           ("Boise", "ID", "837"), ("Columbus", "OH", "432")]
    static let deStreets = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schillerstraße", "Goethestraße", "Berliner Straße"]
    static let deCities = [("Berlin", "10"), ("Hamburg", "20"), ("München", "80"), ("Köln", "50"), ("Leipzig", "04")]
    static let ukStreets = ["Baker Street", "High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"]
    static let ukCities = [("London", "NW1"), ("Manchester", "M1"), ("Leeds", "LS1"), ("Bristol", "BS1"), ("Glasgow", "G1")]

    var rng: SplitMix64

    mutating func personName() -> String { "\(rng.pick(Self.firstNames)) \(rng.pick(Self.lastNames))" }

    /// An address book entry for a person: lower-case ASCII local part derived from the name.
    mutating func email(for name: String) -> String {
        let parts = name.split(separator: " ").map { Self.asciiFold(String($0)).lowercased().filter { $0.isLetter } }
        let first = parts.first ?? "user", last = parts.last ?? "x"
        let local: String
        switch rng.int(0...3) {
        case 0: local = "\(first).\(last)"
        case 1: local = "\(first.prefix(1))\(last)"
        case 2: local = "\(first)\(rng.int(1...99))"
        default: local = "\(first)_\(last)\(rng.int(70...99))"
        }
        return "\(local)@\(rng.pick(Self.emailDomains))"
    }

    static func asciiFold(_ s: String) -> String {
        let map: [Character: String] = ["ü": "ue", "ö": "oe", "ä": "ae", "é": "e", "è": "e", "á": "a", "ã": "a",
                                        "ó": "o", "í": "i", "ñ": "n", "ç": "c", "'": ""]
        return s.lowercased().map { map[$0] ?? String($0) }.joined()
    }

    mutating func phone() -> String {
        let d = { (n: Int, r: inout SplitMix64) -> String in (0..<n).map { _ in String(r.int(0...9)) }.joined() }
        switch rng.int(0...6) {
        case 0: return "+1 (\(rng.pick(["415", "212", "312", "617", "206"]))) 555-01\(d(2, &rng))"
        case 1: return "+1 \(rng.pick(["415", "646", "303"]))-555-01\(d(2, &rng))"
        case 2: return "+44 20 7946 0\(d(3, &rng))"
        case 3: return "020 7946 0\(d(3, &rng))"
        case 4: return "+49 30 \(d(8, &rng))"
        case 5: return "+33 1 \(d(2, &rng)) \(d(2, &rng)) \(d(2, &rng)) \(d(2, &rng))"
        default: return "+31 20 \(d(3, &rng)) \(d(4, &rng))"
        }
    }

    /// A Luhn-valid card number: Visa (16), Mastercard (16) or Amex (15), grouped as printed.
    mutating func cardNumber() -> String {
        let (prefix, length): (String, Int)
        switch rng.int(0...2) {
        case 0: (prefix, length) = ("4", 16)
        case 1: (prefix, length) = (String(rng.int(51...55)), 16)
        default: (prefix, length) = (rng.pick(["34", "37"]), 15)
        }
        var digits = prefix.compactMap { $0.wholeNumberValue }
        while digits.count < length - 1 { digits.append(rng.int(0...9)) }
        digits.append(Self.luhnCheckDigit(digits))
        let s = digits.map(String.init).joined()
        let groups = length == 15 ? [4, 6, 5] : [4, 4, 4, 4]
        let sep = rng.pick([" ", "-", ""])
        var out: [String] = []
        var i = s.startIndex
        for g in groups {
            let j = s.index(i, offsetBy: g)
            out.append(String(s[i..<j]))
            i = j
        }
        return out.joined(separator: sep)
    }

    /// The digit that makes `payload + digit` pass the Luhn check.
    static func luhnCheckDigit(_ payload: [Int]) -> Int {
        var sum = 0
        for (i, d) in payload.reversed().enumerated() {
            if i % 2 == 0 {
                let x = d * 2
                sum += x > 9 ? x - 9 : x
            } else {
                sum += d
            }
        }
        return (10 - sum % 10) % 10
    }

    static func luhnValid(_ number: String) -> Bool {
        let digits = number.compactMap { $0.wholeNumberValue }
        guard digits.count >= 12 else { return false }
        return luhnCheckDigit(Array(digits.dropLast())) == digits.last
    }

    /// An IBAN with correct ISO 13616 check digits, in print format (groups of four) or compact.
    mutating func iban() -> String {
        let digits = { (n: Int, r: inout SplitMix64) -> String in (0..<n).map { _ in String(r.int(0...9)) }.joined() }
        let letters = { (n: Int, r: inout SplitMix64) -> String in
            String((0..<n).map { _ in Character(UnicodeScalar(UInt8(65 + r.int(0...25)))) })
        }
        let country: String, bban: String
        switch rng.int(0...4) {
        case 0: country = "DE"; bban = digits(18, &rng)
        case 1: country = "GB"; bban = letters(4, &rng) + digits(14, &rng)
        case 2: country = "FR"; bban = digits(23, &rng)
        case 3: country = "NL"; bban = letters(4, &rng) + digits(10, &rng)
        default: country = "ES"; bban = digits(20, &rng)
        }
        let check = 98 - Self.mod97(bban + country + "00")
        let compact = country + (check < 10 ? "0" : "") + String(check) + bban
        guard rng.chance(0.6) else { return compact }
        var groups: [String] = []
        var rest = Substring(compact)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// The remainder mod 97 of an alphanumeric string with letters as 10...35 (ISO 7064).
    static func mod97(_ s: String) -> Int {
        var r = 0
        for ch in s {
            if let d = ch.wholeNumberValue {
                r = (r * 10 + d) % 97
            } else if let a = ch.asciiValue, a >= 65, a <= 90 {
                r = (r * 100 + Int(a) - 55) % 97
            }
        }
        return r
    }

    static func ibanValid(_ iban: String) -> Bool {
        let s = iban.filter { !$0.isWhitespace }
        guard s.count >= 15 else { return false }
        return mod97(String(s.dropFirst(4)) + String(s.prefix(4))) == 1
    }

    mutating func streetAddress() -> String {
        switch rng.int(0...2) {
        case 0:
            let (city, state, zip) = rng.pick(Self.usCities)
            return "\(rng.int(12...9870)) \(rng.pick(Self.streets)) \(rng.pick(Self.streetSuffixes)), \(city), \(state) \(zip)\(rng.int(10...99))"
        case 1:
            let (city, zip) = rng.pick(Self.deCities)
            return "\(rng.pick(Self.deStreets)) \(rng.int(1...140)), \(zip)\(rng.int(100...999)) \(city)"
        default:
            let (city, district) = rng.pick(Self.ukCities)
            return "\(rng.int(1...240)) \(rng.pick(Self.ukStreets)), \(city) \(district) \(rng.int(1...9))\(rng.pick(["AB", "XE", "PT", "LN", "QR"]))"
        }
    }

    mutating func ipAddress() -> String {
        if rng.chance(0.15) {
            return "2a02:\((0..<5).map { _ in String(rng.int(0...0xFFFF), radix: 16) }.joined(separator: ":"))::\(String(rng.int(1...0xFFFF), radix: 16))"
        }
        let first = rng.pick([23, 31, 46, 62, 81, 85, 93, 104, 151, 176, 185, 203, 212, 217])
        return "\(first).\(rng.int(0...255)).\(rng.int(0...255)).\(rng.int(1...254))"
    }
}
