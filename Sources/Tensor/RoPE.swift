import Foundation

/// Which elements of a head RoPE rotates together (REFERENCE.md "RoPE pitfall").
public enum RoPELayout: Sendable {
    /// (x[2i], x[2i+1]): GGUF Llama weights, whose Q/K rows llama.cpp permuted.
    case adjacentPairs
    /// (x[i], x[i + d/2]): Hugging Face weights (`rotate_half`).
    case rotateHalf
}

/// Rotary position embedding: pair i of a head at position p turns by p · base^(-2i/d).
extension Tensor {
    /// x (..., T, heads, d) with `positions[t]` the position of row t.
    public func rope(positions: [Int], base: Float, layout: RoPELayout) throws(TensorError) -> Tensor {
        let table = try RoPE.table(shape: shape, positions: positions, base: base)
        return RoPE.rotate(contiguous(), table: table, layout: layout, direction: 1)
    }
}

enum RoPE {
    /// cos and sin per (t, pair): (T, d/2) each.
    struct Table {
        let cos: [Float], sin: [Float]
        let steps: Int, heads: Int, pairs: Int
    }

    static func table(shape: [Int], positions: [Int], base: Float) throws(TensorError) -> Table {
        guard shape.count >= 3, shape[shape.count - 1] % 2 == 0, shape[shape.count - 3] == positions.count else {
            throw .shapeMismatch(operation: "rope", shapes: [shape, [positions.count]],
                                 expected: "input (..., T, heads, even head dim) with one position per T")
        }
        let (steps, heads, dim) = (shape[shape.count - 3], shape[shape.count - 2], shape[shape.count - 1])
        let pairs = dim / 2
        var cosines = [Float](repeating: 0, count: steps * pairs), sines = cosines
        let frequencies = (0..<pairs).map { Foundation.pow(Double(base), -2 * Double($0) / Double(dim)) }
        // Packed batches repeat positions: each distinct one is computed once, then copied.
        var firstRow: [Int: Int] = [:]
        for (t, p) in positions.enumerated() {
            if let first = firstRow[p] {
                for i in 0..<pairs {
                    cosines[t * pairs + i] = cosines[first * pairs + i]
                    sines[t * pairs + i] = sines[first * pairs + i]
                }
                continue
            }
            firstRow[p] = t
            for i in 0..<pairs {
                let angle = Double(p) * frequencies[i]
                cosines[t * pairs + i] = Float(Foundation.cos(angle))
                sines[t * pairs + i] = Float(Foundation.sin(angle))
            }
        }
        return Table(cos: cosines, sin: sines, steps: steps, heads: heads, pairs: pairs)
    }

    /// Rotate every head of x by the table's angles times `direction` (-1 undoes it, which
    /// is also the backward pass: a rotation's transpose is its inverse).
    static func rotate(_ x: Tensor, table: Table, layout: RoPELayout, direction: Float) -> Tensor {
        let result = Tensor(uninitializedShape: x.shape)
        let (steps, heads, pairs) = (table.steps, table.heads, table.pairs)
        let dim = 2 * pairs
        let blocks = steps == 0 ? 0 : x.count / (heads * dim)   // (batch · T) rows of heads
        let src = x.base, out = result.base
        table.cos.withUnsafeBufferPointer { cosines in
            table.sin.withUnsafeBufferPointer { sines in
                Parallel.forEach(blocks, minChunk: 16) { range in
                    for block in range {
                        let t = block % steps
                        let c = cosines.baseAddress! + t * pairs, s = sines.baseAddress! + t * pairs
                        for h in 0..<heads {
                            let xi = src + (block * heads + h) * dim, yi = out + (block * heads + h) * dim
                            for i in 0..<pairs {
                                let (a, b) = layout == .adjacentPairs ? (2 * i, 2 * i + 1) : (i, i + pairs)
                                let sine = direction * s[i]
                                yi[a] = xi[a] * c[i] - xi[b] * sine
                                yi[b] = xi[a] * sine + xi[b] * c[i]
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

extension Variable {
    public func rope(positions: [Int], base: Float, layout: RoPELayout) throws(TensorError) -> Variable {
        let table = try RoPE.table(shape: value.shape, positions: positions, base: base)
        let y = RoPE.rotate(value.contiguous(), table: table, layout: layout, direction: 1)
        return Variable(y, parents: [self]) { g, _ in
            [RoPE.rotate(g.contiguous(), table: table, layout: layout, direction: -1)]
        }
    }
}
