import Foundation
import Tensor
import XCTest

/// One Llama block with LoRA on the query projection and a masked cross-entropy head,
/// composed from the autograd ops, against the same block composed from the Float64
/// references: the loss must match, and the gradients of the LoRA adapters and the input
/// must match central differences. This checks that the ops compose (views, reshapes,
/// broadcasting, gradient accumulation), not only that each is right alone.
final class LlamaBlockGradientTests: XCTestCase {
    let (steps, width, queryHeads, kvHeads, headDim, hidden, vocab, rank) = (5, 8, 2, 1, 4, 12, 11, 2)
    let targets = [3, 1, 4, 1, 5], mask: [Float] = [0, 0, 1, 1, 1]
    let positions = [0, 1, 2, 3, 4]

    /// Frozen weights (out, in) as Float32-exact doubles, by name.
    lazy var frozen: [String: (shape: [Int], values: [Double])] = {
        let shapes: [(String, [Int])] = [("q", [queryHeads * headDim, width]), ("k", [kvHeads * headDim, width]),
                                         ("v", [kvHeads * headDim, width]), ("o", [width, queryHeads * headDim]),
                                         ("gate", [hidden, width]), ("up", [hidden, width]), ("down", [width, hidden]),
                                         ("head", [vocab, width]), ("norm1", [width]), ("norm2", [width]), ("norm3", [width])]
        var random = TestRandom(seed: 500)
        var result: [String: ([Int], [Double])] = [:]
        for (name, shape) in shapes {
            let scale = name.hasPrefix("norm") ? 0.5 : 0.6
            var values = random.values(shape.reduce(1, *), scale: scale).map { Double(Float($0)) }
            if name.hasPrefix("norm") { values = values.map { $0 + 1 } }
            result[name] = (shape, values)
        }
        return result.mapValues { (shape: $0.0, values: $0.1) }
    }()

    func tensor(_ name: String) throws -> Tensor {
        try Tensor(shape: frozen[name]!.shape, scalars: frozen[name]!.values.map(Float.init))
    }

    /// x (T, C) · Wᵀ in Float64 for a weight stored (out, in).
    func referenceLinear(_ x: [Double], _ name: String) -> [Double] {
        let (out, inputs) = (frozen[name]!.shape[0], frozen[name]!.shape[1])
        let w = frozen[name]!.values
        let wt = (0..<(inputs * out)).map { w[($0 % out) * inputs + $0 / out] }
        return referenceMatmul(x, wt, m: x.count / inputs, k: inputs, n: out)
    }

    func referenceLoss(x: [Double], a: [Double], b: [Double]) -> Double {
        let silu: (Double) -> Double = { $0 / (1 + exp(-$0)) }
        let n = referenceRMSNorm(x, frozen["norm1"]!.values, 1e-5)
        // LoRA: q = n·Wqᵀ + (n·Aᵀ)·Bᵀ · 2, with A (r, C) and B (Hq·d, r)
        let at = (0..<(width * rank)).map { a[($0 % rank) * width + $0 / rank] }
        let qOut = queryHeads * headDim
        let bt = (0..<(rank * qOut)).map { b[($0 % qOut) * rank + $0 / qOut] }
        let low = referenceMatmul(referenceMatmul(n, at, m: steps, k: width, n: rank), bt, m: steps, k: rank, n: qOut)
        let q = zip(referenceLinear(n, "q"), low).map { $0 + 2 * $1 }
        let k = referenceLinear(n, "k"), v = referenceLinear(n, "v")
        let qr = referenceRoPE(q, steps: steps, heads: queryHeads, dim: headDim, positions: positions, base: 10_000, adjacent: true)
        let kr = referenceRoPE(k, steps: steps, heads: kvHeads, dim: headDim, positions: positions, base: 10_000, adjacent: true)
        let attended = referenceAttention(qr, kr, v, steps: steps, keySteps: steps, queryHeads: queryHeads, kvHeads: kvHeads,
                                          dim: headDim, causal: true, start: 0)
        let h = zip(x, referenceLinear(attended, "o")).map { $0 + $1 }
        let m = referenceRMSNorm(h, frozen["norm2"]!.values, 1e-5)
        let gated = zip(referenceLinear(m, "gate").map(silu), referenceLinear(m, "up")).map { $0 * $1 }
        let out = zip(h, referenceLinear(gated, "down")).map { $0 + $1 }
        let logits = referenceLinear(referenceRMSNorm(out, frozen["norm3"]!.values, 1e-5), "head")
        return referenceCrossEntropy(logits, vocab: vocab, targets: targets, mask: mask.map(Double.init))
    }

    func loss(x: Variable, a: Variable, b: Variable) throws -> Variable {
        func frozenVariable(_ name: String) throws -> Variable { Variable(try tensor(name), requiresGradient: false) }
        func linear(_ v: Variable, _ name: String) throws -> Variable { try v.linear(DenseWeight(tensor(name))) }
        let n = try x.rmsNorm(weight: frozenVariable("norm1"), epsilon: 1e-5)
        let q = try n.linear(DenseWeight(tensor("q")), loraA: a, loraB: b, scale: 2)
        let qr = try q.reshaped([steps, queryHeads, headDim]).rope(positions: positions, base: 10_000, layout: .adjacentPairs)
        let kr = try linear(n, "k").reshaped([steps, kvHeads, headDim]).rope(positions: positions, base: 10_000, layout: .adjacentPairs)
        let v = try linear(n, "v").reshaped([steps, kvHeads, headDim])
        let attended = try Variable.attention(query: qr, keys: kr, values: v).reshaped([steps, queryHeads * headDim])
        let h = try x + linear(attended, "o")
        let m = try h.rmsNorm(weight: frozenVariable("norm2"), epsilon: 1e-5)
        let out = try h + linear(Variable.swiGLU(gate: linear(m, "gate"), up: linear(m, "up")), "down")
        let logits = try linear(out.rmsNorm(weight: frozenVariable("norm3"), epsilon: 1e-5), "head")
        return try logits.crossEntropy(targets: targets, mask: mask)
    }

    func testLoRAGradientsThroughALlamaBlock() throws {
        var random = TestRandom(seed: 501)
        let inputs = [random.values(steps * width), random.values(rank * width, scale: 0.5),
                      random.values(queryHeads * headDim * rank, scale: 0.5)].map { $0.map { Double(Float($0)) } }
        let shapes = [[steps, width], [rank, width], [queryHeads * headDim, rank]]
        let variables = try zip(shapes, inputs).map { Variable(try Tensor(shape: $0, scalars: $1.map(Float.init))) }
        let l = try loss(x: variables[0], a: variables[1], b: variables[2])
        let expected = referenceLoss(x: inputs[0], a: inputs[1], b: inputs[2])
        XCTAssertEqual(Double(l.value.item!), expected, accuracy: 1e-5 * max(1, abs(expected)))
        try l.backward()
        let h = 1e-6
        for k in 0..<3 {
            var numeric = [Double](repeating: 0, count: inputs[k].count)
            for i in inputs[k].indices {
                var plus = inputs, minus = inputs
                plus[k][i] += h
                minus[k][i] -= h
                numeric[i] = (referenceLoss(x: plus[0], a: plus[1], b: plus[2]) - referenceLoss(x: minus[0], a: minus[1], b: minus[2])) / (2 * h)
            }
            let analytic = try XCTUnwrap(variables[k].gradient, "input \(k) has no gradient").scalars
            XCTAssertLessThan(maxRelativeError(analytic, numeric), 1e-3, "input \(k)")
        }
    }
}
