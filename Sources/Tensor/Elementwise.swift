import Foundation

/// Elementwise arithmetic with numpy broadcasting.
public enum BinaryOperation: Sendable {
    case add, subtract, multiply, divide, maximum, minimum

    var name: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .maximum: "maximum"
        case .minimum: "minimum"
        }
    }
}

protocol BinaryKernel {
    static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float>
    static func apply(_ a: Float, _ b: Float) -> Float
}

enum AddKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a + b }
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b }
}
enum SubtractKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a - b }
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b }
}
enum MultiplyKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a * b }
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b }
}
enum DivideKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a / b }
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b }
}
enum MaximumKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { simdMaximum(a, b) }
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { Swift.max(a, b) }
}
enum MinimumKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { simdMinimum(a, b) }
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { Swift.min(a, b) }
}

extension Tensor {
    /// `op(self, other)` elementwise; shapes broadcast as in numpy.
    public func elementwise(_ op: BinaryOperation, _ other: Tensor) throws(TensorError) -> Tensor {
        switch op {
        case .add: return try broadcastApply(AddKernel.self, other, op.name)
        case .subtract: return try broadcastApply(SubtractKernel.self, other, op.name)
        case .multiply: return try broadcastApply(MultiplyKernel.self, other, op.name)
        case .divide: return try broadcastApply(DivideKernel.self, other, op.name)
        case .maximum: return try broadcastApply(MaximumKernel.self, other, op.name)
        case .minimum: return try broadcastApply(MinimumKernel.self, other, op.name)
        }
    }

    private func broadcastApply<K: BinaryKernel>(_ kernel: K.Type, _ other: Tensor, _ name: String) throws(TensorError) -> Tensor {
        let outShape = try Shape.broadcast(shape, other.shape, operation: name)
        let result = Tensor(uninitializedShape: outShape)
        let out = result.base
        if shape == other.shape && isContiguous && other.isContiguous {
            let a = base, b = other.base
            Parallel.forEach(count, minChunk: 1 << 15) { range in
                Self.row(K.self, a + range.lowerBound, 1, b + range.lowerBound, 1, out + range.lowerBound, range.count)
            }
            return result
        }
        let rank = outShape.count
        guard rank > 0 else {
            out.pointee = K.apply(storage.pointer[offset], other.storage.pointer[other.offset])
            return result
        }
        let sa = Shape.broadcastStrides(shape: shape, strides: strides, to: outShape)
        let sb = Shape.broadcastStrides(shape: other.shape, strides: other.strides, to: outShape)
        let inner = outShape[rank - 1]
        let rows = inner == 0 ? 0 : result.count / inner
        let pa = storage.pointer + offset, pb = other.storage.pointer + other.offset
        Parallel.forEach(rows, minChunk: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { range in
            for r in range {
                // Decompose the row number into outer indices to find both operands' rows.
                var rest = r, oa = 0, ob = 0
                for axis in stride(from: rank - 2, through: 0, by: -1) {
                    let i = rest % outShape[axis]
                    rest /= outShape[axis]
                    oa += i * sa[axis]
                    ob += i * sb[axis]
                }
                Self.row(K.self, pa + oa, sa[rank - 1], pb + ob, sb[rank - 1], out + r * inner, inner)
            }
        }
        return result
    }

    /// out[i] = K(a[i·sa], b[i·sb]) for i < n, SIMD when both strides are 0 or 1.
    @inline(__always)
    private static func row<K: BinaryKernel>(_ kernel: K.Type, _ a: UnsafePointer<Float>, _ sa: Int,
                                             _ b: UnsafePointer<Float>, _ sb: Int,
                                             _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        switch (sa, sb) {
        case (1, 1):
            while i + 16 <= n { store16(K.apply(load16(a + i), load16(b + i)), out + i); i += 16 }
        case (1, 0):
            let vb = SIMD16<Float>(repeating: b.pointee)
            while i + 16 <= n { store16(K.apply(load16(a + i), vb), out + i); i += 16 }
        case (0, 1):
            let va = SIMD16<Float>(repeating: a.pointee)
            while i + 16 <= n { store16(K.apply(va, load16(b + i)), out + i); i += 16 }
        default:
            break
        }
        while i < n { out[i] = K.apply(a[i * sa], b[i * sb]); i += 1 }
    }

    /// `f` applied to every element (contiguous result).
    public func map(_ f: (Float) -> Float) -> Tensor {
        let source = contiguous()
        let result = Tensor(uninitializedShape: shape)
        let a = source.base, out = result.base
        Parallel.forEach(count, minChunk: 1 << 14) { range in
            for i in range { out[i] = f(a[i]) }
        }
        return result
    }

    /// `f` applied 16 elements at a time (the tail through a zero-padded vector).
    func mapVectors(_ f: @escaping (SIMD16<Float>) -> SIMD16<Float>) -> Tensor {
        let source = contiguous()
        let result = Tensor(uninitializedShape: shape)
        let a = source.base, out = result.base
        Parallel.forEach(count, minChunk: 1 << 14) { range in
            var i = range.lowerBound
            while i + 16 <= range.upperBound { store16(f(load16(a + i)), out + i); i += 16 }
            if i < range.upperBound {
                var tail = SIMD16<Float>()
                for j in i..<range.upperBound { tail[j - i] = a[j] }
                let y = f(tail)
                for j in i..<range.upperBound { out[j] = y[j - i] }
            }
        }
        return result
    }

    /// alpha · self + beta, elementwise.
    public func affine(scale alpha: Float, shift beta: Float = 0) -> Tensor {
        let source = contiguous()
        let result = Tensor(uninitializedShape: shape)
        let a = source.base, out = result.base
        let va = SIMD16<Float>(repeating: alpha), vb = SIMD16<Float>(repeating: beta)
        Parallel.forEach(count, minChunk: 1 << 15) { range in
            var i = range.lowerBound
            while i + 16 <= range.upperBound { store16(load16(a + i) * va + vb, out + i); i += 16 }
            while i < range.upperBound { out[i] = a[i] * alpha + beta; i += 1 }
        }
        return result
    }

    public static func + (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.elementwise(.add, b) }
    public static func - (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.elementwise(.subtract, b) }
    public static func * (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.elementwise(.multiply, b) }
    public static func / (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.elementwise(.divide, b) }
    public static func + (a: Tensor, b: Float) -> Tensor { a.affine(scale: 1, shift: b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a.affine(scale: b) }
    public static prefix func - (a: Tensor) -> Tensor { a.affine(scale: -1) }

    public func exp() -> Tensor { mapVectors(simdExp) }
    public func log() -> Tensor { map { Foundation.log($0) } }
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    public func tanh() -> Tensor { map { Foundation.tanh($0) } }
    public func pow(_ p: Float) -> Tensor { map { Foundation.pow($0, p) } }
}
