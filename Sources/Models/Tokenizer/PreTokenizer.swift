/// Splits text into the pieces that BPE encodes separately, as llama.cpp's `smollm` and
/// `gpt2` pre-tokenizers do, by hand over Unicode scalars (no regex engine).
///
/// `smollm` first isolates every number character (`\p{N}`), then applies GPT-2's pattern
/// inside each remaining piece:
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
/// `gpt2` applies only the pattern.
struct PreTokenizer {
    enum Kind: String { case smollm, gpt2 }

    let splitsDigits: Bool

    init(_ kind: Kind) { splitsDigits = kind == .smollm }

    /// Character classes of the pattern.
    enum Class: UInt8 { case letter, number, space, other }

    /// Class of every ASCII character, so that the common case needs no Unicode lookup.
    private static let asciiClasses: [Class] = (0 ..< 128).map { classifyByProperties(Unicode.Scalar(UInt8($0))) }

    static func classify(_ scalar: Unicode.Scalar) -> Class {
        scalar.value < 128 ? asciiClasses[Int(scalar.value)] : classifyByProperties(scalar)
    }

    /// `\s` is Unicode White_Space, `\p{L}` the letter categories, `\p{N}` the number ones.
    private static func classifyByProperties(_ scalar: Unicode.Scalar) -> Class {
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }

    /// Splits `scalars` and calls `emit` with each piece's range, in order.
    func split(_ scalars: [Unicode.Scalar], emit: (Range<Int>) -> Void) {
        let classes = scalars.map(Self.classify)
        guard splitsDigits else { return splitPattern(scalars, classes, 0 ..< scalars.count, emit) }
        var start = 0
        for i in 0 ..< scalars.count where classes[i] == .number {
            if start < i { splitPattern(scalars, classes, start ..< i, emit) }
            emit(i ..< i + 1)
            start = i + 1
        }
        if start < scalars.count { splitPattern(scalars, classes, start ..< scalars.count, emit) }
    }

    /// GPT-2's pattern over `range`: at each position the first alternative that matches wins.
    private func splitPattern(_ s: [Unicode.Scalar], _ classes: [Class], _ range: Range<Int>, _ emit: (Range<Int>) -> Void) {
        let end = range.upperBound
        var i = range.lowerBound
        // The end of the run of `cls` starting at `from`.
        func run(_ cls: Class, from: Int) -> Int {
            var j = from
            while j < end, classes[j] == cls { j += 1 }
            return j
        }
        while i < end {
            let c = s[i]
            // 's 't 're 've 'm 'll 'd
            if c == "'", i + 1 < end {
                let next = s[i + 1]
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    emit(i ..< i + 2); i += 2; continue
                }
                if i + 2 < end, (next == "r" && s[i + 2] == "e") || (next == "v" && s[i + 2] == "e") || (next == "l" && s[i + 2] == "l") {
                    emit(i ..< i + 3); i += 3; continue
                }
            }
            // ` ?X+` for letters, numbers and others: an optional ASCII space, then a run.
            let body = c == " " && i + 1 < end && classes[i + 1] != .space ? i + 1 : i
            let cls = classes[body]
            if cls != .space {
                let j = run(cls, from: body)
                emit(i ..< j); i = j; continue
            }
            // \s+(?!\S) takes a whitespace run but leaves its last character to prefix the
            // word after it; \s+ takes a lone whitespace character before a word.
            let j = run(.space, from: i)
            if j == end || j - i == 1 {
                emit(i ..< j); i = j
            } else {
                emit(i ..< j - 1); i = j - 1
            }
        }
    }
}
