import Foundation

/// A code cell: a ```` ```slm ```` fenced block and, if it has one, the ```` ```output ````
/// block right after it.
///
/// The fence lines and the blank lines between the blocks are kept exactly as read, so a
/// notebook written back unchanged has the same bytes.
public struct Cell: Equatable {
    /// Words the info string may carry after `slm`.
    public static let knownAttributes: Set<String> = ["volatile"]

    /// The source between the fences, without the final line break (`\r\n` read as `\n`).
    public var code: String {
        let text = source.replacingOccurrences(of: "\r\n", with: "\n")
        return text.droppingFinalLineBreak
    }
    /// Info-string words after `slm`, e.g. `["volatile"]`.
    public private(set) var attributes: [String]
    /// A volatile cell's output (timings, dates) legitimately changes between runs:
    /// `slm check` does not compare it.
    public var isVolatile: Bool { attributes.contains("volatile") }
    /// The stored output, every line ending in a line break (`\r\n` read as `\n`); nil
    /// when the cell has none.
    public var output: String? { outputBlock?.text.replacingOccurrences(of: "\r\n", with: "\n") }
    /// The 1-based line of the opening fence in the file read (0 for a cell built in memory).
    public private(set) var line: Int
    /// The 1-based line of the output block's first text line, when read from a file.
    public private(set) var outputLine: Int?

    // Exact layout: each string holds whole lines with their terminators.
    var opening: String
    var source: String
    var closing: String
    var outputBlock: OutputBlock?

    struct OutputBlock: Equatable {
        var gap: String
        var opening: String
        var text: String
        var closing: String
    }

    /// A new cell, fenced so that nothing in `code` can close it.
    public init(code: String, attributes: [String] = [], output: String? = nil) {
        let fence = Fence.backticks(enclosing: code)
        self.attributes = attributes
        self.line = 0
        self.opening = fence + (["slm"] + attributes).joined(separator: " ") + "\n"
        self.source = code.isEmpty || code.endsWithLineBreak ? code : code + "\n"
        self.closing = fence + "\n"
        self.outputBlock = nil
        setOutput(output)
    }

    init(opening: String, source: String, closing: String, attributes: [String], line: Int) {
        self.opening = opening
        self.source = source
        self.closing = closing
        self.attributes = attributes
        self.line = line
        self.outputBlock = nil
    }

    mutating func attachOutput(_ block: OutputBlock, line: Int) {
        outputBlock = block
        outputLine = line
    }

    /// Replaces the stored output. Empty or nil output removes the output block. The
    /// existing fence is kept while it still encloses the text safely, so an update that
    /// changes nothing changes no byte.
    public mutating func setOutput(_ text: String?) {
        guard var text, !text.isEmpty else {
            outputBlock = nil
            return
        }
        if !text.endsWithLineBreak { text += "\n" }
        if var block = outputBlock {
            let needed = Fence.backticks(enclosing: text)
            if let fence = Fence(opening: String(block.opening.dropLast())), fence.length >= needed.count {
                block.text = text
            } else {
                block = OutputBlock(gap: block.gap, opening: needed + "output\n", text: text, closing: needed + "\n")
            }
            outputBlock = block
            return
        }
        if !closing.endsWithLineBreak { closing += "\n" }
        let fence = Fence.backticks(enclosing: text)
        outputBlock = OutputBlock(gap: "\n", opening: fence + "output\n", text: text, closing: fence + "\n")
    }

    /// The cell as it is written in the file, output block included.
    public var text: String {
        var out = opening + source + closing
        if let block = outputBlock {
            out += block.gap + block.opening + block.text + block.closing
        }
        return out
    }
}
