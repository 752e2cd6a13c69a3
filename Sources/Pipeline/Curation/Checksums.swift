/// The check-digit schemes that separate real identifiers from random digit runs.
enum Checksums {
    /// Luhn (ISO/IEC 7812-1), used by payment card numbers. `digits` are 0...9.
    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            let v = Int(d)
            sum += k % 2 == 1 ? (v * 2 > 9 ? v * 2 - 9 : v * 2) : v
        }
        return sum % 10 == 0
    }

    /// ISO 13616 IBAN check: move the first four characters to the end, read letters as
    /// 10...35, and the number mod 97 must be 1. `chars` are upper-case ASCII letters/digits.
    static func ibanMod97(_ chars: [UInt8]) -> Bool {
        guard chars.count >= 5 else { return false }
        var r = 0
        for c in chars[4...] + chars[..<4] {
            if ByteText.isDigit(c) {
                r = (r * 10 + Int(c - 48)) % 97
            } else {
                r = (r * 100 + Int(c - 55)) % 97
            }
        }
        return r == 1
    }

    /// BIP-173 bech32 / BIP-350 bech32m checksum of a lower-case address such as "bc1q...".
    static func bech32(_ s: [UInt8]) -> Bool {
        let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
        guard let sep = s.lastIndex(of: UInt8(ascii: "1")), sep >= 1, s.count - sep >= 7 else { return false }
        var values: [UInt32] = []
        for c in s[..<sep] { values.append(UInt32(c >> 5)) }
        values.append(0)
        for c in s[..<sep] { values.append(UInt32(c & 31)) }
        for c in s[(sep + 1)...] {
            guard let v = alphabet.firstIndex(of: c) else { return false }
            values.append(UInt32(v))
        }
        let generator: [UInt32] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ffffff) << 5 ^ v
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk == 1 || chk == 0x2bc830a3
    }

    /// US Social Security number rules: area 000, 666 and 900-999 are never issued, nor
    /// group 00 or serial 0000 (SSA, "Social Security Number Randomization").
    static func ssnValid(area: Int, group: Int, serial: Int) -> Bool {
        area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}
