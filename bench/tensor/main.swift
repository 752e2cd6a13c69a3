// sgemm throughput of the Tensor core against direct cblas_sgemm calls, in one process,
// and the time of the row kernels (softmax, RMSNorm, SiLU) at the shapes SmolLM2 uses.
// Prints one JSON object per measurement; bench/tensor/compare.py adds numpy beside them.
//
// usage: TensorBench --threads N [--kernels] M,K,N [M,K,N ...]
import COpenBLAS
import Foundation
import Tensor

func seconds(_ body: () throws -> Void) throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best time of each path over interleaved repeats adding up to about 0.6 s (at least 5):
/// interleaving exposes all paths to the same background load on a shared machine, and the
/// best run is the one least disturbed by it.
func measure(_ paths: [() throws -> Void]) throws -> [Double] {
    for body in paths { try body() }   // warm-up: first-touch pages, OpenBLAS buffers
    let once = try paths.reduce(0) { $0 + (try seconds($1)) }
    let repeats = max(5, min(200, Int(0.6 / max(once, 1e-6))))
    var best = [Double](repeating: .infinity, count: paths.count)
    for _ in 0..<repeats {
        for (i, body) in paths.enumerated() { best[i] = min(best[i], try seconds(body)) }
    }
    return best
}

var arguments = Array(CommandLine.arguments.dropFirst())
var threads = 1
if let i = arguments.firstIndex(of: "--threads"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    threads = n
    arguments.removeSubrange(i...(i + 1))
}
try Parallel.setThreadCount(threads)

if let i = arguments.firstIndex(of: "--kernels") {
    arguments.remove(at: i)
    // (rows, width) as in SmolLM2: output-vocabulary softmax, RMSNorm over the model
    // width, SiLU over the FFN width, for a 64- or 512-token batch.
    let logits = try Tensor.randn([64, 49152], seed: 4), hidden = try Tensor.randn([512, 576], seed: 5)
    let gate = try Tensor.randn([512, 1536], seed: 6), norm = try Tensor.randn([576], seed: 7)
    var sink: Float = 0
    let kernels: [(String, [Int], () throws -> Void)] = [
        ("softmax", logits.shape, { sink += try logits.softmax().scalar(at: [0, 0]) }),
        ("rmsnorm", hidden.shape, { sink += try hidden.rmsNorm(weight: norm, epsilon: 1e-5).scalar(at: [0, 0]) }),
        ("silu", gate.shape, { sink += try gate.silu().scalar(at: [0, 0]) }),
    ]
    let times = try measure(kernels.map { $0.2 })
    for ((name, shape, _), time) in zip(kernels, times) {
        print("{\"threads\": \(threads), \"kernel\": \"\(name)\", \"shape\": \(shape), \"ms\": \(time * 1e3)}")
    }
    if sink.isNaN { print("NaN") }
}

for spec in arguments {
    let dims = spec.split(separator: ",").compactMap { Int($0) }
    guard dims.count == 3 else {
        FileHandle.standardError.write("TensorBench: bad shape \(spec), expected M,K,N\n".data(using: .utf8)!)
        exit(2)
    }
    let (m, k, n) = (dims[0], dims[1], dims[2])
    let flops = 2 * Double(m) * Double(k) * Double(n)
    let a = try Tensor.randn([m, k], seed: 1), b = try Tensor.randn([k, n], seed: 2)
    let weight = try DenseWeight(Tensor.randn([n, k], seed: 3))

    // Direct cblas_sgemm on preallocated buffers, A·B and A·Wᵀ: OpenBLAS's own throughput
    // for the products Tensor.matmul and Tensor.linear make.
    var c = try Tensor.zeros([m, n])
    var sink: Float = 0
    let times = try a.withUnsafeBufferPointer { pa in
        try b.withUnsafeBufferPointer { pb in
            try weight.weight.withUnsafeBufferPointer { pw in
                try c.withUnsafeMutableBufferPointer { pc in
                    try measure([
                        {
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                        pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                        },
                        {
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1,
                                        pa.baseAddress, Int32(k), pw.baseAddress, Int32(k), 0, pc.baseAddress, Int32(n))
                        },
                        { sink += try a.matmul(b).scalar(at: [0, 0]) },
                        { sink += try a.linear(weight).scalar(at: [0, 0]) },
                    ])
                }
            }
        }
    }
    for (path, time) in zip(["cblas_sgemm", "cblas_sgemm_nt", "Tensor.matmul", "Tensor.linear"], times) {
        print("{\"threads\": \(threads), \"m\": \(m), \"k\": \(k), \"n\": \(n), \"path\": \"\(path)\", \"gflops\": \(flops / time / 1e9)}")
    }
    if sink.isNaN { print("NaN") }   // keeps the measured calls alive
}
FileHandle.standardError.write("TensorBench: OpenBLAS core \(BLAS.coreName)\n".data(using: .utf8)!)
