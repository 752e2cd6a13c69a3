/// UTC timestamps as the store keeps them: ISO 8601 with milliseconds and a `Z`
/// (`2025-03-03T08:00:01.234Z`), which sort as text in time order.
public enum Timestamp {
    /// Formats milliseconds since 1970-01-01T00:00:00Z.
    public static func iso(milliseconds ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60, f = msOfDay % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fraction]]`
    /// and `Z` or `±HH:MM` (no zone means UTC), into milliseconds since the epoch.
    public static func milliseconds(iso text: String) -> Int64? {
        let c = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= c.count else { return nil }
            var v: Int64 = 0
            for k in 0..<digits {
                let b = c[i + k]
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int64(b - 48)
            }
            i += digits
            return v
        }
        func expect(_ ch: Character) -> Bool {
            guard i < c.count, c[i] == ch.asciiValue else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect("-"), let mo = number(2), expect("-"), let d = number(2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var ms = days(fromCivil: y, mo, d) * 86_400_000
        if i == c.count { return ms }
        guard expect("T") || expect(" "), let h = number(2), expect(":"), let mi = number(2), h < 24, mi < 60 else { return nil }
        ms += h * 3_600_000 + mi * 60_000
        if expect(":") {
            guard let s = number(2), s < 61 else { return nil }
            ms += s * 1000
            if expect(".") || expect(",") {
                var scale: Int64 = 100
                var any = false
                while i < c.count, c[i] >= 48, c[i] <= 57 {
                    ms += Int64(c[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                if !any { return nil }
            }
        }
        if i == c.count || expect("Z") { return i == c.count ? ms : nil }
        guard i < c.count, c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = c[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        guard let oh = number(2) else { return nil }
        _ = expect(":")
        guard let om = number(2), i == c.count else { return nil }
        return ms - sign * (oh * 3_600_000 + om * 60_000)
    }

    /// The canonical form of an ISO 8601 text, or nil if it does not parse.
    public static func normalize(_ text: String) -> String? {
        milliseconds(iso: text).map { iso(milliseconds: $0) }
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    // Days since 1970-01-01 <-> proleptic Gregorian date, by 400-year eras
    // (the well-known "days from civil" construction).
    static func days(fromCivil y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
