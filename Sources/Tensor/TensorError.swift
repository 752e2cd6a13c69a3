/// What went wrong in a tensor operation, with the shapes that met so the caller can fix
/// the input without reading the kernel.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// Two or more operands whose shapes do not fit together.
    case shapeMismatch(operation: String, shapes: [[Int]], expected: String)
    /// A shape that cannot exist (negative extent) or does not match the data given.
    case invalidShape(operation: String, shape: [Int], reason: String)
    /// An axis outside `-rank..<rank`.
    case invalidAxis(operation: String, axis: Int, rank: Int)
    /// An index outside its dimension.
    case indexOutOfRange(operation: String, index: Int, dimension: Int, extent: Int)
    /// An argument outside its allowed range (a thread count, a head count, ...).
    case invalidArgument(operation: String, reason: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, shapes, expected):
            let met = shapes.map(Self.format).joined(separator: " and ")
            return "\(operation): shapes \(met) do not fit (\(expected))"
        case let .invalidShape(operation, shape, reason):
            return "\(operation): invalid shape \(Self.format(shape)): \(reason)"
        case let .invalidAxis(operation, axis, rank):
            return "\(operation): axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .indexOutOfRange(operation, index, dimension, extent):
            return "\(operation): index \(index) is out of range for dimension \(dimension) of extent \(extent)"
        case let .invalidArgument(operation, reason):
            return "\(operation): \(reason)"
        }
    }

    static func format(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}
