import Foundation

/// Shape arithmetic shared by every operation: element counts, row-major strides and
/// numpy broadcasting.
enum Shape {
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// Checks a shape before anything is allocated for it: no negative extents, and an
    /// element count that fits in this machine's memory (a user's typo must not crash).
    static func validate(_ shape: [Int], operation: String) throws(TensorError) {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw .invalidShape(operation: operation, shape: shape, reason: "extent \(bad) is negative")
        }
        var total = 1
        for extent in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= maximumCount else {
                throw .invalidShape(operation: operation, shape: shape,
                                    reason: "more elements than fit in memory (at most \(maximumCount))")
            }
            total = product
        }
    }

    /// Float32 elements that fit in physical memory.
    static let maximumCount = Int(clamping: ProcessInfo.processInfo.physicalMemory / 4)

    /// numpy's rule: align trailing axes; each pair must be equal or contain a 1.
    static func broadcast(_ a: [Int], _ b: [Int], operation: String) throws(TensorError) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw .shapeMismatch(operation: operation, shapes: [a, b],
                                     expected: "axes must be equal or 1 to broadcast")
            }
            result[i] = x == 1 ? y : x
        }
        try validate(result, operation: operation)
        return result
    }

    /// Strides that read `shape`/`strides` as if it had `target` shape (0 on broadcast axes).
    static func broadcastStrides(shape: [Int], strides: [Int], to target: [Int]) -> [Int] {
        let pad = target.count - shape.count
        return (0..<target.count).map { i in
            i < pad || shape[i - pad] == 1 ? 0 : strides[i - pad]
        }
    }

    static func normalize(axis: Int, rank: Int, operation: String) throws(TensorError) -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw .invalidAxis(operation: operation, axis: axis, rank: rank) }
        return a
    }
}
