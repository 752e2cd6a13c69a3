/// Secrets: API keys with well-known provider prefixes, JSON Web Tokens and PEM private-key
/// blocks. Prefixes and lengths from the providers' documented token formats.
extension ByteText {
    static func isTokenByte(_ b: UInt8) -> Bool { isAlnum(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") }

    /// The end of a run of token bytes (letters, digits, '_', '-').
    func tokenEnd(from i: Int) -> Int {
        var j = i
        while j < count && Self.isTokenByte(self[j]) { j += 1 }
        return j
    }

    /// An API key or a JWT starting at `i`.
    func secret(at i: Int) -> Int? {
        let end = tokenEnd(from: i)
        let n = end - i
        switch self[i] {
        case UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "p"):
            if hasPrefix("sk-", at: i) { return n >= 23 ? end : nil }
            for p: StaticString in ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_"] where hasPrefix(p, at: i) {
                return n >= 24 ? end : nil
            }
        case UInt8(ascii: "g"):
            for p: StaticString in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where hasPrefix(p, at: i) { return n >= 40 ? end : nil }
            if hasPrefix("github_pat_", at: i) { return n >= 40 ? end : nil }
            if hasPrefix("glpat-", at: i) { return n >= 26 ? end : nil }
        case UInt8(ascii: "x"):
            for p: StaticString in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"] where hasPrefix(p, at: i) { return n >= 20 ? end : nil }
        case UInt8(ascii: "h"):
            if hasPrefix("hf_", at: i) { return n >= 34 ? end : nil }
        case UInt8(ascii: "n"):
            if hasPrefix("npm_", at: i) { return n >= 40 ? end : nil }
        case UInt8(ascii: "A"):
            if hasPrefix("AKIA", at: i) || hasPrefix("ASIA", at: i) {
                let e = wordEnd(from: i)
                return e - i == 20 ? e : nil
            }
            if hasPrefix("AIza", at: i) { return n == 39 ? end : nil }
        case UInt8(ascii: "S"):
            if hasPrefix("SG.", at: i) {
                let a = tokenEnd(from: i + 3)
                guard a - i - 3 >= 16, self[a] == UInt8(ascii: "."), tokenEnd(from: a + 1) - a - 1 >= 30 else { return nil }
                return tokenEnd(from: a + 1)
            }
        case UInt8(ascii: "e"):
            return jwt(at: i)
        default:
            break
        }
        return nil
    }

    /// `header.payload.signature`, base64url, header and payload both JSON objects
    /// (so both start "eyJ", the encoding of `{"`).
    func jwt(at i: Int) -> Int? {
        guard hasPrefix("eyJ", at: i) else { return nil }
        let a = tokenEnd(from: i)
        guard a - i >= 10, self[a] == UInt8(ascii: "."), hasPrefix("eyJ", at: a + 1) else { return nil }
        let b = tokenEnd(from: a + 1)
        guard self[b] == UInt8(ascii: ".") else { return nil }
        let c = tokenEnd(from: b + 1)
        return c - b - 1 >= 16 ? c : nil
    }

    /// `-----BEGIN ... PRIVATE KEY-----` through its END line.
    func privateKeyBlock(at i: Int) -> Int? {
        guard hasPrefix("-----BEGIN ", at: i) else { return nil }
        var j = i + 11
        while j < count && self[j] != UInt8(ascii: "-") && self[j] != 10 { j += 1 }
        guard j - i >= 22, String(decoding: UnsafeBufferPointer(rebasing: bytes[(j - 11)..<j]), as: UTF8.self) == "PRIVATE KEY" else { return nil }
        while j + 9 < count {
            if hasPrefix("-----END ", at: j) {
                var k = j + 9
                while k < count && self[k] != 10 && !(hasPrefix("-----", at: k)) { k += 1 }
                return hasPrefix("-----", at: k) ? k + 5 : nil
            }
            j += 1
        }
        return nil
    }
}
