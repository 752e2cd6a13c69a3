// sgemm throughput of the Tensor core against direct cblas_sgemm calls, in one process.
// Prints one JSON object per (shape, path); bench/tensor/compare.py adds numpy beside it.
//
// usage: TensorBench --threads N M,K,N [M,K,N ...]
import COpenBLAS
import Foundation
import Tensor

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Median time of `body` over repeats that add up to about 0.4 s (at least 5).
func measure(_ body: () throws -> Void) rethrows -> Double {
    try body()   // warm-up: first-touch pages, OpenBLAS buffers
    let once = try seconds(body)
    let repeats = max(5, min(200, Int(0.4 / max(once, 1e-6))))
    var times: [Double] = []
    for _ in 0..<repeats { times.append(try seconds(body)) }
    return times.sorted()[repeats / 2]
}

var arguments = Array(CommandLine.arguments.dropFirst())
var threads = 1
if let i = arguments.firstIndex(of: "--threads"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    threads = n
    arguments.removeSubrange(i...(i + 1))
}
try Parallel.setThreadCount(threads)

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

    // Direct cblas_sgemm on preallocated buffers: OpenBLAS's own throughput.
    var c = try Tensor.zeros([m, n])
    let direct = try a.withUnsafeBufferPointer { pa in
        try b.withUnsafeBufferPointer { pb in
            try c.withUnsafeMutableBufferPointer { pc in
                try measure {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
    }
    var sink: Float = 0
    let matmul = try measure { sink += try a.matmul(b).scalar(at: [0, 0]) }
    let linear = try measure { sink += try a.linear(weight).scalar(at: [0, 0]) }
    for (path, time) in [("cblas_sgemm", direct), ("Tensor.matmul", matmul), ("Tensor.linear", linear)] {
        print("{\"threads\": \(threads), \"m\": \(m), \"k\": \(k), \"n\": \(n), \"path\": \"\(path)\", \"gflops\": \(flops / time / 1e9)}")
    }
    if sink.isNaN { print("NaN") }   // keeps the measured calls alive
}
FileHandle.standardError.write("TensorBench: OpenBLAS core \(BLAS.coreName)\n".data(using: .utf8)!)
