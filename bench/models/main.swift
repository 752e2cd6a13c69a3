// SmolLM2-135M-Instruct: prefill of 512 tokens (5 runs) and greedy decode of 128 (3 runs
// per decode kernel family), with 1 and 2 threads, plus a memory copy's bandwidth in the
// same run; each rate is the median and the best of its runs. Prints one JSON object per
// line for bench/models/run.sh, which puts llama.cpp and PyTorch beside it.
// Run: swift run -c release ModelBench [model name or path] [--prefill-only | --decode-only]
import Dispatch
import Foundation
import Models
import Tensor

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Bytes per second of a memcpy of 256 MiB (far above the L3) split over `threads`.
func copyBandwidth(threads: Int) -> Double {
    let bytes = 256 << 20
    let src = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    let dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer { src.deallocate(); dst.deallocate() }
    memset(src, 1, bytes)
    memset(dst, 2, bytes)
    let share = bytes / threads
    let best = (0..<5).map { _ in
        seconds { DispatchQueue.concurrentPerform(iterations: threads) { t in memcpy(dst + t * share, src + t * share, share) } }
    }.min()!
    return Double(bytes) / best
}

func argmax(_ x: [Float]) -> Int { x.indices.max { x[$0] < x[$1] }! }

/// The same token ids as llama_cpp_bench.py: ordinary vocabulary entries, deterministic.
let prompt512 = (0..<512).map { 200 + ($0 * 7919) % 40000 }
let prompt16 = Array(prompt512[0..<16])

/// Rates of `runs` timed repetitions of `body` (work units ÷ seconds): the median and the best.
func rates(_ runs: Int, units: Double, _ body: () throws -> Double) rethrows -> (median: Double, best: Double) {
    let sorted = try (0..<runs).map { _ in units / (try body()) }.sorted()
    return (sorted[runs / 2], sorted[runs - 1])
}

let model = try LlamaModel(path: CommandLine.arguments.dropFirst().first { !$0.hasPrefix("--") } ?? "smollm2-135m")
// --prefill-only / --decode-only run one half (for profiling with perf).
let onlyPrefill = CommandLine.arguments.contains("--prefill-only")
let onlyDecode = CommandLine.arguments.contains("--decode-only")
let kernelNames: [(QuantizedMatrix.Kernels, String)] = [
    (.floatActivations, "f32"), (.int16Activations, "int16"), (.int8Activations, "int8"),
]
for threads in [1, 2] {
    model.threads = threads
    let copy = copyBandwidth(threads: threads)
    let prefill = onlyDecode ? (median: .nan, best: .nan) : try rates(5, units: 512) {
        try seconds { _ = try model.forward(prompt512, cache: model.makeCache(capacity: 1024)) }
    }
    if onlyPrefill {
        print("threads \(threads): prefill \(prefill.median) tok/s (median of 5), best \(prefill.best)")
        continue
    }
    for (kernels, name) in kernelNames {
        model.decodeKernels = kernels
        let decode = try rates(3, units: 128) {
            let cache = model.makeCache(capacity: 1024)
            var logits = try model.forward(prompt16, cache: cache)
            return try seconds {
                for _ in 0..<128 { logits = try model.forward([argmax(logits)], cache: cache) }
            }
        }
        print("{\"impl\": \"slm (\(name) activations)\", \"threads\": \(threads), "
            + "\"prefill_tok_s\": \(prefill.median), \"prefill_best_tok_s\": \(prefill.best), "
            + "\"decode_tok_s\": \(decode.median), \"decode_best_tok_s\": \(decode.best), "
            + "\"weight_bytes_per_token\": \(model.weightBytesPerToken), \"copy_bytes_s\": \(copy)}")
    }
}
