/// A Markdown code fence line: up to three spaces, then a run of at least three backticks
/// or tildes, then the info string (CommonMark's rules, which forges render by).
struct Fence: Equatable {
    var indent: Int
    var marker: Character
    var length: Int
    /// The text after the marker run, trimmed.
    var info: String

    /// Reads `line` (without its terminator) as an opening fence.
    init?(opening line: String) {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " ", indent < 4 {
            rest.removeFirst()
            indent += 1
        }
        guard indent <= 3, let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let run = rest.prefix { $0 == marker }
        guard run.count >= 3 else { return nil }
        let info = String(rest.dropFirst(run.count)).trimmingSpaces()
        // A backtick fence's info string may not contain backticks (CommonMark 4.5).
        if marker == "`", info.contains("`") { return nil }
        self.indent = indent
        self.marker = marker
        self.length = run.count
        self.info = info
    }

    /// Whether `line` closes a block this fence opened.
    func isClosed(by line: String) -> Bool {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " ", indent < 4 {
            rest.removeFirst()
            indent += 1
        }
        guard indent <= 3 else { return false }
        let run = rest.prefix { $0 == marker }
        return run.count >= length && String(rest.dropFirst(run.count)).trimmingSpaces().isEmpty
    }

    var words: [String] { info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }

    /// True for the fences slm owns: backticks, not indented, info string starting with `word`.
    func isSlmBlock(_ word: String) -> Bool {
        marker == "`" && indent == 0 && words.first == word
    }

    /// The backtick run that safely encloses `text`: one longer than any run inside it,
    /// and at least three, so no line of the text can close the block.
    static func backticks(enclosing text: String) -> String {
        var longest = 0
        var current = 0
        for ch in text {
            if ch == "`" {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
