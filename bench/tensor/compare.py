"""sgemm GFLOPS: the Tensor core (TensorBench) beside numpy's matmul, same shapes, same run.

Run through bench/tensor/run.sh, which builds TensorBench in release first. Each figure is
the best of several timed runs, and the two sides alternate for ROUNDS rounds, keeping each
side's best, so that other load on a shared machine disturbs both alike.
"""
import json
import subprocess
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

ROUNDS = 3
SHAPES = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
          (512, 576, 576), (512, 576, 1536), (512, 1536, 576), (128, 576, 49152), (100, 333, 257)]


def numpy_gflops(m, k, n):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    a @ b
    start = time.perf_counter()
    a @ b
    once = time.perf_counter() - start
    repeats = max(5, min(200, int(0.3 / max(once, 1e-6))))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * m * k * n / min(times) / 1e9


KERNELS = {
    "softmax": ((64, 49152), lambda x, w: (lambda e: e / e.sum(-1, keepdims=True))(np.exp(x - x.max(-1, keepdims=True)))),
    "rmsnorm": ((512, 576), lambda x, w: x / np.sqrt((x * x).mean(-1, keepdims=True) + np.float32(1e-5)) * w),
    "silu": ((512, 1536), lambda x, w: x / (np.float32(1) + np.exp(-x))),
}


def numpy_kernel_ms(name):
    shape, f = KERNELS[name]
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape, dtype=np.float32)
    w = rng.standard_normal(shape[-1:], dtype=np.float32)
    f(x, w)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        f(x, w)
        times.append(time.perf_counter() - start)
    return min(times) * 1e3


def kernels(binary):
    """Row kernels: ms per call, ours beside numpy's vectorized expression."""
    print("\nRow kernels, ms per call (numpy runs them on one thread)\n")
    print("| threads | kernel | shape | numpy | Tensor | numpy / Tensor |")
    print("|---:|---|---|---:|---:|---:|")
    for threads in (1, 2):
        ours, peers = {}, {}
        for _ in range(ROUNDS):
            out = subprocess.run([binary, "--threads", str(threads), "--kernels"], check=True, capture_output=True, text=True)
            for line in out.stdout.splitlines():
                r = json.loads(line)
                ours[r["kernel"]] = min(ours.get(r["kernel"], float("inf")), r["ms"])
            for name in KERNELS:
                peers[name] = min(peers.get(name, float("inf")), numpy_kernel_ms(name))
        for name, (shape, _) in KERNELS.items():
            print(f"| {threads} | {name} | {shape[0]} × {shape[1]} | {peers[name]:.3f} | {ours[name]:.3f} | "
                  f"{peers[name] / ours[name]:.1f} |")


def main():
    binary = sys.argv[1]
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    print(f"numpy {np.__version__}, its OpenBLAS: "
          + ", ".join(f"{i.get('version')} ({i.get('architecture')})" for i in blas))
    print("GFLOPS (markdown table)\n")
    print("| threads | M × K × N | numpy A·B | cblas A·B | Tensor.matmul A·B | cblas A·Wᵀ | Tensor.linear A·Wᵀ "
          "| matmul / numpy | matmul / cblas | linear / cblas |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for threads in (1, 2):
        spec = [f"{m},{k},{n}" for m, k, n in SHAPES]
        ours, peers = {}, {}
        for _ in range(ROUNDS):
            out = subprocess.run([binary, "--threads", str(threads), *spec], check=True, capture_output=True, text=True)
            core = out.stderr.strip()
            for line in out.stdout.splitlines():
                r = json.loads(line)
                key = (r["m"], r["k"], r["n"], r["path"])
                ours[key] = max(ours.get(key, 0), r["gflops"])
            with threadpool_limits(limits=threads, user_api="blas"):
                for shape in SHAPES:
                    peers[shape] = max(peers.get(shape, 0), numpy_gflops(*shape))
        sys.stderr.write(core + "\n")
        for m, k, n in SHAPES:
            peer = peers[(m, k, n)]
            direct, direct_nt, matmul, linear = (
                ours[(m, k, n, p)] for p in ("cblas_sgemm", "cblas_sgemm_nt", "Tensor.matmul", "Tensor.linear"))
            print(f"| {threads} | {m} × {k} × {n} | {peer:.1f} | {direct:.1f} | {matmul:.1f} | {direct_nt:.1f} | {linear:.1f} | "
                  f"{matmul / peer:.2f} | {matmul / direct:.2f} | {linear / direct_nt:.2f} |")


if __name__ == "__main__":
    main()
    kernels(sys.argv[1])
