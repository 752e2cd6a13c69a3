import Foundation
import Tensor

/// The model's matrices with row-interleaved copies for decoding (`packedForDecode`: the
/// weights' bytes again, ~97 MB for SmolLM2-135M), made when the first token is decoded so
/// that prefill-only uses (training, scoring) do not pay for them. Shared by the models
/// made from one base (`LlamaModel(base:adapter:)`).
final class DecodeWeights: @unchecked Sendable {
    private let lock = NSLock()
    private var made: (blocks: [LlamaModel.Block], output: QuantizedMatrix)?

    /// The packed blocks and output head, packing `blocks` and `output` on the first call.
    func weights(blocks: [LlamaModel.Block], output: QuantizedMatrix) -> (blocks: [LlamaModel.Block], output: QuantizedMatrix) {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let packed = (blocks.map { $0.packedForDecode() }, output.packedForDecode())
        made = packed
        return packed
    }
}
