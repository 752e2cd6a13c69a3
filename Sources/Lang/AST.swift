// The syntax tree. Every node keeps the byte offset of its key token so that
// resolve and runtime errors can point at the source.

public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
    case matmul = "@"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `in` = "in"
}

public enum UnaryOp: String, Sendable {
    case negate = "-", not = "not"
}

/// A call argument; `name` is set for `name: value`.
public struct CallArgument {
    public var name: String?
    public var value: Expr
}

/// A function parameter; a default makes it optional (`fn f(x, scale: 1.0)`).
public struct Parameter {
    public var name: String
    public var defaultValue: Expr?
    public var offset: Int
}

public final class FunctionDecl {
    public let name: String
    public let parameters: [Parameter]
    public let body: Block
    public let offset: Int
    init(name: String, parameters: [Parameter], body: Block, offset: Int) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.offset = offset
    }
}

/// Statements in braces; its value is the value of the last expression statement.
public struct Block {
    public var statements: [Stmt]
    public var offset: Int
}

public enum InterpolationPart {
    case text(String)
    case expr(Expr)
}

public indirect enum Expr {
    case intLiteral(Int, at: Int)
    case floatLiteral(Double, at: Int)
    case stringLiteral(String, at: Int)
    case interpolation([InterpolationPart], at: Int)
    case boolLiteral(Bool, at: Int)
    case nilLiteral(at: Int)
    case name(String, at: Int)
    case list([Expr], at: Int)
    case record([(key: String, value: Expr)], at: Int)
    case unary(UnaryOp, Expr, at: Int)
    case binary(BinaryOp, Expr, Expr, at: Int)
    case and(Expr, Expr, at: Int)
    case or(Expr, Expr, at: Int)
    case range(Expr, Expr, inclusive: Bool, at: Int)
    case call(Expr, [CallArgument], at: Int)
    /// `object.name(args)`: a method of a native object, a function stored in a record,
    /// or a built-in called with `object` first.
    case methodCall(Expr, String, [CallArgument], at: Int)
    case field(Expr, String, at: Int)
    case index(Expr, Expr, at: Int)
    case slice(Expr, Expr?, Expr?, at: Int)
    case lambda(FunctionDecl)
    case ifElse(Expr, Block, Block?, at: Int)
    case tryCatch(Block, String?, Block, at: Int)

    public var offset: Int {
        switch self {
        case .intLiteral(_, let at), .floatLiteral(_, let at), .stringLiteral(_, let at),
             .interpolation(_, let at), .boolLiteral(_, let at), .nilLiteral(let at),
             .name(_, let at), .list(_, let at), .record(_, let at), .unary(_, _, let at),
             .binary(_, _, _, let at), .and(_, _, let at), .or(_, _, let at),
             .range(_, _, _, let at), .call(_, _, let at), .methodCall(_, _, _, let at),
             .field(_, _, let at), .index(_, _, let at), .slice(_, _, _, let at),
             .ifElse(_, _, _, let at), .tryCatch(_, _, _, let at):
            return at
        case .lambda(let f): return f.offset
        }
    }
}

public enum AssignOp: String, Sendable {
    case assign = "=", add = "+=", sub = "-=", mul = "*=", div = "/=", mod = "%="
}

public indirect enum Stmt {
    case declare(name: String, mutable: Bool, value: Expr, at: Int)
    case function(FunctionDecl)
    /// `target op value`; target is a name, field or index expression.
    case assign(target: Expr, op: AssignOp, value: Expr, at: Int)
    case expression(Expr)
    /// `for a in xs` or `for a, b in pairs`.
    case forIn(names: [String], iterable: Expr, body: Block, at: Int)
    case whileLoop(condition: Expr, body: Block, at: Int)
    case breakLoop(at: Int)
    case continueLoop(at: Int)
    case returnValue(Expr?, at: Int)
    case importModule(path: String, name: String, at: Int)
}
