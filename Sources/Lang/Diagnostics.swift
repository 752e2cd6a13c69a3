// Source text, positions and the one place that formats errors for the user:
// `file:line:col: error: message`, the source line, and a caret under the offending token.

/// One source text (a file, a REPL entry or a notebook cell) with its line table.
public final class SourceFile {
    /// The name shown in diagnostics (usually the path given on the command line).
    public let name: String
    public let text: String
    /// UTF-8 bytes of `text`; offsets everywhere in Lang index into this array.
    public let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 is index 0).
    let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            // Count scalars: skip UTF-8 continuation bytes.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (lo + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A position in a source file.
public struct SourceLocation: CustomStringConvertible {
    public let file: SourceFile
    public let offset: Int

    public init(file: SourceFile, offset: Int) {
        self.file = file
        self.offset = offset
    }

    public var line: Int { file.lineAndColumn(of: offset).line }
    public var column: Int { file.lineAndColumn(of: offset).column }
    /// `file:line:col`
    public var description: String {
        let (l, c) = file.lineAndColumn(of: offset)
        return "\(file.name):\(l):\(c)"
    }

    /// The source line followed by a caret line pointing at the column.
    public var excerpt: String {
        let (l, c) = file.lineAndColumn(of: offset)
        let text = file.lineText(l)
        // Keep tabs so the caret lines up under tab-indented code.
        var caret = ""
        for (i, ch) in text.unicodeScalars.enumerated() where i < c - 1 {
            caret.append(ch == "\t" ? "\t" : " ")
        }
        return "    \(text)\n    \(caret)^"
    }
}

/// A parse or resolve error found before anything runs.
public struct Diagnostic: Error, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `file:line:col: error: message`, the source line and a caret.
    public var description: String {
        "\(location): error: \(message)\n\(location.excerpt)"
    }
}

/// Every compile-time error of one source, in source order.
public struct CompileErrors: Error, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
