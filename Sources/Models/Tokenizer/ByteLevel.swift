/// GPT-2's byte-to-character map: byte-level BPE vocabularies spell every byte as a
/// printable character so that tokens are text.
///
/// Bytes 0x21–0x7E, 0xA1–0xAC and 0xAE–0xFF stand for themselves; the other 68 bytes, in
/// ascending order, become U+0100 + n (so a space is "Ġ", U+0120).
enum ByteLevel {
    /// The character standing for each byte.
    static let characterForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 0x100
        for byte in 0 ..< 256 {
            let printable = (0x21 ... 0x7E).contains(byte) || (0xA1 ... 0xAC).contains(byte) || (0xAE ... 0xFF).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The byte a character stands for, or nil when it is not one of the 256.
    static func byte(for character: Unicode.Scalar) -> UInt8? {
        let value = character.value
        switch value {
        case 0x21 ... 0x7E, 0xA1 ... 0xAC, 0xAE ... 0xFF: return UInt8(value)
        case 0x100 ..< 0x144: return remappedBytes[Int(value - 0x100)]
        default: return nil
        }
    }

    /// The 68 bytes that are remapped, in ascending order (index n is U+0100 + n).
    private static let remappedBytes: [UInt8] = (0 ... 255).map { UInt8($0) }.filter {
        !((0x21 ... 0x7E).contains($0) || (0xA1 ... 0xAC).contains($0) || (0xAE ... 0xFF).contains($0))
    }

    /// The bytes a token's text stands for. Characters outside the map (in added or control
    /// tokens) fall back to their own UTF-8 bytes.
    static func bytes(ofToken text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = byte(for: scalar) {
                out.append(byte)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }
}
