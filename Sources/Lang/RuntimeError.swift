// Runtime errors: what went wrong, where, and the slm call stack it unwound through.
// Errors are values: `try { } catch e { e.message }` binds an `ErrorValue`.

public struct RuntimeError: Error, CustomStringConvertible {
    public enum Kind: Sendable { case error, stackOverflow, interrupted }

    public var message: String
    /// The value given to `error(value)`; the message string for built-in errors.
    public var value: Value
    public var kind: Kind
    /// Where the error happened (the innermost position).
    public var location: SourceLocation?
    /// Frames the error unwound through, innermost first: function name and position in it.
    public var trace: [(function: String, location: SourceLocation)] { frames.items }
    /// Shared, so unwinding through thousands of frames appends in place instead of
    /// copying the list at every level.
    private var frames = TraceFrames()
    /// The innermost known position in the frame currently unwinding.
    var cursor: SourceLocation?

    public init(_ message: String, kind: Kind = .error) {
        self.message = message
        self.value = .string(message)
        self.kind = kind
    }

    public init(value: Value, message: String) {
        self.message = message
        self.value = value
        self.kind = .error
    }

    /// Fills in the position if the thrower did not know it.
    func located(at location: SourceLocation) -> RuntimeError {
        if self.location != nil && cursor != nil { return self }
        var e = self
        if e.location == nil { e.location = location }
        if e.cursor == nil { e.cursor = location }
        return e
    }

    /// Records that the error left the slm function `name`.
    mutating func leaving(_ name: String) {
        if let cursor { frames.items.append((name, cursor)) }
        cursor = nil
    }

    /// Records the outermost frame (the main program or REPL entry).
    public mutating func finishTrace(_ name: String = "<main>") {
        if let cursor { frames.items.append((name, cursor)) }
        cursor = nil
    }

    public var line: Int? { location?.line }
    public var column: Int? { location?.column }

    /// `file:line:col: error: message`, source line with caret, then the slm stack.
    public var description: String {
        guard let location else { return "error: \(message)" }
        var out = "\(location): error: \(message)\n\(location.excerpt)"
        // Runs of the same frame (deep recursion) print once with a count; beyond 30
        // distinct lines the middle is summarised.
        var lines: [String] = []
        var i = 0
        let frames = trace
        while i < frames.count {
            var j = i + 1
            while j < frames.count, frames[j].function == frames[i].function,
                  frames[j].location.offset == frames[i].location.offset,
                  frames[j].location.file === frames[i].location.file { j += 1 }
            let repeated = j - i > 1 ? " (\(j - i) times)" : ""
            lines.append("  in \(frames[i].function) at \(frames[i].location)\(repeated)")
            i = j
        }
        if lines.count > 30 {
            lines = Array(lines.prefix(25)) + ["  ... \(lines.count - 30) more frames ..."] + Array(lines.suffix(5))
        }
        if frames.count > 1 { out += "\nstack (innermost first):\n" + lines.joined(separator: "\n") }
        return out
    }
}

final class TraceFrames {
    var items: [(function: String, location: SourceLocation)] = []
}

/// The value bound by `catch e`.
public final class ErrorValue: NativeObject {
    public let error: RuntimeError
    public init(_ error: RuntimeError) { self.error = error }

    public var typeName: String { "error" }
    public func display(width: Int) -> String { "<error: \(error.message)>" }
    public var memberNames: [String] { ["message", "line", "col", "file", "value", "stack"] }

    public func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "message": return .string(error.message)
        case "line": return error.line.map { .int($0) } ?? .null
        case "col": return error.column.map { .int($0) } ?? .null
        case "file": return error.location.map { .string($0.file.name) } ?? .null
        case "value": return error.value
        case "stack": return .list(error.trace.map { .string("\($0.function) at \($0.location)") })
        default: return nil
        }
    }
}
