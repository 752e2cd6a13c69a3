import Foundation

/// OpenBLAS, loaded with `dlopen` on the first product rather than linked.
///
/// A linked OpenBLAS starts its worker threads in the library constructor, before `main`,
/// and they spin for a while (0.06–0.10 s of CPU) even in processes that never multiply a
/// matrix (an `slm` script without tensors). Loading it on first use, with
/// OPENBLAS_NUM_THREADS=1 in the environment while it loads, means no OpenBLAS threads at
/// all: `BLAS.sgemm` splits large products over the worker pool instead.
enum OpenBLAS {
    typealias Sgemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias SetThreads = @convention(c) (Int32) -> Void

    /// CBLAS's enum values (cblas.h).
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112

    /// The library's functions, loaded once (a missing library stops the process with a
    /// message naming it: nothing numeric can run without it).
    static let functions: (sgemm: Sgemm, coreName: CoreName) = {
        let name = "libopenblas.so.0"
        let previous = getenv("OPENBLAS_NUM_THREADS").map { String(cString: $0) }
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        let handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL)
        if let previous { setenv("OPENBLAS_NUM_THREADS", previous, 1) } else { unsetenv("OPENBLAS_NUM_THREADS") }
        guard let handle else {
            fatalError("cannot load \(name) (install libopenblas0 or libopenblas-dev): \(String(cString: dlerror()))")
        }
        func function<T>(_ symbol: String, as type: T.Type) -> T {
            guard let address = dlsym(handle, symbol) else { fatalError("\(name) has no \(symbol)") }
            return unsafeBitCast(address, to: type)
        }
        // A process that also links OpenBLAS (a benchmark calling cblas directly) loaded it
        // before main, with threads: turn them off here too.
        function("openblas_set_num_threads", as: SetThreads.self)(1)
        return (function("cblas_sgemm", as: Sgemm.self), function("openblas_get_corename", as: CoreName.self))
    }()

    /// The kernel family OpenBLAS chose.
    static var coreName: String {
        guard let name = functions.coreName() else { return "unknown" }
        return String(cString: name)
    }

    /// Loads the library and picks its kernels (call before any product).
    static let ready: Void = {
        _ = functions
        BLASKernelSelection.done
    }()
}
