// Activation records. A frame holds one function call's local slots in a single
// allocation (header + tail-allocated values); closures keep their defining frame alive
// through `parent`, which is how captured variables are reached (depth hops up).

enum Control: UInt8 {
    case none, breakLoop, continueLoop, returnValue
}

struct FrameHeader {
    var parent: Frame?
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

    /// The int in slot `i`, if it holds one; matched in place, without copying the value.
    @inline(__always) func int(_ i: Int) -> Int? {
        withUnsafeMutablePointerToElements { p in
            if case .int(let x) = p[i] { return x }
            return nil
        }
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

/// The compiled form of a function definition. Everything is `let`: a `var` closure
/// would be retained and released around every call.
final class FunctionProto {
    let name: String
    let parameterNames: [String]
    let arity: Int
    /// Compiled default values, evaluated in the callee frame when an argument is missing.
    let defaults: [Code?]
    let slotCount: Int
    let body: Eval
    let location: SourceLocation
    /// Spare frames for the next calls, linked through their `parent` field: a call that
    /// returns without its frame being captured hands the frame back here, which saves an
    /// allocation per call (recursion returns and re-enters at every level).
    var spare: Frame?
    var spareCount = 0
    static let maxSpares = 32

    init(name: String, parameterNames: [String], defaults: [Code?], slotCount: Int, body: @escaping Eval,
         location: SourceLocation) {
        self.name = name
        self.parameterNames = parameterNames
        self.arity = parameterNames.count
        self.defaults = defaults
        self.slotCount = slotCount
        self.body = body
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

    /// A frame for a call: the proto's spare one, or a new one.
    @inline(__always) func makeFrame() -> Frame {
        if let frame = proto.spare {
            proto.spare = frame.header.parent
            proto.spareCount -= 1
            frame.header.parent = captured
            return frame
        }
        return Frame.make(parent: captured, count: proto.slotCount)
    }

    /// Returns a frame nobody captured to the spare slot, cleared.
    @inline(__always) func recycle(_ frame: consuming Frame) {
        var frame = frame
        guard proto.spareCount < FunctionProto.maxSpares, isKnownUniquelyReferenced(&frame) else { return }
        let next = proto.spare
        frame.withUnsafeMutablePointers { header, slots in
            header.pointee.parent = next
            header.pointee.control = .none
            header.pointee.result = .null
            for i in 0..<header.pointee.count { slots[i] = .null }
        }
        proto.spare = frame
        proto.spareCount += 1
    }

    public var name: String { proto.name }
    public var parameterNames: [String] { proto.parameterNames }
}
