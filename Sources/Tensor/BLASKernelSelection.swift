import Foundation

/// Picks OpenBLAS's AVX-512 kernels on CPUs its build does not recognise.
///
/// Debian's OpenBLAS 0.3.21 (built for every x86 core type) chooses its kernels by CPU
/// model number. It does not know newer Xeons (this machine reports family 6 model 207)
/// and falls back to "Prescott" (SSE3) kernels, which run sgemm about 3x slower than its
/// SkylakeX (AVX-512) kernels. When OpenBLAS has fallen back that way, the CPU has the
/// AVX-512 features the SkylakeX kernels need, and the user has not chosen a core with
/// OPENBLAS_CORETYPE, re-run OpenBLAS's own core selection with that core type forced.
enum BLASKernelSelection {
    static let done: Void = {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              OpenBLAS.coreName == "Prescott",
              let flags = cpuFlags(), ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(flags.contains),
              let quit = symbol("gotoblas_dynamic_quit"), let initialize = symbol("gotoblas_dynamic_init")
        else { return }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
        quit()
        initialize()
        unsetenv("OPENBLAS_CORETYPE")   // child processes keep their own choice
    }()

    /// A `void f(void)` exported by the OpenBLAS build (only builds for every core type have these).
    private static func symbol(_ name: String) -> (@convention(c) () -> Void)? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: (@convention(c) () -> Void).self)
    }

    private static func cpuFlags() -> Set<Substring>? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return nil }
        return Set(line[line.index(after: colon)...].split(separator: " "))
    }
}
