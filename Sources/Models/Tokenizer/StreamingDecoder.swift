/// Turns tokens into text one at a time without ever emitting half a UTF-8 character.
///
/// A token may end in the middle of a multi-byte character (byte-level BPE splits emoji
/// and CJK across tokens); those bytes are held until the character completes. Bytes that
/// can never form a valid character are emitted as U+FFFD.
public struct StreamingDecoder {
    private let tokenizer: Tokenizer
    private let skipSpecial: Bool
    private var pending: [UInt8] = []

    public init(tokenizer: Tokenizer, skipSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.skipSpecial = skipSpecial
    }

    /// Adds one token and returns the text that is now complete (possibly empty).
    public mutating func push(_ id: Int) throws -> String {
        guard let bytes = tokenizer.bytes(of: id) else {
            throw TokenizerError(source: "decode", message: "token id \(id) is outside the vocabulary (0..<\(tokenizer.vocabularySize))")
        }
        if skipSpecial && tokenizer.isControl(id) { return "" }
        pending.append(contentsOf: bytes)
        let complete = pending.count - Self.incompleteSuffixLength(pending)
        guard complete > 0 else { return "" }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Returns whatever is still held (an unfinished character becomes U+FFFD).
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// How many trailing bytes are the start of a character that could still be completed.
    static func incompleteSuffixLength(_ bytes: [UInt8]) -> Int {
        // A character is at most 4 bytes: look back over at most 3 continuation bytes for
        // its lead byte.
        var k = bytes.count - 1
        var continuation = 0
        while k >= 0, continuation < 3, bytes[k] & 0xC0 == 0x80 {
            continuation += 1
            k -= 1
        }
        guard k >= 0 else { return 0 }
        let lead = bytes[k]
        let needed: Int
        switch lead {
        case 0xC2 ... 0xDF: needed = 1
        case 0xE0 ... 0xEF: needed = 2
        case 0xF0 ... 0xF4: needed = 3
        default: return 0
        }
        return continuation < needed ? continuation + 1 : 0
    }
}
