// Readable forms of values. `show` is the REPL form (strings quoted, lists of records as
// tables); `str` is the print form (strings as they are).

public struct DisplayOptions: Sendable {
    /// Terminal width for tables and native objects.
    public var width: Int = 100
    /// Lists longer than this show their first items and a count.
    public var maxItems: Int = 100
    /// Tables show at most this many rows.
    public var maxRows: Int = 20
    /// Nesting deeper than this shows as `[…]`.
    public var maxDepth: Int = 50
    public init(width: Int = 100, maxItems: Int = 100, maxRows: Int = 20) {
        self.width = width
        self.maxItems = maxItems
        self.maxRows = maxRows
    }
}

public enum Display {
    /// The print form: strings without quotes.
    public static func str(_ v: Value, _ options: DisplayOptions = DisplayOptions()) -> String {
        if case .string(let s) = v { return s }
        var out = ""
        var path: [ObjectIdentifier] = []
        write(v, quoted: true, into: &out, path: &path, options)
        return out
    }

    /// The REPL form: strings quoted; a list of records with the same keys as a table.
    public static func show(_ v: Value, _ options: DisplayOptions = DisplayOptions()) -> String {
        if case .list(let l) = v, let table = table(l.items, options) { return table }
        var out = ""
        var path: [ObjectIdentifier] = []
        write(v, quoted: true, into: &out, path: &path, options)
        return out
    }

    /// Shortest form that reads back as the same float ("0.1", "1e+20", "3.0").
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// A string literal in slm syntax.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first, !(first >= 48 && first <= 57) else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            && keywords[s] == nil
    }

    static func write(_ v: Value, quoted: Bool, into out: inout String, path: inout [ObjectIdentifier], _ options: DisplayOptions) {
        switch v {
        case .null: out += "nil"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += float(d)
        case .string(let s): out += quoted ? Display.quoted(s) : s
        case .range(let a, let b): out += "\(a)..\(b)"
        case .function(let f): out += "<fn \(f.proto.name)>"
        case .builtin(let b): out += "<builtin \(b.name)>"
        case .native(let n): out += n.display(width: options.width)
        case .list(let l):
            let id = ObjectIdentifier(l)
            if path.contains(id) || path.count >= options.maxDepth { out += "[…]"; return }
            path.append(id)
            defer { path.removeLast() }
            out += "["
            for (i, item) in l.items.enumerated() {
                if i == options.maxItems {
                    out += ", … \(l.items.count - i) more"
                    break
                }
                if i > 0 { out += ", " }
                write(item, quoted: true, into: &out, path: &path, options)
            }
            out += "]"
        case .record(let r):
            let id = ObjectIdentifier(r)
            if path.contains(id) || path.count >= options.maxDepth { out += "{…}"; return }
            path.append(id)
            defer { path.removeLast() }
            out += "{"
            for (i, (k, item)) in zip(r.keys, r.values).enumerated() {
                if i > 0 { out += ", " }
                out += isIdentifier(k) ? k : Display.quoted(k)
                out += ": "
                write(item, quoted: true, into: &out, path: &path, options)
            }
            out += "}"
        }
    }

    /// An aligned text table for a list of records sharing the same keys, or nil.
    ///
    ///     task  score
    ///     ----  -----
    ///     sql   0.91
    ///     … 3 more rows
    public static func table(_ items: [Value], _ options: DisplayOptions) -> String? {
        guard case .record(let first)? = items.first, !first.keys.isEmpty else { return nil }
        let keys = first.keys
        var rows: [RecordObject] = []
        for item in items {
            guard case .record(let r) = item, r.shape === first.shape || r.keys == keys else { return nil }
            rows.append(r)
        }
        let shown = rows.prefix(options.maxRows)
        let maxCell = 40
        func cell(_ v: Value) -> String {
            var s = str(v, DisplayOptions(width: options.width, maxItems: 5))
            s = s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "⏎")
            if s.count > maxCell { s = String(s.prefix(maxCell - 1)) + "…" }
            return s
        }
        var columns: [[String]] = keys.map { [$0] }
        for r in shown {
            for (c, v) in r.values.enumerated() { columns[c].append(cell(v)) }
        }
        let widths = columns.map { col in col.map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (c, text) in cells.enumerated() {
                if c > 0 { s += "  " }
                s += text
                if c < cells.count - 1 { s += String(repeating: " ", count: widths[c] - text.count) }
            }
            return truncate(s, to: options.width)
        }
        var lines = [line(keys), line(widths.map { String(repeating: "-", count: $0) })]
        for i in 0..<shown.count { lines.append(line(columns.map { $0[i + 1] })) }
        if rows.count > shown.count { lines.append("… \(rows.count - shown.count) more rows") }
        return lines.joined(separator: "\n")
    }

    static func truncate(_ s: String, to width: Int) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        guard width > 1, s.count > width else { return s }
        return String(s.prefix(width - 1)) + "…"
    }
}
