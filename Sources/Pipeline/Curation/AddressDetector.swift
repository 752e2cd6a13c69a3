/// Street addresses by shape: "<number> <Name words> <suffix>" (US, UK; suffixes from the
/// USPS Publication 28 list) and "<Name>straße <number>" (German), each extended over a
/// unit ("Apt. 4", "Suite 200") and a following city line ("Springfield, IL 62704",
/// "10115 Berlin", "London NW1 6XE").
///
/// Limits: an address without a house number, or with a street type not in the list
/// ("12 Kings Rise"), is missed; a city line is only taken with a postal code.
extension ByteText {
    static let streetSuffixes = Set<String>([
        "street", "st", "avenue", "ave", "road", "rd", "lane", "ln", "drive", "dr", "boulevard", "blvd", "court", "ct",
        "way", "place", "pl", "terrace", "ter", "circle", "cir", "parkway", "pkwy", "highway", "hwy", "square", "sq",
        "trail", "trl", "row", "close", "crescent", "alley", "bypass", "causeway", "center", "common", "corner",
        "cove", "creek", "crest", "crossing", "curve", "dale", "estates", "expressway", "extension", "falls", "ferry",
        "field", "fields", "flat", "flats", "ford", "forest", "forge", "fork", "forks", "fort", "freeway", "gardens",
        "gateway", "glen", "green", "grove", "harbor", "haven", "heights", "hill", "hills", "hollow", "island",
        "isle", "junction", "key", "knoll", "knolls", "lake", "lakes", "landing", "light", "lights", "loaf", "lock",
        "locks", "lodge", "loop", "mall", "manor", "meadow", "meadows", "mews", "mill", "mills", "mission", "motorway",
        "mount", "mountain", "neck", "orchard", "oval", "overpass", "park", "parks", "pass", "passage", "path", "pike",
        "pine", "pines", "plaza", "point", "points", "port", "prairie", "radial", "ramp", "ranch", "rapid", "rapids",
        "rest", "ridge", "river", "route", "rue", "run", "shoal", "shoals", "shore", "shores", "skyway", "spring",
        "springs", "spur", "station", "stravenue", "stream", "summit", "trace", "track", "trafficway", "tunnel",
        "turnpike", "underpass", "union", "valley", "valleys", "via", "viaduct", "view", "views", "village", "ville",
        "vista", "walk", "wall", "well", "wells", "brook", "brooks", "burg", "burgs", "camp", "canyon", "cape",
        "cliff", "cliffs", "club", "course", "courts", "coves", "divide", "dam", "estate", "garden", "greens",
        "groves", "harbors", "inlet", "islands", "junctions", "keys", "land", "manors", "mountains", "plain",
        "crossroad", "throughway", "glens", "circles", "centers", "corners", "extensions", "parkways", "unions",
        "forges", "lock", "squares", "summit", "fords", "mills", "lakes", "drives", "hollows", "lights", "estates",
        "plains", "ports", "ridges", "roads", "squares", "streets", "villages", "ways", "bridge", "branch",
    ])
    static let unitWords: Set<String> = ["apt", "suite", "unit", "flat", "floor", "fl", "ste", "room", "building", "bldg"]
    static let germanStreetEndings: [String] = ["straße", "strasse", "str", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer"]

    func isCapitalizedWord(_ s: Int, _ e: Int) -> Bool {
        e > s && ByteText.isUpper(self[s]) && (e - s == 1 || !ByteText.isUpper(self[s + 1]) || e - s <= 3)
    }

    /// "<number> <Name words> <suffix>" starting at the house number.
    func streetAddress(at i: Int) -> Int? {
        let n = digitsEnd(from: i)
        guard (1...5).contains(n - i), self[n] == 32 else { return nil }
        var j = n + 1, names = 0
        for _ in 0..<4 {
            let e = wordEnd(from: j)
            guard isCapitalizedWord(j, e) else { return nil }
            if names >= 1 && Self.streetSuffixes.contains(lowercasedString(j, e)) {
                var end = e
                if self[end] == UInt8(ascii: ".") { end += 1 }
                return addressTail(from: end)
            }
            names += 1
            guard self[e] == 32 else { return nil }
            j = e + 1
        }
        return nil
    }

    /// "Hauptstraße 12" or "Berliner Straße 5a" starting at the street name.
    func germanStreet(at i: Int) -> Int? {
        var e = wordEnd(from: i)
        guard e - i >= 4, ByteText.isUpper(self[i]) else { return nil }
        var word = lowercasedString(i, e)
        if self[e] == 32, ByteText.isUpper(self[e + 1]) {
            let e2 = wordEnd(from: e + 1)
            let second = lowercasedString(e + 1, e2)
            if ["straße", "strasse", "allee", "platz", "weg", "gasse"].contains(second) { word = second; e = e2 }
        }
        guard Self.germanStreetEndings.contains(where: { word.hasSuffix($0) }) else { return nil }
        if self[e] == UInt8(ascii: ".") { e += 1 }
        guard self[e] == 32 else { return nil }
        let n = digitsEnd(from: e + 1)
        guard (1...4).contains(n - e - 1) else { return nil }
        var end = n
        if ByteText.isLower(self[end]) && !isWord(at: end + 1) { end += 1 }
        guard !isWord(at: end) else { return nil }
        return addressTail(from: end)
    }

    /// Extends an address over a unit and a city line with a postal code.
    func addressTail(from start: Int) -> Int {
        var end = start
        var j = skipComma(end)
        let w = wordEnd(from: j)
        if w > j, Self.unitWords.contains(lowercasedString(j, w)) {
            var k = w
            if self[k] == UInt8(ascii: ".") { k += 1 }
            if self[k] == 32 { k += 1 }
            if self[k] == UInt8(ascii: "#") { k += 1 }
            let u = wordEnd(from: k)
            if u > k && isDigit(at: k) { end = u; j = skipComma(end) }
        }
        // "10115 Berlin"
        let z = digitsEnd(from: j)
        if z - j == 5, self[z] == 32 {
            let c = wordEnd(from: z + 1)
            if isCapitalizedWord(z + 1, c) { return c }
        }
        // "Springfield, IL 62704" / "London NW1 6XE"
        var k = j, cityWords = 0
        while cityWords < 3 {
            let c = wordEnd(from: k)
            guard isCapitalizedWord(k, c), c - k >= 2 else { break }
            cityWords += 1
            k = c
            if let t = postalTail(from: k) { return t }
            guard self[k] == 32 else { break }
            k += 1
        }
        return end
    }

    private func skipComma(_ i: Int) -> Int {
        var j = i
        if self[j] == UInt8(ascii: ",") { j += 1 }
        if self[j] == 32 || self[j] == 10 { j += 1 }
        return j
    }

    /// ", IL 62704" / " IL 62704-1234" / " NW1 6XE" after a city name.
    private func postalTail(from i: Int) -> Int? {
        var j = i
        if self[j] == UInt8(ascii: ",") { j += 1 }
        guard self[j] == 32 else { return nil }
        j += 1
        if ByteText.isUpper(self[j]), ByteText.isUpper(self[j + 1]), self[j + 2] == 32 {
            let z = digitsEnd(from: j + 3)
            guard z - j - 3 == 5 else { return nil }
            if self[z] == UInt8(ascii: "-"), digitsEnd(from: z + 1) - z - 1 == 4 { return z + 5 }
            return isWord(at: z) ? nil : z
        }
        // UK outward code (A9, A99, AA9, AA99, A9A, AA9A) then inward code (9AA).
        let out = wordEnd(from: j)
        guard (2...4).contains(out - j), ByteText.isUpper(self[j]), self[out] == 32 else { return nil }
        var hasDigit = false
        for k in j..<out { guard ByteText.isUpper(self[k]) || ByteText.isDigit(self[k]) else { return nil }; hasDigit = hasDigit || ByteText.isDigit(self[k]) }
        let inward = wordEnd(from: out + 1)
        guard hasDigit, inward - out - 1 == 3, isDigit(at: out + 1), ByteText.isUpper(self[out + 2]), ByteText.isUpper(self[out + 3]) else { return nil }
        return inward
    }
}
