// The plug-in point for library layers: tensors, log stores, models and so on are
// `NativeObject`s. The language calls these hooks for member access, method calls,
// operators, indexing, iteration and display; every hook has a default that reports
// "not supported", so a type implements only what it needs.

/// A handle to a Swift object exposed to slm code.
public protocol NativeObject: AnyObject {
    /// The name `type(x)` returns, e.g. "tensor".
    var typeName: String { get }
    /// The REPL form; `width` is the available terminal width in characters.
    func display(width: Int) -> String
    /// `obj.name`; nil when there is no such member.
    func member(_ name: String, interpreter: Interpreter) throws -> Value?
    /// `obj.name(args)`; nil when there is no such method.
    func callMethod(_ name: String, _ args: Arguments) throws -> Value?
    /// `obj op other` (or `other op obj` when `reversed`); nil when unsupported.
    func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value?
    /// `-obj`; nil when unsupported.
    func negate() throws -> Value?
    /// `obj[index]`; nil when unsupported.
    func index(_ index: Value) throws -> Value?
    /// `obj[index] = value`; false when unsupported.
    func setIndex(_ index: Value, _ value: Value) throws -> Bool
    /// `len(obj)`; nil when unsupported.
    var length: Int? { get }
    /// The items `for x in obj` visits; nil when not iterable.
    func iterate() throws -> [Value]?
    /// Names for tab completion after `obj.`.
    var memberNames: [String] { get }
}

public extension NativeObject {
    func display(width: Int) -> String { "<\(typeName)>" }
    func member(_ name: String, interpreter: Interpreter) throws -> Value? { nil }
    func callMethod(_ name: String, _ args: Arguments) throws -> Value? { nil }
    func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? { nil }
    func negate() throws -> Value? { nil }
    func index(_ index: Value) throws -> Value? { nil }
    func setIndex(_ index: Value, _ value: Value) throws -> Bool { false }
    var length: Int? { nil }
    func iterate() throws -> [Value]? { nil }
    var memberNames: [String] { [] }
}
