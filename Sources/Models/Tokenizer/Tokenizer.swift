/// GPT-2 byte-level BPE tokenizer built from a GGUF file's `tokenizer.ggml.*` metadata.
///
/// Encoding splits control and user-defined tokens (such as `<|im_start|>`) out of the text
/// first, pre-tokenizes the rest (`smollm` or `gpt2` rules), then runs BPE on each piece's
/// bytes. Decoding maps tokens back to bytes; invalid UTF-8 becomes U+FFFD.
public final class Tokenizer: Sendable {
    /// `tokenizer.ggml.token_type` values.
    public enum TokenType: Int, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// Token texts as stored in the vocabulary ("Ġthe", "<|im_end|>", ...).
    public let tokens: [String]
    public let tokenTypes: [TokenType]
    public let bosTokenId: Int?
    public let eosTokenId: Int?
    public let addsBosToken: Bool
    public let preTokenizerName: String
    public var vocabularySize: Int { tokens.count }

    private let idForToken: [String: Int32]
    private let encoder: BytePairEncoder
    private let preTokenizer: PreTokenizer
    /// Control and user-defined tokens by their first scalar, longest first.
    private let specialsByFirstScalar: [Unicode.Scalar: [(scalars: [Unicode.Scalar], id: Int32)]]
    /// Decoded bytes of every token, flattened: token i is `tokenBytes[tokenByteStart[i] ..< tokenByteStart[i + 1]]`.
    private let tokenBytes: [UInt8]
    private let tokenByteStart: [Int]

    /// Builds the tokenizer of `gguf`; throws `TokenizerError` when the metadata is missing,
    /// inconsistent or of an unsupported kind.
    public convenience init(gguf: GGUFFile) throws {
        try self.init(metadata: gguf.metadata, source: gguf.path)
    }

    public init(metadata: [String: GGUFValue], source: String) throws {
        func fail(_ message: String) -> TokenizerError { TokenizerError(source: source, message: message) }
        guard let model = metadata["tokenizer.ggml.model"]?.string else { throw fail("missing tokenizer.ggml.model") }
        guard model == "gpt2" else { throw fail("tokenizer model \"\(model)\" is not supported (supported: gpt2)") }
        let pre = metadata["tokenizer.ggml.pre"]?.string ?? "gpt2"
        guard let kind = PreTokenizer.Kind(rawValue: pre == "default" ? "gpt2" : pre) else {
            throw fail("pre-tokenizer \"\(pre)\" is not supported (supported: smollm, gpt2)")
        }
        guard let tokens = metadata["tokenizer.ggml.tokens"]?.strings, !tokens.isEmpty else {
            throw fail("missing or empty tokenizer.ggml.tokens (an array of strings)")
        }
        guard tokens.count < Int(Int32.max) else { throw fail("vocabulary of \(tokens.count) tokens is too large") }
        let rawTypes = metadata["tokenizer.ggml.token_type"]?.ints ?? [Int](repeating: 1, count: tokens.count)
        guard rawTypes.count == tokens.count else {
            throw fail("tokenizer.ggml.token_type has \(rawTypes.count) entries for \(tokens.count) tokens")
        }
        var types: [TokenType] = []
        types.reserveCapacity(tokens.count)
        for (i, raw) in rawTypes.enumerated() {
            guard let type = TokenType(rawValue: raw) else { throw fail("token \(i) has unknown token type \(raw)") }
            types.append(type)
        }
        var idForToken: [String: Int32] = [:]
        idForToken.reserveCapacity(tokens.count)
        for (i, token) in tokens.enumerated() where idForToken[token] == nil {
            idForToken[token] = Int32(i)
        }

        guard let mergeTexts = metadata["tokenizer.ggml.merges"]?.strings else {
            throw fail("missing tokenizer.ggml.merges (an array of strings)")
        }
        var merges: [UInt64: UInt64] = [:]
        merges.reserveCapacity(mergeTexts.count)
        for (rank, merge) in mergeTexts.enumerated() {
            let parts = merge.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw fail("merge \(rank) \"\(merge)\" is not two tokens separated by a space") }
            guard let left = idForToken[String(parts[0])], let right = idForToken[String(parts[1])],
                  let merged = idForToken[String(parts[0]) + String(parts[1])] else {
                throw fail("merge \(rank) \"\(merge)\" names a token missing from the vocabulary")
            }
            let key = BytePairEncoder.pairKey(left, right)
            if merges[key] == nil { merges[key] = UInt64(rank) << 32 | UInt64(UInt32(merged)) }
        }
        let byteTokens = (0 ..< 256).map { idForToken[String(ByteLevel.characterForByte[$0])] ?? -1 }

        func tokenId(_ key: String) throws -> Int? {
            guard let value = metadata[key] else { return nil }
            guard let id = value.int, id >= 0, id < tokens.count else {
                throw fail("\(key) = \(value) is not a token id below \(tokens.count)")
            }
            return id
        }
        bosTokenId = try tokenId("tokenizer.ggml.bos_token_id")
        eosTokenId = try tokenId("tokenizer.ggml.eos_token_id")
        addsBosToken = metadata["tokenizer.ggml.add_bos_token"]?.bool ?? false

