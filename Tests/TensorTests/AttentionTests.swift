import Foundation
import Tensor
import XCTest

/// Naive grouped-query attention for one batch item: q (T, Hq, d), k and v (S, Hkv, d).
func referenceAttention(_ q: [Double], _ k: [Double], _ v: [Double], steps: Int, keySteps: Int,
                        queryHeads: Int, kvHeads: Int, dim: Int, causal: Bool, start: Int) -> [Double] {
    var out = [Double](repeating: 0, count: steps * queryHeads * dim)
    for h in 0..<queryHeads {
        let kv = h / (queryHeads / kvHeads)
        for t in 0..<steps {
            let visible = causal ? start + t + 1 : keySteps
            var scores = (0..<visible).map { s in
                (0..<dim).reduce(0.0) { $0 + q[(t * queryHeads + h) * dim + $1] * k[(s * kvHeads + kv) * dim + $1] } / Double(dim).squareRoot()
            }
            scores = referenceSoftmax(scores, visible)
            for s in 0..<visible { for j in 0..<dim {
                out[(t * queryHeads + h) * dim + j] += scores[s] * v[(s * kvHeads + kv) * dim + j]
            } }
        }
    }
    return out
}

final class AttentionTests: XCTestCase {
    func testCausalGroupedQueryAttentionMatchesNaive() throws {
        var random = TestRandom(seed: 70)
        for (steps, qh, kvh, dim) in [(1, 1, 1, 4), (5, 4, 2, 8), (17, 9, 3, 64), (33, 3, 3, 17)] {
            let q = random.tensor([steps, qh, dim]), k = random.tensor([steps, kvh, dim]), v = random.tensor([steps, kvh, dim])
            let out = try Tensor.attention(query: q, keys: k, values: v)
            let expected = referenceAttention(doubles(q), doubles(k), doubles(v), steps: steps, keySteps: steps,
                                              queryHeads: qh, kvHeads: kvh, dim: dim, causal: true, start: 0)
            XCTAssertLessThan(maxRelativeError(out.scalars, expected), 1e-5)
        }
    }

    func testFullAttentionAndBatches() throws {
        var random = TestRandom(seed: 71)
        let (batch, steps, heads, dim) = (3, 6, 2, 5)
        let q = random.tensor([batch, steps, heads, dim]), k = random.tensor([batch, steps, heads, dim])
        let v = random.tensor([batch, steps, heads, dim])
        let out = try Tensor.attention(query: q, keys: k, values: v, causal: false)
        for b in 0..<batch {
            let expected = referenceAttention(doubles(try q.select(b)), doubles(try k.select(b)), doubles(try v.select(b)),
                                              steps: steps, keySteps: steps, queryHeads: heads, kvHeads: heads, dim: dim,
                                              causal: false, start: 0)
            XCTAssertLessThan(maxRelativeError(try out.select(b).scalars, expected), 1e-5)
        }
    }

    /// Decoding token by token through the cache gives what one causal pass over the whole
    /// sequence gives.
    func testKVCacheDecodingEqualsFullPass() throws {
        var random = TestRandom(seed: 72)
        let (steps, qh, kvh, dim) = (9, 6, 2, 16)
        let q = random.tensor([steps, qh, dim]), k = random.tensor([steps, kvh, dim]), v = random.tensor([steps, kvh, dim])
        let full = try Tensor.attention(query: q, keys: k, values: v)
        let cache = try KVCache(layers: 2, capacity: 16, kvHeads: kvh, headDim: dim)
        // A 4-token prompt, then one token at a time.
        var pieces = [try cache.attend(layer: 1, position: 0, query: q.slice(axis: 0, 0..<4),
                                       newKeys: k.slice(axis: 0, 0..<4), newValues: v.slice(axis: 0, 0..<4))]
        for t in 4..<steps {
            pieces.append(try cache.attend(layer: 1, position: t, query: q.slice(axis: 0, t..<t + 1),
                                           newKeys: k.slice(axis: 0, t..<t + 1), newValues: v.slice(axis: 0, t..<t + 1)))
        }
        let incremental = try Tensor.concatenate(pieces, axis: 0)
        XCTAssertLessThan(maxRelativeError(incremental.scalars, doubles(full)), 1e-6)
        XCTAssertThrowsError(try cache.attend(layer: 0, position: 16, query: q.slice(axis: 0, 0..<1),
                                              newKeys: k.slice(axis: 0, 0..<1), newValues: v.slice(axis: 0, 0..<1)))
        XCTAssertThrowsError(try KVCache(layers: 30, capacity: 1 << 40, kvHeads: 3, headDim: 64))
        XCTAssertThrowsError(try cache.attend(layer: 2, position: 0, query: q.slice(axis: 0, 0..<1),
                                              newKeys: k.slice(axis: 0, 0..<1), newValues: v.slice(axis: 0, 0..<1)))
    }

