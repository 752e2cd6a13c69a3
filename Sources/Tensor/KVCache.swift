/// Keys and values of past positions, per layer, for incremental decoding.
public final class KVCache {
    public let layers: Int, capacity: Int, kvHeads: Int, headDim: Int
    private let keys: [Tensor], values: [Tensor]   // per layer: (capacity, kvHeads, headDim)

    public init(layers: Int, capacity: Int, kvHeads: Int, headDim: Int) throws(TensorError) {
        guard layers > 0, capacity > 0, kvHeads > 0, headDim > 0 else {
            throw .invalidArgument(operation: "KVCache", reason: "layers, capacity, kvHeads and headDim must be positive")
        }
        try Shape.validate([2 * layers, capacity, kvHeads, headDim], operation: "KVCache")
        (self.layers, self.capacity, self.kvHeads, self.headDim) = (layers, capacity, kvHeads, headDim)
        // Zeroed, so that attending past positions that were never stored reads zeros, not garbage.
        keys = try (0..<layers).map { _ throws(TensorError) in try Tensor.zeros([capacity, kvHeads, headDim]) }
        values = try (0..<layers).map { _ throws(TensorError) in try Tensor.zeros([capacity, kvHeads, headDim]) }
    }

    /// Store `newKeys`/`newValues` (T, kvHeads, headDim) at positions position..<position+T
    /// of `layer`, then attend causally from `query` (T, Hq, headDim) over positions
    /// 0..<position+T. Returns (T, Hq, headDim).
    public func attend(layer: Int, position: Int, query: Tensor, newKeys: Tensor, newValues: Tensor) throws(TensorError) -> Tensor {
        let steps = query.rank == 3 ? query.shape[0] : -1
        let expected = [steps, kvHeads, headDim]
        guard query.rank == 3, newKeys.shape == expected, newValues.shape == expected else {
            throw .shapeMismatch(operation: "KVCache.attend", shapes: [query.shape, newKeys.shape, newValues.shape],
                                 expected: "query (T, Hq, \(headDim)), keys and values (T, \(kvHeads), \(headDim))")
        }
        guard layer >= 0 && layer < layers else {
            throw .indexOutOfRange(operation: "KVCache.attend", index: layer, dimension: 0, extent: layers)
        }
        guard position >= 0 && position + steps <= capacity else {
            throw .invalidArgument(operation: "KVCache.attend",
                                   reason: "positions \(position)..<\(position + steps) exceed the cache capacity \(capacity)")
        }
        let row = kvHeads * headDim
        newKeys.withUnsafeBufferPointer { (keys[layer].base + position * row).update(from: $0.baseAddress!, count: $0.count) }
        newValues.withUnsafeBufferPointer { (values[layer].base + position * row).update(from: $0.baseAddress!, count: $0.count) }
        let length = position + steps
        return try Tensor.attention(query: query, keys: keys[layer].slice(axis: 0, 0..<length),
                                    values: values[layer].slice(axis: 0, 0..<length), causal: true, startPosition: position)
    }
}