        var specials: [Unicode.Scalar: [(scalars: [Unicode.Scalar], id: Int32)]] = [:]
        for (i, type) in types.enumerated() where type == .control || type == .userDefined {
            let scalars = Array(tokens[i].unicodeScalars)
            guard let first = scalars.first else { continue }
            specials[first, default: []].append((scalars, Int32(i)))
        }
        for key in specials.keys { specials[key]?.sort { $0.scalars.count > $1.scalars.count } }

        var flat: [UInt8] = []
        var starts: [Int] = [0]
        starts.reserveCapacity(tokens.count + 1)
        for (token, type) in zip(tokens, types) {
            if type == .control || type == .userDefined {
                flat.append(contentsOf: token.utf8)
            } else {
                flat.append(contentsOf: ByteLevel.bytes(ofToken: token))
            }
            starts.append(flat.count)
        }

        self.tokens = tokens
        self.tokenTypes = types
        self.preTokenizerName = pre
        self.idForToken = idForToken
        self.encoder = BytePairEncoder(merges: merges, byteTokens: byteTokens)
        self.preTokenizer = PreTokenizer(kind)
        self.specialsByFirstScalar = specials
        self.tokenBytes = flat
        self.tokenByteStart = starts
    }

    /// The id of a token text ("<|im_end|>", "Ġthe"), if it is in the vocabulary.
    public func id(of token: String) -> Int? { idForToken[token].map(Int.init) }

    /// True for control tokens such as `<|im_start|>` and `<|endoftext|>`.
    public func isControl(_ id: Int) -> Bool { id >= 0 && id < tokens.count && tokenTypes[id] == .control }

    /// Token ids of `text`. With `parseSpecial`, control and user-defined token texts in
    /// `text` become those tokens; otherwise they are encoded as plain text.
    public func encode(_ text: String, parseSpecial: Bool = true) -> [Int] {
        encodeIds(text, parseSpecial: parseSpecial).map(Int.init)
    }

    /// `encode`, as 32-bit ids (what the model consumes).
    public func encodeIds(_ text: String, parseSpecial: Bool = true) -> [Int32] {
        let scalars = Array(text.unicodeScalars)
        var out: [Int32] = []
        out.reserveCapacity(scalars.count / 3 + 4)
        var scratch = BytePairEncoder.Scratch()
        var pieceBytes: [UInt8] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            if parseSpecial, let candidates = specialsByFirstScalar[scalars[i]],
               let match = candidates.first(where: { matches($0.scalars, in: scalars, at: i) }) {
                encodeText(scalars[start ..< i], into: &out, &scratch, &pieceBytes)
                out.append(match.id)
                i += match.scalars.count
                start = i
            } else {
                i += 1
            }
        }
        encodeText(scalars[start ..< scalars.count], into: &out, &scratch, &pieceBytes)
        return out
    }

    private func matches(_ pattern: [Unicode.Scalar], in scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + pattern.count <= scalars.count else { return false }
        for k in 0 ..< pattern.count where scalars[i + k] != pattern[k] { return false }
        return true
    }

    private func encodeText(_ text: ArraySlice<Unicode.Scalar>, into out: inout [Int32],
                            _ scratch: inout BytePairEncoder.Scratch, _ pieceBytes: inout [UInt8]) {
        guard !text.isEmpty else { return }
        let scalars = Array(text)
        preTokenizer.split(scalars) { range in
            pieceBytes.removeAll(keepingCapacity: true)
            for scalar in scalars[range] { appendUTF8(scalar, to: &pieceBytes) }
            pieceBytes.withUnsafeBufferPointer { encoder.encode($0, into: &out, scratch: &scratch) }
        }
    }

    /// The bytes token `id` stands for, or nil for an id outside the vocabulary.
    public func bytes(of id: Int) -> ArraySlice<UInt8>? {
        guard id >= 0, id < tokens.count else { return nil }
        return tokenBytes[tokenByteStart[id] ..< tokenByteStart[id + 1]]
    }

    /// The text of `ids`. Control tokens are rendered as their text unless `skipSpecial`.
    /// Byte sequences that are not valid UTF-8 become U+FFFD. Throws on an unknown id.
    public func decode<Ids: Sequence>(_ ids: Ids, skipSpecial: Bool = false) throws -> String where Ids.Element: BinaryInteger {
        var out: [UInt8] = []
        for id in ids {
            guard let index = Int(exactly: id), let bytes = bytes(of: index) else {
                throw TokenizerError(source: "decode", message: "token id \(id) is outside the vocabulary (0..<\(tokens.count))")
            }
            if skipSpecial && tokenTypes[index] == .control { continue }
            out.append(contentsOf: bytes)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A tokenizer that cannot be built, or an id it does not know.
public struct TokenizerError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }
}

@inline(__always)
func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
    let v = scalar.value
    switch v {
    case 0 ..< 0x80:
        bytes.append(UInt8(v))
    case 0x80 ..< 0x800:
        bytes.append(UInt8(0xC0 | v >> 6))
        bytes.append(UInt8(0x80 | v & 0x3F))
    case 0x800 ..< 0x10000:
        bytes.append(UInt8(0xE0 | v >> 12))
        bytes.append(UInt8(0x80 | v >> 6 & 0x3F))
        bytes.append(UInt8(0x80 | v & 0x3F))
    default:
        bytes.append(UInt8(0xF0 | v >> 18))
        bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
        bytes.append(UInt8(0x80 | v >> 6 & 0x3F))
        bytes.append(UInt8(0x80 | v & 0x3F))
    }
}
