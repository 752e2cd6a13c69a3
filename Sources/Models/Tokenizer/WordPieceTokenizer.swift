import Foundation

/// BERT's WordPiece tokenizer from an HF `tokenizer.json` (all-MiniLM-L6-v2's), as HF
/// tokenizers runs it: special tokens split out of the raw text, BertNormalizer (clean
/// text, spaces around CJK characters, accent stripping, lower-casing), BertPreTokenizer
/// (split on whitespace, punctuation alone), greedy longest-match WordPiece, then
/// `[CLS] ... [SEP]` with the content truncated to fit `maxLength`.
public final class WordPieceTokenizer: Sendable {
    public let clsId: Int
    public let sepId: Int
    public let padId: Int
    public let unknownId: Int
    /// Longest encoding, [CLS] and [SEP] included (256 for all-MiniLM-L6-v2, from
    /// sentence-transformers' `max_seq_length`).
    public let maxLength: Int
    public var vocabularySize: Int { vocabulary.count }

    private let vocabulary: [String: Int32]
    private let trie: VocabularyTrie
    private let maxCharsPerWord: Int
    private let lowercase: Bool
    private let stripAccents: Bool
    private let cleanText: Bool
    private let spaceChineseCharacters: Bool
    /// Special added tokens matched in the raw text, longest first.
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    /// Loads `tokenizer.json` from a sentence-transformers folder; `maxLength` defaults to
    /// `sentence_bert_config.json`'s `max_seq_length`, else the tokenizer's truncation,
    /// else 512.
    public convenience init(directory: String, maxLength: Int? = nil) throws {
        var length = maxLength
        if length == nil, let data = FileManager.default.contents(atPath: directory + "/sentence_bert_config.json"),
           let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            length = config["max_seq_length"] as? Int
        }
        try self.init(tokenizerJSON: directory + "/tokenizer.json", maxLength: length)
    }

    public init(tokenizerJSON path: String, maxLength: Int? = nil) throws {
        func fail(_ message: String) -> TokenizerError { TokenizerError(source: path, message: message) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        guard let model = root["model"] as? [String: Any], model["type"] as? String == "WordPiece",
              let vocab = model["vocab"] as? [String: Any] else {
            throw fail("model is not WordPiece with a vocab")
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(vocab.count)
        for (token, value) in vocab {
            guard let id = value as? Int, id >= 0, id < Int(Int32.max) else { throw fail("vocab entry \"\(token)\" has no valid id") }
            vocabulary[token] = Int32(id)
        }
        func id(of key: String, default name: String) throws -> Int {
            let token = (model[key] as? String) ?? name
            guard let id = vocabulary[token] else { throw fail("special token \"\(token)\" is not in the vocabulary") }
            return Int(id)
        }
        unknownId = try id(of: "unk_token", default: "[UNK]")
        clsId = try id(of: "cls_token", default: "[CLS]")
        sepId = try id(of: "sep_token", default: "[SEP]")
        padId = try id(of: "pad_token", default: "[PAD]")
        trie = VocabularyTrie(vocabulary, continuationPrefix: model["continuing_subword_prefix"] as? String ?? "##")
        maxCharsPerWord = model["max_input_chars_per_word"] as? Int ?? 100

        let normalizer = root["normalizer"] as? [String: Any] ?? [:]
        guard normalizer.isEmpty || normalizer["type"] as? String == "BertNormalizer" else {
            throw fail("normalizer \(normalizer["type"] ?? "?") is not supported (supported: BertNormalizer)")
        }
        lowercase = normalizer["lowercase"] as? Bool ?? true
        stripAccents = normalizer["strip_accents"] as? Bool ?? lowercase
        cleanText = normalizer["clean_text"] as? Bool ?? true
        spaceChineseCharacters = normalizer["handle_chinese_chars"] as? Bool ?? true
        if let pre = root["pre_tokenizer"] as? [String: Any], pre["type"] as? String != "BertPreTokenizer" {
            throw fail("pre-tokenizer \(pre["type"] ?? "?") is not supported (supported: BertPreTokenizer)")
        }

        var specials: [(scalars: [Unicode.Scalar], id: Int32)] = []
        for case let added as [String: Any] in root["added_tokens"] as? [Any] ?? [] {
            guard added["special"] as? Bool == true, let content = added["content"] as? String, !content.isEmpty,
                  let id = added["id"] as? Int else { continue }
            specials.append((Array(content.unicodeScalars), Int32(id)))
        }
        specialTokens = specials.sorted { $0.scalars.count > $1.scalars.count }

        let truncation = (root["truncation"] as? [String: Any])?["max_length"] as? Int
        let length = maxLength ?? truncation ?? 512
        guard length >= 2 else { throw fail("maximum length \(length) leaves no room for [CLS] and [SEP]") }
        self.maxLength = length
        self.vocabulary = vocabulary
    }

    /// `[CLS] tokens [SEP]`, the content truncated to `maxLength - 2` tokens.
    public func encode(_ text: String, maxLength: Int? = nil) -> [Int] {
        let limit = max(2, min(maxLength ?? self.maxLength, self.maxLength)) - 2
        var ids: [Int] = [clsId]
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var i = 0
        // Special tokens are found in the raw text, before normalization.
        while i < scalars.count, ids.count - 1 < limit {
            if let special = specialTokens.first(where: { matches($0.scalars, scalars, at: i) }) {
                encodeText(scalars[start ..< i], into: &ids, limit: limit)
                if ids.count - 1 < limit { ids.append(Int(special.id)) }
                i += special.scalars.count
                start = i
            } else {
                i += 1
            }
        }
        encodeText(scalars[start ..< max(start, i)], into: &ids, limit: limit)
        ids.append(sepId)
        return ids
    }

    private func matches(_ pattern: [Unicode.Scalar], _ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + pattern.count <= scalars.count else { return false }
        for k in 0 ..< pattern.count where scalars[i + k] != pattern[k] { return false }
        return true
    }

    private func encodeText(_ text: ArraySlice<Unicode.Scalar>, into ids: inout [Int], limit: Int) {
        guard !text.isEmpty else { return }
        for word in words(normalize(text)) {
            guard ids.count - 1 < limit else { return }
            for id in wordPieces(word) {
                guard ids.count - 1 < limit else { return }
                ids.append(id)
            }
        }
    }

    /// BertNormalizer, in HF's order: clean, space CJK, strip accents (NFD, drop Mn), lower-case.
    func normalize(_ text: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for scalar in text {
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) { out.append(" "); continue }
            }
            if spaceChineseCharacters && Self.isChinese(scalar) {
                out.append(" "); out.append(scalar); out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        if stripAccents && out.contains(where: { $0.value >= 0x80 }) {
            var string = String.UnicodeScalarView()
            string.append(contentsOf: out)
            out = String(string).decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                $0.properties.generalCategory != .nonspacingMark
            }
        }
        if lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(out.count)
            for scalar in out {
                if scalar.value < 0x80 {
                    lowered.append(scalar.lowercasedASCII)
                } else {
                    lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            out = lowered
        }
        return out
    }

    /// BertPreTokenizer: words split at whitespace, each punctuation character on its own.
    func words(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for (i, scalar) in scalars.enumerated() {
            let space = Self.isWhitespace(scalar)
            if space || Self.isPunctuation(scalar) {
                if start < i { words.append(scalars[start ..< i]) }
                if !space { words.append(scalars[i ... i]) }
                start = i + 1
            }
        }
        if start < scalars.count { words.append(scalars[start...]) }
        return words
    }

    /// Greedy longest-match-first pieces of one word; the whole word is [UNK] when some
    /// part matches nothing or the word is too long.
    func wordPieces(_ word: ArraySlice<Unicode.Scalar>) -> [Int] {
        guard word.count <= maxCharsPerWord else { return [unknownId] }
        var pieces: [Int] = []
        var start = word.startIndex
        while start < word.endIndex {
            // Walk the trie as far as the word allows, remembering the last whole token.
            var node = start == word.startIndex ? VocabularyTrie.wordStart : VocabularyTrie.continuation
            var match: (end: Int, id: Int32)?
            var k = start
            while k < word.endIndex, let child = trie.child(of: node, word[k]) {
                node = child
                k += 1
                if let id = trie.token(at: node) { match = (k, id) }
            }
            guard let match else { return [unknownId] }
            pieces.append(Int(match.id))
            start = match.end
        }
        return pieces
    }

    /// HF's `is_whitespace`: tab, newline, carriage return and Unicode White_Space.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (9 ... 13).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// HF's `is_control`: the "other" categories (Cc, Cf, Cn, Co, Cs) except tab and newlines.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (scalar.value < 0x20 || scalar.value == 0x7F) && scalar != "\t" && scalar != "\n" && scalar != "\r"
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII punctuation (which includes symbols such as `$+<=>^|~`) or a Unicode P category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (33 ... 47).contains(v) || (58 ... 64).contains(v) || (91 ... 96).contains(v) || (123 ... 126).contains(v) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT treats as words of their own.
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00 ... 0x9FFF, 0x3400 ... 0x4DBF, 0x20000 ... 0x2A6DF, 0x2A700 ... 0x2B73F,
             0x2B740 ... 0x2B81F, 0x2B820 ... 0x2CEAF, 0xF900 ... 0xFAFF, 0x2F800 ... 0x2FA1F: return true
        default: return false
        }
    }
}

