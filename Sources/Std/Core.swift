// Core built-ins: output, types and conversions, errors and assertions, help.

import Foundation
import Lang

enum Core {
    static func register(_ b: Builtins) {
        b.define("print", "print(values...)", "Prints the values separated by spaces, then a newline.", topic: "core") { args in
            let text = args.positional.map { args.interpreter.str($0) }.joined(separator: " ")
            args.interpreter.write(text + "\n")
            return .null
        }
        b.define("show", "show(value)", "The REPL form of a value: strings quoted, lists of records as a table.", topic: "core") { args in
            .string(args.interpreter.show(try args.value(0, "value")))
        }
        b.defineUnary("str", "str(value)", "The printed form of a value (strings unchanged).", topic: "core") { v, interpreter in
            if case .string = v { return v }
            return .string(interpreter.str(v))
        }
        b.defineUnary("type", "type(value)", "The type name of a value: \"int\", \"list\", \"record\", ...", topic: "core") { v, _ in
            .string(v.typeName)
        }
        b.define("int", "int(value)", "Converts a float (truncating), bool or numeric string to an int.", topic: "core") { args in
            let v = try args.value(0, "value")
            switch v {
            case .int: return v
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d):
                guard d.isFinite, let i = Int(exactly: d.rounded(.towardZero)) else {
                    throw RuntimeError("int() cannot convert \(Display.float(d)) to an int")
                }
                return .int(i)
            case .string(let s):
                guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else {
                    throw RuntimeError("int() cannot parse \(Display.quoted(s))")
                }
                return .int(i)
            default:
                throw args.typeError("value", expected: "a number, bool or string", got: v)
            }
        }
        b.define("float", "float(value)", "Converts an int or numeric string to a float.", topic: "core") { args in
            let v = try args.value(0, "value")
            switch v {
            case .float: return v
            case .int(let i): return .float(Double(i))
            case .string(let s):
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                    throw RuntimeError("float() cannot parse \(Display.quoted(s))")
                }
                return .float(d)
            default:
                throw args.typeError("value", expected: "a number or string", got: v)
            }
        }
        b.define("error", "error(message)", "Raises an error with this message (or any value, as e.value).", topic: "core") { args in
            let v = try args.value(0, "message")
            throw RuntimeError(value: v, message: args.interpreter.str(v))
        }
        b.define("assert", "assert(condition, message: \"assertion failed\")", "Raises an error when the condition is false.", topic: "core") { args in
            let c = try args.value(0, "condition")
            guard case .bool(let ok) = c else { throw args.typeError("condition", expected: "a bool", got: c) }
            if !ok {
                let message = args.given(1, "message").map { args.interpreter.str($0) } ?? "assertion failed"
                throw RuntimeError(message)
            }
            return .null
        }
        b.define("help", "help(name: nil)", "Prints the doc of a built-in, or lists all built-ins by topic.", topic: "core") { args in
            let builtins = args.interpreter.builtins
            if let v = args.given(0, "name") {
                let name: String
                switch v {
                case .string(let s): name = s
                case .builtin(let f): name = f.name
                default: throw args.typeError("name", expected: "a string or built-in", got: v)
                }
                guard let f = builtins[name] else { throw RuntimeError("no built-in named '\(name)'") }
                args.interpreter.write("\(f.signature)\n    \(f.doc)\n")
                return .null
            }
            var byTopic: [String: [String]] = [:]
            for name in builtins.names { byTopic[builtins[name]!.topic, default: []].append(name) }
            for topic in byTopic.keys.sorted() {
                args.interpreter.write("\(topic): \(byTopic[topic]!.joined(separator: " "))\n")
            }
            return .null
        }
        b.define("clock", "clock()", "Seconds since an arbitrary start, for timing (monotonic).", topic: "core") { _ in
            .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
        }
    }
}
