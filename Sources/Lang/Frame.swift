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

    /// Puts an argument into slot `i` of a frame fresh from `makeFrame`: the slot holds
    /// nil, which owns nothing, so it is overwritten without being destroyed first.
    @inline(__always) func setArgument(_ i: Int, _ value: consuming Value) {
        let slots = withUnsafeMutablePointerToElements { $0 }
        (slots + i).initialize(to: value)
    }

    /// The function's result after a `return` ran; leaves nil behind.
    @inline(__always) func takeResult() -> Value {
        withUnsafeMutablePointerToHeader { h in
            h.pointee.control = .none
            var v = Value.null
            swap(&v, &h.pointee.result)
            return v
        }
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
    /// Spare frames for the next calls (all slots nil, no parent): a call that returns
    /// without its frame being captured moves the frame back here, which saves an
    /// allocation per call (recursion returns and re-enters at every level). Frames are
    /// moved in and out of this stack, so the pool costs no reference counting.
    let spares: UnsafeMutablePointer<Frame>
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
        spares = .allocate(capacity: FunctionProto.maxSpares)
    }

    deinit {
        spares.deinitialize(count: spareCount)
        spares.deallocate()
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

    /// A frame for a call, every slot nil: the proto's spare one, or a new one.
    @inline(__always) func makeFrame() -> Frame {
        let proto = self.proto
        if proto.spareCount > 0 {
            proto.spareCount -= 1
            let frame = (proto.spares + proto.spareCount).move()
            if let captured { frame.header.parent = captured }
            return frame
        }
        return Frame.make(parent: captured, count: proto.slotCount)
    }

    /// Moves a frame nobody captured back to the spares, cleared. Works through raw
    /// pointers: a closure over the frame would retain and release it.
    @inline(__always) func recycle(_ frame: consuming Frame) {
        var frame = frame
        let proto = self.proto
        guard proto.spareCount < FunctionProto.maxSpares, isKnownUniquelyReferenced(&frame) else { return }
        let header = frame.withUnsafeMutablePointerToHeader { $0 }
        let slots = frame.withUnsafeMutablePointerToElements { $0 }
        if header.pointee.parent != nil { header.pointee.parent = nil }
        header.pointee.control = .none
        for i in 0..<header.pointee.count {
            // Values without references are overwritten in place, the rest released.
            switch slots[i] {
            case .null, .bool, .int, .float, .range: (slots + i).initialize(to: .null)
            default: slots[i] = .null
            }
        }
        (proto.spares + proto.spareCount).initialize(to: consume frame)
        proto.spareCount += 1
    }

    public var name: String { proto.name }
    public var parameterNames: [String] { proto.parameterNames }
}
