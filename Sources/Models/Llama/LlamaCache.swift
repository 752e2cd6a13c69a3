/// Keys and values of every position seen so far, per layer, so that decoding one more token
/// costs one token's work: position p's keys and values are computed once.
public final class LlamaCache {
    public let layers: Int
    /// Positions the cache can hold.
    public let capacity: Int
    /// Width of one position's keys (kvHeads · headDim).
    public let kvDim: Int
    /// Positions filled (the next token's position).
    public private(set) var count = 0
    private let keys: UnsafeMutablePointer<Float>     // (layers, capacity, kvDim)
    private let values: UnsafeMutablePointer<Float>   // (layers, capacity, kvDim)

    public init(layers: Int, capacity: Int, kvDim: Int) {
        self.layers = layers
        self.capacity = capacity
        self.kvDim = kvDim
        keys = .allocate(capacity: layers * capacity * kvDim)
        values = .allocate(capacity: layers * capacity * kvDim)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Layer `layer`'s keys, capacity rows of kvDim.
    func keys(_ layer: Int) -> UnsafeMutablePointer<Float> { keys + layer * capacity * kvDim }
    func values(_ layer: Int) -> UnsafeMutablePointer<Float> { values + layer * capacity * kvDim }

    /// Marks `steps` more positions as filled (after every layer has stored them).
    func advance(by steps: Int) { count += steps }

    /// Forgets positions from `position` on, so a conversation can be rewound or restarted.
    public func truncate(to position: Int) {
        count = max(0, min(count, position))
    }
}
