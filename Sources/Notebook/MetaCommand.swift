import Foundation

/// The REPL's `:` commands. Each may be typed as any unambiguous prefix (`:h`, `:rel`).
public enum MetaCommand: Equatable {
    case help(topic: String?)
    case load(path: String)
    case reload
    case save(path: String)
    case time(source: String)
    case type(source: String)
    case vars
    case reset
    case history
    case quit

    public struct Spec {
        public let name: String
        public let argument: String?
        public let summary: String
    }

    /// Every command, in the order `:help` lists them.
    public static let specs: [Spec] = [
        Spec(name: "help", argument: "[NAME]", summary: "list commands, or show the doc of a built-in or command"),
        Spec(name: "load", argument: "FILE", summary: "run a .slm file (or a notebook's cells) in this session"),
        Spec(name: "reload", argument: nil, summary: "run the last loaded file again"),
        Spec(name: "save", argument: "FILE.slmnb", summary: "save this session's inputs and outputs as a notebook"),
        Spec(name: "time", argument: "EXPR", summary: "evaluate EXPR and show how long it took"),
        Spec(name: "type", argument: "EXPR", summary: "show the type of EXPR's value"),
        Spec(name: "vars", argument: nil, summary: "list the names defined in this session"),
        Spec(name: "reset", argument: nil, summary: "forget every definition and start afresh"),
        Spec(name: "history", argument: nil, summary: "show the inputs of this session"),
        Spec(name: "quit", argument: nil, summary: "leave the REPL (Ctrl-D also does)"),
    ]

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unknown(String)
        case ambiguous(String, candidates: [String])
        case missingArgument(command: String, argument: String)
        case unexpectedArgument(command: String)

        public var description: String {
            switch self {
            case .unknown(let name):
                return "unknown command ':\(name)'; type :help for the list"
            case .ambiguous(let name, let candidates):
                return "':\(name)' is ambiguous: " + candidates.map { ":" + $0 }.joined(separator: ", ")
            case .missingArgument(let command, let argument):
                return ":\(command) needs \(argument)"
            case .unexpectedArgument(let command):
                return ":\(command) takes no argument"
            }
        }
    }

    /// The command names starting with `prefix`; an exact name wins over longer ones.
    public static func names(matching prefix: String) -> [String] {
        if specs.contains(where: { $0.name == prefix }) { return [prefix] }
        return specs.map(\.name).filter { $0.hasPrefix(prefix) }
    }

    /// Whether `line` is a meta command (starts with `:`, after spaces).
    public static func isMetaCommand(_ line: String) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).first == ":"
    }

    /// Parses `:name argument`.
    public init(parsing line: String) throws {
        let body = line.drop(while: { $0 == " " || $0 == "\t" }).dropFirst()
        let name = String(body.prefix(while: { !$0.isWhitespace }))
        var argument = String(body.dropFirst(name.count)).trimmingSpaces()
        if argument.isEmpty { argument = "" }
        let matches = MetaCommand.names(matching: name)
        guard !name.isEmpty, let command = matches.first else { throw ParseError.unknown(name) }
        guard matches.count == 1 else { throw ParseError.ambiguous(name, candidates: matches) }
        let spec = MetaCommand.specs.first { $0.name == command }

        func required() throws -> String {
            guard !argument.isEmpty else {
                throw ParseError.missingArgument(command: command, argument: spec?.argument ?? "an argument")
            }
            return argument
        }
        func none() throws {
            guard argument.isEmpty else { throw ParseError.unexpectedArgument(command: command) }
        }
        switch command {
        case "help": self = .help(topic: argument.isEmpty ? nil : argument)
        case "load": self = .load(path: MetaCommand.unquote(try required()))
        case "reload": try none(); self = .reload
        case "save": self = .save(path: MetaCommand.unquote(try required()))
        case "time": self = .time(source: try required())
        case "type": self = .type(source: try required())
        case "vars": try none(); self = .vars
        case "reset": try none(); self = .reset
        case "history": try none(); self = .history
        default: try none(); self = .quit
        }
    }

    /// A path may be written bare or in double quotes (as completion inserts it).
    static func unquote(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    /// The text `:help` prints.
    public static var helpText: String {
        let rows = specs.map { ":" + $0.name + ($0.argument.map { " " + $0 } ?? "") }
        let width = rows.map(\.count).max() ?? 0
        var out = "Commands (any unambiguous prefix works, e.g. :he, :q):\n"
        for (row, spec) in zip(rows, specs) {
            out += "  " + row.padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.summary + "\n"
        }
        out += "Enter an expression to evaluate it; `_` holds the last value.\n"
        out += "An incomplete entry continues on a `...` line. Ctrl-C discards it; Ctrl-D quits.\n"
        return out
    }
}