/// The vocabulary as a trie over Unicode scalars, so that the longest token at a position
/// is found in one walk instead of one dictionary lookup per candidate length.
///
/// Two roots: word-initial lookups see every token by its full text; continuation lookups
/// ("##" + rest, in HF's terms) see the tokens that carry the prefix, without it.
struct VocabularyTrie: Sendable {
    static let wordStart: Int32 = 0
    static let continuation: Int32 = 1

    /// Edge (node << 32 | scalar) -> child node.
    private var edges: [UInt64: Int32] = [:]
    /// Token id ending at each node, -1 where none does.
    private var tokens: [Int32] = [-1, -1]

    init(_ vocabulary: [String: Int32], continuationPrefix: String) {
        // Compared by scalars, not Characters: "##" + a combining mark is one Character.
        let prefix = Array(continuationPrefix.unicodeScalars)
        for (text, id) in vocabulary {
            let scalars = Array(text.unicodeScalars)
            insert(scalars, id: id, from: Self.wordStart)
            if scalars.count > prefix.count, scalars.starts(with: prefix) {
                insert(scalars.dropFirst(prefix.count), id: id, from: Self.continuation)
            }
        }
    }

    private mutating func insert<S: Sequence>(_ scalars: S, id: Int32, from root: Int32) where S.Element == Unicode.Scalar {
        var node = root
        for scalar in scalars {
            let key = UInt64(UInt32(node)) << 32 | UInt64(scalar.value)
            if let child = edges[key] {
                node = child
            } else {
                let child = Int32(tokens.count)
                tokens.append(-1)
                edges[key] = child
                node = child
            }
        }
        tokens[Int(node)] = id
    }

    func child(of node: Int32, _ scalar: Unicode.Scalar) -> Int32? {
        edges[UInt64(UInt32(node)) << 32 | UInt64(scalar.value)]
    }

    func token(at node: Int32) -> Int32? {
        let id = tokens[Int(node)]
        return id >= 0 ? id : nil
    }
}

private extension Unicode.Scalar {
    var lowercasedASCII: Unicode.Scalar {
        (65 ... 90).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : self
    }
}
