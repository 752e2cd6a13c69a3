// Quantized matrix-vector bandwidth at SmolLM2-135M's shapes against a plain memory copy,
// measured in the same run. Run: swift run -c release quant-bench
import Dispatch
import Foundation
import Tensor

/// Seconds of the fastest of `repeats` runs of body.
func fastest(_ repeats: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// Bytes a plain copy moves per second (counted once, as bytes read), split over `threads`.
func copyBandwidth(threads: Int) -> Double {
    let bytes = 256 << 20                    // far above the 35.8 MiB L3
    let src = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    let dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer { src.deallocate(); dst.deallocate() }
    memset(src, 1, bytes)
    memset(dst, 2, bytes)
    let share = bytes / threads
    let seconds = fastest(5) {
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            memcpy(dst + t * share, src + t * share, share)
        }
    }
    return Double(bytes) / seconds
}

/// Enough copies of one matrix to exceed the L3, visited in turn, so every product reads its
/// weights from memory as decoding does (96 MB of weights per token).
struct MatrixSet {
    var matrices: [QuantizedMatrix]
    let bytesEach: Int

    init(type: BlockFormat, rows: Int, cols: Int, seed: UInt64) throws {
        let rowBytes = type.rowBytes(count: cols)!
        bytesEach = rows * rowBytes
        let copies = max(2, (96 << 20) / bytesEach)
        var state = seed
        var made: [QuantizedMatrix] = []
        for _ in 0..<copies {
            var bytes = [UInt8](repeating: 0, count: bytesEach)
            for i in 0..<bytesEach {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
            }
            // Keep every f16 scale finite: scale bytes at the start of each block (and Q4_1's min).
            let scaleBytes = type == .q4_1 ? 4 : 2
            for b in stride(from: 0, to: bytesEach, by: type.blockBytes) {
                for k in 0..<scaleBytes { bytes[b + k] = k % 2 == 0 ? 0x00 : 0x20 }
            }
            made.append(try QuantizedMatrix(type: type, rows: rows, cols: cols, bytes: bytes))
        }
        matrices = made
    }
}

let kernelName: [QuantizedMatrix.Kernels: String] = [
    .int8Activations: "C, int8 x (VNNI)", .floatActivations: "C, f32 x (AVX-512)", .portable: "Swift SIMD, f32 x",
]
let shapes = [(576, 576), (576, 192), (576, 1536), (1536, 576), (576, 49152)]   // in × out
let copy1 = copyBandwidth(threads: 1)
let copy2 = copyBandwidth(threads: 2)
print("CPU AVX-512 kernels available: \(QuantizedMatrix.cpuHasAVX512)")
print(String(format: "memory copy: %.1f GB/s (1 thread), %.1f GB/s (2 threads)", copy1 / 1e9, copy2 / 1e9))
print("")
print("| shape (in × out) | type | kernels | threads | GB/s | % of copy |")
print("|---|---|---|---|---|---|")
for type in [BlockFormat.q4_1, .q8_0] {
    for (cols, rows) in shapes {
        var set = try MatrixSet(type: type, rows: rows, cols: cols, seed: 42)
        let x = (0..<cols).map { Float(($0 * 37) % 101) / 101 - 0.5 }
        var y = [Float](repeating: 0, count: rows)
        for kernels in [QuantizedMatrix.Kernels.int8Activations, .floatActivations, .portable] {
            for i in set.matrices.indices { set.matrices[i].kernels = kernels }
            for threads in [1, 2] {
                // The Swift SIMD kernels are ~50× slower: one pass is enough to time them.
                let passes = kernels == .portable ? 1 : 3
                let seconds = fastest(kernels == .portable ? 1 : 3) {
                    x.withUnsafeBufferPointer { xp in
                        y.withUnsafeMutableBufferPointer { yp in
                            for _ in 0..<passes {
                                for m in set.matrices { m.matvec(xp.baseAddress!, into: yp.baseAddress!, threads: threads) }
                            }
                        }
                    }
                }
                let rate = Double(passes * set.matrices.count * set.bytesEach) / seconds
                let copy = threads == 1 ? copy1 : copy2
                print(String(format: "| %d × %d | %@ | %@ | %d | %.1f | %.0f%% |", cols, rows, "\(type)",
                             kernelName[kernels]!, threads, rate / 1e9, 100 * rate / copy))
            }
        }
    }
}
