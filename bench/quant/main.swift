// Quantized matrix-vector bandwidth at SmolLM2-135M's shapes against a plain memory copy,
// measured in the same run. Run: swift run -c release QuantBench
// `QuantBench f16-gemm` instead times the fp16 GEMM against sgemm (F16GEMMBench.swift).
import Dispatch
import Foundation
import Tensor

if CommandLine.arguments.dropFirst().first == "f16-gemm" {
    try runF16GEMMBench()
    exit(0)
}

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

/// A plain memory copy over buffers far larger than the L3, split over the threads.
final class CopyBench {
    let bytes = 128 << 20                    // the L3 is 35.8 MiB
    let src = UnsafeMutableRawPointer.allocate(byteCount: 128 << 20, alignment: 64)
    let dst = UnsafeMutableRawPointer.allocate(byteCount: 128 << 20, alignment: 64)

    init() {
        memset(src, 1, bytes)
        memset(dst, 2, bytes)
    }

    /// Seconds for one copy of all the bytes with `threads` threads.
    func seconds(threads: Int) -> Double {
        let share = bytes / threads
        return fastest(1) {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                memcpy(dst + t * share, src + t * share, share)
            }
        }
    }
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
// The machine may be shared, so each kernel's timing alternates with a copy's and the best of
// each is kept: the ratio compares the two under the same load. Bandwidth counts bytes read.
let copyBench = CopyBench()
print("CPU AVX-512 kernels: \(QuantizedMatrix.cpuHasAVX512), VNNI: \(QuantizedMatrix.cpuHasVNNI)")
print("")
print("| shape (in × out) | type | kernels | threads | weights GB/s | copy GB/s | % of copy |")
print("|---|---|---|---|---|---|---|")
for type in [BlockFormat.q4_1, .q8_0] {
    for (cols, rows) in shapes {
        var set = try MatrixSet(type: type, rows: rows, cols: cols, seed: 42)
        let x = (0..<cols).map { Float(($0 * 37) % 101) / 101 - 0.5 }
        var y = [Float](repeating: 0, count: rows)
        for kernels in [QuantizedMatrix.Kernels.int8Activations, .floatActivations, .portable] {
            for i in set.matrices.indices { set.matrices[i].kernels = kernels }
            for threads in [1, 2] {
                // The Swift SIMD kernels are ~30× slower: one round is enough to time them.
                let rounds = kernels == .portable ? 1 : 5
                var kernelSeconds = Double.infinity, copySeconds = Double.infinity
                for _ in 0..<rounds {
                    copySeconds = min(copySeconds, copyBench.seconds(threads: threads))
                    kernelSeconds = min(kernelSeconds, fastest(1) {
                        x.withUnsafeBufferPointer { xp in
                            y.withUnsafeMutableBufferPointer { yp in
                                for m in set.matrices { m.matvec(xp.baseAddress!, into: yp.baseAddress!, threads: threads) }
                            }
                        }
                    })
                }
                let rate = Double(set.matrices.count * set.bytesEach) / kernelSeconds
                let copy = Double(copyBench.bytes) / copySeconds
                print(String(format: "| %d × %d | %@ | %@ | %d | %.1f | %.1f | %.0f%% |", cols, rows, "\(type)",
                             kernelName[kernels]!, threads, rate / 1e9, copy / 1e9, 100 * rate / copy))
            }
        }
    }
}
