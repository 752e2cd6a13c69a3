// Activation records. A frame holds one function call's local slots in a single
// allocation (header + tail-allocated values); closures keep their defining frame alive
// through `parent`, which is how captured variables are reached (depth hops up).

enum Control: UInt8 {
    case none, breakLoop, continueLoop, returnValue
}

struct FrameHeader {
    let parent: Frame?
    let count: Int
    /// Set by break/continue/return; blocks and loops check it after each statement.
    var control: Control = .none
    var result: Value = .null
}

final class Frame: ManagedBuffer<FrameHeader, Value> {
    static func make(parent: Frame?, count: Int) -> Frame {
        let buffer = Frame.create(minimumCapacity: count) { _ in FrameHeader(parent: parent, count: count) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: count) }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { header, elements in
            _ = elements.deinitialize(count: header.pointee.count)
        }
    }

    @inline(__always) subscript(i: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[i] } }
        set { withUnsafeMutablePointerToElements { $0[i] = newValue } }
    }

    /// The frame `depth` function levels out.
    @inline(__always) func ancestor(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { f = f.header.parent.unsafelyUnwrapped }
        return f
    }
}

typealias Eval = (Frame) throws -> Value

/// An `Eval` for storing in arrays and optionals. A bare closure stored in a generic
/// container is re-abstracted, and each call then goes through two conversion thunks.
struct Code {
    let eval: Eval
    init(_ eval: @escaping Eval) { self.eval = eval }
}

/// The compiled form of a function definition.
final class FunctionProto {
    let name: String
    let parameterNames: [String]
    /// Compiled default values, evaluated in the callee frame when an argument is missing.
    let defaults: [Code?]
    let requiredCount: Int
    var slotCount: Int = 0
    var body: Eval = { _ in .null }
    let location: SourceLocation

    init(name: String, parameterNames: [String], defaults: [Code?], location: SourceLocation) {
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.requiredCount = defaults.firstIndex(where: { $0 != nil }) ?? defaults.count
        self.location = location
    }
}

/// A function value written in slm: code plus the frame it was created in.
public final class Function {
    let proto: FunctionProto
    let captured: Frame?

    init(proto: FunctionProto, captured: Frame?) {
        self.proto = proto
        self.captured = captured
    }

    public var name: String { proto.name }
    public var parameterNames: [String] { proto.parameterNames }
}
