// Line handling shared by the notebook parser, writer and diff.

extension String {
    /// Whether the text ends in `\n` (alone or as part of `\r\n`, which Swift counts as
    /// one Character, so `hasSuffix("\n")` would miss it).
    var endsWithLineBreak: Bool { unicodeScalars.last == "\n" }

    /// The text without its final line break, if any.
    var droppingFinalLineBreak: String {
        endsWithLineBreak ? String(String.UnicodeScalarView(unicodeScalars.dropLast())) : self
    }

    /// Whole lines with their terminators (`\n` or `\r\n`); the last may lack one.
    var linesKeepingTerminators: [String] {
        var lines: [String] = []
        let scalars = unicodeScalars
        var start = scalars.startIndex
        while start < scalars.endIndex {
            if let nl = scalars[start...].firstIndex(of: "\n") {
                let next = scalars.index(after: nl)
                lines.append(String(scalars[start..<next]))
                start = next
            } else {
                lines.append(String(scalars[start...]))
                start = scalars.endIndex
            }
        }
        return lines
    }

    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }

    var isIdentifier: Bool {
        guard let first = unicodeScalars.first,
              first == "_" || (first.properties.isAlphabetic && first.isASCII) else { return false }
        return unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }
}
