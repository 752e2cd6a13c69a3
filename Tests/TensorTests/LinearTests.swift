import Tensor
import XCTest

/// Matrix products, the frozen-weight linear layer and the embedding look-up, with gradients.
final class LinearTests: XCTestCase {
    func testDenseWeightMatchesNaive() throws {
        var random = TestRandom(seed: 90)
        for (rows, inputs, outputs) in [(1, 3, 2), (7, 33, 17), (4, 64, 192)] {
            let w = random.tensor([outputs, inputs]), x = random.tensor([rows, inputs])
            let y = try x.linear(DenseWeight(w))
            let wt = doubles(w.transposed.contiguous())
            XCTAssertLessThan(maxRelativeError(y.scalars, referenceMatmul(doubles(x), wt, m: rows, k: inputs, n: outputs)), 1e-5)
        }
        XCTAssertThrowsError(try Tensor.zeros([2, 3]).linear(DenseWeight(Tensor.zeros([4, 5]))))
    }

    func testGatherPicksRowsAndRejectsBadIds() throws {
        let table = try Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
        XCTAssertEqual(try table.gather(rows: [2, 0, 2]).scalars, [20, 21, 0, 1, 20, 21])
        XCTAssertThrowsError(try table.gather(rows: [3])) { error in
            XCTAssertEqual("\(error)", "gather: index 3 is out of range for dimension 0 of extent 3")
        }
    }

    func testGradients() throws {
        try checkGradients(shapes: [[3, 5], [5, 4]], seed: 91, { try $0[0].matmul($0[1]) },
                           reference: { referenceMatmul($0[0], $0[1], m: 3, k: 5, n: 4) })
        // Batched left operand against a shared right one: the right gradient sums over the batch.
        try checkGradients(shapes: [[2, 3, 5], [5, 4]], seed: 92, { try $0[0].matmul($0[1]) },
                           reference: { x in
                               referenceMatmul(Array(x[0][0..<15]), x[1], m: 3, k: 5, n: 4)
                                   + referenceMatmul(Array(x[0][15..<30]), x[1], m: 3, k: 5, n: 4)
                           })
        // Frozen weight: only the activation receives a gradient.
        let w = try Tensor.randn([4, 6], seed: 93)
        let wt = doubles(w.transposed.contiguous())
        let weight = try DenseWeight(w)
        try checkGradients(shapes: [[2, 3, 6]], seed: 94, { try $0[0].linear(weight) },
                           reference: { referenceMatmul($0[0], wt, m: 6, k: 6, n: 4) })
        // LoRA's fused projection x·Wᵀ + s·((x ⊙ mask)·Aᵀ)·Bᵀ: x, A and B all receive gradients,
        // with and without a dropout mask on the adapter's input.
        let mask = try Tensor(shape: [2, 3, 6], scalars: (0..<36).map { $0 % 3 == 1 ? 0 : 1.5 })
        for dropoutMask in [nil, mask] {
            try checkGradients(shapes: [[2, 3, 6], [2, 6], [4, 2]], seed: 100, {
                try $0[0].linear(weight, loraA: $0[1], loraB: $0[2], scale: 0.75, dropoutMask: dropoutMask)
            }, reference: { x in
                let masked = dropoutMask.map { m in zip(x[0], m.scalars).map { $0 * Double($1) } } ?? x[0]
                let at = (0..<12).map { x[1][($0 % 2) * 6 + $0 / 2] }   // Aᵀ (6, 2)
                let bt = (0..<8).map { x[2][($0 % 4) * 2 + $0 / 4] }    // Bᵀ (2, 4)
                let low = referenceMatmul(masked, at, m: 6, k: 6, n: 2).map { $0 * 0.75 }
                return zip(referenceMatmul(x[0], wt, m: 6, k: 6, n: 4), referenceMatmul(low, bt, m: 6, k: 2, n: 4)).map(+)
            })
        }
        XCTAssertThrowsError(try Variable(Tensor.zeros([3, 6])).linear(weight, loraA: Variable(Tensor.zeros([2, 6])),
                                                                      loraB: Variable(Tensor.zeros([4, 3])), scale: 1))
        let ids = [1, 3, 1, 0]
        try checkGradients(shapes: [[4, 3]], seed: 95, { try $0[0].gather(rows: ids) },
                           reference: { x in ids.flatMap { x[0][($0 * 3)..<($0 * 3 + 3)] } })
    }

    /// LoRA on a frozen weight: y = x·Wᵀ + (x·Aᵀ)·Bᵀ · s, then masked cross-entropy. The
    /// adapters A and B get gradients, the frozen W none.
    func testLoRAStepGivesAdapterGradientsOnly() throws {
        let x = Variable(try Tensor.randn([5, 8], seed: 96), requiresGradient: false)
        let weight = try DenseWeight(Tensor.randn([6, 8], seed: 97))
        let a = Variable(try Tensor.randn([2, 8], seed: 98)), b = Variable(try Tensor.randn([6, 2], seed: 99))
        let y = try x.linear(weight) + x.matmul(a.transposed).matmul(b.transposed) * 0.5
        let loss = try y.crossEntropy(targets: [0, 1, 2, 3, 4], mask: [0, 1, 1, 1, 1])
        try loss.backward()
        XCTAssertEqual(a.gradient?.shape, [2, 8])
        XCTAssertEqual(b.gradient?.shape, [6, 2])
        XCTAssertNil(x.gradient)
        XCTAssertGreaterThan(try XCTUnwrap(a.gradient).scalars.map(abs).max()!, 0)

        // A plain gradient-descent step lowers the loss; the old result keeps its value.
        let before = try XCTUnwrap(loss.value.item)
        for p in [a, b] {
            let g = try XCTUnwrap(p.gradient).scalars
            p.updateValue { values in for i in values.indices { values[i] -= 0.1 * g[i] } }
            p.zeroGradient()
        }
        let y2 = try x.linear(weight) + x.matmul(a.transposed).matmul(b.transposed) * 0.5
        let after = try XCTUnwrap(y2.crossEntropy(targets: [0, 1, 2, 3, 4], mask: [0, 1, 1, 1, 1]).value.item)
        XCTAssertLessThan(after, before)
        XCTAssertEqual(loss.value.item, before)
        XCTAssertNil(a.gradient)
    }
}
