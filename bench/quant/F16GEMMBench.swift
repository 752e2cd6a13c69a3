// fp16 GEMM (HalfPrecisionGEMM) against OpenBLAS sgemm on LoRA training's frozen-projection
// products, m = 512 rows of activations: C = A·Wᵀ (forward) and C = A·W (backward input
// gradient). Run: flock /tmp/slm-bench.lock swift run -c release QuantBench f16-gemm
import Dispatch
import Foundation
import Tensor

/// A rows × cols Q4_1 matrix with weights like a trained model's: per block d in
/// [0.004, 0.02], minimum about −8d, so values span about ±0.16 around zero.
func realisticQ4_1(rows: Int, cols: Int, rng: inout SeededGenerator) throws -> QuantizedMatrix {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(rows * cols / 32 * 20)
    for _ in 0..<(rows * cols / 32) {
        let d = Float.random(in: 0.004...0.02, using: &rng)
        let minimum = -d * Float.random(in: 7...9, using: &rng)
        for half in [Float16(d), Float16(minimum)] {
            bytes += [UInt8(half.bitPattern & 0xFF), UInt8(half.bitPattern >> 8)]
        }
        bytes += (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
    return try QuantizedMatrix(type: .q4_1, rows: rows, cols: cols, bytes: bytes)
}

/// Against a Float64 product: the largest |c − exact| over Σ|a·w| and over the rms of C's
/// row, and ‖C − exact‖ / ‖exact‖ (Frobenius).
func productErrors(_ c: [Float], _ a: [Float], _ w: [Float], transposedWeights: Bool,
                   m: Int, n: Int, k: Int) -> (ofMagnitude: Double, ofRowRMS: Double, frobenius: Double) {
    var worstMagnitude = 0.0, worstRMS = 0.0, errorSquares = 0.0, exactSquares = 0.0
    var exact = [Double](repeating: 0, count: n), magnitude = [Double](repeating: 0, count: n)
    for i in 0..<m {
        for j in 0..<n { exact[j] = 0; magnitude[j] = 0 }
        for p in 0..<k {
            let x = Double(a[i * k + p])
            for j in 0..<n {
                let product = x * Double(transposedWeights ? w[j * k + p] : w[p * n + j])
                exact[j] += product
                magnitude[j] += abs(product)
            }
        }
        let rms = (exact.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        for j in 0..<n {
            let error = abs(Double(c[i * n + j]) - exact[j])
            worstMagnitude = max(worstMagnitude, error / magnitude[j])
            worstRMS = max(worstRMS, error / rms)
            errorSquares += error * error
            exactSquares += exact[j] * exact[j]
        }
    }
    return (worstMagnitude, worstRMS, (errorSquares / exactSquares).squareRoot())
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func runF16GEMMBench() throws {
    guard HalfPrecisionGEMM.isAvailable else {
        print("This CPU has no AVX512-FP16.")
        return
    }
    let m = 512, rounds = 11
    print("fp16 GEMM vs OpenBLAS sgemm (\(BLAS.coreName)), m = \(m), medians of \(rounds) alternating rounds; "
        + "errors against Float64: max |C − exact| / Σ|a·w|, max |C − exact| / rms(C's row), ‖C − exact‖ / ‖exact‖")
    print("")
    print("| C = | n | k | threads | fp16 GFLOP/s | sgemm GFLOP/s | fp16 / sgemm | fp16 error (Σ, rms, ‖‖) | sgemm error (Σ, rms, ‖‖) |")
    print("|---|---|---|---|---|---|---|---|---|")
    var rng = SeededGenerator(seed: 2026)
    for (n, k) in [(576, 576), (192, 576), (1536, 576), (576, 1536)] {
        // Activations: normal, as a layer's input (forward) or output gradient (backward).
        let a = (0..<(m * k)).map { _ in
            (-2 * log(Float.random(in: Float.ulpOfOne...1, using: &rng))).squareRoot()
                * cos(2 * Float.pi * Float.random(in: 0..<1, using: &rng))
        }
        for transposedWeights in [true, false] {
            // Forward: W is n×k; backward: W is k×n.
            let w = try transposedWeights ? realisticQ4_1(rows: n, cols: k, rng: &rng).dequantize()
                                          : realisticQ4_1(rows: k, cols: n, rng: &rng).dequantize()
            let layout: HalfPrecisionGEMM.Layout = transposedWeights ? .transposedWeights : .weights
            let ldw = transposedWeights ? k : n
            var c16 = [Float](repeating: 0, count: m * n), c32 = c16
            for threads in [1, 2] {
                try Parallel.setThreadCount(threads)
                var fp16Seconds: [Double] = [], sgemmSeconds: [Double] = []
                for round in 0...rounds {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    try c16.withUnsafeMutableBufferPointer { c in
                        try HalfPrecisionGEMM.multiply(layout, m: m, n: n, k: k, a: a, lda: k, w: w, ldw: ldw,
                                                       c: c.baseAddress!, ldc: n, threads: threads)
                    }
                    let t1 = DispatchTime.now().uptimeNanoseconds
                    c32.withUnsafeMutableBufferPointer { c in
                        BLAS.sgemm(transposeB: transposedWeights, m: m, n: n, k: k, a: a, lda: k, b: w, ldb: ldw,
                                   c: c.baseAddress!, ldc: n)
                    }
                    let t2 = DispatchTime.now().uptimeNanoseconds
                    if round > 0 {   // round 0 warms up
                        fp16Seconds.append(Double(t1 - t0) / 1e9)
                        sgemmSeconds.append(Double(t2 - t1) / 1e9)
                    }
                }
                let flops = 2 * Double(m * n * k)
                let fp16 = flops / median(fp16Seconds) / 1e9, sgemm = flops / median(sgemmSeconds) / 1e9
                var errors = ""
                if threads == 1 {
                    let e16 = productErrors(c16, a, w, transposedWeights: transposedWeights, m: m, n: n, k: k)
                    let e32 = productErrors(c32, a, w, transposedWeights: transposedWeights, m: m, n: n, k: k)
                    errors = String(format: " %.1e, %.1e, %.1e | %.1e, %.1e, %.1e", e16.ofMagnitude, e16.ofRowRMS, e16.frobenius,
                                    e32.ofMagnitude, e32.ofRowRMS, e32.frobenius)
                } else {
                    errors = " | "
                }
                print(String(format: "| %@ | %d | %d | %d | %.0f | %.0f | %.2fx |%@ |", transposedWeights ? "A·Wᵀ" : "A·W",
                             n, k, threads, fp16, sgemm, fp16 / sgemm, errors))
            }
        }
    }
}
