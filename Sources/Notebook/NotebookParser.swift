/// Splits notebook text into front matter, Markdown and cells, keeping every byte.
struct NotebookParser {
    /// Whole lines with their terminators; the last may lack one.
    let lines: [String]
    let file: String

    init(text: String, file: String) {
        self.lines = text.linesKeepingTerminators
        self.file = file
    }

    /// A line's content without `\n` or `\r\n`.
    private func content(_ i: Int) -> String {
        var s = Substring(lines[i]).unicodeScalars
        if s.last == "\n" { s.removeLast() }
        if s.last == "\r" { s.removeLast() }
        return String(s)
    }

    private func isBlank(_ i: Int) -> Bool { content(i).trimmingSpaces().isEmpty }

    private func error(_ index: Int, _ message: String) -> NotebookError {
        NotebookError(file: file, line: index + 1, message: message)
    }

    /// The index of the line closing `fence` opened at `open`, or nil.
    private func closingLine(of fence: Fence, openedAt open: Int) -> Int? {
        var j = open + 1
        while j < lines.count {
            if fence.isClosed(by: content(j)) { return j }
            j += 1
        }
        return nil
    }

    func parse() throws -> Notebook {
        var i = 0
        var frontMatter: FrontMatter?
        if !lines.isEmpty, content(0) == "---" {
            guard let end = (1..<max(1, lines.count)).first(where: { content($0) == "---" }) else {
                throw error(0, "front matter is not closed: expected a '---' line")
            }
            frontMatter = try FrontMatter(
                parsing: (1..<end).map(content),
                raw: lines[0...end].joined(),
                file: file,
                firstLine: 2)
            i = end + 1
        }

        var blocks: [Notebook.Block] = []
        var markdown = ""
        func flushMarkdown() {
            if !markdown.isEmpty { blocks.append(.markdown(markdown)) }
            markdown = ""
        }

        while i < lines.count {
            guard let fence = Fence(opening: content(i)) else {
                markdown += lines[i]
                i += 1
                continue
            }
            if fence.isSlmBlock("output") {
                throw error(i, "an output block must follow an slm cell (no cell before it)")
            }
            guard let close = closingLine(of: fence, openedAt: i) else {
                let what = fence.isSlmBlock("slm") ? "slm cell" : "code block"
                throw error(i, "unclosed \(what): no closing \(String(repeating: fence.marker, count: fence.length)) found")
            }
            guard fence.isSlmBlock("slm") else {
                // A Markdown code block (any other language): its text is Markdown to us.
                markdown += lines[i...close].joined()
                i = close + 1
                continue
            }
            let attributes = Array(fence.words.dropFirst())
            if let unknown = attributes.first(where: { !Cell.knownAttributes.contains($0) }) {
                throw error(i, "unknown cell attribute '\(unknown)' (known: \(Cell.knownAttributes.sorted().joined(separator: ", ")))")
            }
            flushMarkdown()
            var cell = Cell(
                opening: lines[i],
                source: lines[(i + 1)..<close].joined(),
                closing: lines[close],
                attributes: attributes,
                line: i + 1)
            i = close + 1

            // The output block, if any, comes after blank lines only.
            var k = i
            while k < lines.count, isBlank(k) { k += 1 }
            if k < lines.count, let outFence = Fence(opening: content(k)), outFence.isSlmBlock("output") {
                guard outFence.words.count == 1 else {
                    throw error(k, "an output block's info string is just 'output'")
                }
                guard let outClose = closingLine(of: outFence, openedAt: k) else {
                    throw error(k, "unclosed output block: no closing \(String(repeating: "`", count: outFence.length)) found")
                }
                cell.attachOutput(Cell.OutputBlock(
                    gap: lines[i..<k].joined(),
                    opening: lines[k],
                    text: lines[(k + 1)..<outClose].joined(),
                    closing: lines[outClose]), line: k + 2)
                i = outClose + 1
            }
            blocks.append(.cell(cell))
        }
        flushMarkdown()
        return Notebook(frontMatter: frontMatter, blocks: blocks)
    }
}
