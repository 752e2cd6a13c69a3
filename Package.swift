// swift-tools-version:6.0
// slm: a notebook-style scripting REPL for turning an agent's LLM calls into small models.
// Layers (each depends only on those below it): see DESIGN.md in the team's shared folder.
import PackageDescription

// Numeric targets are compiled with bounds checks off: their hot loops run on raw pointers
// and are tested against naive references instead.
let fast: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]

let package = Package(
    name: "slm",
    products: [
        .executable(name: "slm", targets: ["slm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // System libraries (Debian: libedit-dev, libsqlite3-dev, libopenblas-dev).
        .systemLibrary(name: "CEdit", pkgConfig: "libedit"),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas"),

        // AVX-512 quantized kernels (Swift SIMD cannot widen bytes to floats fast enough:
        // bench/quant). Callers check slm_quant_avx512_available() before using them.
        .target(name: "CQuantKernels", cSettings: [.unsafeFlags([
            "-O3", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512vnni", "-mavx512dq", "-mf16c", "-mfma", "-ffp-contract=off",
        ])]),
        // OpenBLAS is loaded with dlopen on first use (Sources/Tensor/OpenBLAS.swift), not linked.
        .target(name: "Tensor", dependencies: ["CQuantKernels"], swiftSettings: fast),
        .target(name: "Models", dependencies: ["Tensor"], swiftSettings: fast),
        .target(name: "Pipeline", dependencies: ["CSQLite", "Models", "Tensor"]),
        // The interpreter's closures touch frame slots and caches on every step; dynamic
        // exclusivity checks there cost more than the work itself.
        .target(name: "Lang", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "Std", dependencies: ["Lang", "Tensor", "Models", "Pipeline"]),
        .target(name: "Notebook", dependencies: [
            "Lang", "Std",
            .product(name: "Ink", package: "Ink"),
        ]),
        .executableTarget(name: "slm", dependencies: [
            "Lang", "Std", "Notebook", "CEdit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Imports a log from a separate process, for the log store's kill -9 and concurrency tests.
        .executableTarget(name: "slm-ingest-probe", dependencies: ["Pipeline"], path: "Sources/IngestProbe"),

        // Benchmarks (bench/<area>/run.sh runs each beside its peer).
        .executableTarget(name: "ModelBench", dependencies: ["Models", "Tensor"], path: "bench/models",
                          exclude: ["llama_cpp_bench.py", "torch_bench.py", "compare.py", "run.sh"], swiftSettings: fast),
        .executableTarget(name: "QuantBench", dependencies: ["Tensor"], path: "bench/quant", swiftSettings: fast),
        .executableTarget(name: "TensorBench", dependencies: ["Tensor", "COpenBLAS"], path: "bench/tensor",
                          exclude: ["compare.py", "run.sh"], swiftSettings: fast),
        .executableTarget(name: "CurationBench", dependencies: ["Pipeline"], path: "bench/curation",
                          exclude: ["run.sh", "presidio_peer.py"], swiftSettings: fast),
        .executableTarget(name: "ClusteringBench", dependencies: ["Pipeline", "Models", "Tensor"], path: "bench/clustering",
                          exclude: ["run.sh", "peer.py", "reference_embeddings.py"], swiftSettings: fast),
        .executableTarget(name: "TokenizerBench", dependencies: ["Models"], path: "bench/tokenizer",
                          exclude: ["run.sh", "peer.py", "corpus.py"]),

        .testTarget(name: "LangTests", dependencies: ["Lang", "Std"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Tensor"], exclude: ["Fixtures"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Models", "slm-ingest-probe", "Lang", "Std"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "slm"]),
    ],
    swiftLanguageModes: [.v5]
)
