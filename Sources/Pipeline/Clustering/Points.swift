import Tensor

/// n points of dimension d, row-major float32: what the clustering methods work on.
public struct Points: Sendable {
    public let count: Int
    public let dimension: Int
    public var values: [Float]

    public init(count: Int, dimension: Int, values: [Float]) throws {
        guard count >= 0, dimension >= 0, values.count == count * dimension else {
            throw ClusteringError("points: \(values.count) values do not make \(count) rows of \(dimension)")
        }
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// The rows of a rank-2 tensor.
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else { throw ClusteringError("points need a 2-D tensor (n, d), got shape \(tensor.shape)") }
        try self.init(count: tensor.shape[0], dimension: tensor.shape[1], values: tensor.scalars)
    }

    public var tensor: Tensor { (try? Tensor(shape: [count, dimension], scalars: values)) ?? Tensor(0) }

    public func row(_ i: Int) -> ArraySlice<Float> { values[i * dimension ..< (i + 1) * dimension] }

    /// ‖x_i‖² for every row.
    func squaredNorms() -> [Float] {
        values.withUnsafeBufferPointer { v in
            (0 ..< count).map { i in
                var s: Float = 0
                for j in 0 ..< dimension { s += v[i * dimension + j] * v[i * dimension + j] }
                return s
            }
        }
    }

    /// Squared euclidean distances (rows.count × other.count) = ‖a‖² − 2·a·bᵀ + ‖b‖², the
    /// product through sgemm; clamped at 0 against rounding.
    static func squaredDistances(_ a: UnsafePointer<Float>, _ aNorms: UnsafePointer<Float>, rows: Int,
                                 _ b: UnsafePointer<Float>, _ bNorms: UnsafePointer<Float>, columns: Int,
                                 dimension d: Int, into out: UnsafeMutablePointer<Float>) {
        BLAS.sgemm(transposeB: true, m: rows, n: columns, k: d, alpha: -2, a: a, lda: d, b: b, ldb: d, c: out, ldc: columns)
        for i in 0 ..< rows {
            let row = out + i * columns
            for j in 0 ..< columns { row[j] = max(0, row[j] + aNorms[i] + bNorms[j]) }
        }
    }
}

/// A clustering input or parameter that cannot work, with what is wrong.
public struct ClusteringError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
