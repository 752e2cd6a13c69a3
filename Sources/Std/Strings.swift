// String built-ins.

import Foundation
import Lang

enum Strings {
    static func register(_ b: Builtins) {
        b.define("upper", "upper(s)", "The string in upper case.", topic: "strings") { args in
            .string(try args.string(0, "s").uppercased())
        }
        b.define("lower", "lower(s)", "The string in lower case.", topic: "strings") { args in
            .string(try args.string(0, "s").lowercased())
        }
        b.define("trim", "trim(s)", "The string without leading and trailing whitespace.", topic: "strings") { args in
            .string(try args.string(0, "s").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        b.define("split", "split(s, sep: nil)", "Splits on a separator, or on runs of whitespace when none is given.", topic: "strings") { args in
            let s = try args.string(0, "s")
            if args.given(1, "sep") == nil {
                return .list(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
            }
            let sep = try args.string(1, "sep")
            if sep.isEmpty { throw RuntimeError("split() separator must not be empty") }
            return .list(s.components(separatedBy: sep).map { .string($0) })
        }
        b.define("join", "join(items, sep: \"\")", "Joins the items' printed forms with a separator.", topic: "strings") { args in
            let items = try args.items(0, "items")
            let sep = try args.string(1, "sep", default: "")
            return .string(items.map { args.interpreter.str($0) }.joined(separator: sep))
        }
        b.define("replace", "replace(s, old, new)", "Replaces every occurrence of old with new.", topic: "strings") { args in
            let s = try args.string(0, "s"), old = try args.string(1, "old"), new = try args.string(2, "new")
            if old.isEmpty { throw RuntimeError("replace() 'old' must not be empty") }
            return .string(s.replacingOccurrences(of: old, with: new))
        }
        b.define("starts_with", "starts_with(s, prefix)", "Whether s starts with prefix.", topic: "strings") { args in
            .bool(try args.string(0, "s").hasPrefix(try args.string(1, "prefix")))
        }
        b.define("ends_with", "ends_with(s, suffix)", "Whether s ends with suffix.", topic: "strings") { args in
            .bool(try args.string(0, "s").hasSuffix(try args.string(1, "suffix")))
        }
        b.define("find", "find(s, sub)", "Index (in characters) of the first occurrence of sub, or -1.", topic: "strings") { args in
            let s = try args.string(0, "s"), sub = try args.string(1, "sub")
            guard let r = s.range(of: sub) else { return .int(-1) }
            return .int(s.distance(from: s.startIndex, to: r.lowerBound))
        }
        b.define("lines", "lines(s)", "The lines of a string, without their newlines.", topic: "strings") { args in
            let s = try args.string(0, "s")
            var parts = s.components(separatedBy: "\n")
            if parts.last == "" { parts.removeLast() }
            return .list(parts.map { .string($0.hasSuffix("\r") ? String($0.dropLast()) : $0) })
        }
        b.define("chars", "chars(s)", "The characters of a string as a list of strings.", topic: "strings") { args in
            .list(try args.string(0, "s").map { .string(String($0)) })
        }
        b.define("format", "format(x, digits: 2)", "A number with a fixed number of decimals, e.g. format(3.14159, 2) is \"3.14\".", topic: "strings") { args in
            let x = try args.double(0, "x")
            let digits = try args.int(1, "digits", default: 2)
            guard (0...20).contains(digits) else { throw RuntimeError("format() digits must be in 0...20") }
            return .string(String(format: "%.\(digits)f", x))
        }
        b.define("pad", "pad(s, width, right: false)", "Pads the printed form with spaces to a width (on the left when right is true).", topic: "strings") { args in
            let s = args.interpreter.str(try args.value(0, "s"))
            let width = try args.int(1, "width")
            let right = try args.bool(2, "right", default: false)
            guard width <= 10_000 else { throw RuntimeError("pad() width too large") }
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return .string(right ? fill + s : s + fill)
        }
    }
}
