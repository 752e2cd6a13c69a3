/// A value written in front matter or on the command line (`-p key=value`).
public enum Scalar: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case null

    /// Reads an unquoted word the way YAML does for the cases we support:
    /// `true`/`false`, `null`/`~`, integers, floats, anything else is a string.
    public init(plain text: String) {
        switch text {
        case "true": self = .bool(true)
        case "false": self = .bool(false)
        case "null", "~", "": self = .null
        default:
            if let i = Int(text) {
                self = .int(i)
            } else if let d = Double(text), text.contains(where: { $0.isNumber }) {
                self = .float(d)
            } else {
                self = .string(text)
            }
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .bool(let b): return String(b)
        case .null: return "null"
        }
    }

    /// The scalar as front matter writes it: strings always double-quoted.
    var yaml: String {
        switch self {
        case .string(let s):
            var out = "\""
            for ch in s {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default: out.append(ch)
                }
            }
            return out + "\""
        default: return description
        }
    }
}
