/// A float32 tensor of any rank, row-major.
///
/// A tensor is a view (shape, strides, offset) into shared storage, so transpose, slice and
/// reshape of contiguous data copy nothing. Kernels read contiguous data; `contiguous()`
/// copies a strided view once when a kernel needs it. Mutation is copy-on-write.
public struct Tensor: @unchecked Sendable {
    public let shape: [Int]
    /// Elements to step per index of each axis.
    public let strides: [Int]
    let offset: Int
    var storage: TensorStorage

    init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// Fresh contiguous storage whose contents the caller writes before anyone reads them.
    init(uninitializedShape shape: [Int]) {
        self.init(storage: TensorStorage(count: Shape.count(shape)), shape: shape,
                  strides: Shape.contiguousStrides(shape), offset: 0)
    }

    public init(shape: [Int], repeating value: Float = 0) throws(TensorError) {
        try Shape.validate(shape, operation: "Tensor(shape:)")
        self.init(uninitializedShape: shape)
        storage.pointer.update(repeating: value, count: count)
    }

    /// `scalars` in row-major order; their count must be the product of `shape`.
    public init(shape: [Int], scalars: [Float]) throws(TensorError) {
        try Shape.validate(shape, operation: "Tensor(shape:scalars:)")
        guard Shape.count(shape) == scalars.count else {
            throw .invalidShape(operation: "Tensor(shape:scalars:)", shape: shape,
                                reason: "needs \(Shape.count(shape)) values, got \(scalars.count)")
        }
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: scalars.count) }
    }

    /// A tensor whose elements `body` writes (row-major) into fresh storage, with no
    /// zero-fill first: for kernels that produce every element, such as a model's layers.
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) throws {
        try Shape.validate(shape, operation: "Tensor(shape:initializingWith:)")
        self.init(uninitializedShape: shape)
        try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// A rank-0 tensor.
    public init(_ scalar: Float) {
        self.init(uninitializedShape: [])
        storage.pointer.pointee = scalar
    }

    public static func zeros(_ shape: [Int]) throws(TensorError) -> Tensor { try Tensor(shape: shape, repeating: 0) }
    public static func ones(_ shape: [Int]) throws(TensorError) -> Tensor { try Tensor(shape: shape, repeating: 1) }

    public var rank: Int { shape.count }
    public var count: Int { Shape.count(shape) }

    public var isContiguous: Bool { strides == Shape.contiguousStrides(shape) || count <= 1 }

    /// The elements in row-major order.
    public var scalars: [Float] {
        let c = contiguous()
        return Array(UnsafeBufferPointer(start: c.storage.pointer + c.offset, count: c.count))
    }

    /// The value of a rank-0 or one-element tensor.
    public var item: Float? { count == 1 ? storage.pointer[offset] : nil }

    /// This tensor if it is already contiguous, otherwise a row-major copy.
    public func contiguous() -> Tensor {
        if isContiguous { return self }
        let result = Tensor(uninitializedShape: shape)
        var index = [Int](repeating: 0, count: rank)
        let out = result.storage.pointer
        let src = storage.pointer
        let inner = shape[rank - 1], innerStride = strides[rank - 1]
        var position = 0
        // Walk the outer axes like an odometer; copy the last axis with its stride.
        while position < count {
            var base = offset
            for axis in 0..<(rank - 1) { base += index[axis] * strides[axis] }
            for j in 0..<inner { out[position + j] = src[base + j * innerStride] }
            position += inner
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// Read the contiguous elements (row-major) without copying when already contiguous.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let c = contiguous()
        return try withExtendedLifetime(c) {
            try body(UnsafeBufferPointer(start: c.storage.pointer + c.offset, count: c.count))
        }
    }

    /// Write the elements in place; copies first if the storage is shared or strided.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) || !isContiguous || offset != 0 || storage.count != count {
            let copy = Tensor(uninitializedShape: shape)
            withUnsafeBufferPointer { copy.storage.pointer.update(from: $0.baseAddress!, count: count) }
            self = copy
        }
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// Pointer to the first element of a contiguous tensor, valid while `self` lives.
    var base: UnsafeMutablePointer<Float> { storage.pointer + offset }

    /// One element by full index.
    public func scalar(at index: [Int]) throws(TensorError) -> Float {
        guard index.count == rank else {
            throw .invalidArgument(operation: "scalar(at:)", reason: "\(index.count) indices for a tensor of rank \(rank)")
        }
        var position = offset
        for (axis, i) in index.enumerated() {
            guard i >= 0 && i < shape[axis] else {
                throw .indexOutOfRange(operation: "scalar(at:)", index: i, dimension: axis, extent: shape[axis])
            }
            position += i * strides[axis]
        }
        return storage.pointer[position]
    }
}

extension Tensor: Equatable {
    /// Same shape and same elements (views compare by value).
    public static func == (a: Tensor, b: Tensor) -> Bool { a.shape == b.shape && a.scalars == b.scalars }
}