    func testMismatchedHeadsAreRejected() {
        let q = try! Tensor.zeros([2, 5, 4]), k = try! Tensor.zeros([2, 2, 4])
        XCTAssertThrowsError(try Tensor.attention(query: q, keys: k, values: k)) { error in
            XCTAssertTrue("\(error)".contains("(2, 5, 4) and (2, 2, 4) and (2, 2, 4)"), "\(error)")
        }
    }

    func testGradients() throws {
        let (steps, qh, kvh, dim) = (4, 4, 2, 3)
        let sizes = [steps * qh * dim, steps * kvh * dim]
        try checkGradients(shapes: [[steps, qh, dim], [steps, kvh, dim], [steps, kvh, dim]], seed: 73,
                           { try Variable.attention(query: $0[0], keys: $0[1], values: $0[2]) },
                           reference: { x in
                               XCTAssertEqual([x[0].count, x[1].count], sizes)
                               return referenceAttention(x[0], x[1], x[2], steps: steps, keySteps: steps, queryHeads: qh,
                                                         kvHeads: kvh, dim: dim, causal: true, start: 0)
                           })
        // Batched, non-causal.
        try checkGradients(shapes: [[2, 3, 2, 2], [2, 3, 1, 2], [2, 3, 1, 2]], seed: 74,
                           { try Variable.attention(query: $0[0], keys: $0[1], values: $0[2], causal: false) },
                           reference: { x in
                               (0..<2).flatMap { b in
                                   referenceAttention(Array(x[0][(b * 12)..<(b * 12 + 12)]), Array(x[1][(b * 6)..<(b * 6 + 6)]),
                                                      Array(x[2][(b * 6)..<(b * 6 + 6)]), steps: 3, keySteps: 3, queryHeads: 2,
                                                      kvHeads: 1, dim: 2, causal: false, start: 0)
                               }
                           })
    }
}

final class AttentionDecodeTests: XCTestCase {
    /// One to four query rows take the per-row path; they must agree with the naive
    /// reference at any start position, with and without batches.
    func testFewQueryRowsMatchNaive() throws {
        var random = TestRandom(seed: 75)
        for (steps, start, qh, kvh, dim) in [(1, 0, 3, 1, 64), (1, 40, 9, 3, 64), (3, 10, 4, 2, 17), (4, 0, 2, 2, 5)] {
            let keySteps = start + steps
            let q = random.tensor([steps, qh, dim]), k = random.tensor([keySteps, kvh, dim]), v = random.tensor([keySteps, kvh, dim])
            let out = try Tensor.attention(query: q, keys: k, values: v, startPosition: start)
            let expected = referenceAttention(doubles(q), doubles(k), doubles(v), steps: steps, keySteps: keySteps,
                                              queryHeads: qh, kvHeads: kvh, dim: dim, causal: true, start: start)
            XCTAssertLessThan(maxRelativeError(out.scalars, expected), 1e-5, "\(steps) rows from \(start)")
        }
        let q = random.tensor([2, 1, 2, 8]), k = random.tensor([2, 6, 1, 8]), v = random.tensor([2, 6, 1, 8])
        let out = try Tensor.attention(query: q, keys: k, values: v, causal: false)
        let expected = referenceAttention(doubles(try q.select(1)), doubles(try k.select(1)), doubles(try v.select(1)), steps: 1,
                                          keySteps: 6, queryHeads: 2, kvHeads: 1, dim: 8, causal: false, start: 0)
        XCTAssertLessThan(maxRelativeError(try out.select(1).scalars, expected), 1e-5)
    }
}
